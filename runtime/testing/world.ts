/**
 * Building the simulated world: guilds with channels and roles, users and members, overwrites and role
 * permissions. Changes made after clients connected are announced over the gateway as Discord would
 * (GUILD_CREATE, GUILD_MEMBER_ADD / UPDATE, CHANNEL_UPDATE, GUILD_ROLE_UPDATE), gated by intents.
 */
import { ChannelType, GatewayIntentBits, PermissionFlagsBits } from 'discord.js';
import type { SimCore } from './core.js';
import type { ChannelHandle, GuildHandle, MemberHandle, RoleHandle, UserHandle, UserRef } from './handles.js';
import { userId as refUserId } from './handles.js';
import { apiChannel, apiGuildCreate, apiMember, apiRole } from './payloads.js';
import { DEFAULT_EVERYONE_PERMISSIONS } from './permissions.js';
import { blockGuildId, checkBlockShape, type GenerateGuildsOptions } from './generated-guilds.js';
import { shardForGuild } from './snowflake.js';
import type { ChannelRecord, GuildRecord, MemberRecord, RoleRecord } from './state.js';

/** Permissions as bits or as names of PermissionFlagsBits (e.g. `['SendMessages', 'AddReactions']`). */
export type PermissionsInput = bigint | readonly (keyof typeof PermissionFlagsBits)[];

/** A channel overwrite: for a role (by name, handle or `'@everyone'`), a member, or the bot. */
export type OverwriteInput = ({ role: string | RoleHandle } | { member: UserRef } | { bot: true }) & { allow?: PermissionsInput; deny?: PermissionsInput };

export interface ChannelInput {
  name: string;
  /** Discord channel type (default GuildText). */
  type?: ChannelType;
  topic?: string;
  nsfw?: boolean;
  /** Name of a category channel declared earlier in the same list. */
  parent?: string;
  overwrites?: OverwriteInput[];
}

export interface RoleInput {
  name: string;
  permissions?: PermissionsInput;
  mentionable?: boolean;
  hoist?: boolean;
  color?: number;
}

export interface GuildInput {
  name?: string;
  /** Explicit id; else a fresh snowflake (on `shard` when given). */
  id?: string;
  /** Place the guild on this shard under the simulator's shard count. */
  shard?: number;
  /** Channels (default: one text channel `general`). */
  channels?: ChannelInput[];
  /** Roles besides @everyone, lowest first. */
  roles?: RoleInput[];
  /** @everyone's permissions (default: DEFAULT_EVERYONE_PERMISSIONS, which lacks MENTION_EVERYONE). */
  everyonePermissions?: PermissionsInput;
  /** Permissions of the bot's own managed role (default none beyond @everyone). */
  botPermissions?: PermissionsInput;
  /** Extra roles (by name) given to the bot. */
  botRoles?: string[];
  /** The owner (default: a new user `owner` who joins the guild). */
  owner?: UserRef;
}

export interface MemberInput {
  username: string;
  globalName?: string;
  nick?: string;
  bot?: boolean;
  /** Role names or handles. */
  roles?: (string | RoleHandle)[];
  /** An existing user to add instead of creating one. */
  user?: UserRef;
}

/** Turns a PermissionsInput into bits; unknown names are an error that lists the bad name. */
export function toBits(input: PermissionsInput | undefined, fallback = 0n): bigint {
  if (input === undefined) return fallback;
  if (typeof input === 'bigint') return input;
  return input.reduce((acc, name) => {
    const bit = PermissionFlagsBits[name];
    if (bit === undefined) throw new Error(`Unknown permission "${String(name)}"; use names of PermissionFlagsBits such as "SendMessages"`);
    return acc | bit;
  }, 0n);
}

/** What `generateGuilds` made: how many, and the id of any of them (guild `i` of the block). */
export interface GeneratedGuilds {
  count: number;
  idAt(index: number): string;
  /** A handle for guild `index` (builds its records, as a member acting there would). */
  guild(index: number): GuildHandle;
  /** The pool of member users, shared by every guild of the block (the first owns them all). */
  members: UserHandle[];
}

/** Creates and changes guilds, members and permissions. */
export class World {
  constructor(
    private readonly core: SimCore,
    private readonly shardCount: () => number,
  ) {}

