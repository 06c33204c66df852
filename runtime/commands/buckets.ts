/**
 * Bucket keys: which invocations share one cooldown or concurrency limit. Mirrors discord.py's
 * BucketType, including its fallbacks outside a server (guild → the user; category and role → the channel).
 */
import type { Guild, GuildMember, TextBasedChannel, User } from 'discord.js';
import type { CooldownBucket } from '../contract/spec.js';

/** What a bucket key is computed from (a Context has all of it). */
export interface BucketSource {
  readonly author: User;
  readonly member: GuildMember | null;
  readonly guild: Guild | null;
  readonly channel: TextBasedChannel | null;
  /** Slash contexts in uncached channels know only the id. */
  readonly channelId?: string | null;
}

/** The key of the bucket an invocation falls in, e.g. `guild:123`. */
export function bucketKey(bucket: CooldownBucket, source: BucketSource): string {
  const userId = source.author.id;
  const channelId = source.channel?.id ?? source.channelId ?? `dm-${userId}`;
  const guildId = source.guild?.id ?? null;
  switch (bucket) {
    case 'user':
      return `user:${userId}`;
    case 'member':
      return guildId ? `member:${guildId}:${userId}` : `user:${userId}`;
    case 'guild':
      return guildId ? `guild:${guildId}` : `user:${userId}`;
    case 'channel':
      return `channel:${channelId}`;
    case 'category':
      return guildId ? `category:${categoryOf(source.channel) ?? channelId}` : `channel:${channelId}`;
    case 'role': {
      // The member's highest role (@everyone when they have none), as discord.py's top_role.
      const top = source.member?.roles?.highest?.id;
      return guildId && top ? `role:${top}` : `channel:${channelId}`;
    }
    case 'global':
      return 'global';
  }
}

/** The category a channel sits in; a thread takes its parent channel's category. */
function categoryOf(channel: TextBasedChannel | null): string | null {
  if (!channel || channel.isDMBased()) return null;
  if (channel.isThread()) return channel.parent?.parentId ?? null;
  return 'parentId' in channel ? (channel.parentId ?? null) : null;
}

/** How a bucket reads in a sentence: "for you", "in this channel"... */
export function bucketPhrase(bucket: CooldownBucket, inGuild: boolean): string {
  switch (bucket) {
    case 'user':
      return 'for you';
    case 'member':
      return inGuild ? 'for you in this server' : 'for you';
    case 'guild':
      return inGuild ? 'in this server' : 'for you';
    case 'channel':
      return 'in this channel';
    case 'category':
      return inGuild ? 'in this category' : 'in this channel';
    case 'role':
      return inGuild ? 'for your top role' : 'in this channel';
    case 'global':
      return 'for everyone';
  }
}
