/**
 * Per-path locks. In one process a FIFO mutex; when the driver offers `acquireLock` (postgres advisory
 * locks), the lock is also taken there, so it holds across processes. `lockAll` takes several locks in
 * one global order, so two tasks locking the same set in opposite orders cannot deadlock.
 */
import type { ConfigDriver, Namespace } from '../drivers/types.js';
import { LockTimeoutError, type ConfigLocation } from './errors.js';
import { notifyLockHeld, notifyLockWaited, observed } from './observe.js';
import type { Lock, LockOptions, ReleaseFn } from './typed.js';

interface Waiter {
  grant: () => void;
}

/** The lock for one path. `order` is its place in the global order used by `lockAll`. */
export class PathLock implements Lock {
  private held = false;
  private readonly queue: Waiter[] = [];

  constructor(
    readonly order: string,
    private readonly where: ConfigLocation,
    private readonly namespace: Namespace,
    private readonly driver: () => ConfigDriver | undefined,
  ) {}

  /** Waits for the lock (FIFO); rejects with LockTimeoutError after `timeoutMs`. Returns the release function. */
  async acquire(options: LockOptions = {}): Promise<ReleaseFn> {
    const started = Date.now();
    await this.acquireLocal(options.timeoutMs);
    let remote: (() => Promise<void>) | undefined;
    try {
      const driver = this.driver();
      if (driver?.acquireLock) {
        const left = options.timeoutMs === undefined ? undefined : Math.max(0, options.timeoutMs - (Date.now() - started));
        remote = await driver.acquireLock(this.namespace, this.order, left);
        // The last holder's writes committed before it released the lock; their invalidations may still be
        // on the way to this process's cache. Wait for them, so reads under the lock are not stale.
        await driver.catchUp?.();
      }
    } catch (error) {
      this.releaseLocal();
      throw error;
    }
    let released = false;
    const watched = observed();
    const granted = watched ? Date.now() : 0;
    if (watched) notifyLockWaited(granted - started);
    return async () => {
      if (released) return;
      released = true;
      try {
        if (remote) await remote();
      } finally {
        this.releaseLocal();
        if (watched) notifyLockHeld(Date.now() - granted);
      }
    };
  }

  /**
   * Runs `fn` holding only the in-process part of the lock; `fn` takes the cross-process part itself,
   * through the store (CachedStore.exclusive), so its reads and writes share the lock's connection.
   */
  async runLocal<R>(fn: () => Promise<R>): Promise<R> {
    const watched = observed();
    const started = watched ? Date.now() : 0;
    await this.acquireLocal(undefined);
    const granted = watched ? Date.now() : 0;
    if (watched) notifyLockWaited(granted - started);
    try {
      return await fn();
    } finally {
      this.releaseLocal();
      if (watched) notifyLockHeld(Date.now() - granted);
    }
  }

  /** Runs `fn` holding the lock and releases it however `fn` ends. */
  async runExclusive<R>(fn: () => R | Promise<R>, options?: LockOptions): Promise<R> {
    const release = await this.acquire(options);
    try {
      return await fn();
    } finally {
      await release();
    }
  }

  private acquireLocal(timeoutMs: number | undefined): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        grant: () => {
          if (timer) clearTimeout(timer);
          resolve();
        },
      };
      this.queue.push(waiter);
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          reject(new LockTimeoutError(`Timed out after ${timeoutMs} ms waiting for the lock`, this.where));
        }, timeoutMs);
      }
    });
  }

  private releaseLocal(): void {
    const next = this.queue.shift();
    if (next) next.grant();
    else this.held = false;
  }
}

/** Anything that has a lock: a Value, a Group, or a lock itself. */
export type Lockable = { getLock(): Lock } | Lock;

/** Takes every lock in one global order, runs `fn`, and releases them all however `fn` ends. */
export async function lockAll<R>(targets: readonly Lockable[], fn: () => R | Promise<R>, options?: LockOptions): Promise<R> {
  const locks = new Set<PathLock>();
  for (const target of targets) {
    const getLock = (target as { getLock?: unknown }).getLock;
    const lock = typeof getLock === 'function' ? (target as { getLock(): Lock }).getLock() : (target as Lock);
    if (!(lock instanceof PathLock)) throw new TypeError('Config.lockAll takes Values, Groups or their locks');
    locks.add(lock);
  }
  const ordered = [...locks].sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
  const releases: ReleaseFn[] = [];
  try {
    for (const lock of ordered) releases.push(await lock.acquire(options));
    return await fn();
  } finally {
    for (const release of releases.reverse()) await release();
  }
}
