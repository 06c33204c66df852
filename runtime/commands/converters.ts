/**
 * Converters for the v1 option types. Text input is converted from the raw word; slash input arrives
 * typed from Discord and only goes through the same checks (bounds, lengths, choices), so both routes
 * hand the handler the same values and the same messages.
 */
import type { Attachment, Client, Guild, GuildBasedChannel, GuildMember, Role, TextBasedChannel, User } from 'discord.js';
import type { Converter } from '../cogs/module.js';
import type { OptionSpec, OptionType } from '../contract/spec.js';
import { checkChannelKind, convertDuration, convertEmoji, convertMentionable, convertSnowflake } from './converters-extra.js';
import { ConversionFailure, Identifiers, UserInputError, shown } from './errors.js';
import { typesOf } from './option-shape.js';

/** Where a conversion happens: lookups of users, members, channels and roles need these. */
export interface ConversionScope {
  client: Client;
  guild: Guild | null;
  /** Who invoked the command (custom converters receive it). */
  user?: User;
  channelId?: string | null;
  route?: 'text' | 'slash';
  /** Text route: the message's attachments, taken in order by attachment options. */
  attachments?: readonly Attachment[];
  /** The cog's custom converters by name. */
  converters?: Readonly<Record<string, Converter<unknown>>>;
}

const name = (option: OptionSpec) => '`' + option.name + '`';
const SNOWFLAKE = /^\d{15,21}$/;
const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const TRUE_WORDS = new Set(['yes', 'y', 'true', 't', '1', 'on', 'enable', 'enabled']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'f', '0', 'off', 'disable', 'disabled']);

/** Parses a whole number; rejects decimals, words and integers beyond Number's safe range. */
export function parseInteger(option: OptionSpec, raw: string): number {
  const text = raw.trim();
  if (!INTEGER.test(text)) {
    throw new UserInputError(Identifiers.IntegerInvalid, `${name(option)} must be a whole number, got ${shown(raw)}.`, { option: option.name, raw });
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new UserInputError(
      Identifiers.IntegerUnsafe,
      `${name(option)} must be a whole number between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}, got ${shown(raw)}.`,
      { option: option.name, raw },
    );
  }
  return checkValue(option, value === 0 ? 0 : value, raw) as number;
}

/** Parses a finite decimal number (no hex, no Infinity, no NaN). */
export function parseNumber(option: OptionSpec, raw: string): number {
  const text = raw.trim();
  const value = NUMBER.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value)) {
    throw new UserInputError(Identifiers.NumberInvalid, `${name(option)} must be a number, got ${shown(raw)}.`, { option: option.name, raw });
  }
  return checkValue(option, value === 0 ? 0 : value, raw) as number;
}

/** Parses yes/no, true/false, on/off, enable/disable, 1/0 (any case). */
export function parseBoolean(option: OptionSpec, raw: string): boolean {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new UserInputError(
    Identifiers.BooleanInvalid,
    `${name(option)} must be yes or no (or true/false, on/off, enable/disable, 1/0), got ${shown(raw)}.`,
    { option: option.name, raw },
  );
}

/**
 * Checks a string, integer or number against the option's choices, bounds and lengths. A string that
 * names a choice (case-insensitive) becomes that choice's value. Returns the value to use.
 */
export function checkValue(option: OptionSpec, value: string | number | boolean, raw: string = String(value)): string | number | boolean {
  if (option.choices && option.choices.length > 0) {
    const hit =
      option.choices.find((c) => c.value === value) ??
      (typeof value === 'string' ? option.choices.find((c) => c.name.toLowerCase() === value.toLowerCase() || String(c.value).toLowerCase() === value.toLowerCase()) : undefined);
    if (!hit) {
      const list = option.choices.map((c) => '`' + String(c.value) + '`').join(', ');
      throw new UserInputError(Identifiers.ChoiceInvalid, `${name(option)} must be one of ${list}, got ${shown(raw)}.`, {
        option: option.name,
        raw,
        choices: option.choices.map((c) => c.value),
      });
    }
    return hit.value;
  }
  if (typeof value === 'number') {
    if (option.min !== undefined && value < option.min) {
      throw new UserInputError(Identifiers.NumberTooSmall, `${name(option)} must be at least ${option.min}, got ${shown(raw)}.`, { option: option.name, raw, min: option.min });
    }
    if (option.max !== undefined && value > option.max) {
      throw new UserInputError(Identifiers.NumberTooLarge, `${name(option)} must be at most ${option.max}, got ${shown(raw)}.`, { option: option.name, raw, max: option.max });
    }
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (option.minLength !== undefined && length < option.minLength) {
      throw new UserInputError(
        Identifiers.StringTooShort,
        `${name(option)} must be at least ${option.minLength} characters long, got ${length}.`,
        { option: option.name, raw, minLength: option.minLength, length },
      );
    }
    if (option.maxLength !== undefined && length > option.maxLength) {
      throw new UserInputError(
        Identifiers.StringTooLong,
        `${name(option)} must be at most ${option.maxLength} characters long, got ${length}.`,
        { option: option.name, raw, maxLength: option.maxLength, length },
      );
    }
  }
  return value;
}

