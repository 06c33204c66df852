/**
 * Helpers of the logging tests: a stream that keeps what is written (a real Writable, as pino's
 * destination), and secrets shaped as the bot knows them.
 */
import { Writable } from 'node:stream';

/** A writable that keeps every chunk; `lines()` splits what was written into lines. */
export class Capture extends Writable {
  text = '';
  isTTY = false;

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    done();
  }

  lines(): string[] {
    return this.text.split('\n').filter((line) => line !== '');
  }

  /** Every line parsed as JSON (a line that is not JSON fails the test). */
  json(): Record<string, any>[] {
    return this.lines().map((line) => JSON.parse(line) as Record<string, any>);
  }
}

/** A token shaped as Discord's (what the bot logs in with). */
export const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';
/** A database password with characters JSON and URLs escape. */
export const PASSWORD = 'sw0rd"fish\\@42';
export const DATABASE_URL = `postgres://cogsmith:${encodeURIComponent(PASSWORD)}@db.internal:5432/bot`;

/** Every form in which a secret could leak: as is, JSON-escaped, URL-encoded. */
export function leakedForms(secret: string): string[] {
  return [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)];
}

/** The secrets of `text`: the forms of the token and the password found in it (none, when redacted). */
export function secretsIn(text: string): string[] {
  return [...leakedForms(TOKEN), ...leakedForms(PASSWORD)].filter((form) => text.includes(form));
}
