/**
 * Guild-only commands. Decision: a top-level command is guild-only when its manifest says `guildOnly: true`,
 * or, when the manifest says nothing, when it (or any subcommand) has a required `member` or `role` option —
 * such a command can never succeed in a DM, so Discord should not offer it there. An optional member/role
 * option (e.g. `hello [member]`, defaulting to the author) leaves the command usable in DMs, and
 * `guildOnly: false` opts out of the automatic rule. Discord marks guild-only-ness per top-level command
 * only, so subcommands inherit it.
 */
import { InteractionContextType } from 'discord.js';
import type { CommandSpec, OptionSpec } from '../../runtime/cogs/spec.js';
import type { CommandManifest } from '../manifest.js';

// Option types whose values exist only inside a server.
const SERVER_ONLY_TYPES: ReadonlySet<string> = new Set(['member', 'role']);

function needsServer(option: OptionSpec): boolean {
  if (!option.required) return false;
  const types: readonly string[] = option.union && option.union.length > 0 ? option.union : [option.type];
  // A union is server-only only when every alternative is (member-or-user still works in DMs).
  return types.every((type) => SERVER_ONLY_TYPES.has(type));
}

function anyNeedsServer(command: CommandSpec): boolean {
  return command.options.some(needsServer) || command.subcommands.some(anyNeedsServer);
}

function setTree(command: CommandSpec): CommandSpec {
  return { ...command, guildOnly: true, subcommands: command.subcommands.map(setTree) };
}

/** Marks a built top-level command (and its subcommands) guild-only when the manifest or its options say so. */
export function markGuildOnly(command: CommandSpec, manifest: Pick<CommandManifest, 'guildOnly'>): CommandSpec {
  const guildOnly = manifest.guildOnly ?? anyNeedsServer(command);
  return guildOnly ? setTree(command) : command;
}

/** The fields that mark a slash command guild-only in Discord (`contexts` and its older `dm_permission`). */
export function guildOnlySlashFields(command: CommandSpec): { contexts?: InteractionContextType[]; dm_permission?: boolean } {
  return command.guildOnly ? { contexts: [InteractionContextType.Guild], dm_permission: false } : {};
}
