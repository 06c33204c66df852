/**
 * Failures that stop a command before its handler runs, other than bad input: a check that said no,
 * and a command an owner or admin turned off. Like Red, a check answers only when it has something to
 * tell the user (a message); a plain failed check stays silent so bots do not argue with everyone.
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';

/** A check refused the invocation. With a message the user is told it; without one the bot stays silent. */
export class CheckFailure extends CogsmithError {
  static override readonly code: ErrorCode = 'CHECK_FAILURE';
  /** True when nothing is said to the user. */
  readonly silent: boolean;

  constructor(message?: string, options?: { cause?: unknown }) {
    super(message ?? 'A check failed.', options);
    this.silent = message === undefined;
  }
}

/** Red's answer to a disabled command (its default `disabledmsg`). */
export const DISABLED_MESSAGE = 'That command is disabled.';

/** The command, or a group above it, is disabled here. */
export class DisabledCommandError extends CheckFailure {
  static override readonly code: ErrorCode = 'COMMAND_DISABLED';
  constructor(readonly path: readonly string[]) {
    super(DISABLED_MESSAGE);
  }
}
