/**
 * The logger's types, apart from its implementation (runtime/logging.ts) so that code declaring what a cog
 * receives (runtime/cogs/module.ts, runtime/context/types.ts) depends on nothing else.
 */
import type { LogLevel } from './levels.js';

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
