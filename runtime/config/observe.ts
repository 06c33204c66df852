/**
 * What Config lets a watcher see (the metrics endpoint, runtime/metrics): how long lock acquisitions
 * waited and locks were held, and how long each driver write took. Observers are process-wide, like the
 * locks and caches they watch; with none registered the cost is one size check.
 */
export interface ConfigObserver {
  /** A Config lock (runtime/config/lock.ts) was granted after waiting `ms` (also across processes). */
  lockWaited?(ms: number): void;
  /** A Config lock was released after being held `ms`. */
  lockHeld?(ms: number): void;
  /** A write reached the driver and returned (or failed) after `ms`. */
  written?(driver: string, ms: number, ok: boolean): void;
}

const observers = new Set<ConfigObserver>();

/** Adds an observer; returns the function that removes it. */
export function observeConfig(observer: ConfigObserver): () => void {
  observers.add(observer);
  return () => void observers.delete(observer);
}

/** True when someone watches (callers skip taking times otherwise). */
export function observed(): boolean {
  return observers.size > 0;
}

export function notifyLockWaited(ms: number): void {
  for (const o of observers) o.lockWaited?.(ms);
}

export function notifyLockHeld(ms: number): void {
  for (const o of observers) o.lockHeld?.(ms);
}

/** Runs a driver write, telling observers how long it took. */
export async function timedWrite<R>(driver: string, run: () => Promise<R>): Promise<R> {
  if (observers.size === 0) return run();
  const started = performance.now();
  let ok = false;
  try {
    const result = await run();
    ok = true;
    return result;
  } finally {
    const ms = performance.now() - started;
    for (const o of observers) o.written?.(driver, ms, ok);
  }
}
