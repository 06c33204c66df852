/**
 * The simulator's world: users, guilds, roles, channels, members and messages, kept as plain records.
 * Payloads sent to clients are built from these records in payloads.ts, so one record can be shown the way
 * each route or gateway event shows it.
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import type { APIMessage } from 'discord.js';
import { ChannelType, PermissionFlagsBits } from 'discord.js';
import type { PermissionGuild, PermissionOverwrite } from './permissions.js';
import { channelPermissions, basePermissions } from './permissions.js';
import { SnowflakeGenerator } from './snowflake.js';
import { blockGuildId, blockIndexesOnShard, buildBlockGuild, locateBulkId, type GuildBlock } from './generated-guilds.js';

export interface UserRecord {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
  avatar: string | null;
}

export interface RoleRecord {
  id: string;
  guildId: string;
  name: string;
  permissions: bigint;
  position: number;
  color: number;
  hoist: boolean;
  mentionable: boolean;
  managed: boolean;
}

export interface ChannelRecord {
  id: string;
  guildId: string | null;
  type: ChannelType;
  name: string;
  position: number;
  parentId: string | null;
  topic: string | null;
  nsfw: boolean;
  overwrites: PermissionOverwrite[];
  lastMessageId: string | null;
  /** For DM channels: the other user. */
  recipientId: string | null;
}

export interface MemberRecord {
  guildId: string;
  userId: string;
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  roles: Map<string, RoleRecord>;
  channels: Map<string, ChannelRecord>;
  members: Map<string, MemberRecord>;
  systemChannelId: string | null;
}

/** Thrown by the store when something named does not exist; the REST layer turns it into a 404. */
export class UnknownEntityError extends CogsmithError {
  static override readonly code: ErrorCode = 'SIMULATOR_UNKNOWN_ENTITY';
  constructor(
    readonly entity: 'user' | 'guild' | 'channel' | 'role' | 'member' | 'message',
    readonly id: string,
  ) {
    super(`Unknown ${entity} ${id}`);
  }
}

/** All records, with the lookups the REST routes and gateway need. */
export class SimState {
  readonly ids = new SnowflakeGenerator();
  readonly users = new Map<string, UserRecord>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  /** Every message ever created, by id (deleted ones are removed). */
  readonly messages = new Map<string, APIMessage>();
  /** Message ids per channel, oldest first. */
  readonly channelMessages = new Map<string, string[]>();
  /** Guilds made in bulk, as recipes (generated-guilds.ts); `guilds` holds only those built so far. */
  readonly guildBlocks: GuildBlock[] = [];
  #bulkBot: { id: string; name: string } | null = null;
  #builtFromBlocks = 0;

  /** Adds a block of bulk guilds; their records are built on first use. */
  addGuildBlock(block: GuildBlock, bot: { id: string; name: string }): void {
    this.#bulkBot = bot;
    this.guildBlocks.push(block);
  }

  /** Every guild: the ones with records, then the bulk ones not built yet (count only, nothing built). */
  get guildCount(): number {
    return this.guilds.size + this.guildBlocks.reduce((n, b) => n + b.count, 0) - this.#builtFromBlocks;
  }

  /** Guilds `userId` is in: built guilds where it is a member, and every bulk guild not built yet (the bulk bot is in each). */
  guildCountOf(userId: string): number {
    let n = this.guildBlocks.reduce((sum, b) => sum + b.count, 0) - this.#builtFromBlocks;
    for (const guild of this.guilds.values()) if (guild.members.has(userId)) n++;
    return n;
  }

  /** The guild with this id, or undefined; a bulk guild's record is built (and kept) on first use. */
  findGuild(id: string): GuildRecord | undefined {
    const found = this.guilds.get(id);
    if (found) return found;
    const at = locateBulkId(this.guildBlocks, id);
    if (!at || at.increment !== 0) return undefined;
    return this.#build(at.block, at.index);
  }

  /** The channel with this id, or undefined; a bulk guild's channel builds its guild on first use. */
  findChannel(id: string): ChannelRecord | undefined {
    const found = this.channels.get(id);
    if (found) return found;
    const at = locateBulkId(this.guildBlocks, id);
    if (!at || at.increment === 0 || this.guilds.has(blockGuildId(at.block, at.index))) return undefined;
    this.#build(at.block, at.index);
    return this.channels.get(id);
  }

  /**
   * The guilds on one shard (`(id >> 22) % shardCount`), as records: stored ones, then bulk ones built for
   * this use only (not kept) unless built before. Bulk guilds are picked by arithmetic, not by a scan.
   */
  *guildsOnShard(shardId: number, shardCount: number): Generator<GuildRecord> {
    for (const guild of this.guilds.values()) {
      if (locateBulkId(this.guildBlocks, guild.id)) continue; // yielded with its block, below
      if (Number((BigInt(guild.id) >> 22n) % BigInt(shardCount)) === shardId) yield guild;
    }
    const bot = this.#bulkBot;
    if (!bot) return;
    for (const block of this.guildBlocks) {
      for (const index of blockIndexesOnShard(block, shardId, shardCount)) yield this.guilds.get(blockGuildId(block, index)) ?? buildBlockGuild(block, index, bot.id, bot.name);
    }
  }

