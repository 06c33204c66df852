/**
 * Converts a chat-input interaction's options into the same typed object the text route builds: members
 * become GuildMembers, channels and roles the cached objects, and bounds, lengths and choices are checked
 * again (Discord checks them too, but the runtime does not rely on the other side).
 */
import { GuildMember, type ChatInputCommandInteraction } from 'discord.js';
import type { CommandSpec, OptionSpec } from '../cogs/spec.js';
import { checkValue } from './converters.js';
import { Identifiers, UserInputError } from './errors.js';
import { absentValue } from './text-options.js';

async function convertOne(option: OptionSpec, interaction: ChatInputCommandInteraction): Promise<unknown> {
  const options = interaction.options;
  switch (option.type) {
    case 'string': {
      const value = options.getString(option.name);
      return value === null ? null : checkValue(option, value);
    }
    case 'integer': {
      const value = options.getInteger(option.name);
      return value === null ? null : checkValue(option, value);
    }
    case 'number': {
      const value = options.getNumber(option.name);
      return value === null ? null : checkValue(option, value);
    }
    case 'boolean':
      return options.getBoolean(option.name);
    case 'user':
      return options.getUser(option.name);
    case 'member': {
      const user = options.getUser(option.name);
      if (!user) return null;
      const given = options.getMember(option.name);
      if (given instanceof GuildMember) return given;
      const member = interaction.guild ? (interaction.guild.members.cache.get(user.id) ?? (await interaction.guild.members.fetch(user.id).catch(() => null))) : null;
      if (!member) {
        throw new UserInputError(
          Identifiers.MemberNotFound,
          `\`${option.name}\` must be a member of this server; ${user.username} is not one.`,
          { option: option.name, raw: user.id },
        );
      }
      return member;
    }
    case 'channel': {
      const given = options.getChannel(option.name);
      if (!given) return null;
      return interaction.client.channels.cache.get(given.id) ?? given;
    }
    case 'role': {
      const given = options.getRole(option.name);
      if (!given) return null;
      return interaction.guild?.roles.cache.get(given.id) ?? given;
    }
    default: {
      const never: never = option.type;
      throw new Error(`Unknown option type ${String(never)}`);
    }
  }
}

/** Builds the handler's options object from a chat-input interaction. Throws UserInputError on bad input. */
export async function parseSlashOptions(command: CommandSpec, interaction: ChatInputCommandInteraction): Promise<Record<string, unknown>> {
  const result: Record<string, unknown> = {};
  for (const option of command.options) {
    const value = await convertOne(option, interaction);
    if (value === null || value === undefined) {
      if (option.required) throw new UserInputError(Identifiers.MissingArgument, `\`${option.name}\` is required.`, { option: option.name });
      const fallback = absentValue(option);
      if (fallback !== undefined) result[option.name] = fallback;
      continue;
    }
    result[option.name] = value;
  }
  return result;
}

/** The command path of a chat-input interaction: name, then subcommand group and subcommand if any. */
export function slashPath(interaction: ChatInputCommandInteraction): string[] {
  const path = [interaction.commandName];
  const group = interaction.options.getSubcommandGroup(false);
  const sub = interaction.options.getSubcommand(false);
  if (group) path.push(group);
  if (sub) path.push(sub);
  return path;
}
