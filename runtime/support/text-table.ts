/** A fixed-width text table for a code block: columns padded to their widest cell, two spaces apart. */
export function textTable(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...body.map(line)].join('\n');
}

/** What fits in one message with room to spare (Discord allows 2000 characters). */
export const MESSAGE_LIMIT = 1900;

/** Text in a fenced code block. */
export const codeBlock = (text: string): string => `\`\`\`\n${text}\n\`\`\``;

/**
 * A table (textTable's output) as messages of at most `limit` characters, each with `summary` and the header
 * row above its share of the rows (a single row longer than that still gets a page of its own).
 */
export function tablePages(summary: string, table: string, limit = MESSAGE_LIMIT): string[] {
  const [header, ...rows] = table.split('\n');
  const pages: string[] = [];
  let chunk: string[] = [];
  const page = () => `${summary}\n${codeBlock([header!, ...chunk].join('\n'))}`;
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length > 1 && page().length > limit) {
      chunk.pop();
      pages.push(page());
      chunk = [row];
    }
  }
  pages.push(page());
  return pages;
}