/** The id inside a mention such as `<@123>`, `<@!123>`, `<#123>`, `<@&123>`, or a bare id. */
function idFrom(raw: string, mention: RegExp): string | null {
  const text = raw.trim();
  const m = mention.exec(text);
  if (m) return m[1]!;
  return SNOWFLAKE.test(text) ? text : null;
}

/** Picks the one match, or says the input is ambiguous; exact matches win over case-insensitive ones. */
function pickByName<T>(option: OptionSpec, raw: string, items: T[], names: (item: T) => (string | null | undefined)[], label: (item: T) => string): T | null {
  const wanted = raw.trim().replace(/^[@#]/, '');
  const exact = items.filter((item) => names(item).some((n) => n === wanted));
  const lower = wanted.toLowerCase();
  const found = exact.length > 0 ? exact : items.filter((item) => names(item).some((n) => n != null && n.toLowerCase() === lower));
  if (found.length > 1) {
    const listed = found.slice(0, 5).map((f) => shown(label(f))).join(', ');
    throw new UserInputError(
      Identifiers.Ambiguous,
      `${name(option)} matches several: ${listed}${found.length > 5 ? ', …' : ''}. Use a mention or an id.`,
      { option: option.name, raw, count: found.length },
    );
  }
  return found[0] ?? null;
}

function requireGuild(option: OptionSpec, scope: ConversionScope): Guild {
  if (!scope.guild) {
    throw new UserInputError(Identifiers.GuildOnly, `${name(option)} can only be used in a server.`, { option: option.name });
  }
  return scope.guild;
}

/** A user by mention, id (fetched when not cached) or name. */
export async function convertUser(option: OptionSpec, raw: string, scope: ConversionScope): Promise<User> {
  const id = idFrom(raw, /^<@!?(\d{15,21})>$/);
  let user: User | null = null;
  if (id) user = scope.client.users.cache.get(id) ?? (await scope.client.users.fetch(id).catch(() => null));
  else {
    const pool = scope.guild ? [...scope.guild.members.cache.values()].map((m) => m.user) : [...scope.client.users.cache.values()];
    user = pickByName(option, raw, pool, (u) => [u.username, u.globalName, u.tag], (u) => u.username);
  }
  if (!user) {
    throw new UserInputError(
      Identifiers.UserNotFound,
      `${name(option)} must be a user (a mention, an id or a name); no user matches ${shown(raw)}.`,
      { option: option.name, raw },
    );
  }
  return user;
}

/** A member of the current server by mention, id, username or display name. */
export async function convertMember(option: OptionSpec, raw: string, scope: ConversionScope): Promise<GuildMember> {
  const guild = requireGuild(option, scope);
  const id = idFrom(raw, /^<@!?(\d{15,21})>$/);
  let member: GuildMember | null = null;
  if (id) member = guild.members.cache.get(id) ?? (await guild.members.fetch(id).catch(() => null));
  else {
    member = pickByName(
      option,
      raw,
      [...guild.members.cache.values()],
      (m) => [m.user.username, m.displayName, m.nickname, m.user.globalName, m.user.tag],
      (m) => `${m.displayName} (${m.user.username})`,
    );
  }
  if (!member) {
    throw new UserInputError(
      Identifiers.MemberNotFound,
      `${name(option)} must be a member of this server (a mention, an id or a name); no member matches ${shown(raw)}.`,
      { option: option.name, raw },
    );
  }
  return member;
}

/** A channel by mention, id or name (names only inside a server). */
export async function convertChannel(option: OptionSpec, raw: string, scope: ConversionScope): Promise<GuildBasedChannel | TextBasedChannel> {
  const id = idFrom(raw, /^<#(\d{15,21})>$/);
  let channel: GuildBasedChannel | TextBasedChannel | null = null;
  if (id) {
    const found = scope.guild ? scope.guild.channels.cache.get(id) : scope.client.channels.cache.get(id);
    channel = (found as GuildBasedChannel | TextBasedChannel | undefined) ?? null;
  } else if (scope.guild) {
    channel = pickByName(option, raw, [...scope.guild.channels.cache.values()], (c) => [c.name], (c) => '#' + c.name);
  }
  if (!channel) {
    throw new UserInputError(
      Identifiers.ChannelNotFound,
      `${name(option)} must be a channel${scope.guild ? ' of this server' : ''} (a mention, an id or a name); no channel matches ${shown(raw)}.`,
      { option: option.name, raw },
    );
  }
  return checkChannelKind(option, channel, raw);
}

/** A role of the current server by mention, id or name. */
export async function convertRole(option: OptionSpec, raw: string, scope: ConversionScope): Promise<Role> {
  const guild = requireGuild(option, scope);
  const id = idFrom(raw, /^<@&(\d{15,21})>$/);
  const role = id ? (guild.roles.cache.get(id) ?? null) : pickByName(option, raw, [...guild.roles.cache.values()], (r) => [r.name], (r) => '@' + r.name);
  if (!role) {
    throw new UserInputError(
      Identifiers.RoleNotFound,
      `${name(option)} must be a role of this server (a mention, an id or a name); no role matches ${shown(raw)}.`,
      { option: option.name, raw },
    );
  }
  return role;
}

/**
 * Converts one raw text word (or rest of line) to the option's value: through the cog's custom converter
 * when it names one, else each type of a union in order (the first that converts wins).
 */
export async function convertText(option: OptionSpec, raw: string, scope: ConversionScope): Promise<unknown> {
  if (option.converter !== undefined) return convertCustom(option, raw, scope);
  const types = typesOf(option);
  if (types.length === 1) return convertAs(option, types[0]!, raw, scope);
  const failures: UserInputError[] = [];
  for (const type of types) {
    try {
      return await convertAs(option, type, raw, scope);
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      // A name that is ambiguous for one type is not silently taken as another.
      if (error.identifier === Identifiers.Ambiguous) throw error;
      failures.push(error);
    }
  }
  throw new UserInputError(Identifiers.UnionNoMatch, `${name(option)} must be ${describeTypes(types)}; ${shown(raw)} is none of these.`, {
    option: option.name,
    raw,
    types,
    failures: failures.map((f) => f.identifier),
  });
}

const ARTICLE: Record<OptionType, string> = {
  string: 'a text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'yes or no',
  user: 'a user',
  member: 'a member',
  channel: 'a channel',
  role: 'a role',
  mentionable: 'a member, role or user',
  emoji: 'an emoji',
  attachment: 'an attachment',
  duration: 'a duration',
  snowflake: 'an id',
};

/** `a member or a role` for messages. */
export function describeTypes(types: readonly OptionType[]): string {
  const words = types.map((t) => ARTICLE[t]);
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

/** Runs the cog's converter; its ConversionFailure becomes a user-input error naming the option. */
async function convertCustom(option: OptionSpec, raw: string, scope: ConversionScope): Promise<unknown> {
  const converter = scope.converters?.[option.converter!];
  if (typeof converter !== 'function') throw new Error(`The cog does not implement the converter \`${option.converter}\` that option \`${option.name}\` uses.`);
  if (!scope.user) throw new Error('A custom converter needs the invoking user in the conversion scope.');
  try {
    return await converter(raw, { client: scope.client, guild: scope.guild, user: scope.user, channelId: scope.channelId ?? null, route: scope.route ?? 'text' });
  } catch (error) {
    if (error instanceof UserInputError) throw error;
    if (!(error instanceof ConversionFailure)) throw error;
    throw new UserInputError(Identifiers.ConverterFailed, `${name(option)}: ${error.message}`, { option: option.name, raw, converter: option.converter });
  }
}

/** Converts raw text as one given type. */
export async function convertAs(option: OptionSpec, type: OptionType, raw: string, scope: ConversionScope): Promise<unknown> {
  switch (type) {
    case 'string':
      return checkValue(option, raw, raw);
    case 'integer':
      return parseInteger(option, raw);
    case 'number':
      return parseNumber(option, raw);
    case 'boolean':
      return parseBoolean(option, raw);
    case 'user':
      return convertUser(option, raw, scope);
    case 'member':
      return convertMember(option, raw, scope);
    case 'channel':
      return convertChannel(option, raw, scope);
    case 'role':
      return convertRole(option, raw, scope);
    case 'mentionable':
      return convertMentionable(option, raw, scope);
    case 'emoji':
      return convertEmoji(option, raw);
    case 'duration':
      return convertDuration(option, raw);
    case 'snowflake':
      return convertSnowflake(option, raw);
    case 'attachment':
      // Attachments never come from words; text-options.ts takes them from the message.
      throw new UserInputError(Identifiers.MissingArgument, `${name(option)} is a file: attach it to the message.`, { option: option.name });
    default: {
      const never: never = type;
      throw new Error(`Unknown option type ${String(never)}`);
    }
  }
}