  /** Creates a guild the bot is in; announced to the owning shard if clients are connected. */
  createGuild(input: GuildInput = {}): GuildHandle {
    const { state, botUserId } = this.core;
    const id = input.id ?? (input.shard !== undefined ? state.ids.nextOnShard(input.shard, this.shardCount()) : state.ids.next());
    if (state.findGuild(id)) throw new Error(`createGuild: a guild with id ${id} already exists`);
    const ownerId = input.owner ? refUserId(input.owner) : state.addUser({ username: 'owner' }).id;
    const guild: GuildRecord = { id, name: input.name ?? 'Test Guild', ownerId, roles: new Map(), channels: new Map(), members: new Map(), systemChannelId: null };
    const addRole = (r: Omit<RoleRecord, 'guildId' | 'position'> & { position?: number }) => {
      const role: RoleRecord = { ...r, guildId: id, position: r.position ?? guild.roles.size };
      guild.roles.set(role.id, role);
      return role;
    };
    addRole({ id, name: '@everyone', permissions: toBits(input.everyonePermissions, DEFAULT_EVERYONE_PERMISSIONS), color: 0, hoist: false, mentionable: false, managed: false, position: 0 });
    for (const r of input.roles ?? []) {
      addRole({ id: state.ids.next(), name: r.name, permissions: toBits(r.permissions), color: r.color ?? 0, hoist: r.hoist ?? false, mentionable: r.mentionable ?? false, managed: false });
    }
    const botName = state.user(botUserId).username;
    const botRole = addRole({ id: state.ids.next(), name: botName, permissions: toBits(input.botPermissions), color: 0, hoist: false, mentionable: false, managed: true });
    this.core.state.guilds.set(id, guild);
    const roleByName = (name: string) => {
      if (name === '@everyone') return guild.roles.get(id)!;
      const role = [...guild.roles.values()].find((r) => r.name === name);
      if (!role) throw new Error(`createGuild: no role named "${name}" (roles: ${[...guild.roles.values()].map((r) => r.name).join(', ')})`);
      return role;
    };
    const joinedAt = new Date().toISOString();
    const join = (userId: string, roles: string[]) => guild.members.set(userId, { guildId: id, userId, roles, nick: null, joinedAt });
    join(botUserId, [botRole.id, ...(input.botRoles ?? []).map((n) => roleByName(n).id)]);
    if (!guild.members.has(ownerId)) {
      state.user(ownerId);
      join(ownerId, []);
    }
    const channels = input.channels ?? [{ name: 'general' }];
    if (channels.length === 0) throw new Error('createGuild: a guild needs at least one channel');
    channels.forEach((c, position) => {
      const parent = c.parent ? [...guild.channels.values()].find((p) => p.name === c.parent && p.type === ChannelType.GuildCategory) : undefined;
      if (c.parent && !parent) throw new Error(`createGuild: channel "${c.name}" names parent "${c.parent}", which is not a category declared before it`);
      const channel: ChannelRecord = {
        id: state.ids.next(),
        guildId: id,
        type: c.type ?? ChannelType.GuildText,
        name: c.name,
        position,
        parentId: parent?.id ?? null,
        topic: c.topic ?? null,
        nsfw: c.nsfw ?? false,
        overwrites: [],
        lastMessageId: null,
        recipientId: null,
      };
      channel.overwrites = (c.overwrites ?? []).map((o) => {
        const allow = toBits(o.allow);
        const deny = toBits(o.deny);
        if ('role' in o) return { id: typeof o.role === 'string' ? roleByName(o.role).id : o.role.id, type: 0 as const, allow, deny };
        if ('member' in o) return { id: refUserId(o.member), type: 1 as const, allow, deny };
        return { id: botUserId, type: 1 as const, allow, deny };
      });
      guild.channels.set(channel.id, channel);
      state.channels.set(channel.id, channel);
    });
    guild.systemChannelId = [...guild.channels.values()].find((c) => c.type === ChannelType.GuildText)?.id ?? null;
    this.core.gateway.dispatch('GUILD_CREATE', id, (s) => (s.has(GatewayIntentBits.Guilds) ? apiGuildCreate(guild, state, botUserId, s.has(GatewayIntentBits.GuildMembers)) : null));
    return this.guildHandle(guild);
  }

