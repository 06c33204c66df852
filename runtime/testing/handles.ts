/**
 * The small objects tests hold: a guild with its channels and roles, a member, a channel, a role. They carry
 * ids and names (plus a `kind`, so slash-command options can tell a member from a channel); the simulator's
 * state stays the source of truth.
 */
export interface UserHandle {
  readonly kind: 'user';
  readonly id: string;
  readonly username: string;
}

export interface MemberHandle {
  readonly kind: 'member';
  /** The user id. */
  readonly id: string;
  readonly username: string;
  readonly guildId: string;
  /** `<@id>`, for writing mentions in content. */
  readonly mention: string;
}

export interface ChannelHandle {
  readonly kind: 'channel';
  readonly id: string;
  readonly name: string;
  readonly guildId: string | null;
  readonly type: number;
  /** `<#id>`. */
  readonly mention: string;
}

export interface RoleHandle {
  readonly kind: 'role';
  readonly id: string;
  readonly name: string;
  readonly guildId: string;
  /** `<@&id>` (for @everyone: `@everyone`). */
  readonly mention: string;
}

export interface GuildHandle {
  readonly kind: 'guild';
  readonly id: string;
  readonly name: string;
  /** The shard owning this guild under the simulator's recommended shard count. */
  readonly shardId: number;
  readonly everyone: RoleHandle;
  /** The bot's membership in this guild. */
  readonly bot: MemberHandle;
  /** The first text channel (by default `#general`). */
  readonly general: ChannelHandle;
  readonly channels: readonly ChannelHandle[];
  readonly roles: readonly RoleHandle[];
  /** A channel by name; throws naming the channels that exist if none matches. */
  channel(name: string): ChannelHandle;
  /** A role by name; throws naming the roles that exist if none matches. */
  role(name: string): RoleHandle;
}

/** Anything that identifies a user: a handle or an id. */
export type UserRef = UserHandle | MemberHandle | string;
/** Anything that identifies a channel: a handle or an id. */
export type ChannelRef = ChannelHandle | string;
/** Anything that identifies a role: a handle or an id. */
export type RoleRef = RoleHandle | string;

/** The id of a user reference. */
export function userId(ref: UserRef): string {
  return typeof ref === 'string' ? ref : ref.id;
}

/** The id of a channel reference. */
export function channelId(ref: ChannelRef): string {
  return typeof ref === 'string' ? ref : ref.id;
}

/** The id of a role reference. */
export function roleId(ref: RoleRef): string {
  return typeof ref === 'string' ? ref : ref.id;
}
