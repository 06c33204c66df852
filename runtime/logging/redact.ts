/**
 * Keeps secrets out of everything the bot writes: log lines (JSON, pretty, files), the error log `traceback`
 * reads, and what the process prints when it dies. Three kinds of secret are scrubbed:
 *
 * - anything shaped like a Discord bot token (`TOKEN_PATTERN`), registered or not;
 * - the credentials part of any URL (`postgres://user:secret@host` → `postgres://user:[redacted]@host`);
 * - every value registered with `registerSecret` (the token and the database URL the running bot knows):
 *   the value itself, its JSON-escaped and URL-encoded forms, and for a URL its password (decoded and as
 *   written). Values shorter than `MIN_SECRET_LENGTH` are only caught inside URLs: shorter ones are words
 *   too common to replace everywhere.
 */

export const REDACTED = '[redacted]';

/** Registered values shorter than this are not replaced by value (they still are inside URLs). */
export const MIN_SECRET_LENGTH = 6;

// Discord bot tokens: base64 user id, a dot, a timestamp part, a dot, an HMAC part.
const TOKEN_PATTERN = /[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g;
// scheme://user:password@ — the password is everything up to the last @ before the host.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)([^\s/]*)@/gi;

const registered = new Set<string>();

/** The forms a secret may take in text: as is, JSON-escaped (inside a JSON line), URL-encoded. */
function formsOf(value: string): string[] {
  return [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)];
}

/** What of `value` is secret: a URL's password (decoded and as written), anything else as a whole. */
function secretPartsOf(value: string): string[] {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      if (!url.password) return [];
      return [url.password, decodeURIComponent(url.password)];
    } catch {
      // not a URL after all: the whole value is the secret
    }
  }
  return [value];
}

/**
 * Registers a secret (the token, a database URL) so no log line, error record or crash report prints it.
 * For a URL only its password is secret (the host and user stay readable); a URL without one adds nothing.
 */
export function registerSecret(secret: string | undefined | null): void {
  if (!secret) return;
  for (const part of secretPartsOf(secret.trim())) {
    for (const form of formsOf(part)) if (form.length >= MIN_SECRET_LENGTH) registered.add(form);
  }
}

/** Every value registered so far, longest first (so a secret containing another is replaced whole). */
export function registeredSecrets(): string[] {
  return [...registered].sort((a, b) => b.length - a.length);
}

/**
 * Replaces every token-shaped substring, the password of every URL, every registered secret and every one
 * of `extra` with `[redacted]`.
 */
export function redact(text: string, extra: readonly string[] = []): string {
  let out = text.replace(TOKEN_PATTERN, REDACTED).replace(URL_CREDENTIALS, `$1${REDACTED}@`);
  for (const secret of extra) if (secret.length >= MIN_SECRET_LENGTH && out.includes(secret)) out = out.split(secret).join(REDACTED);
  for (const secret of registeredSecrets()) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

const MAX_DEPTH = 8;

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` with every string redacted: errors (with their own properties, `cause` and an
 * AggregateError's `errors`) become copies on the same prototype, so `instanceof`, `name`, `code` and
 * `message` still work; arrays and plain objects are copied; other objects (class instances) are kept as
 * they are — whatever prints them is redacted again at the output.
 */
export function redactValue<T>(value: T, seen: Map<object, unknown> = new Map(), depth = 0): T {
  if (typeof value === 'string') return redact(value) as T;
  if (value === null || typeof value !== 'object') return value;
  const known = seen.get(value);
  if (known !== undefined) return known as T;
  if (depth >= MAX_DEPTH) return value;
  if (value instanceof Error) return redactError(value, seen, depth) as T;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(redactValue(item, seen, depth + 1));
    return copy as T;
  }
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) copy[key] = redactValue(item, seen, depth + 1);
  return copy as T;
}

function redactError(error: Error, seen: Map<object, unknown>, depth: number): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  seen.set(error, copy);
  for (const key of Reflect.ownKeys(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key)!;
    if ('value' in descriptor) descriptor.value = redactValue(descriptor.value, seen, depth + 1);
    Object.defineProperty(copy, key, descriptor);
  }
  return copy;
}
