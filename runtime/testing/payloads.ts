/**
 * Turns simulator records into payloads shaped like Discord's (discord-api-types v10), for REST answers and
 * gateway events alike. Fields Discord always sends are always present, with Discord's defaults.
 */
import type {
  APIChannel,
  APIGuild,
  APIGuildMember,
  APIInteractionDataResolvedChannel,
  APIRole,
  APIUser,
  GatewayGuildCreateDispatchData,
} from 'discord.js';
import { ChannelType } from 'discord.js';
import type { ChannelRecord, GuildRecord, MemberRecord, RoleRecord, SimState, UserRecord } from './state.js';

/** A user as Discord shows it. */
export function apiUser(user: UserRecord): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: '0',
    global_name: user.globalName,
    avatar: user.avatar,
    ...(user.bot ? { bot: true } : {}),
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
  } as unknown as APIUser;
}

/** A role as Discord shows it. */
export function apiRole(role: RoleRecord): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: role.color,
    colors: { primary_color: role.color, secondary_color: null, tertiary_color: null },
    hoist: role.hoist,
    icon: null,
    unicode_emoji: null,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.managed,
    mentionable: role.mentionable,
    flags: 0,
  } as unknown as APIRole;
}

/** A channel as Discord shows it (guild channels with overwrites; DMs with their recipient). */
export function apiChannel(channel: ChannelRecord, state: SimState): APIChannel {
  if (channel.type === ChannelType.DM) {
    return {
      id: channel.id,
      type: ChannelType.DM,
      name: null,
      last_message_id: channel.lastMessageId,
      recipients: [apiUser(state.user(channel.recipientId!))],
      flags: 0,
    } as unknown as APIChannel;
  }
  return {
    id: channel.id,
    type: channel.type,
    guild_id: channel.guildId!,
    name: channel.name,
    position: channel.position,
    permission_overwrites: channel.overwrites.map((o) => ({ id: o.id, type: o.type, allow: o.allow.toString(), deny: o.deny.toString() })),
    parent_id: channel.parentId,
    topic: channel.topic,
    nsfw: channel.nsfw,
    last_message_id: channel.lastMessageId,
    rate_limit_per_user: 0,
    flags: 0,
  } as unknown as APIChannel;
}

/** A channel as it appears in `resolved.channels` of an interaction. */
export function apiResolvedChannel(channel: ChannelRecord, permissions: bigint): APIInteractionDataResolvedChannel {
  return {
    id: channel.id,
    type: channel.type,
    name: channel.name,
    permissions: permissions.toString(),
    parent_id: channel.parentId,
  } as APIInteractionDataResolvedChannel;
}

/** A member as Discord shows it; `withUser` false gives the partial form used inside messages and resolved data. */
export function apiMember(member: MemberRecord, state: SimState, withUser = true): APIGuildMember {
  return {
    ...(withUser ? { user: apiUser(state.user(member.userId)) } : {}),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  } as unknown as APIGuildMember;
}

/** A guild as `GET /guilds/:id` shows it. */
export function apiGuild(guild: GuildRecord): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    region: 'us-west',
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    roles: [...guild.roles.values()].sort((a, b) => a.position - b.position).map(apiRole),
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: guild.systemChannelId,
    system_channel_flags: 0,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    safety_alerts_channel_id: null,
    incidents_data: null,
    hub_type: null,
  } as unknown as APIGuild;
}

/**
 * A guild as the GUILD_CREATE dispatch shows it. Decision, as Discord: without the GUILD_MEMBERS intent the
 * member list holds only the bot itself.
 */
export function apiGuildCreate(guild: GuildRecord, state: SimState, botUserId: string, allMembers: boolean): GatewayGuildCreateDispatchData {
  const bot = guild.members.get(botUserId);
  const members = allMembers ? [...guild.members.values()] : bot ? [bot] : [];
  const channels = [...guild.channels.values()];
  return {
    ...apiGuild(guild),
    joined_at: bot?.joinedAt ?? new Date().toISOString(),
    large: guild.members.size > 250,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [],
    members: members.map((m) => apiMember(m, state)),
    // Threads arrive in their own list; guild channels without guild_id, as Discord sends them here.
    channels: channels.filter((c) => !isThreadType(c.type)).map((c) => omitGuildId(apiChannel(c, state))),
    threads: channels.filter((c) => isThreadType(c.type)).map((c) => apiChannel(c, state)),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  } as unknown as GatewayGuildCreateDispatchData;
}

function isThreadType(type: ChannelType): boolean {
  return type === ChannelType.PublicThread || type === ChannelType.PrivateThread || type === ChannelType.AnnouncementThread;
}

function omitGuildId(channel: APIChannel): APIChannel {
  const { guild_id: _omit, ...rest } = channel as APIChannel & { guild_id?: string };
  return rest as APIChannel;
}
