/**
 * Converters for the v1 option types. Text input is converted from the raw word; slash input arrives
 * typed from Discord and only goes through the same checks (bounds, lengths, choices), so both routes
 * hand the handler the same values and the same messages.
 */
import type { Client, Guild, GuildBasedChannel, GuildMember, Role, TextBasedChannel, User } from 'discord.js';
import type { OptionSpec } from '../cogs/spec.js';
import { Identifiers, UserInputError, shown } from './errors.js';

/** Where a conversion happens: lookups of users, members, channels and roles need these. */
export interface ConversionScope {
  client: Client;
  guild: Guild | null;
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
  return channel;
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

/** Converts one raw text word (or rest of line) to the option's type. */
export async function convertText(option: OptionSpec, raw: string, scope: ConversionScope): Promise<unknown> {
  switch (option.type) {
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
    default: {
      const never: never = option.type;
      throw new Error(`Unknown option type ${String(never)}`);
    }
  }
}
