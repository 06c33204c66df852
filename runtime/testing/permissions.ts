/**
 * Discord's permission algorithm, small and exact: base permissions from @everyone plus the member's roles
 * (owner and ADMINISTRATOR get everything), then channel overwrites applied in Discord's order:
 * @everyone overwrite, the union of role overwrites (deny then allow), then the member overwrite.
 * Without VIEW_CHANNEL nothing else in the channel is granted; without SEND_MESSAGES the message-only
 * permissions are dropped, as Discord does.
 */
import { PermissionFlagsBits } from 'discord.js';

export const ALL_PERMISSIONS: bigint = Object.values(PermissionFlagsBits).reduce((acc, bit) => acc | bit, 0n);

/**
 * What a new guild gives @everyone here. Decision: MENTION_EVERYONE is deliberately left out, so a bot
 * cannot ping everyone unless a test grants it; the rest follows Discord's defaults for text use.
 */
export const DEFAULT_EVERYONE_PERMISSIONS: bigint =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.CreateInstantInvite |
  PermissionFlagsBits.ChangeNickname |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.CreatePrivateThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseExternalStickers |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak |
  PermissionFlagsBits.UseVAD;

/** What the permission calculation needs to know about a guild. */
export interface PermissionGuild {
  id: string;
  ownerId: string;
  /** Role id → permission bits; must hold the @everyone role (id = guild id). */
  rolePermissions: ReadonlyMap<string, bigint>;
}

export interface PermissionOverwrite {
  id: string;
  /** 0 = role, 1 = member (Discord's OverwriteType). */
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

/** A member's guild-wide permissions. */
export function basePermissions(guild: PermissionGuild, memberId: string, memberRoles: readonly string[]): bigint {
  if (memberId === guild.ownerId) return ALL_PERMISSIONS;
  let perms = guild.rolePermissions.get(guild.id) ?? 0n;
  for (const roleId of memberRoles) perms |= guild.rolePermissions.get(roleId) ?? 0n;
  if (perms & PermissionFlagsBits.Administrator) return ALL_PERMISSIONS;
  return perms;
}

const MESSAGE_ONLY =
  PermissionFlagsBits.MentionEveryone |
  PermissionFlagsBits.SendTTSMessages |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.EmbedLinks;

/** A member's permissions in a channel with the given overwrites. */
export function channelPermissions(
  guild: PermissionGuild,
  memberId: string,
  memberRoles: readonly string[],
  overwrites: readonly PermissionOverwrite[],
): bigint {
  const base = basePermissions(guild, memberId, memberRoles);
  if (base & PermissionFlagsBits.Administrator || memberId === guild.ownerId) return ALL_PERMISSIONS;
  let perms = base;
  const everyone = overwrites.find((o) => o.type === 0 && o.id === guild.id);
  if (everyone) perms = (perms & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type === 0 && o.id !== guild.id && memberRoles.includes(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  perms = (perms & ~deny) | allow;
  const own = overwrites.find((o) => o.type === 1 && o.id === memberId);
  if (own) perms = (perms & ~own.deny) | own.allow;
  if (!(perms & PermissionFlagsBits.ViewChannel)) return 0n;
  if (!(perms & PermissionFlagsBits.SendMessages)) perms &= ~MESSAGE_ONLY;
  return perms;
}

/** Names of the permissions in `bits` that `has` lacks (for clear error messages). */
export function missingPermissionNames(has: bigint, bits: bigint): string[] {
  return Object.entries(PermissionFlagsBits)
    .filter(([, bit]) => bits & bit && !(has & bit))
    .map(([name]) => name);
}
