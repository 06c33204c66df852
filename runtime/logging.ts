/**
 * The runtime's logger: what every part of the runtime and every cog logs through (`Logger`). Records are
 * redacted here (message and fields: the token, database credentials, anything token-shaped; see
 * logging/redact.ts), filtered by the level of their logger, and handed to a sink: the one given to
 * `createLogger`, else the process's output (logging/output.ts: JSON lines or readable colour lines, and a
 * rotated log file), which `configureLogging` sets up from the settings (logging/settings.ts).
 *
 * A logger's level: the `level` given to `createLogger` (its children keep it), else the process's level
 * rules for its name (`cog:economy=debug`; logging/levels.ts). Before `configureLogging` runs, the rules
 * and the output come from the environment (COGSMITH_LOG_LEVEL, COGSMITH_LOG_FORMAT, COGSMITH_LOG_FILE...).
 */
import { LEVEL_ORDER, LOG_LEVELS, levelFor, type LogLevel } from './logging/levels.js';
import { LogOutput, type LogStreams } from './logging/output.js';
import { redact, redactValue, registerSecret } from './logging/redact.js';
import { resolveLoggingSettings, type LoggingSettings } from './logging/settings.js';
import type { Logger, LogRecord, LogSink } from './logging/types.js';

export type { Logger, LogRecord, LogSink };

export { LOG_LEVELS, type LogLevel };
export { redact, redactValue, registerSecret };
export { LogOutput, type LogStreams };
export { resolveLoggingSettings, parseLevelSpec, LoggingSettingsError, type LoggingOptions, type LoggingSettings, type LogFormat, type LogFileOptions } from './logging/settings.js';

let output: LogOutput | undefined;
/** What configureLogging was given: the output is opened again with it after closeLogging. */
let configured: { settings: LoggingSettings; streams?: LogStreams } | undefined;
let fallbackSettings: LoggingSettings | undefined;

/** The environment's settings, for a process that never called configureLogging (a bad value: the defaults, said once). */
function environmentSettings(): LoggingSettings {
  if (!fallbackSettings) {
    try {
      fallbackSettings = resolveLoggingSettings({}, process.env);
    } catch (error) {
      process.stderr.write(`${redact((error as Error).message)} Logging with the defaults.\n`);
      fallbackSettings = resolveLoggingSettings({}, {});
    }
  }
  return fallbackSettings;
}

function currentOutput(): LogOutput {
  return (output ??= new LogOutput(configured?.settings ?? environmentSettings(), configured?.streams));
}

/**
 * Sets up the process's log output (replacing the previous one, whose file is closed). Entry points call
 * it once, early, with `resolveLoggingSettings(instanceOptions, process.env, ...)`.
 */
export function configureLogging(settings: LoggingSettings, streams?: LogStreams): LogOutput {
  const previous = output;
  output = new LogOutput(settings, streams);
  configured = { settings, ...(streams ? { streams } : {}) };
  void previous?.close();
  return output;
}

/** Writes what is buffered and closes the log file (before the process exits); logging afterwards opens the same output again. */
export async function closeLogging(): Promise<void> {
  const current = output;
  output = undefined;
  await current?.close();
}

/** The process's output as a sink (what a logger without its own sink writes to). */
export const processSink: LogSink = (record) => currentOutput().write(record);

export interface LoggerOptions {
  /** A fixed level for this logger and its children; otherwise the process's rules by logger name. */
  level?: LogLevel;
  /** Where records go; otherwise the process's output. */
  sink?: LogSink;
}

/** Creates a logger for `scope`; children (`scope:sub`) share the level and sink given here. */
export function createLogger(scope: string, options: LoggerOptions = {}): Logger {
  let ruled: { output: LogOutput | undefined; level: LogLevel } | undefined;
  const threshold = (): LogLevel => {
    if (options.level) return options.level;
    // The rules of the current output (or the environment's before there is one), re-read when it changes.
    if (!ruled || ruled.output !== output) ruled = { output, level: output ? output.levelFor(scope) : levelFor((configured?.settings ?? environmentSettings()).levels, scope) };
    return ruled.level;
  };
  const emit = (level: LogLevel, message: string, extra?: Record<string, unknown>) => {
    if (LEVEL_ORDER[level] < LEVEL_ORDER[threshold()]) return;
    const record: LogRecord = { level, scope, message: redact(message), time: new Date() };
    if (extra) record.extra = redactValue(extra);
    (options.sink ?? processSink)(record);
  };
  return {
    debug: (m, e) => emit('debug', m, e),
    info: (m, e) => emit('info', m, e),
    warn: (m, e) => emit('warn', m, e),
    error: (m, e) => emit('error', m, e),
    child: (sub) => createLogger(`${scope}:${sub}`, options),
  };
}
