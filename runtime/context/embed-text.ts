/**
 * An embed rendered as plain message text, for channels where the bot may not (or should not) send
 * embeds: author, linked title, description, fields as bold name + value, then the footer, in that order.
 */
import type { APIEmbed } from 'discord.js';

/** Discord's message length limit. */
export const MAX_CONTENT = 2000;

/** The embed as readable Markdown text (cut to fit one message, with an ellipsis when cut). */
export function embedToText(embed: APIEmbed, maxLength = MAX_CONTENT): string {
  const blocks: string[] = [];
  if (embed.author?.name) blocks.push(`*${embed.author.name}*`);
  if (embed.title) blocks.push(embed.url ? `**${embed.title}** <${embed.url}>` : `**${embed.title}**`);
  if (embed.description) blocks.push(embed.description);
  for (const field of embed.fields ?? []) blocks.push(`**${field.name}**\n${field.value}`);
  if (embed.image?.url) blocks.push(embed.image.url);
  const footer = [embed.footer?.text, embed.timestamp ? `<t:${Math.floor(Date.parse(embed.timestamp) / 1000)}:f>` : undefined].filter(Boolean).join(' • ');
  if (footer) blocks.push(`-# ${footer}`);
  return clip(blocks.join('\n\n'), maxLength);
}

/** Cuts text to `max` characters, marking the cut. */
export function clip(text: string, max = MAX_CONTENT): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Splits long text into pages of at most `max` characters, at line breaks where possible. */
export function splitPages(text: string, max = 1900): string[] {
  const pages: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    let rest = line;
    // A single line longer than a page is cut hard.
    while (rest.length > max) {
      if (current) pages.push(current), (current = '');
      pages.push(rest.slice(0, max));
      rest = rest.slice(max);
    }
    const joined = current ? `${current}\n${rest}` : rest;
    if (joined.length > max) {
      pages.push(current);
      current = rest;
    } else current = joined;
  }
  if (current.trim()) pages.push(current);
  return pages.length > 0 ? pages : [text];
}
