/**
 * Discord permissions as the checks need them: what a member or the bot holds in the invocation's
 * channel, and the names users see ("Manage Server", not `ManageGuild`) in refusals.
 */
import { PermissionFlagsBits, type GuildMember, type PermissionsBitField, type TextBasedChannel } from 'discord.js';

/** Names Discord's own interface uses where they differ from the split flag name. */
const LABELS: Record<string, string> = {
  ManageGuild: 'Manage Server',
  ViewChannel: 'View Channels',
  ModerateMembers: 'Timeout Members',
  ManageEmojisAndStickers: 'Manage Expressions',
  ManageGuildExpressions: 'Manage Expressions',
  SendTTSMessages: 'Send Text-to-Speech Messages',
  UseVAD: 'Use Voice Activity',
  ViewGuildInsights: 'View Server Insights',
};

/** The name a user sees for a `PermissionFlagsBits` key, e.g. `ManageGuild` → `Manage Server`. */
export function permissionLabel(name: string): string {
  return LABELS[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2');
}

/** "A", "A and B", "A, B and C". */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** `member`'s permissions in `channel` (a guild channel), else their server-wide permissions. */
export function permissionsHere(member: GuildMember, channel: TextBasedChannel | null): Readonly<PermissionsBitField> {
  if (channel && 'permissionsFor' in channel && typeof channel.permissionsFor === 'function' && !channel.isDMBased()) {
    const inChannel = channel.permissionsFor(member);
    if (inChannel) return inChannel;
  }
  return member.permissions;
}

/** The names in `wanted` that `member` lacks in `channel` (empty when they hold all of them). */
export function missingPermissions(member: GuildMember, channel: TextBasedChannel | null, wanted: readonly string[]): string[] {
  const held = permissionsHere(member, channel);
  return wanted.filter((name) => {
    const bit = (PermissionFlagsBits as Record<string, bigint>)[name];
    if (bit === undefined) throw new Error(`Unknown Discord permission \`${name}\` (expected a PermissionFlagsBits name).`);
    return !held.has(bit);
  });
}
