/**
 * What the access cog's handlers share: the runtime services they call, the guild-only refusal (a safety
 * net: the manifest marks every server-scope command `guildOnly`, refused in DMs before any check), id
 * formatting, the check on list targets (no bots) and the audit record.
 */
import { Role, type Client, type Guild, type GuildMember, type User } from 'discord.js';
import { CheckFailure } from '../../runtime/commands/check-failure.js';
import { GUILD_ONLY_MESSAGE } from '../../runtime/commands/guild-only.js';
import type { Context } from '../../runtime/context/types.js';
import type { AccessSettings } from '../../runtime/permissions/access-settings.js';
import { plain } from '../../runtime/support/markdown.js';
import { recordAudit } from '../../runtime/permissions/audit-log.js';
import { servicesOf } from '../../runtime/services.js';

/** Cogs that cannot be disabled: turning them off would take away the commands that turn things back on. */
export const PROTECTED_COGS: ReadonlySet<string> = new Set(['access', 'core', 'permissions']);

/** The bot's access settings. */
export function accessOf(client: Client): AccessSettings {
  const access = servicesOf(client).access;
  if (!access) throw new Error('This bot has no access settings (runtime/permissions/access-settings.ts).');
  return access;
}

/** The invocation's guild, or a refusal for a subcommand that only makes sense in a server. */
export function guildOf(ctx: Pick<Context, 'guild'>): Guild {
  if (!ctx.guild) throw new CheckFailure(GUILD_ONLY_MESSAGE);
  return ctx.guild;
}

/** Records one change in the audit log. */
export async function audit(ctx: Context, action: string, detail: string, global = false): Promise<void> {
  await recordAudit(ctx.client, { actorId: ctx.author.id, guildId: global ? null : (ctx.guild?.id ?? null), action, detail });
}

/** `<@id>` for a user id, `<@&id>` for a role id of the guild (mentions never ping: replies allow none). */
export function describeId(id: string, guild: Guild | null): string {
  return guild?.roles.cache.has(id) ? `<@&${id}>` : `<@${id}>`;
}

/** A list of ids for a reply, or `none`. */
export function describeIds(ids: readonly string[], guild: Guild | null): string {
  return ids.length === 0 ? 'none' : ids.map((id) => describeId(id, guild)).join(', ');
}

/** The ids of members and roles given as options. */
export function idsOf(targets: readonly (GuildMember | Role)[]): string[] {
  return targets.map((t) => t.id);
}

/** True when `targets` name the member or one of their roles. */
export function namesMember(targets: readonly string[], member: GuildMember | null, userId: string): boolean {
  const mine = new Set([userId, ...(member ? member.roles.cache.keys() : [])]);
  return targets.some((id) => mine.has(id));
}

/**
 * `role <name> (<id>)` or `member <name> (<id>)`, for audit details: the name escaped (the log is shown as
 * Markdown) and without parentheses, so a data request can find and remove `member <name> (<id>)` whole
 * (AuditLog.forgetUser).
 */
export function kindOf(target: GuildMember | Role): string {
  const name = (text: string) => plain(text.replace(/[()]/g, ''));
  return target instanceof Role ? `role ${name(target.name)} (${target.id})` : `member ${name(target.user.username)} (${target.id})`;
}

/**
 * Why a target may not go on a list, or null: bots (the bot itself included) are never heard, so listing one
 * only misleads. (Members and roles of other servers never get here: the converters look in this server only.)
 */
export function targetRefusal(target: GuildMember | Role | User, botId: string | undefined): string | null {
  const user = target instanceof Role ? null : 'user' in target ? target.user : target;
  if (user && user.id === botId) return 'That is me: I cannot be put on an allow or block list.';
  if (user?.bot) return `${plain(user.username)} is a bot: bots cannot be put on allow or block lists (the bot never takes commands from bots).`;
  return null;
}
