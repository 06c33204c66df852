/**
 * Converters for the option types beyond the v1 set: mentionable, emoji, duration, snowflake, and the
 * channel-kind check. Each takes raw text and returns the typed value or throws a UserInputError.
 */
import type { GuildBasedChannel, GuildMember, Role, TextBasedChannel, User } from 'discord.js';
import type { ChannelKind, OptionSpec } from '../contract/spec.js';
import { CHANNEL_KIND_TYPES, kindOf } from './channel-kinds.js';
import { convertMember, convertRole, convertUser, type ConversionScope } from './converters.js';
import { formatDuration, parseDuration, unitName } from './duration.js';
import { parseEmoji, type EmojiValue } from './emoji.js';
import { Identifiers, UserInputError, shown } from './errors.js';

const label = (option: OptionSpec) => '`' + option.name + '`';
const SNOWFLAKE = /^(?:<(?:@[!&]?|#)(\d{15,21})>|(\d{15,21}))$/;
const MAX_SNOWFLAKE = (1n << 64n) - 1n;

/** A custom or unicode emoji. */
export function convertEmoji(option: OptionSpec, raw: string): EmojiValue {
  const emoji = parseEmoji(raw);
  if (!emoji) {
    throw new UserInputError(Identifiers.EmojiInvalid, `${label(option)} must be one emoji (a unicode emoji or a custom one like \`<:name:id>\`), got ${shown(raw)}.`, {
      option: option.name,
      raw,
    });
  }
  return emoji;
}

/** A duration in milliseconds, within the option's units and bounds. */
export function convertDuration(option: OptionSpec, raw: string): number {
  const result = parseDuration(raw, option.durationUnits);
  if (typeof result !== 'number') {
    if (result.kind === 'unit') {
      const allowed = (option.durationUnits ?? []).map(unitName).join(', ');
      throw new UserInputError(Identifiers.DurationUnitNotAllowed, `${label(option)} cannot use ${unitName(result.unit)}; use ${allowed}. Got ${shown(raw)}.`, {
        option: option.name,
        raw,
        unit: result.unit,
      });
    }
    throw new UserInputError(Identifiers.DurationInvalid, `${label(option)} must be a duration such as \`1h30m\` or \`2 days\` (${result.detail}), got ${shown(raw)}.`, {
      option: option.name,
      raw,
    });
  }
  if (option.min !== undefined && result < option.min) {
    throw new UserInputError(Identifiers.DurationTooShort, `${label(option)} must be at least ${formatDuration(option.min)}, got ${shown(raw)}.`, { option: option.name, raw, min: option.min });
  }
  if (option.max !== undefined && result > option.max) {
    throw new UserInputError(Identifiers.DurationTooLong, `${label(option)} must be at most ${formatDuration(option.max)}, got ${shown(raw)}.`, { option: option.name, raw, max: option.max });
  }
  return result;
}

/** A raw Discord id (a bare id or the id inside any mention), without asking Discord about it. */
export function convertSnowflake(option: OptionSpec, raw: string): string {
  const m = SNOWFLAKE.exec(raw.trim());
  const id = m ? (m[1] ?? m[2])! : null;
  if (!id || BigInt(id) > MAX_SNOWFLAKE) {
    throw new UserInputError(Identifiers.SnowflakeInvalid, `${label(option)} must be a Discord id (15 to 21 digits) or a mention, got ${shown(raw)}.`, { option: option.name, raw });
  }
  return id;
}

/** Throws unless the channel is of one of the option's kinds. */
export function checkChannelKind<C extends GuildBasedChannel | TextBasedChannel>(option: OptionSpec, channel: C, raw: string): C {
  const kinds = option.channelKinds;
  if (!kinds || kinds.length === 0) return channel;
  if (kinds.some((k) => CHANNEL_KIND_TYPES[k].includes(channel.type))) return channel;
  const actual = kindOf(channel.type);
  throw new UserInputError(
    Identifiers.ChannelWrongKind,
    `${label(option)} must be a ${kinds.map(kindLabel).join(' or ')} channel; ${shown(raw)} is ${actual ? `a ${kindLabel(actual)} channel` : 'another kind of channel'}.`,
    { option: option.name, raw, kinds, actual },
  );
}

function kindLabel(kind: ChannelKind): string {
  return kind === 'dm' ? 'direct-message' : kind;
}

/**
 * A member (in a server), a role or a user: `<@&id>` is a role, `<@id>` a member or user, an id or a name
 * is tried as member, then role, then user. A name matching both a member and a role is ambiguous.
 */
export async function convertMentionable(option: OptionSpec, raw: string, scope: ConversionScope): Promise<GuildMember | Role | User> {
  const text = raw.trim();
  if (/^<@&\d{15,21}>$/.test(text)) return convertRole(option, text, scope);
  const isUserMention = /^<@!?\d{15,21}>$/.test(text);
  const found: (GuildMember | Role | User)[] = [];
  if (scope.guild) {
    const member = await attempt(() => convertMember(option, text, scope));
    if (member && isUserMention) return member;
    if (member) found.push(member);
    if (!isUserMention) {
      const role = await attempt(() => convertRole(option, text, scope));
      if (role) found.push(role);
    }
  }
  if (found.length > 1) {
    throw new UserInputError(Identifiers.Ambiguous, `${label(option)} matches a member and a role: ${shown(text)}. Use a mention or an id.`, { option: option.name, raw, count: found.length });
  }
  if (found.length === 1) return found[0]!;
  const user = await attempt(() => convertUser(option, text, scope));
  if (user) return user;
  throw new UserInputError(
    Identifiers.MentionableNotFound,
    `${label(option)} must be a ${scope.guild ? 'member, a role or a user' : 'user'} (a mention, an id or a name); nothing matches ${shown(raw)}.`,
    { option: option.name, raw },
  );
}

/** Runs a converter; a not-found answer is null, an ambiguity or a bug propagates. */
async function attempt<T>(run: () => Promise<T>): Promise<T | null> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UserInputError && error.identifier !== Identifiers.Ambiguous) return null;
    throw error;
  }
}
