/**
 * What Discord actually pings for a message: mentions parsed from the content, filtered by
 * `allowed_mentions` and by the author's permissions.
 *
 * - No `allowed_mentions`: Discord's default, every kind is parsed (and a reply pings the replied-to author).
 * - With `allowed_mentions`: only kinds in `parse`, plus the ids listed in `users` / `roles`; the replied-to
 *   author only when `replied_user` is true. `parse` with a kind and a list for the same kind is a 400.
 * - `@everyone` / `@here` ping only when allowed AND the author has MENTION_EVERYONE in the channel.
 * - A role pings when allowed and (the role is mentionable OR the author has MENTION_EVERYONE).
 * - User mentions of unknown users are ignored.
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
export interface AllowedMentionsInput {
  parse?: unknown;
  users?: unknown;
  roles?: unknown;
  replied_user?: unknown;
}

export interface MentionContext {
  content: string;
  allowedMentions: AllowedMentionsInput | undefined | null;
  /** Whether the author may mention @everyone, @here and every role. */
  canMentionEveryone: boolean;
  /** Roles of the guild (empty in DMs). */
  roles: ReadonlyMap<string, { mentionable: boolean }>;
  userExists: (id: string) => boolean;
  /** Author of the message being replied to, if this is a reply. */
  repliedUserId?: string | null;
}

export interface ResolvedMentions {
  users: string[];
  roles: string[];
  everyone: boolean;
}

/** A bad `allowed_mentions` object; the REST layer answers 400 with Discord's 50035 shape. */
export class AllowedMentionsError extends CogsmithError {
  static override readonly code: ErrorCode = 'SIMULATOR_ALLOWED_MENTIONS';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const KINDS = new Set(['users', 'roles', 'everyone']);

function idList(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !/^\d{1,20}$/.test(v))) {
    throw new AllowedMentionsError(field, `allowed_mentions.${field} must be a list of snowflakes`);
  }
  if (value.length > 100) throw new AllowedMentionsError(field, `allowed_mentions.${field} may list at most 100 ids`);
  return value as string[];
}

/** Computes the mentions Discord would store and ping for a message. */
export function resolveMentions(ctx: MentionContext): ResolvedMentions {
  const am = ctx.allowedMentions ?? undefined;
  let parse: Set<string>;
  let allowUsers: string[] | undefined;
  let allowRoles: string[] | undefined;
  let repliedUser: boolean;
  if (am === undefined) {
    parse = new Set(KINDS);
    repliedUser = true;
  } else {
    if (typeof am !== 'object' || Array.isArray(am)) throw new AllowedMentionsError('allowed_mentions', 'allowed_mentions must be an object');
    const rawParse = am.parse ?? [];
    if (!Array.isArray(rawParse) || rawParse.some((k) => typeof k !== 'string' || !KINDS.has(k))) {
      throw new AllowedMentionsError('parse', 'allowed_mentions.parse may hold only "users", "roles" and "everyone"');
    }
    parse = new Set(rawParse as string[]);
    allowUsers = idList(am.users, 'users');
    allowRoles = idList(am.roles, 'roles');
    if (parse.has('users') && allowUsers) throw new AllowedMentionsError('users', 'allowed_mentions: parse "users" and a users list are mutually exclusive');
    if (parse.has('roles') && allowRoles) throw new AllowedMentionsError('roles', 'allowed_mentions: parse "roles" and a roles list are mutually exclusive');
    repliedUser = am.replied_user === true;
  }

  const users: string[] = [];
  for (const match of ctx.content.matchAll(/<@!?(\d{1,20})>/g)) {
    const id = match[1]!;
    if (users.includes(id) || !ctx.userExists(id)) continue;
    if (parse.has('users') || allowUsers?.includes(id)) users.push(id);
  }
  if (ctx.repliedUserId && repliedUser && !users.includes(ctx.repliedUserId) && ctx.userExists(ctx.repliedUserId)) {
    users.push(ctx.repliedUserId);
  }

  const roles: string[] = [];
  for (const match of ctx.content.matchAll(/<@&(\d{1,20})>/g)) {
    const id = match[1]!;
    const role = ctx.roles.get(id);
    if (roles.includes(id) || !role) continue;
    if (!(parse.has('roles') || allowRoles?.includes(id))) continue;
    if (role.mentionable || ctx.canMentionEveryone) roles.push(id);
  }

  const everyone = /@(everyone|here)\b/.test(ctx.content) && parse.has('everyone') && ctx.canMentionEveryone;
  return { users, roles, everyone };
}
