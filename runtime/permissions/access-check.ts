/**
 * The `access` step of the check pipeline (after `disabled`, which refuses disabled commands and cogs
 * first): Red's allow and block lists and ignores, in Red's order, written down once.
 *
 * 1. A bot owner passes everything below.
 * 2. The global allowlist: when it is not empty, only users on it pass. Then the global blocklist.
 * 3. In a guild, the guild owner passes the local lists. Otherwise the local allowlist (users and roles;
 *    when not empty, the member or one of their roles must be on it), then the local blocklist.
 * 4. Ignored guilds and channels (a thread counts its parent, a channel its category): admins (by privilege)
 *    and members who can Manage Server pass both; members who can Manage Channels pass an ignored channel.
 *    DMs are never ignored.
 *
 * Every refusal is silent, as Red does it: a bot does not argue with people it was told to ignore (slash
 * interactions, which must be answered, get the pipeline's private "You cannot use this command here.").
 */
import { PermissionFlagsBits, type Guild, type GuildMember, type TextBasedChannel, type User } from 'discord.js';
import { ALLOWED, refusal, type CheckStep, type RefusalIdentifier } from '../commands/pipeline/steps.js';
import type { AccessSettings } from './access-settings.js';
import { satisfies } from './levels.js';
import type { Privileges } from './privileges.js';

/** Why someone was refused (the `access` step's identifiers), or `allowed`. */
export type AccessOutcome = 'allowed' | RefusalIdentifier<'access'>;

/** Who asks where. */
export interface AccessRequest {
  user: User;
  member: GuildMember | null;
  guild: Guild | null;
  channel: TextBasedChannel | null;
}

export interface AccessDeps {
  settings: AccessSettings;
  privileges: Privileges;
}

/** Runs steps 1–4 and says which one decided. */
export async function accessOutcome(deps: AccessDeps, request: AccessRequest): Promise<AccessOutcome> {
  const { settings, privileges } = deps;
  const { user, guild } = request;
  if (await privileges.isOwner(user.id)) return 'allowed';

  const globalAllow = await settings.list('allowlist', { global: true });
  if (globalAllow.length > 0 && !globalAllow.includes(user.id)) return 'notOnGlobalAllowlist';
  if ((await settings.list('blocklist', { global: true })).includes(user.id)) return 'onGlobalBlocklist';

  if (guild) {
    const member = request.member;
    if (guild.ownerId !== user.id) {
      const mine = new Set([user.id, ...(member ? member.roles.cache.keys() : [])]);
      const localAllow = await settings.list('allowlist', { guild: guild.id });
      if (localAllow.length > 0 && !localAllow.some((id) => mine.has(id))) return 'notOnLocalAllowlist';
      if ((await settings.list('blocklist', { guild: guild.id })).some((id) => mine.has(id))) return 'onLocalBlocklist';
    }
    const ignored = await ignoredHere(deps, request, guild);
    if (ignored) return ignored;
  }

  return 'allowed';
}

async function ignoredHere(deps: AccessDeps, request: AccessRequest, guild: Guild): Promise<AccessOutcome | null> {
  const chain = channelChain(request.channel);
  const [guildIgnored, channelIgnored] = await Promise.all([
    deps.settings.guildIgnored(guild.id),
    (async () => {
      for (const id of chain) if (await deps.settings.channelIgnored(id)) return true;
      return false;
    })(),
  ]);
  if (!guildIgnored && !channelIgnored) return null;
  const perms = request.member && request.channel && 'permissionsFor' in request.channel ? request.channel.permissionsFor(request.member) : request.member?.permissions;
  if (perms?.has(PermissionFlagsBits.ManageGuild)) return null;
  if (guild.ownerId === request.user.id) return null;
  if (satisfies(await deps.privileges.privilegeOf(request.member ?? request.user, guild), 'admin')) return null;
  if (guildIgnored) return 'guildIgnored';
  return perms?.has(PermissionFlagsBits.ManageChannels) ? null : 'channelIgnored';
}

/** The channel, its thread parent, and the category above: any of them ignored ignores the channel. */
function channelChain(channel: TextBasedChannel | null): string[] {
  if (!channel) return [];
  const out = [channel.id];
  let parent = 'parent' in channel ? channel.parent : null;
  while (parent && !out.includes(parent.id)) {
    out.push(parent.id);
    parent = 'parent' in parent ? (parent.parent as typeof parent | null) : null;
  }
  return out;
}

/** The `access` step: a silent refusal naming the list or ignore that decided. */
export function accessStep(deps: AccessDeps): CheckStep<'access'> {
  return {
    name: 'access',
    async run(ctx) {
      const outcome = await accessOutcome(deps, { user: ctx.author, member: ctx.member, guild: ctx.guild, channel: ctx.channel });
      return outcome === 'allowed' ? ALLOWED : refusal('access', outcome, null);
    },
  };
}
