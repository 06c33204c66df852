/**
 * Normalizes manifest commands into the runtime's CommandSpec objects (every field present, defaults
 * filled, usage and help text computed) and into Discord's bulk-overwrite JSON for slash and hybrid commands.
 */
import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { CommandSpec, MentionPolicy, OptionSpec } from '../../runtime/contract/spec.js';
import type { AllowedMentionsManifest, CommandManifest, ManifestCommandKind, OptionManifest, SubcommandManifest } from '../manifest.js';
import { handlerKey } from '../names.js';
import { buildOption, optionFacts, slashOptionJson, usagePart } from './options.js';
import { guildOnlySlashFields, markGuildOnly } from './guild-only.js';
import { withLimits } from './limits.js';

const NO_MENTIONS: MentionPolicy = { everyone: false, roles: false, users: false, repliedUser: false };

/** Builds the CommandSpec tree of a cog's top-level commands. */
export function buildCommandSpecs(commands: readonly CommandManifest[], cogGuildOnly?: boolean): CommandSpec[] {
  return commands.map((command) => markGuildOnly(buildCommand(command, [command.name], command.kind, NO_MENTIONS), command, cogGuildOnly));
}

function buildCommand(command: CommandManifest | SubcommandManifest, path: string[], kind: ManifestCommandKind, inherited: MentionPolicy): CommandSpec {
  const allowedMentions = mentionPolicy(command.allowedMentions, inherited);
  const options = (command.options ?? []).map(buildOption);
  const subcommands = (command.subcommands ?? []).map((sub) => buildCommand(sub, [...path, sub.name], kind, allowedMentions));
  const runs = subcommands.length === 0 || command.invokable === true;
  const usage = usageOf(path, options, subcommands, runs);
  return withLimits({
    name: command.name,
    path,
    kind,
    description: command.description,
    options,
    subcommands,
    handler: runs ? handlerKey(path) : null,
    usage,
    help: helpOf(command.description, usage, kind, options, subcommands),
    aliases: [...(command.aliases ?? [])],
    hidden: command.hidden ?? false,
    allowedMentions,
  }, command);
}

function mentionPolicy(manifest: AllowedMentionsManifest | undefined, inherited: MentionPolicy): MentionPolicy {
  return {
    everyone: manifest?.everyone ?? inherited.everyone,
    roles: manifest?.roles ?? inherited.roles,
    users: manifest?.users ?? inherited.users,
    repliedUser: manifest?.repliedUser ?? inherited.repliedUser,
  };
}

/** `echo <text...>`, `hello [member]`, `roll [sides=6]`, `settings <subcommand>`. */
function usageOf(path: readonly string[], options: readonly OptionSpec[], subcommands: readonly CommandSpec[], runs: boolean): string {
  const parts = [...path];
  if (subcommands.length > 0) parts.push(runs ? '[subcommand]' : '<subcommand>');
  for (const option of options) parts.push(usagePart(option));
  return parts.join(' ');
}

function helpOf(description: string, usage: string, kind: ManifestCommandKind, options: readonly OptionSpec[], subcommands: readonly CommandSpec[]): string {
  const lines = [description, ''];
  if (kind !== 'slash') lines.push(`Usage: [p]${usage}`);
  if (kind !== 'text') lines.push(`Slash: /${usage.replace(/\[subcommand\]|<subcommand>/, '<subcommand>')}`);
  if (options.length > 0) {
    lines.push('', 'Options:');
    for (const option of options) lines.push(`  ${option.name} (${optionFacts(option)}): ${option.description}`);
  }
  const visible = subcommands.filter((s) => !s.hidden);
  if (visible.length > 0) {
    lines.push('', 'Subcommands:');
    for (const sub of visible) lines.push(`  ${sub.name}: ${sub.description}`);
  }
  return lines.join('\n');
}

type SlashBody = RESTPostAPIChatInputApplicationCommandsJSONBody;
type SlashOption = NonNullable<SlashBody['options']>[number];

/** Discord's bulk-overwrite body for the slash and hybrid commands (depth checked beforehand). */
export function buildSlashCommands(commands: readonly CommandSpec[]): SlashBody[] {
  return commands
    .filter((command) => command.kind !== 'text')
    .map((command) => ({
      type: ApplicationCommandType.ChatInput,
      name: command.name,
      description: command.description,
      options: command.subcommands.length > 0 ? command.subcommands.map(slashSubcommand) : command.options.map(slashOption),
      ...guildOnlySlashFields(command),
    }));
}

function slashSubcommand(command: CommandSpec): SlashOption {
  if (command.subcommands.length > 0) {
    return {
      type: ApplicationCommandOptionType.SubcommandGroup,
      name: command.name,
      description: command.description,
      options: command.subcommands.map((sub) => ({
        type: ApplicationCommandOptionType.Subcommand,
        name: sub.name,
        description: sub.description,
        options: sub.options.map(slashOption),
      })),
    } as SlashOption;
  }
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: command.name,
    description: command.description,
    options: command.options.map(slashOption),
  } as SlashOption;
}

function slashOption(option: OptionSpec): SlashOption {
  return slashOptionJson(option) as unknown as SlashOption;
}
