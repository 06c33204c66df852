/**
 * Waiting for something the bot does: a check runs now and after every simulator event; the wait ends with
 * the first non-undefined result, or rejects after `timeoutMs` with a message built at that moment (so it
 * can list what the bot did send instead).
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import type { SimEvents, SimEventsMap } from './core.js';

/** Thrown when a wait runs out; `message` says what was awaited and what happened instead. */
export class SimulatorTimeoutError extends CogsmithError {
  static override readonly code: ErrorCode = 'SIMULATOR_TIMEOUT';
}

/** Resolves with the first defined result of `check`, re-run on the given events. */
export function waitUntil<T>(
  events: SimEvents,
  on: readonly (keyof SimEventsMap)[],
  check: () => T | undefined,
  timeoutMs: number,
  describe: () => string,
): Promise<T> {
  const first = check();
  if (first !== undefined) return Promise.resolve(first);
  return new Promise<T>((resolve, reject) => {
    const listener = () => {
      let result: T | undefined;
      try {
        result = check();
      } catch (error) {
        cleanup();
        reject(error);
        return;
      }
      if (result !== undefined) {
        cleanup();
        resolve(result);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new SimulatorTimeoutError(`Timed out after ${timeoutMs} ms: ${describe()}`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      for (const name of on) events.off(name, listener);
    };
    for (const name of on) events.on(name, listener);
  });
}
