/**
 * Guild-only commands. Decisions:
 * - `guildOnly: true` on a cog makes every command of it guild-only; on a command or subcommand, that
 *   command and everything below it. `guildOnly: false` opts out of the automatic rule below.
 * - Automatic (when nothing on the way down says): a command whose required options cannot be filled in a
 *   DM (a required `member` or `role`) is guild-only; a group is when every command under it is.
 * - Discord marks guild-only-ness per top-level command only (it is then not offered in DMs). A guild-only
 *   subcommand of a group that also works in DMs stays visible there; the runtime refuses it in a DM with
 *   the guild-only message, by text and by slash alike.
 */
import { InteractionContextType } from 'discord.js';
import type { CommandSpec, OptionSpec } from '../../runtime/contract/spec.js';
import type { CommandManifest, SubcommandManifest } from '../manifest.js';

// Option types whose values exist only inside a server.
const SERVER_ONLY_TYPES: ReadonlySet<string> = new Set(['member', 'role']);

function needsServer(option: OptionSpec): boolean {
  if (!option.required) return false;
  const types: readonly string[] = option.union && option.union.length > 0 ? option.union : [option.type];
  // A union is server-only only when every alternative is (member-or-user still works in DMs).
  return types.every((type) => SERVER_ONLY_TYPES.has(type));
}

function setTree(command: CommandSpec): CommandSpec {
  return { ...command, guildOnly: true, subcommands: command.subcommands.map(setTree) };
}

/**
 * Marks `command` (built from `manifest`) and what is below it. `inherited` is the cog's or a parent's
 * explicit `guildOnly`. Returns the command with `guildOnly` set where it applies.
 */
function mark(command: CommandSpec, manifest: Pick<CommandManifest | SubcommandManifest, 'guildOnly' | 'subcommands'>, inherited: boolean | undefined): CommandSpec {
  const explicit = manifest.guildOnly ?? inherited;
  if (explicit === true) return setTree(command);
  const subs = manifest.subcommands ?? [];
  const subcommands = command.subcommands.map((sub, i) => mark(sub, subs[i] ?? {}, explicit));
  const automatic = explicit === undefined && (subcommands.length > 0 ? subcommands.every((s) => s.guildOnly) : command.options.some(needsServer));
  return automatic ? setTree(command) : { ...command, subcommands };
}

/** Marks a built top-level command and its subcommands guild-only where the manifests or their options say so. */
export function markGuildOnly(command: CommandSpec, manifest: Pick<CommandManifest, 'guildOnly' | 'subcommands'>, cogGuildOnly?: boolean): CommandSpec {
  return mark(command, manifest, cogGuildOnly);
}

/** The fields that mark a slash command guild-only in Discord (`contexts` and its older `dm_permission`). */
export function guildOnlySlashFields(command: CommandSpec): { contexts?: InteractionContextType[]; dm_permission?: boolean } {
  return command.guildOnly ? { contexts: [InteractionContextType.Guild], dm_permission: false } : {};
}
