/**
 * Channel kinds as a manifest names them, and the Discord channel types each stands for. The generator
 * uses this for slash `channel_types` and for the generated TypeScript type; the text converter for its check.
 */
import { ChannelType } from 'discord.js';
import type { ChannelKind } from '../contract/spec.js';

/** Discord channel types of each kind. */
export const CHANNEL_KIND_TYPES: Record<ChannelKind, ChannelType[]> = {
  text: [ChannelType.GuildText],
  voice: [ChannelType.GuildVoice],
  thread: [ChannelType.PublicThread, ChannelType.PrivateThread, ChannelType.AnnouncementThread],
  category: [ChannelType.GuildCategory],
  forum: [ChannelType.GuildForum],
  announcement: [ChannelType.GuildAnnouncement],
  stage: [ChannelType.GuildStageVoice],
  media: [ChannelType.GuildMedia],
  dm: [ChannelType.DM, ChannelType.GroupDM],
};

/** The discord.js class a handler receives for each kind (names as discord.js exports them). */
export const CHANNEL_KIND_CLASSES: Record<ChannelKind, string> = {
  text: 'TextChannel',
  voice: 'VoiceChannel',
  thread: 'AnyThreadChannel',
  category: 'CategoryChannel',
  forum: 'ForumChannel',
  announcement: 'NewsChannel',
  stage: 'StageChannel',
  media: 'MediaChannel',
  dm: 'DMChannel',
};

export const CHANNEL_KINDS = Object.keys(CHANNEL_KIND_TYPES) as ChannelKind[];

/** The kind of a Discord channel type, or null for types no kind covers. */
export function kindOf(type: ChannelType): ChannelKind | null {
  for (const kind of CHANNEL_KINDS) if (CHANNEL_KIND_TYPES[kind].includes(type)) return kind;
  return null;
}

/** Discord channel types for a list of kinds (slash `channel_types`). */
export function channelTypesOf(kinds: readonly ChannelKind[]): ChannelType[] {
  return [...new Set(kinds.flatMap((k) => CHANNEL_KIND_TYPES[k]))].sort((a, b) => a - b);
}
