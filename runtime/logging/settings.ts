/**
 * The logging settings of a process, read in one place: a typed options object (what an instance's
 * `logging:` settings give) with the environment on top.
 *
 * | option | environment | default |
 * |---|---|---|
 * | `level` | `COGSMITH_LOG_LEVEL` (its first entry without `=`) | `info` |
 * | `loggers` (`{ 'cog:economy': 'debug' }`) | `COGSMITH_LOG_LEVEL` (`info,cog:economy=debug`) | none |
 * | `format` (`json`, `pretty`, `auto`) | `COGSMITH_LOG_FORMAT` | `auto`: pretty on a terminal, JSON lines otherwise |
 * | `file.path` | `COGSMITH_LOG_FILE` (`off` or empty: no file) | no file |
 * | `file.maxSize` (`10M`, `500K`, `1G`, `300B`) | `COGSMITH_LOG_FILE_SIZE` | `10M` |
 * | `file.keep` (rotated files kept) | `COGSMITH_LOG_FILE_KEEP` | `5` |
 *
 * Decisions: the environment's per-logger entries are added to (and replace same-named) `loggers`, its
 * bare level replaces `level`. A relative `file.path` is taken from `baseDir` (the instance file's folder;
 * the working directory for the environment variable). The file always gets JSON lines, whatever `format`
 * says of the terminal.
 */
import { isAbsolute, resolve } from 'node:path';
import { CogsmithError } from '../contract/errors.js';
import { LOG_LEVELS, type LogLevel } from './levels.js';

export type LogFormat = 'json' | 'pretty' | 'auto';
export const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty', 'auto'];

export interface LogFileOptions {
  /** The live file; rotated ones are `<path>.1` (newest) … `<path>.<keep>`. */
  path: string;
  /** Rotate when the live file reaches this size: a whole number and B, K, M or G. Default `10M`. */
  maxSize?: string;
  /** How many rotated files are kept beside the live one (logrotate's `rotate`). Default 5. */
  keep?: number;
}

/** What an instance's `logging:` block holds (every key optional). */
export interface LoggingOptions {
  /** The level of every logger no `loggers` entry names. */
  level?: LogLevel;
  /** Levels by logger name: `cog:economy` covers the economy cog's logger and its children. */
  loggers?: Record<string, LogLevel>;
  format?: LogFormat;
  /** A log file with rotation by size; null or absent: none. */
  file?: LogFileOptions | null;
  /** Put into every JSON line as `instance` (the instance's name). */
  instance?: string;
}

export interface LevelRules {
  default: LogLevel;
  /** Logger name (colon-separated segments) → level. */
  loggers: Record<string, LogLevel>;
}

/** Settings with every default applied and the environment read. */
export interface LoggingSettings {
  levels: LevelRules;
  format: 'json' | 'pretty';
  file: Required<LogFileOptions> | null;
  instance?: string;
}

/** A logging setting that is not valid: names the option or environment variable and the value. */
export class LoggingSettingsError extends CogsmithError {
  static override readonly code = 'LOGGING_SETTINGS';
}

export const DEFAULT_FILE_SIZE = '10M';
export const DEFAULT_FILE_KEEP = 5;
const SIZE = /^[1-9]\d*[BKMG]$/;
const LOGGER_NAME = /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)*$/;

type Env = Record<string, string | undefined>;

function level(value: string, where: string): LogLevel {
  const name = value.trim().toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(name)) throw new LoggingSettingsError(`${where}: \`${value}\` is not a level (${LOG_LEVELS.join(', ')}).`);
  return name as LogLevel;
}

function loggerName(value: string, where: string): string {
  const name = value.trim();
  if (!LOGGER_NAME.test(name)) throw new LoggingSettingsError(`${where}: \`${value}\` is not a logger name (words joined by \`:\`, such as \`cog:economy\`).`);
  return name;
}

/** Parses `info,cog:economy=debug,config=warn`: a bare level is the default, `name=level` one logger's. */
export function parseLevelSpec(spec: string, where = 'COGSMITH_LOG_LEVEL'): { default?: LogLevel; loggers: Record<string, LogLevel> } {
  const out: { default?: LogLevel; loggers: Record<string, LogLevel> } = { loggers: {} };
  for (const entry of spec.split(',').map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    if (eq < 0) {
      if (out.default !== undefined) throw new LoggingSettingsError(`${where}: two default levels (\`${out.default}\` and \`${entry}\`); name the logger of one as \`name=level\`.`);
      out.default = level(entry, where);
    } else {
      out.loggers[loggerName(entry.slice(0, eq), where)] = level(entry.slice(eq + 1), `${where} (${entry.slice(0, eq).trim()})`);
    }
  }
  return out;
}

