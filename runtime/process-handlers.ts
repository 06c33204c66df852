/**
 * Process-level safety net for a CLI that runs a bot: an unhandled rejection is logged (through the
 * logger, so secrets are redacted) and the bot keeps running. Uncaught exceptions are left to crash the
 * process, since its state is unknown after one. Library code never installs this; only an entry point does.
 */
import type { Logger } from './logging.js';

/** Logs unhandled rejections and process warnings; returns a function that removes the handlers. */
export function logProcessFailures(logger: Logger): () => void {
  const onRejection = (reason: unknown) => logger.error('Unhandled promise rejection', { error: reason });
  const onWarning = (warning: Error) => logger.warn(`Process warning: ${warning.message}`);
  process.on('unhandledRejection', onRejection);
  process.on('warning', onWarning);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('warning', onWarning);
  };
}
