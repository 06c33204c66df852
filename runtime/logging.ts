/**
 * A small structured logger. Tokens never reach it: `redact` scrubs anything shaped like a bot token.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, extra?: Record<string, unknown>): void;
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

export interface LogRecord {
  level: LogLevel;
  scope: string;
  message: string;
  extra?: Record<string, unknown>;
  time: Date;
}

export type LogSink = (record: LogRecord) => void;

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Discord bot tokens: base64 user id, a dot, a timestamp part, a dot, an HMAC part.
const TOKEN_PATTERN = /[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6,7}\.[A-Za-z0-9_-]{27,}/g;

/** Replaces every token-shaped substring, and any of the given secrets, with `[redacted]`. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(TOKEN_PATTERN, '[redacted]');
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  return out;
}

const secrets: string[] = [];

/** Registers a secret (the token) so no log line ever prints it. */
export function registerSecret(secret: string | undefined): void {
  if (secret && !secrets.includes(secret)) secrets.push(secret);
}

function formatExtra(extra: Record<string, unknown> | undefined): string {
  if (!extra || Object.keys(extra).length === 0) return '';
  return ' ' + JSON.stringify(extra, (_k, v) => (v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : typeof v === 'bigint' ? v.toString() : v));
}

/** Writes human-readable lines to stderr (warn/error) and stdout (the rest). */
export const consoleSink: LogSink = (record) => {
  const line = `${record.time.toISOString()} ${record.level.toUpperCase().padEnd(5)} [${record.scope}] ${record.message}${formatExtra(record.extra)}`;
  (ORDER[record.level] >= ORDER.warn ? process.stderr : process.stdout).write(redact(line, secrets) + '\n');
};

export interface LoggerOptions {
  level?: LogLevel;
  sink?: LogSink;
}

/** Creates a logger for `scope`; children share the level and sink. */
export function createLogger(scope: string, options: LoggerOptions = {}): Logger {
  const level = options.level ?? ((process.env.COGSMITH_LOG_LEVEL as LogLevel | undefined) ?? 'info');
  const sink = options.sink ?? consoleSink;
  const emit = (lvl: LogLevel, message: string, extra?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    sink({ level: lvl, scope, message: redact(message, secrets), extra, time: new Date() });
  };
  return {
    debug: (m, e) => emit('debug', m, e),
    info: (m, e) => emit('info', m, e),
    warn: (m, e) => emit('warn', m, e),
    error: (m, e) => emit('error', m, e),
    child: (sub) => createLogger(`${scope}:${sub}`, { level, sink }),
  };
}
