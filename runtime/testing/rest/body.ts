/**
 * Request body parsing for the simulated REST API: JSON, and multipart/form-data as discord.js sends it
 * when files are attached (`payload_json` plus `files[n]` parts).
 */
import type { IncomingMessage } from 'node:http';
import { DiscordApiError, type UploadedFile } from './router.js';

/** Reads the whole request body. */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parses a body by its content type into the JSON value and the uploaded files. */
export function parseBody(raw: Buffer, contentType: string | undefined): { body: unknown; files: UploadedFile[] } {
  if (raw.length === 0) return { body: undefined, files: [] };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) return parseMultipart(raw, contentType!);
  try {
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    throw new DiscordApiError(400, 50109, 'The request body contains invalid JSON.');
  }
}

function parseMultipart(raw: Buffer, contentType: string): { body: unknown; files: UploadedFile[] } {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new DiscordApiError(400, 50035, 'Invalid Form Body: multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const files: UploadedFile[] = [];
  let body: unknown = undefined;
  let start = raw.indexOf(delimiter);
  while (start !== -1) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = raw.subarray(start + delimiter.length + 2, next - 2);
    start = next;
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) continue;
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const content = part.subarray(headerEnd + 4);
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    const field = /name="([^"]*)"/i.exec(disposition)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(disposition)?.[1];
    if (field === 'payload_json') {
      try {
        body = JSON.parse(content.toString('utf8'));
      } catch {
        throw new DiscordApiError(400, 50109, 'The request body contains invalid JSON.');
      }
    } else if (filename !== undefined) {
      const partType = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1] ?? 'application/octet-stream';
      files.push({ field, filename, contentType: partType, size: content.length, data: Buffer.from(content) });
    }
  }
  return { body, files };
}
