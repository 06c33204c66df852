/**
 * The process-level safety net an entry point installs (library code never does): what reaches Node's own
 * handlers is logged and printed redacted, so a token in an error message that nothing caught — a cog's
 * timer throwing, a promise nobody awaited — is not printed verbatim by Node's default handler.
 *
 * - **Uncaught exception**: logged at error, printed to stderr the way Node prints it (the error as
 *   `util.inspect` shows it, then `Node.js <version>`) but redacted, and the process ends with exit code 1,
 *   as Node's default does — after the log is flushed (at most `flushTimeoutMs`). When something else also
 *   listens for `uncaughtException` (a test runner, the application), Node would not end the process, so
 *   neither does this: it only logs.
 * - **Unhandled rejection**: logged at error, and the process keeps running. Decision: Node's default
 *   would end it, but a bot's stray promise (a reply to a deleted channel nobody awaited) must not take
 *   every guild offline; the command, listener, task and job boundaries catch what handlers throw, so what
 *   arrives here is such a stray.
 * - **Warnings** are logged at warn.
 */
import { inspect } from 'node:util';
import { closeLogging, redact, type Logger } from './logging.js';

export interface ProcessFailureOptions {
  /** Ends the process (default process.exit). */
  exit?: (code: number) => void;
  /** Where the crash report goes (default process.stderr). */
  stderr?: { write(text: string): unknown };
  /** Writes the log out before the process ends (default closeLogging). */
  flush?: () => Promise<void>;
  /** The longest wait for `flush` (default 1000 ms). */
  flushTimeoutMs?: number;
}

/** What Node's default handler prints for an uncaught exception, redacted. */
export function crashReport(error: unknown): string {
  const text = error instanceof Error ? inspect(error, { colors: false }) : `Uncaught ${inspect(error, { colors: false })}`;
  return `${redact(text)}\n\nNode.js ${process.version}\n`;
}

/** Installs the handlers; returns a function that removes them. */
export function logProcessFailures(logger: Logger, options: ProcessFailureOptions = {}): () => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const stderr = options.stderr ?? process.stderr;
  const flush = options.flush ?? closeLogging;
  const flushTimeoutMs = options.flushTimeoutMs ?? 1000;
  let ending = false;

  const onException = (error: unknown) => {
    logger.error('Uncaught exception', { error });
    // Another listener keeps the process alive, as it would without this one.
    if (process.listenerCount('uncaughtException') > 1 || ending) return;
    ending = true;
    process.exitCode = 1; // should the process end on its own while the log is flushed
    stderr.write(crashReport(error));
    let done = false;
    const end = () => {
      if (done) return;
      done = true;
      exit(1);
    };
    setTimeout(end, flushTimeoutMs);
    flush().then(end, end);
  };
  const onRejection = (reason: unknown) => logger.error('Unhandled promise rejection', { error: reason });
  const onWarning = (warning: Error) => logger.warn(`Process warning: ${warning.message}`);
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  process.on('warning', onWarning);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
    process.off('warning', onWarning);
  };
}
