/**
 * Converts a chat-input interaction's options into the same typed object the text route builds. Each
 * option is read by the type its manifest declares, whatever the payload says (slash-wire.ts: the wire
 * type, then the value's type), then checked as text input is (bounds, lengths, choices, channel kinds:
 * Discord checks them too, but against a registration that may be older). Native entities (members,
 * channels, roles, mentionables, attachments) must have come resolved with the interaction, and channels
 * and roles must be the interaction guild's (slash-resolved.ts keeps unknown ones out of discord.js).
 * Options that travel as strings (emoji, duration, snowflake, lists, custom converters, most unions; see
 * option-shape.ts) go through the text converters.
 */
import { GuildMember, type ChatInputCommandInteraction, type CommandInteractionOption, type Role, type User } from 'discord.js';
import type { Converter } from '../cogs/module.js';
import type { CommandSpec, OptionSpec, OptionType } from '../contract/spec.js';
import { checkChannelKind } from './converters/channels.js';
import { checkValue } from './converters/check-value.js';
import { convertText, describeTypes } from './converters/index.js';
import type { ConversionScope } from './converters/scope.js';
import { Identifiers, UserInputError, shown } from './errors.js';
import { slashParsesText, typesOf } from './option-shape.js';
import { checkWireType, wireBoolean, wireEntityId, wireInteger, wireNumber, wireString } from './slash-wire.js';
import { absentValue, parseListString } from './text-options.js';

/** The conversion scope of an interaction (custom converters get the user and channel). */
export function interactionScope(interaction: ChatInputCommandInteraction, converters?: Readonly<Record<string, Converter<unknown>>>): ConversionScope {
  return { client: interaction.client, guild: interaction.guild, user: interaction.user, channelId: interaction.channelId, route: 'slash', ...(converters ? { converters } : {}) };
}

async function convertOne(option: OptionSpec, interaction: ChatInputCommandInteraction, scope: ConversionScope): Promise<unknown> {
  // The raw option, not `getString`/`getInteger`…: those throw a TypeError on a wire type they do not expect.
  const raw = interaction.options.get(option.name);
  if (!raw) return null;
  checkWireType(option, raw);
  if (slashParsesText(option)) {
    const text = wireString(option, raw);
    if (!option.list) return convertText(option, text, scope);
    // An empty list counts as left out, as by text (default or absent).
    const values = await parseListString(option, text, scope);
    return values.length > 0 ? values : null;
  }
  const types = typesOf(option);
  const inGuild = interaction.guildId !== null;
  switch (types.length > 1 ? 'mentionable' : option.type) {
    case 'string':
      return checkValue(option, wireString(option, raw));
    case 'integer':
      return checkValue(option, wireInteger(option, raw));
    case 'number':
      return checkValue(option, wireNumber(option, raw));
    case 'boolean':
      return wireBoolean(option, raw);
    case 'user':
    case 'member':
    case 'mentionable':
      return resolvePerson(option, types, raw, interaction);
    case 'channel': {
      // A channel of another guild is no channel of this one (slash-resolved.ts keeps unknown ones out).
      const given = raw.channel && (!inGuild || !('guildId' in raw.channel) || raw.channel.guildId === interaction.guildId) ? raw.channel : null;
      const id = wireEntityId(option, raw, given !== null, { identifier: Identifiers.ChannelNotFound, what: inGuild ? 'a channel of this server' : 'a channel' });
      const channel = interaction.client.channels.cache.get(id) ?? given!;
      return checkChannelKind(option, channel as never, `#${given!.name ?? id}`);
    }
    case 'role': {
      if (!inGuild) throw new UserInputError(Identifiers.GuildOnly, `\`${option.name}\` can only be used in a server.`, { option: option.name });
      const id = wireEntityId(option, raw, raw.role != null, { identifier: Identifiers.RoleNotFound, what: 'a role of this server' });
      return interaction.guild?.roles.cache.get(id) ?? raw.role;
    }
    case 'attachment':
      wireEntityId(option, raw, raw.attachment != null, { identifier: Identifiers.AttachmentNotFound, what: 'a file' });
      return raw.attachment;
    default:
      throw new Error(`Option \`${option.name}\` of type ${option.type} cannot arrive as a native slash option.`);
  }
}

/**
 * A user, member, role or mentionable option (or a union of them), picked the way the text route would:
 * a role when a role was given; a member when the types allow one and the user is in the server; else the user.
 */
async function resolvePerson(option: OptionSpec, types: readonly OptionType[], raw: CommandInteractionOption, interaction: ChatInputCommandInteraction): Promise<GuildMember | User | Role> {
  const allows = (t: OptionType) => types.includes(t) || types.includes('mentionable');
  const role = raw.role ?? null;
  const user = raw.user ?? null;
  const roleAllowed = types.includes('role') || types.includes('mentionable');
  const id = wireEntityId(option, raw, user !== null || (role !== null && roleAllowed), {
    identifier: roleAllowed ? Identifiers.MentionableNotFound : types.includes('member') ? Identifiers.MemberNotFound : Identifiers.UserNotFound,
    what: describeTypes(types),
  });
  const fail = (what: string): never => {
    if (types.length === 1 && types[0] === 'member') {
      throw new UserInputError(Identifiers.MemberNotFound, `\`${option.name}\` must be a member of this server; ${what} is not one.`, { option: option.name, raw: id });
    }
    throw new UserInputError(Identifiers.UnionNoMatch, `\`${option.name}\` must be ${describeTypes(types)}; ${what} is none of these.`, { option: option.name, raw: id, types });
  };
  if (role) {
    if (!roleAllowed) return fail(shown('@' + role.name));
    return interaction.guild?.roles.cache.get(role.id) ?? (role as Role);
  }
  if (allows('member') && interaction.guild) {
    const member = raw.member instanceof GuildMember ? raw.member : (interaction.guild.members.cache.get(user!.id) ?? (await interaction.guild.members.fetch(user!.id).catch(() => null)));
    if (member) return member;
  }
  if (types.includes('user') || types.includes('mentionable')) return user!;
  return fail(user!.username);
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
