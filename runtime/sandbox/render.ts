/**
 * How the sandbox chat shows what happens in its guild: one header line per message (channel, author,
 * what it answers, whether only one person sees it), the content with mentions shown as names, and embeds,
 * attachments and buttons indented below. Pure: a message and the directory in, lines of text out.
 */
import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { MessageFlags } from 'discord-api-types/v10';
import { channelLabel, memberName, mentionsToNames, type Directory } from './directory.js';

/** Who is looking: their id makes "your message" and "only you can see this" read right. */
export interface RenderView {
  directory: Directory;
  /** The person at the keyboard (the member they speak as). */
  viewerId: string;
}

export interface RenderOptions {
  /** The message was edited (shown as `(edited)`). */
  edited?: boolean;
}

const INDENT = '    ';

/** The lines that show one message. */
export function renderMessage(message: APIMessage, view: RenderView, options: RenderOptions = {}): string[] {
  const { directory } = view;
  const who = (id: string) => (id === view.viewerId ? 'you' : memberName(directory, id));
  const notes: string[] = [];
  // The simulator names the command in interaction_metadata; Discord's older `interaction` field does too.
  const withInteraction = message as { interaction_metadata?: { name?: string; user?: { id: string } }; interaction?: { name?: string; user?: { id: string } } };
  const metadata = withInteraction.interaction_metadata?.name ? withInteraction.interaction_metadata : (withInteraction.interaction ?? withInteraction.interaction_metadata);
  if (metadata?.name) notes.push(`/${metadata.name}${metadata.user ? ` by ${who(metadata.user.id)}` : ''}`);
  else if (message.referenced_message) notes.push(`reply to ${who(message.referenced_message.author.id)}`);
  const flags = message.flags ?? 0;
  if (flags & MessageFlags.Ephemeral) notes.push(`only ${metadata?.user ? who(metadata.user.id) : 'the invoker'} can see this`);
  if (options.edited) notes.push('edited');
  const known = directory.members.some((m) => m.id === message.author.id);
  const author = known ? memberName(directory, message.author.id) : (message.author.global_name ?? message.author.username);
  const header = `[${channelLabel(directory, message.channel_id)}] ${author}${notes.length ? ` (${notes.join(', ')})` : ''}:`;

  if (flags & MessageFlags.Loading) return [`${header} … is thinking`];
  const content = mentionsToNames(directory, message.content ?? '');
  const contentLines = content === '' ? [] : content.split('\n');
  const massMention = /@(everyone|here)\b/.test(content) && !message.mention_everyone;
  if (massMention && contentLines.length > 0) contentLines[contentLines.length - 1] += '   (pings nobody)';
  const lines = contentLines.length > 0 ? [`${header} ${contentLines[0]}`, ...contentLines.slice(1).map((l) => INDENT + l)] : [header];
  for (const embed of message.embeds ?? []) lines.push(...renderEmbed(embed, directory));
  for (const file of message.attachments ?? []) lines.push(`${INDENT}📎 ${file.filename} (${file.size} bytes)`);
  const buttons = buttonLabels(message.components);
  if (buttons.length > 0) lines.push(INDENT + buttons.map((b) => `[ ${b} ]`).join(' '));
  return lines;
}

/** An embed as an indented block: author, title (and link), description, fields, footer. */
export function renderEmbed(embed: APIEmbed, directory: Directory): string[] {
  const bar = `${INDENT}┃ `;
  const text = (s: string) => mentionsToNames(directory, s).split('\n');
  const lines: string[] = [];
  if (embed.author?.name) lines.push(embed.author.name);
  if (embed.title) lines.push(embed.url ? `${embed.title} <${embed.url}>` : embed.title);
  if (embed.description) lines.push(...text(embed.description));
  for (const field of embed.fields ?? []) {
    const value = text(field.value);
    lines.push(`${field.name}: ${value[0] ?? ''}`, ...value.slice(1).map((l) => `  ${l}`));
  }
  if (embed.image?.url) lines.push(`(image ${embed.image.url})`);
  if (embed.footer?.text) lines.push(`— ${embed.footer.text}`);
  if (lines.length === 0) lines.push('(empty embed)');
  return lines.map((l) => bar + l);
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

function buttonLabels(components: APIMessage['components']): string[] {
  const labels: string[] = [];
  const walk = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const c = node as { type?: number; label?: string; emoji?: { name?: string }; components?: unknown[]; placeholder?: string };
    if (c.type === 2) labels.push(c.label ?? c.emoji?.name ?? 'button');
    else if (c.type !== undefined && c.type >= 3 && c.type <= 8 && c.type !== 4) labels.push(`${c.placeholder ?? 'choose'} ▾`);
    for (const child of c.components ?? []) walk(child);
  };
  for (const component of components ?? []) walk(component);
  return labels;
}
