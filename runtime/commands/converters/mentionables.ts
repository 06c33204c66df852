/**
 * Discord's mentionable family: `user`, `member`, `role`, and `mentionable` (any of the three). One file,
 * because a mentionable is tried as each of the others and its refusals must match theirs exactly.
 */
import type { Guild, GuildMember, Role, User } from 'discord.js';
import type { OptionSpec } from '../../contract/spec.js';
import { Identifiers, UserInputError, shown } from '../errors.js';
import { label } from './label.js';
import { idFrom, notFound, pickByName } from './lookup.js';
import type { ConversionScope } from './scope.js';

const USER_MENTION = /^<@!?(\d{15,21})>$/;

function requireGuild(option: OptionSpec, scope: ConversionScope): Guild {
  if (!scope.guild) {
    throw new UserInputError(Identifiers.GuildOnly, `${label(option)} can only be used in a server.`, { option: option.name });
  }
  return scope.guild;
}

/** A user by mention, id (fetched when not cached) or name. */
export async function convertUser(option: OptionSpec, raw: string, scope: ConversionScope): Promise<User> {
  const id = idFrom(raw, USER_MENTION);
  let user: User | null = null;
  if (id) user = scope.client.users.cache.get(id) ?? (await scope.client.users.fetch(id).catch(() => null));
  else {
    const pool = scope.guild ? [...scope.guild.members.cache.values()].map((m) => m.user) : [...scope.client.users.cache.values()];
    user = pickByName(option, raw, pool, (u) => [u.username, u.globalName, u.tag], (u) => u.username);
  }
  if (!user) throw notFound(Identifiers.UserNotFound, option, raw, 'a user', 'user');
  return user;
}

/** A member of the current server by mention, id, username or display name. */
export async function convertMember(option: OptionSpec, raw: string, scope: ConversionScope): Promise<GuildMember> {
  const guild = requireGuild(option, scope);
  const id = idFrom(raw, USER_MENTION);
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
  if (!member) throw notFound(Identifiers.MemberNotFound, option, raw, 'a member of this server', 'member');
  return member;
}

/** A role of the current server by mention, id or name. */
export async function convertRole(option: OptionSpec, raw: string, scope: ConversionScope): Promise<Role> {
  const guild = requireGuild(option, scope);
  const id = idFrom(raw, /^<@&(\d{15,21})>$/);
  const role = id ? (guild.roles.cache.get(id) ?? null) : pickByName(option, raw, [...guild.roles.cache.values()], (r) => [r.name], (r) => '@' + r.name);
  if (!role) throw notFound(Identifiers.RoleNotFound, option, raw, 'a role of this server', 'role');
  return role;
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
