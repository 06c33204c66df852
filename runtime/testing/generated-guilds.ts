/**
 * Guilds made in bulk (`sim.generateGuilds(100_000, ...)`), kept as a recipe instead of records: a block
 * remembers where its ids start and the shape of each guild, and a guild's record is built only when
 * something asks for it (a REST route, a member acting in it). The gateway builds GUILD_CREATE payloads
 * from short-lived records that are dropped once sent, so 100,000 guilds cost a few numbers until used.
 *
 * Decisions:
 * - Ids are computed, not stored: guild `i` of a block is the snowflake of millisecond `startMs + i` with
 *   worker 2 (the simulator's own ids use worker 1, so they never collide); its channels and roles use the
 *   increments after it. Consecutive milliseconds spread guilds evenly over any shard count, since the
 *   shard is `(id >> 22) % shard_count`.
 * - Members come from one pool of users per block, shared by all its guilds (the first is every guild's
 *   owner), so `members: 10` adds ten users in all, not ten per guild.
 */
import { ChannelType } from 'discord.js';
import { DEFAULT_EVERYONE_PERMISSIONS } from './permissions.js';
import { DISCORD_EPOCH, snowflakeAt } from './snowflake.js';
import type { ChannelRecord, GuildRecord, RoleRecord } from './state.js';

/** The shape of every guild of a bulk block. */
export interface GenerateGuildsOptions {
  /** Text channels per guild (default 1, named `general`, `channel-2`, ...). */
  channels?: number;
  /** Roles per guild besides @everyone and the bot's managed role (default 0). */
  roles?: number;
  /** Members per guild besides the bot, from a pool of this many users shared by the block (default 1: the owner). */
  members?: number;
  /** Guild name prefix (default `Guild`; guild i is named `Guild i`). */
  name?: string;
}

/** The worker bits of bulk ids (the simulator's SnowflakeGenerator uses 1). */
export const BULK_WORKER = 2;
const MAX_PER_GUILD = 4095;

/** One block of generated guilds. */
export interface GuildBlock {
  readonly startMs: number;
  readonly count: number;
  readonly channels: number;
  readonly roles: number;
  readonly name: string;
  /** The pool of member user ids; the first is the owner. */
  readonly memberIds: readonly string[];
  readonly joinedAt: string;
}

/** Checks a block's shape; a bad number names the option. */
export function checkBlockShape(count: number, options: GenerateGuildsOptions): Required<Omit<GenerateGuildsOptions, 'name'>> {
  const whole = (name: string, value: number, min: number) => {
    if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`generateGuilds: ${name} must be a whole number of at least ${min}, got ${value}`);
    return value;
  };
  whole('count', count, 0);
  const channels = whole('channels', options.channels ?? 1, 1);
  const roles = whole('roles', options.roles ?? 0, 0);
  const members = whole('members', options.members ?? 1, 1);
  if (channels + roles + 1 > MAX_PER_GUILD) throw new RangeError(`generateGuilds: channels + roles must stay under ${MAX_PER_GUILD}, got ${channels + roles}`);
  return { channels, roles, members };
}

/** The id of guild `index` of a block. */
export function blockGuildId(block: GuildBlock, index: number): string {
  return snowflakeAt(block.startMs + index, 0, BULK_WORKER);
}

/** The indexes of a block's guilds on one shard (`(id >> 22) % shardCount`), by arithmetic, not by a scan. */
export function* blockIndexesOnShard(block: GuildBlock, shardId: number, shardCount: number): Generator<number> {
  const first = (shardId - ((block.startMs - Number(DISCORD_EPOCH)) % shardCount) + shardCount) % shardCount;
  for (let index = first; index < block.count; index += shardCount) yield index;
}

/** Where an id falls among the blocks: the block, the guild index and the increment (0 = the guild itself). */
export function locateBulkId(blocks: readonly GuildBlock[], id: string): { block: GuildBlock; index: number; increment: number } | undefined {
  if (blocks.length === 0 || !/^\d{1,20}$/.test(id)) return undefined;
  const value = BigInt(id);
  if (Number((value >> 17n) & 31n) !== BULK_WORKER || Number((value >> 12n) & 31n) !== 0) return undefined;
  const ms = Number((value >> 22n) + DISCORD_EPOCH);
  const increment = Number(value & 4095n);
  for (const block of blocks) {
    const index = ms - block.startMs;
    if (index >= 0 && index < block.count) return { block, index, increment };
  }
  return undefined;
}

/**
 * The records of guild `index`: the guild (roles, channels, members: the bot and the pool) and its
 * channels. Nothing is stored; the caller keeps them (materializes) or drops them after one use.
 */
export function buildBlockGuild(block: GuildBlock, index: number, botUserId: string, botName: string): GuildRecord {
  const ms = block.startMs + index;
  const id = snowflakeAt(ms, 0, BULK_WORKER);
  const at = (increment: number) => snowflakeAt(ms, increment, BULK_WORKER);
  const guild: GuildRecord = { id, name: `${block.name} ${index}`, ownerId: block.memberIds[0]!, roles: new Map(), channels: new Map(), members: new Map(), systemChannelId: null };
  const role = (r: RoleRecord) => guild.roles.set(r.id, r);
  role({ id, guildId: id, name: '@everyone', permissions: DEFAULT_EVERYONE_PERMISSIONS, position: 0, color: 0, hoist: false, mentionable: false, managed: false });
  for (let r = 0; r < block.roles; r++) role({ id: at(1 + block.channels + r), guildId: id, name: `role-${r + 1}`, permissions: 0n, position: r + 1, color: 0, hoist: false, mentionable: false, managed: false });
  const botRoleId = at(1 + block.channels + block.roles);
  role({ id: botRoleId, guildId: id, name: botName, permissions: 0n, position: block.roles + 1, color: 0, hoist: false, mentionable: false, managed: true });
  for (let c = 0; c < block.channels; c++) {
    const channel: ChannelRecord = {
      id: at(1 + c),
      guildId: id,
      type: ChannelType.GuildText,
      name: c === 0 ? 'general' : `channel-${c + 1}`,
      position: c,
      parentId: null,
      topic: null,
      nsfw: false,
      overwrites: [],
      lastMessageId: null,
      recipientId: null,
    };
    guild.channels.set(channel.id, channel);
  }
  guild.systemChannelId = at(1);
  guild.members.set(botUserId, { guildId: id, userId: botUserId, roles: [botRoleId], nick: null, joinedAt: block.joinedAt });
  for (const userId of block.memberIds) guild.members.set(userId, { guildId: id, userId, roles: [], nick: null, joinedAt: block.joinedAt });
  return guild;
}
