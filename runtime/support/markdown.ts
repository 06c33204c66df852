/**
 * Putting text that users control (names, prefixes, what they typed) into the bot's Markdown answers, so it
 * reads as itself: `plain` for running text, `inlineCode` inside a code span. Replies mention nobody anyway;
 * these keep a name like `**x**`, `# x`, `[x](url)` or `<@123>` from changing how an answer looks.
 */
import { escapeMarkdown } from 'discord.js';

/** Text shown as written in Markdown: every formatting character escaped, on one line, at most `max` characters. */
export function plain(text: string, max = 100): string {
  const oneLine = text.replace(/\s+/g, ' ').trim().slice(0, max);
  const escaped = escapeMarkdown(oneLine, { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
  // A `<` could start a mention, channel, emoji or timestamp (`<@123>`, `<t:1:R>`): escaped, it shows as typed.
  return escaped.replace(/</g, '\\<');
}

/**
 * Text inside a code span: backticks become `'`, whitespace one space, at most `max` characters (a longer
 * text ends with `…`); never empty.
 */
export function inlineCode(text: string, max = 100): string {
  const clean = text.replace(/`/g, "'").replace(/\s+/g, ' ').trim();
  const inner = clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
  return `\`${inner.length > 0 ? inner : ' '}\``;
}
