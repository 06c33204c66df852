/** Errors of the cog lifecycle: each names the cog and, for a failed phase, the phase. */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';

/**
 * The phases of a cog's life, in order: its code is imported and checked against its spec, its pending
 * config migrations run on the stored data (`migrate`), it is constructed (`setup`), registered (commands and listeners live), `onLoad` runs, then it runs until `onUnload`.
 * On a reload the old version's `handOver` runs before the new one's setup, and the `swap` puts the new
 * version in the old one's place.
 */
export const LIFECYCLE_PHASES = ['import', 'check', 'migrate', 'handOver', 'setup', 'register', 'swap', 'onLoad', 'onUnload'] as const;
export type LifecyclePhase = (typeof LIFECYCLE_PHASES)[number];

/** A cog could not be loaded, reloaded or unloaded; the message names the cog and the cause. */
export class CogLoadError extends CogsmithError {
  static override readonly code: ErrorCode = 'COG_LOAD';
  /** The phase that failed, when one did (absent: the request itself was refused, e.g. an unknown cog). */
  readonly phase?: LifecyclePhase;

  constructor(
    readonly cog: string,
    message: string,
    options?: { cause?: unknown; phase?: LifecyclePhase },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.phase = options?.phase;
  }
}

/** A cog cannot be unloaded while others that depend on it are loaded (unless the unload cascades). */
export class CogDependencyError extends CogsmithError {
  static override readonly code: ErrorCode = 'COG_DEPENDENCY';

  constructor(
    readonly cog: string,
    readonly dependents: readonly string[],
    message: string,
  ) {
    super(message);
  }
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
