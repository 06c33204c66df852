/**
 * A help document (a title and blocks of lines) split into pages of a bounded size, each renderable as
 * text or as an embed. Blocks are split at line boundaries; a block continued on the next page keeps its
 * heading. Pure functions.
 */
import type { APIEmbed } from 'discord.js';

/** A part of a help document: an optional heading and its lines. */
export interface HelpBlock {
  heading?: string;
  lines: string[];
}

export interface HelpDocument {
  title: string;
  blocks: HelpBlock[];
}

/** One page, in both forms: the sender picks one. */
export interface HelpPage {
  text: string;
  embed: APIEmbed;
}

/** Bounds of a page's size: below, pages get silly; above, a text page with its headings nears Discord's 2000. */
export const MIN_PAGE_CHARS = 200;
export const MAX_PAGE_CHARS = 1800;
/** Discord allows 1024 characters per embed field. */
const FIELD_CHARS = 1000;

/** Splits `doc` into pages of about `limit` characters of lines each. */
export function paginate(doc: HelpDocument, limit: number, color?: number): HelpPage[] {
  const pageLimit = Math.min(MAX_PAGE_CHARS, Math.max(MIN_PAGE_CHARS, Math.floor(limit)));
  const chunkLimit = Math.min(pageLimit, FIELD_CHARS);
  const pages: HelpBlock[][] = [[]];
  let pageSize = 0;
  for (const block of doc.blocks) {
    let chunk: HelpBlock | undefined;
    let chunkSize = 0;
    for (const raw of block.lines) {
      const line = raw.length > chunkLimit ? raw.slice(0, chunkLimit - 1) + '…' : raw;
      const cost = line.length + 1 + (chunk ? 0 : (block.heading?.length ?? 0) + 2);
      if (pageSize + cost > pageLimit && pageSize > 0) {
        pages.push([]);
        pageSize = 0;
        chunk = undefined;
      }
      if (!chunk || chunkSize + line.length + 1 > chunkLimit) {
        chunk = block.heading === undefined ? { lines: [] } : { heading: block.heading, lines: [] };
        chunkSize = 0;
        pages[pages.length - 1]!.push(chunk);
        pageSize += (block.heading?.length ?? 0) + 2;
      }
      chunk.lines.push(line);
      chunkSize += line.length + 1;
      pageSize += line.length + 1;
    }
  }
  const filled = pages.filter((p) => p.length > 0);
  if (filled.length === 0) filled.push([]);
  return filled.map((blocks, i) => renderPage(doc.title, blocks, filled.length > 1 ? `Page ${i + 1}/${filled.length}` : undefined, color));
}

function renderPage(title: string, blocks: HelpBlock[], footer: string | undefined, color: number | undefined): HelpPage {
  const textParts = [`**${title}**`, ...blocks.map((b) => (b.heading !== undefined ? `__${b.heading}__\n` : '') + b.lines.join('\n'))];
  if (footer) textParts.push(`*${footer}*`);
  const description = blocks.filter((b) => b.heading === undefined).map((b) => b.lines.join('\n')).join('\n\n');
  const embed: APIEmbed = { title };
  if (description) embed.description = description;
  const fields = blocks.filter((b) => b.heading !== undefined).map((b) => ({ name: b.heading!, value: b.lines.join('\n') || '\u200b' }));
  if (fields.length > 0) embed.fields = fields;
  if (footer) embed.footer = { text: footer };
  if (color !== undefined) embed.color = color;
  return { text: textParts.join('\n\n'), embed };
}
