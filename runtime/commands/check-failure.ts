/**
 * Failures that stop a command before its handler runs, other than bad input: a check that said no,
 * and a command an owner or admin turned off. Like Red, a check answers only when it has something to
 * tell the user (a message); a plain failed check stays silent so bots do not argue with everyone.
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import type { CheckStepName, Refusal } from './pipeline/steps.js';

/** A check refused the invocation. With a message the user is told it; without one the bot stays silent. */
export class CheckFailure extends CogsmithError {
  static override readonly code: ErrorCode = 'CHECK_FAILURE';
  /** True when nothing is said to the user. */
  readonly silent: boolean;
  /** The pipeline's refusal this failure stands for (absent when a check threw it itself). */
  readonly refusal?: Refusal;

  constructor(message?: string, options?: { cause?: unknown; refusal?: Refusal }) {
    super(message ?? 'A check failed.', options);
    this.silent = message === undefined;
    if (options?.refusal) this.refusal = options.refusal;
  }
}

/** Red's answer to a disabled command (its default `disabledmsg`). */
export const DISABLED_MESSAGE = 'That command is disabled.';

/** The command, or a group above it, is disabled here. */
export class DisabledCommandError extends CheckFailure {
  static override readonly code: ErrorCode = 'COMMAND_DISABLED';
  constructor(
    readonly path: readonly string[],
    refusal?: Refusal,
  ) {
    super(DISABLED_MESSAGE, { refusal });
  }
}

/** The failure the dispatcher's error boundary answers for a refusal of the pipeline. */
export function failureOf(refused: Refusal, command: { path: readonly string[] }): CheckFailure {
  if (refused.identifier === 'commandDisabled') return new DisabledCommandError(command.path, refused);
  return new CheckFailure(refused.message ?? undefined, { refusal: refused });
}

/** A step of the pipeline threw something other than a refusal: it could not be evaluated (the cause says why). */
export class CheckStepError extends CogsmithError {
  static override readonly code: ErrorCode = 'CHECK_STEP';
  constructor(
    readonly step: CheckStepName,
    path: readonly string[],
    cause: unknown,
  ) {
    super(`The ${step} check of \`${path.join(' ')}\` could not be evaluated: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}