function size(value: string, where: string): string {
  const normalized = value.trim().toUpperCase();
  if (!SIZE.test(normalized)) throw new LoggingSettingsError(`${where}: \`${value}\` is not a size (a whole number then B, K, M or G, such as 10M).`);
  return normalized;
}

function keep(value: unknown, where: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) throw new LoggingSettingsError(`${where}: \`${String(value)}\` is not a whole number of files of at least 1.`);
  return n;
}

export interface ResolveOptions {
  /** Whether stdout is a terminal (decides `auto`); default `process.stdout.isTTY`. */
  isTTY?: boolean;
  /** Where a relative `file.path` is taken from; default the working directory. */
  baseDir?: string;
}

const set = (env: Env, name: string): string | undefined => {
  const value = env[name];
  return value === undefined ? undefined : value.trim();
};

/**
 * The settings of a process: `options` (the instance's), then the environment on top; throws a
 * LoggingSettingsError naming the option or variable at the first invalid value.
 */
export function resolveLoggingSettings(options: LoggingOptions = {}, env: Env = process.env, resolveOptions: ResolveOptions = {}): LoggingSettings {
  const baseDir = resolveOptions.baseDir ?? process.cwd();
  const loggers: Record<string, LogLevel> = {};
  for (const [name, value] of Object.entries(options.loggers ?? {})) loggers[loggerName(name, 'logging.loggers')] = level(value, `logging.loggers.${name}`);
  let defaultLevel = options.level === undefined ? 'info' : level(options.level, 'logging.level');
  const spec = set(env, 'COGSMITH_LOG_LEVEL');
  if (spec) {
    const parsed = parseLevelSpec(spec);
    if (parsed.default) defaultLevel = parsed.default;
    Object.assign(loggers, parsed.loggers);
  }

  let format: LogFormat = options.format ?? 'auto';
  if (!LOG_FORMATS.includes(format)) throw new LoggingSettingsError(`logging.format: \`${String(format)}\` is not a format (${LOG_FORMATS.join(', ')}).`);
  const envFormat = set(env, 'COGSMITH_LOG_FORMAT');
  if (envFormat) {
    if (!LOG_FORMATS.includes(envFormat as LogFormat)) throw new LoggingSettingsError(`COGSMITH_LOG_FORMAT: \`${envFormat}\` is not a format (${LOG_FORMATS.join(', ')}).`);
    format = envFormat as LogFormat;
  }
  const isTTY = resolveOptions.isTTY ?? Boolean(process.stdout.isTTY);

  if (options.file && (typeof options.file.path !== 'string' || options.file.path.trim() === '')) throw new LoggingSettingsError('logging.file.path: a file path is required.');
  let file: Required<LogFileOptions> | null = null;
  const envFile = set(env, 'COGSMITH_LOG_FILE');
  const fromEnv = envFile !== undefined;
  const path = fromEnv ? (envFile === '' || envFile.toLowerCase() === 'off' ? null : envFile) : (options.file?.path ?? null);
  if (path !== null) {
    const envSize = set(env, 'COGSMITH_LOG_FILE_SIZE');
    const envKeep = set(env, 'COGSMITH_LOG_FILE_KEEP');
    file = {
      path: isAbsolute(path) ? path : resolve(fromEnv ? process.cwd() : baseDir, path),
      maxSize: envSize ? size(envSize, 'COGSMITH_LOG_FILE_SIZE') : options.file?.maxSize !== undefined ? size(options.file.maxSize, 'logging.file.maxSize') : DEFAULT_FILE_SIZE,
      keep: envKeep ? keep(envKeep, 'COGSMITH_LOG_FILE_KEEP') : options.file?.keep !== undefined ? keep(options.file.keep, 'logging.file.keep') : DEFAULT_FILE_KEEP,
    };
  }
  return {
    levels: { default: defaultLevel, loggers },
    format: format === 'auto' ? (isTTY ? 'pretty' : 'json') : format,
    file,
    ...(options.instance ? { instance: options.instance } : {}),
  };
}