  /** The ids of the guilds on one shard that `userId` is a member of (bulk guilds: always the bot), without building any. */
  *guildIdsOnShard(shardId: number, shardCount: number, userId: string): Generator<string> {
    for (const guild of this.guilds.values()) {
      if (locateBulkId(this.guildBlocks, guild.id)) continue;
      if (guild.members.has(userId) && Number((BigInt(guild.id) >> 22n) % BigInt(shardCount)) === shardId) yield guild.id;
    }
    for (const block of this.guildBlocks) {
      for (const index of blockIndexesOnShard(block, shardId, shardCount)) {
        const id = blockGuildId(block, index);
        const built = this.guilds.get(id);
        if (!built || built.members.has(userId)) yield id;
      }
    }
  }

  #build(block: GuildBlock, index: number): GuildRecord {
    const guild = buildBlockGuild(block, index, this.#bulkBot!.id, this.#bulkBot!.name);
    this.guilds.set(guild.id, guild);
    for (const channel of guild.channels.values()) this.channels.set(channel.id, channel);
    this.#builtFromBlocks++;
    return guild;
  }

  user(id: string): UserRecord {
    const user = this.users.get(id);
    if (!user) throw new UnknownEntityError('user', id);
    return user;
  }

  guild(id: string): GuildRecord {
    const guild = this.findGuild(id);
    if (!guild) throw new UnknownEntityError('guild', id);
    return guild;
  }

  channel(id: string): ChannelRecord {
    const channel = this.findChannel(id);
    if (!channel) throw new UnknownEntityError('channel', id);
    return channel;
  }

  member(guildId: string, userId: string): MemberRecord {
    const member = this.guild(guildId).members.get(userId);
    if (!member) throw new UnknownEntityError('member', userId);
    return member;
  }

  message(channelId: string, messageId: string): APIMessage {
    const message = this.messages.get(messageId);
    if (!message || message.channel_id !== channelId) throw new UnknownEntityError('message', messageId);
    return message;
  }

  /** Creates a user. */
  addUser(input: { username: string; globalName?: string | null; bot?: boolean; id?: string }): UserRecord {
    const user: UserRecord = {
      id: input.id ?? this.ids.next(),
      username: input.username,
      globalName: input.globalName ?? null,
      bot: input.bot ?? false,
      avatar: null,
    };
    if (this.users.has(user.id)) throw new Error(`A user with id ${user.id} already exists in the simulator`);
    this.users.set(user.id, user);
    return user;
  }

  /** Stores a message and indexes it under its channel. */
  addMessage(message: APIMessage): void {
    this.messages.set(message.id, message);
    const list = this.channelMessages.get(message.channel_id) ?? [];
    list.push(message.id);
    this.channelMessages.set(message.channel_id, list);
    const channel = this.channels.get(message.channel_id);
    if (channel) channel.lastMessageId = message.id;
  }

  /** Removes a message. */
  deleteMessage(message: APIMessage): void {
    this.messages.delete(message.id);
    const list = this.channelMessages.get(message.channel_id);
    if (list) list.splice(list.indexOf(message.id), 1);
  }

  /** Messages in a channel, oldest first. */
  messagesIn(channelId: string): APIMessage[] {
    return (this.channelMessages.get(channelId) ?? []).map((id) => this.messages.get(id)!).filter(Boolean);
  }

  /** The permission view of a guild. */
  permissionGuild(guild: GuildRecord): PermissionGuild {
    const rolePermissions = new Map<string, bigint>();
    for (const role of guild.roles.values()) rolePermissions.set(role.id, role.permissions);
    return { id: guild.id, ownerId: guild.ownerId, rolePermissions };
  }

  /** A user's permissions in a channel (all for DMs, as nothing restricts them there). */
  permissionsIn(channel: ChannelRecord, userId: string): bigint {
    if (!channel.guildId) return DM_PERMISSIONS;
    const guild = this.guild(channel.guildId);
    const member = guild.members.get(userId);
    if (!member) return 0n;
    return channelPermissions(this.permissionGuild(guild), userId, member.roles, this.effectiveOverwrites(channel));
  }

  /** A member's guild-wide permissions. */
  guildPermissions(guild: GuildRecord, userId: string): bigint {
    const member = guild.members.get(userId);
    if (!member) return 0n;
    return basePermissions(this.permissionGuild(guild), userId, member.roles);
  }

  /** Threads use their parent's overwrites. */
  effectiveOverwrites(channel: ChannelRecord): PermissionOverwrite[] {
    if (isThread(channel.type) && channel.parentId) return this.channels.get(channel.parentId)?.overwrites ?? [];
    return channel.overwrites;
  }

  /** The DM channel between the bot and a user, created on first use. */
  dmChannel(userId: string): ChannelRecord {
    this.user(userId);
    for (const channel of this.channels.values()) if (channel.type === ChannelType.DM && channel.recipientId === userId) return channel;
    const channel: ChannelRecord = {
      id: this.ids.next(),
      guildId: null,
      type: ChannelType.DM,
      name: '',
      position: 0,
      parentId: null,
      topic: null,
      nsfw: false,
      overwrites: [],
      lastMessageId: null,
      recipientId: userId,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }
}

const DM_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.UseExternalEmojis;

/** Whether a channel type is a thread. */
export function isThread(type: ChannelType): boolean {
  return type === ChannelType.PublicThread || type === ChannelType.PrivateThread || type === ChannelType.AnnouncementThread;
}

/** Whether a channel type carries messages. */
export function isTextBased(type: ChannelType): boolean {
  return (
    type === ChannelType.GuildText ||
    type === ChannelType.GuildAnnouncement ||
    type === ChannelType.DM ||
    type === ChannelType.GuildVoice ||
    isThread(type)
  );
}

