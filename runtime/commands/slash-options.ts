/**
 * Converts a chat-input interaction's options into the same typed object the text route builds. Native
 * options (members, channels, roles, mentionables, attachments, numbers) are resolved to the cached
 * objects and checked again (bounds, lengths, choices, channel kinds: Discord checks them too, but the
 * runtime does not rely on the other side). Options that travel as strings (emoji, duration, snowflake,
 * lists, custom converters, most unions; see option-shape.ts) go through the text converters.
 */
import { GuildMember, type ChatInputCommandInteraction, type Role, type User } from 'discord.js';
import type { Converter } from '../cogs/module.js';
import type { CommandSpec, OptionSpec, OptionType } from '../contract/spec.js';
import { checkChannelKind } from './converters/channels.js';
import { checkValue } from './converters/check-value.js';
import { convertText, describeTypes } from './converters/index.js';
import type { ConversionScope } from './converters/scope.js';
import { Identifiers, UserInputError, shown } from './errors.js';
import { slashParsesText, typesOf } from './option-shape.js';
import { absentValue, parseListString } from './text-options.js';

/** The conversion scope of an interaction (custom converters get the user and channel). */
export function interactionScope(interaction: ChatInputCommandInteraction, converters?: Readonly<Record<string, Converter<unknown>>>): ConversionScope {
  return { client: interaction.client, guild: interaction.guild, user: interaction.user, channelId: interaction.channelId, route: 'slash', ...(converters ? { converters } : {}) };
}

async function convertOne(option: OptionSpec, interaction: ChatInputCommandInteraction, scope: ConversionScope): Promise<unknown> {
  const options = interaction.options;
  if (slashParsesText(option)) {
    const text = options.getString(option.name);
    if (text === null) return null;
    if (!option.list) return convertText(option, text, scope);
    // An empty list counts as left out, as by text (default or absent).
    const values = await parseListString(option, text, scope);
    return values.length > 0 ? values : null;
  }
  const types = typesOf(option);
  switch (types.length > 1 ? 'mentionable' : option.type) {
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
    case 'member':
    case 'mentionable':
      return resolvePerson(option, types, interaction);
    case 'channel': {
      const given = options.getChannel(option.name);
      if (!given) return null;
      const channel = interaction.client.channels.cache.get(given.id) ?? given;
      return checkChannelKind(option, channel as never, `#${given.name ?? given.id}`);
    }
    case 'role': {
      const given = options.getRole(option.name);
      if (!given) return null;
      return interaction.guild?.roles.cache.get(given.id) ?? given;
    }
    case 'attachment':
      return options.getAttachment(option.name);
    default:
      throw new Error(`Option \`${option.name}\` of type ${option.type} cannot arrive as a native slash option.`);
  }
}

/**
 * A user, member, role or mentionable option (or a union of them), picked the way the text route would:
 * a role when a role was given; a member when the types allow one and the user is in the server; else the user.
 */
async function resolvePerson(option: OptionSpec, types: readonly OptionType[], interaction: ChatInputCommandInteraction): Promise<GuildMember | User | Role | null> {
  const raw = interaction.options.get(option.name);
  if (!raw) return null;
  const allows = (t: OptionType) => types.includes(t) || types.includes('mentionable');
  const fail = (what: string): never => {
    if (types.length === 1 && types[0] === 'member') {
      throw new UserInputError(Identifiers.MemberNotFound, `\`${option.name}\` must be a member of this server; ${what} is not one.`, { option: option.name, raw: String(raw.value) });
    }
    throw new UserInputError(Identifiers.UnionNoMatch, `\`${option.name}\` must be ${describeTypes(types)}; ${what} is none of these.`, { option: option.name, raw: String(raw.value), types });
  };
  if (raw.role) {
    if (!types.includes('role') && !types.includes('mentionable')) return fail(shown('@' + raw.role.name));
    return interaction.guild?.roles.cache.get(raw.role.id) ?? (raw.role as Role);
  }
  const user = raw.user;
  if (!user) return null;
  if (allows('member') && interaction.guild) {
    const member = raw.member instanceof GuildMember ? raw.member : (interaction.guild.members.cache.get(user.id) ?? (await interaction.guild.members.fetch(user.id).catch(() => null)));
    if (member) return member;
  }
  if (types.includes('user') || types.includes('mentionable')) return user;
  return fail(user.username);
}

/** Builds the handler's options object from a chat-input interaction. Throws UserInputError on bad input. */
export async function parseSlashOptions(
  command: CommandSpec,
  interaction: ChatInputCommandInteraction,
  converters?: Readonly<Record<string, Converter<unknown>>>,
): Promise<Record<string, unknown>> {
  const scope = interactionScope(interaction, converters);
  const result: Record<string, unknown> = {};
  for (const option of command.options) {
    const value = await convertOne(option, interaction, scope);
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
export function slashPath(interaction: { commandName: string; options: { getSubcommandGroup(required?: boolean): string | null; getSubcommand(required?: boolean): string | null } }): string[] {
  const path = [interaction.commandName];
  const group = interaction.options.getSubcommandGroup(false);
  const sub = interaction.options.getSubcommand(false);
  if (group) path.push(group);
  if (sub) path.push(sub);
  return path;
}
