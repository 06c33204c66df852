/**
 * Where a process's log records go: the console (JSON lines through pino, or readable colour lines) and,
 * when configured, a log file of JSON lines rotated by size (rotating-file-stream, logrotate's scheme:
 * `bot.log`, then `bot.log.1` newest … `bot.log.<keep>` oldest).
 *
 * JSON lines are pino's: `{"level":30,"time":"2026-…Z","pid":…,"hostname":…,"instance":…,"logger":"cogsmith:bot","msg":"…",…}`
 * (levels 20 debug, 30 info, 40 warn, 50 error; an `error` field is pino's error serialization with its
 * `cause`). Every line is redacted once more just before it is written (pino's `streamWrite` hook), so a
 * secret in a field the record's own redaction could not see (a class instance's property) is caught too.
 *
 * Pretty lines go to stdout (debug, info) and stderr (warn, error), JSON lines all to stdout.
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, sep } from 'node:path';
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import { levelFor, LEVEL_ORDER, type LogLevel } from './levels.js';
import { formatLogRecord, wantsColors } from './pretty.js';
import { redact } from './redact.js';
import { LoggingSettingsError, type LoggingSettings } from './settings.js';
import type { LogRecord } from './types.js';

type Writable = NodeJS.WritableStream & { isTTY?: boolean; hasColors?: () => boolean };

export interface LogStreams {
  /** Default process.stdout (written through a synchronous pino destination on fd 1). */
  stdout?: Writable;
  /** Default process.stderr. */
  stderr?: Writable;
}

/** Fields pino writes itself: a record's extra field of one of these names is written as `_<name>`. */
const RESERVED = new Set(['level', 'time', 'pid', 'hostname', 'instance', 'logger', 'msg']);
const MAX_DEPTH = 4;

/** Extra fields as JSON-ready values: errors through pino's serializer (with `cause`), the rest as is. */
function serializeFields(extra: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!extra) return out;
  const convert = (value: unknown, depth: number): unknown => {
    if (value instanceof Error) return pino.stdSerializers.errWithCause(value);
    if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => convert(v, depth + 1));
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convert(v, depth + 1)]));
  };
  for (const [key, value] of Object.entries(extra)) out[RESERVED.has(key) ? `_${key}` : key] = convert(value, 0);
  return out;
}

const PINO_METHOD: Record<LogLevel, 'debug' | 'info' | 'warn' | 'error'> = { debug: 'debug', info: 'info', warn: 'warn', error: 'error' };

/** The log output of a process, built from its settings. */
export class LogOutput {
  readonly settings: LoggingSettings;
  private readonly json: PinoLogger | null;
  private readonly children = new Map<string, PinoLogger>();
  private readonly levels = new Map<string, LogLevel>();
  private readonly stdout: Writable;
  private readonly stderr: Writable;
  private readonly colors: { stdout: boolean; stderr: boolean };
  private readonly stdoutDestination: (DestinationStream & { flushSync?(): void; end?(): void }) | null;
  private file: RotatingFileStream | null = null;
  private closed = false;

  constructor(settings: LoggingSettings, streams: LogStreams = {}) {
    this.settings = settings;
    this.stdout = streams.stdout ?? process.stdout;
    this.stderr = streams.stderr ?? process.stderr;
    this.colors = { stdout: wantsColors(this.stdout), stderr: wantsColors(this.stderr) };
    const targets: DestinationStream[] = [];
    this.stdoutDestination = null;
    if (settings.format === 'json') {
      // The real stdout through a synchronous destination: nothing is lost when the process exits.
      this.stdoutDestination = this.stdout === process.stdout ? pino.destination({ dest: 1, sync: true }) : null;
      targets.push(this.stdoutDestination ?? (this.stdout as unknown as DestinationStream));
    }
    if (settings.file) {
      this.file = openLogFile(settings.file, this.stderr);
      targets.push(this.file as unknown as DestinationStream);
    }
    this.json = targets.length === 0
      ? null
      : pino(
          {
            level: 'debug',
            base: { pid: process.pid, hostname: hostname(), ...(settings.instance ? { instance: settings.instance } : {}) },
            timestamp: pino.stdTimeFunctions.isoTime,
            hooks: { streamWrite: (line) => redact(line) },
          },
          targets.length === 1 ? targets[0]! : pino.multistream(targets.map((stream) => ({ level: 'debug' as const, stream }))),
        );
  }

  /** The level of the logger `scope` under these settings. */
  levelFor(scope: string): LogLevel {
    let level = this.levels.get(scope);
    if (level === undefined) {
      level = levelFor(this.settings.levels, scope);
      this.levels.set(scope, level);
    }
    return level;
  }

  /** Writes one record (already filtered by level and redacted by the logger). */
  write(record: LogRecord): void {
    if (this.closed) return;
    if (this.settings.format === 'pretty') {
      const error = LEVEL_ORDER[record.level] >= LEVEL_ORDER.warn;
      const lines = formatLogRecord(record, { colors: error ? this.colors.stderr : this.colors.stdout, time: 'milliseconds' });
      (error ? this.stderr : this.stdout).write(redact(lines.join('\n')) + '\n');
    }
    if (this.json) {
      let child = this.children.get(record.scope);
      if (!child) {
        child = this.json.child({ logger: record.scope });
        this.children.set(record.scope, child);
      }
      child[PINO_METHOD[record.level]](serializeFields(record.extra), record.message);
    }
  }

  /** Writes what is buffered and closes the log file; later records are dropped. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdoutDestination?.flushSync?.();
    const file = this.file;
    this.file = null;
    if (file && !file.destroyed) await new Promise<void>((done) => file.end(() => done()));
  }
}

/** Opens the rotating log file; its folder is created. A failure to open names the path. */
function openLogFile(file: NonNullable<LoggingSettings['file']>, stderr: Writable): RotatingFileStream {
  const folder = dirname(file.path);
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new LoggingSettingsError(`logging.file.path: cannot create the folder ${folder} for the log file (${(error as Error).message}).`, { cause: error });
  }
  const stream = createStream(basename(file.path), { path: folder + sep, size: file.maxSize, rotate: file.keep, mode: 0o640 });
  // A file that cannot be written (disk full, permissions) must not take the bot down: say so once.
  let told = false;
  stream.on('error', (error) => {
    if (told) return;
    told = true;
    stderr.write(redact(`The log file ${file.path} cannot be written any more: ${error.message}\n`));
  });
  return stream;
}