  /** Adds a block of bulk guilds (generated-guilds.ts): a recipe, built guild by guild on use. */
  generateGuilds(count: number, options: GenerateGuildsOptions): GeneratedGuilds {
    const { state, botUserId } = this.core;
    const shape = checkBlockShape(count, options);
    const last = state.guildBlocks.at(-1);
    const startMs = Math.max(Date.now(), last ? last.startMs + last.count : 0);
    const block = state.guildBlocks.length;
    const members = Array.from({ length: shape.members }, (_, i) => this.createUser({ username: i === 0 ? `bulk${block}-owner` : `bulk${block}-member-${i}` }));
    const recipe = { startMs, count, channels: shape.channels, roles: shape.roles, name: options.name ?? 'Guild', memberIds: members.map((m) => m.id), joinedAt: new Date().toISOString() };
    state.addGuildBlock(recipe, { id: botUserId, name: state.user(botUserId).username });
    const idAt = (index: number) => {
      if (!Number.isInteger(index) || index < 0 || index >= count) throw new RangeError(`generateGuilds: there is no guild ${index} in a block of ${count}`);
      return blockGuildId(recipe, index);
    };
    return { count, members, idAt, guild: (index) => this.guildHandle(state.guild(idAt(index))) };
  }

  /** Creates a user who is in no guild (for DMs, or to add to guilds later). */
  createUser(input: { username: string; globalName?: string; bot?: boolean }): UserHandle {
    const user = this.core.state.addUser(input);
    return { kind: 'user', id: user.id, username: user.username };
  }

