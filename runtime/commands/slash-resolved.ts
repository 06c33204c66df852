/**
 * The resolved data of an interaction (the users, members, roles and channels its options name), checked
 * against what the bot knows before discord.js reads it. discord.js adds every resolved role and channel
 * of an interaction to the interaction guild's caches as it builds the interaction, so afterwards a role
 * of no guild of the bot would look like one of this guild, and a later text command could even find it by
 * name. Nothing the gateway did not announce may get in that way: on the raw INTERACTION_CREATE packet
 * (the client emits `raw` before it handles a packet, with the same object) this drops
 *
 * - roles that are not among the interaction guild's roles (the gateway sends a guild's roles in full), and
 *   every role outside a guild;
 * - channels that are not the guild's (a thread counts when its parent is), or outside a guild, channels
 *   the bot has not seen and that are not the interaction's own;
 * - entries whose `id` is not their key, and members without their user (discord.js would throw on those).
 *
 * Members are Discord's word: the member cache is never complete, so a resolved member is kept. What is
 * dropped reads as "not found" to the option converters (slash-options.ts). Decision: in a guild the bot
 * has no cache of (unavailable, or an app installed by a user), roles and channels cannot be checked and
 * are dropped, so such options are refused rather than trusted.
 */
import { ChannelType, type Client } from 'discord.js';

const THREAD_TYPES = new Set<number>([ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread]);

type Entries = Record<string, unknown>;
interface RawInteraction {
  guild_id?: unknown;
  channel_id?: unknown;
  data?: { resolved?: Partial<Record<'users' | 'members' | 'roles' | 'channels', unknown>> };
}

/** Drops, from a raw gateway packet of an interaction, resolved roles and channels the bot cannot vouch for (see the file header). */
export function dropUnknownResolved(client: Client, packet: unknown): void {
  const { t, d } = (packet ?? {}) as { t?: unknown; d?: RawInteraction };
  const resolved = t === 'INTERACTION_CREATE' ? d?.data?.resolved : undefined;
  if (!resolved || typeof resolved !== 'object') return;
  const guild = typeof d!.guild_id === 'string' ? client.guilds.cache.get(d!.guild_id) : undefined;
  const keep = (bucket: keyof typeof resolved, known: (id: string, data: Record<string, unknown>) => boolean) => {
    const entries = resolved[bucket];
    if (entries === undefined) return;
    if (!entries || typeof entries !== 'object') return void delete resolved[bucket];
    for (const [id, data] of Object.entries(entries as Entries)) {
      const ok = !!data && typeof data === 'object' && known(id, data as Record<string, unknown>);
      if (!ok) delete (entries as Entries)[id];
    }
  };
  const users = resolved.users as Entries | undefined;
  keep('users', (id, user) => user.id === id);
  keep('members', (id) => guild !== undefined && !!users && id in users);
  keep('roles', (id, role) => role.id === id && guild !== undefined && guild.roles.cache.has(id));
  keep('channels', (id, channel) => {
    if (channel.id !== id) return false;
    const cached = client.channels.cache.get(id);
    if (!guild) return d!.guild_id === undefined && (cached !== undefined || id === d!.channel_id);
    if (cached) return 'guildId' in cached && cached.guildId === guild.id;
    // A thread the bot has not seen (archived, say) belongs where its parent does.
    return THREAD_TYPES.has(Number(channel.type)) && typeof channel.parent_id === 'string' && guild.channels.cache.has(channel.parent_id);
  });
}
