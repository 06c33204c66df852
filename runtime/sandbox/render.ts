/**
 * How the sandbox chat shows what happens in its guild: one header line per message (channel, author,
 * what it answers, whether only one person sees it), the content with mentions shown as names and Discord
 * timestamps as readable times, and embeds, attachments and numbered buttons and menus (controls.ts)
 * indented below. Pure: a message and the directory in, lines of text out.
 */
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { InteractionType, MessageFlags } from 'discord-api-types/v10';
import { controlsOf, renderControls } from './controls.js';
import { channelLabel, memberName, mentionsToNames, type Directory } from './directory.js';
import { formatTimestamps, type TimestampOptions } from './timestamps.js';

/** Who is looking: their id makes "your message" and "only you can see this" read right. */
export interface RenderView {
  directory: Directory;
  /** The person at the keyboard (the member they speak as). */
  viewerId: string;
  /** The clock, locale and time zone timestamps are shown in (default: now, the system's). */
  time?: TimestampOptions;
}

/** A press or choice of the chat, as a message answering it or updated by it names it. */
export interface RenderCause {
  /** Who acted. */
  userId: string;
  /** What they did, after their name: `pressed ▶ on m1`. */
  action: string;
}

export interface RenderOptions {
  /** The message was edited (shown as `(edited)`). */
  edited?: boolean;
  /** The chat's tag for a message with buttons or menus (`m1`), shown before them. */
  tag?: string;
  /** The press or choice this message answers, or (with `edited`) that updated it. */
  cause?: RenderCause;
}

const INDENT = '    ';

/** The lines that show one message. */
export function renderMessage(message: APIMessage, view: RenderView, options: RenderOptions = {}): string[] {
  const { directory } = view;
  const who = (id: string) => (id === view.viewerId ? 'you' : memberName(directory, id));
  const notes: string[] = [];
  // The simulator names the command in interaction_metadata; Discord's older `interaction` field does too.
  type Metadata = { name?: string; type?: number; user?: { id: string } };
  const withInteraction = message as { interaction_metadata?: Metadata; interaction?: Metadata };
  const metadata = withInteraction.interaction_metadata?.name ? withInteraction.interaction_metadata : (withInteraction.interaction ?? withInteraction.interaction_metadata);
  const cause = options.cause ? `${who(options.cause.userId)} ${options.cause.action}` : undefined;
  if (metadata?.name) notes.push(`/${metadata.name}${metadata.user ? ` by ${who(metadata.user.id)}` : ''}`);
  else if (metadata?.type === InteractionType.MessageComponent && !options.edited) notes.push(cause ?? `${metadata.user ? who(metadata.user.id) : 'someone'} used a button or menu`);
  else if (message.referenced_message) notes.push(`reply to ${who(message.referenced_message.author.id)}`);
  const flags = message.flags ?? 0;
  if (flags & MessageFlags.Ephemeral) notes.push(`only ${metadata?.user ? who(metadata.user.id) : 'the invoker'} can see this`);
  if (options.edited) notes.push(cause ? `updated after ${cause}` : 'edited');
  const known = directory.members.some((m) => m.id === message.author.id);
  const author = known ? memberName(directory, message.author.id) : (message.author.global_name ?? message.author.username);
  const header = `[${channelLabel(directory, message.channel_id)}] ${author}${notes.length ? ` (${notes.join(', ')})` : ''}:`;

  if (flags & MessageFlags.Loading) return [`${header} … is thinking`];
  const content = readable(message.content ?? '', view);
  const contentLines = content === '' ? [] : content.split('\n');
  const massMention = /@(everyone|here)\b/.test(content) && !message.mention_everyone;
  if (massMention && contentLines.length > 0) contentLines[contentLines.length - 1] += '   (pings nobody)';
  const lines = contentLines.length > 0 ? [`${header} ${contentLines[0]}`, ...contentLines.slice(1).map((l) => INDENT + l)] : [header];
  for (const embed of message.embeds ?? []) lines.push(...renderEmbed(embed, view));
  for (const file of message.attachments ?? []) lines.push(`${INDENT}📎 ${file.filename} (${file.size} bytes)`);
  const controls = renderControls(controlsOf(message), options.tag);
  // A tagged message whose controls are gone says so, so `:press` on it is not a surprise.
  if (controls.length === 0 && options.tag) controls.push(`${options.tag}: no buttons or menus any more`);
  lines.push(...controls.map((l) => INDENT + l));
  return lines;
}

/** An embed as an indented block: author, title (and link), description, fields, footer. */
export function renderEmbed(embed: APIEmbed, view: RenderView): string[] {
  const bar = `${INDENT}┃ `;
  const text = (s: string) => readable(s, view).split('\n');
  const lines: string[] = [];
  if (embed.author?.name) lines.push(...text(embed.author.name));
  if (embed.title) lines.push(...text(embed.url ? `${embed.title} <${embed.url}>` : embed.title));
  if (embed.description) lines.push(...text(embed.description));
  for (const field of embed.fields ?? []) {
    const value = text(field.value);
    lines.push(`${readable(field.name, view)}: ${value[0] ?? ''}`, ...value.slice(1).map((l) => `  ${l}`));
  }
  if (embed.image?.url) lines.push(`(image ${embed.image.url})`);
  if (embed.footer?.text) lines.push(...text(`— ${embed.footer.text}`));
  if (lines.length === 0) lines.push('(empty embed)');
  return lines.map((l) => bar + l);
}

/** Text as a person reads it in Discord: mentions as names, timestamps as times (relative ones to now). */
function readable(text: string, view: RenderView): string {
  return formatTimestamps(mentionsToNames(view.directory, text), view.time);
}

/** A reaction the bot (or anyone) added, e.g. `[#general] cogsmith-bot: ✅ (reaction on your message)`. */
export function renderReaction(input: { channelId: string; userId: string; emoji: string; messageAuthorId: string | null }, view: RenderView): string {
  const { directory } = view;
  const whose = input.messageAuthorId === null ? 'a message' : input.messageAuthorId === view.viewerId ? 'your message' : `${memberName(directory, input.messageAuthorId)}'s message`;
  return `[${channelLabel(directory, input.channelId)}] ${memberName(directory, input.userId)}: ${input.emoji} (reaction on ${whose})`;
}

/** How the custom emoji of a reaction route (`name:id`) or a unicode emoji is shown. */
export function emojiLabel(routeEmoji: string): string {
  const decoded = safeDecode(routeEmoji);
  const custom = /^([\w~]+):\d+$/.exec(decoded);
  return custom ? `:${custom[1]}:` : decoded;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