  /** Adds a member (a new user unless `user` is given) to a guild; dispatches GUILD_MEMBER_ADD. */
  createMember(guild: GuildHandle | string, input: MemberInput): MemberHandle {
    const { state } = this.core;
    const record = state.guild(typeof guild === 'string' ? guild : guild.id);
    const user = input.user ? state.user(refUserId(input.user)) : state.addUser({ username: input.username, globalName: input.globalName, bot: input.bot });
    if (record.members.has(user.id)) throw new Error(`createMember: ${user.username} is already a member of ${record.name}`);
    const member: MemberRecord = { guildId: record.id, userId: user.id, roles: (input.roles ?? []).map((r) => this.#role(record, r).id), nick: input.nick ?? null, joinedAt: new Date().toISOString() };
    record.members.set(user.id, member);
    this.core.gateway.dispatch('GUILD_MEMBER_ADD', record.id, (s) => (s.has(GatewayIntentBits.GuildMembers) ? { ...apiMember(member, state), guild_id: record.id } : null));
    return this.memberHandle(member);
  }

  /** Gives a member roles (names or handles); dispatches GUILD_MEMBER_UPDATE. */
  addRoles(member: MemberHandle, roles: (string | RoleHandle)[]): void {
    const record = this.core.state.member(member.guildId, member.id);
    for (const r of roles) {
      const id = this.#role(this.core.state.guild(member.guildId), r).id;
      if (!record.roles.includes(id)) record.roles.push(id);
    }
    this.#memberUpdated(record);
  }

  /** Takes roles from a member; dispatches GUILD_MEMBER_UPDATE. */
  removeRoles(member: MemberHandle, roles: (string | RoleHandle)[]): void {
    const record = this.core.state.member(member.guildId, member.id);
    const ids = roles.map((r) => this.#role(this.core.state.guild(member.guildId), r).id);
    record.roles = record.roles.filter((id) => !ids.includes(id));
    this.#memberUpdated(record);
  }

  /** Sets (or with no allow/deny, removes) a channel overwrite; dispatches CHANNEL_UPDATE. */
  setOverwrite(channel: ChannelHandle | string, overwrite: OverwriteInput): void {
    const { state, botUserId } = this.core;
    const record = state.channel(typeof channel === 'string' ? channel : channel.id);
    if (!record.guildId) throw new Error('setOverwrite: DM channels have no overwrites');
    const guild = state.guild(record.guildId);
    const [id, type] =
      'role' in overwrite ? [typeof overwrite.role === 'string' ? this.#role(guild, overwrite.role).id : overwrite.role.id, 0 as const] : 'member' in overwrite ? [refUserId(overwrite.member), 1 as const] : [botUserId, 1 as const];
    record.overwrites = record.overwrites.filter((o) => o.id !== id);
    if (overwrite.allow !== undefined || overwrite.deny !== undefined) record.overwrites.push({ id, type, allow: toBits(overwrite.allow), deny: toBits(overwrite.deny) });
    this.core.gateway.dispatch('CHANNEL_UPDATE', guild.id, (s) => (s.has(GatewayIntentBits.Guilds) ? apiChannel(record, state) : null));
  }

  /** Replaces a role's permissions; dispatches GUILD_ROLE_UPDATE. */
  setRolePermissions(guild: GuildHandle | string, role: string | RoleHandle, permissions: PermissionsInput): void {
    const record = this.core.state.guild(typeof guild === 'string' ? guild : guild.id);
    const target = this.#role(record, role);
    target.permissions = toBits(permissions);
    this.core.gateway.dispatch('GUILD_ROLE_UPDATE', record.id, (s) => (s.has(GatewayIntentBits.Guilds) ? { guild_id: record.id, role: apiRole(target) } : null));
  }

  /** A handle for a stored guild. */
  guildHandle(guild: GuildRecord): GuildHandle {
    const channels = [...guild.channels.values()].map((c) => this.channelHandle(c));
    const roles = [...guild.roles.values()].map((r) => roleHandle(r));
    const text = channels.find((c) => c.type === ChannelType.GuildText) ?? channels[0]!;
    return {
      kind: 'guild',
      id: guild.id,
      name: guild.name,
      shardId: shardForGuild(guild.id, this.shardCount()),
      everyone: roles.find((r) => r.id === guild.id)!,
      bot: this.memberHandle(guild.members.get(this.core.botUserId)!),
      general: text,
      channels,
      roles,
      channel: (name) => {
        const found = channels.find((c) => c.name === name.replace(/^#/, ''));
        if (!found) throw new Error(`Guild "${guild.name}" has no channel "${name}" (channels: ${channels.map((c) => c.name).join(', ')})`);
        return found;
      },
      role: (name) => {
        const found = roles.find((r) => r.name === name.replace(/^@(?!everyone)/, ''));
        if (!found) throw new Error(`Guild "${guild.name}" has no role "${name}" (roles: ${roles.map((r) => r.name).join(', ')})`);
        return found;
      },
    };
  }

  /** A handle for a stored channel. */
  channelHandle(channel: ChannelRecord): ChannelHandle {
    return { kind: 'channel', id: channel.id, name: channel.name, guildId: channel.guildId, type: channel.type, mention: `<#${channel.id}>` };
  }

  /** A handle for a stored member. */
  memberHandle(member: MemberRecord): MemberHandle {
    const user = this.core.state.user(member.userId);
    return { kind: 'member', id: user.id, username: user.username, guildId: member.guildId, mention: `<@${user.id}>` };
  }

  #role(guild: GuildRecord, role: string | RoleHandle): RoleRecord {
    if (typeof role !== 'string') return this.core.state.guild(guild.id).roles.get(role.id) ?? fail();
    const found = role === '@everyone' ? guild.roles.get(guild.id) : [...guild.roles.values()].find((r) => r.name === role || r.id === role);
    return found ?? fail();
    function fail(): never {
      throw new Error(`Guild "${guild.name}" has no role ${typeof role === 'string' ? `"${role}"` : role.id} (roles: ${[...guild.roles.values()].map((r) => r.name).join(', ')})`);
    }
  }

  #memberUpdated(member: MemberRecord): void {
    this.core.gateway.dispatch('GUILD_MEMBER_UPDATE', member.guildId, (s) => (s.has(GatewayIntentBits.GuildMembers) ? { ...apiMember(member, this.core.state), guild_id: member.guildId } : null));
  }
}

function roleHandle(role: RoleRecord): RoleHandle {
  return { kind: 'role', id: role.id, name: role.name, guildId: role.guildId, mention: role.id === role.guildId ? '@everyone' : `<@&${role.id}>` };
}
