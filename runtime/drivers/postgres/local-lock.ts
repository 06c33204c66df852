/**
 * Keyed FIFO mutexes with a timeout: the advisory-lock equivalent for PGlite, which lives in one process.
 */
import type { ReleaseLock } from '../types.js';

interface Waiter {
  grant(): void;
}

export class LocalLocks {
  /** key → waiters queued behind the current holder (an entry exists while the key is held). */
  private readonly held = new Map<string, Waiter[]>();

  /** Takes `key`; rejects with `timeout()` when not granted within `timeoutMs` (undefined waits forever). */
  acquire(key: string, timeoutMs: number | undefined, timeout: () => Error): Promise<ReleaseLock> {
    const release = this.releaser(key);
    const queue = this.held.get(key);
    if (!queue) {
      this.held.set(key, []);
      return Promise.resolve(release);
    }
    if (timeoutMs !== undefined && timeoutMs <= 0) return Promise.reject(timeout());
    return new Promise<ReleaseLock>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        grant: () => {
          if (timer) clearTimeout(timer);
          resolve(release);
        },
      };
      queue.push(waiter);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          const at = queue.indexOf(waiter);
          if (at >= 0) queue.splice(at, 1);
          reject(timeout());
        }, timeoutMs);
      }
    });
  }

  private releaser(key: string): ReleaseLock {
    let done = false;
    return async () => {
      if (done) return;
      done = true;
      const queue = this.held.get(key);
      const next = queue?.shift();
      if (next) next.grant();
      else this.held.delete(key);
    };
  }
}
