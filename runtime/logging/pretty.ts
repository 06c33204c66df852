/**
 * Log records as readable lines, for a terminal: `12:00:01 INFO  [bot] message`, then an error's stack
 * indented, then any other fields as one JSON line. Colours (level, scope, dim time) only when asked —
 * the console output asks when its stream is a terminal that has colours (NO_COLOR, FORCE_COLOR honoured).
 */
import { styleText } from 'node:util';
import type { LogLevel } from './levels.js';
import type { LogRecord } from './types.js';

type Style = Parameters<typeof styleText>[0];
const LEVEL_STYLE: Record<LogLevel, Style> = { debug: 'gray', info: 'green', warn: 'yellow', error: 'red' };

export interface PrettyOptions {
  colors?: boolean;
  /** `seconds` (the sandbox's `12:00:01`) or `milliseconds` (`12:00:01.234`, the console's). */
  time?: 'seconds' | 'milliseconds';
}

/** A log record as one or more lines. */
export function formatLogRecord(record: LogRecord, options: PrettyOptions = {}): string[] {
  const paint = (style: Style, text: string) => (options.colors ? styleText(style, text, { validateStream: false }) : text);
  const time = record.time.toISOString().slice(11, options.time === 'milliseconds' ? 23 : 19);
  const level = record.level.toUpperCase().padEnd(5);
  const lines = [`${paint('dim', time)} ${paint(LEVEL_STYLE[record.level], level)} ${paint('cyan', `[${record.scope}]`)} ${record.message}`];
  const { error, ...rest } = record.extra ?? {};
  if (error instanceof Error) lines.push(...(error.stack ?? `${error.name}: ${error.message}`).split('\n').map((l) => paint('dim', `    ${l.trim()}`)));
  else if (error !== undefined) rest.error = error;
  if (Object.keys(rest).length > 0) lines.push(paint('dim', `    ${JSON.stringify(rest, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`));
  return lines;
}

/** Whether `stream` should get colours: a terminal that has them (it reads NO_COLOR / FORCE_COLOR), or FORCE_COLOR set. */
export function wantsColors(stream: NodeJS.WritableStream & { isTTY?: boolean; hasColors?: () => boolean }, env: Record<string, string | undefined> = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (typeof stream.hasColors === 'function' && stream.isTTY) return stream.hasColors();
  return env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
}
