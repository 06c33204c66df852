/**
 * Values the runtime derives from Config on every command (the access lists, the permission rules) without
 * reading and copying them each time: each is computed once and reused until the namespace's generation
 * changes (any write through this process's cache, or an invalidation from another process — the same
 * freshness the read cache itself gives). The generation is read before the computation starts, so a
 * write that lands while it runs makes the result stale at once rather than caching an old value.
 *
 * Results are shared between callers: compute frozen (or otherwise immutable) values.
 */
import type { Config } from './config.js';

interface Entry<V> {
  config: Config;
  generation: number;
  value: Promise<V>;
}

export class DerivedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();

  /**
   * `config` returns the Config the values come from (read on each call: the bot hands out a new one after
   * a restart). At most `maxEntries` keys are kept; past that the oldest go first.
   */
  constructor(
    private readonly config: () => Config,
    private readonly maxEntries = 10_000,
  ) {}

  /** The value for `key`, computed by `compute` when there is none for the current generation. */
  get(key: string, compute: () => Promise<V>): Promise<V> {
    const config = this.config();
    const generation = config.generation();
    const entry = this.entries.get(key);
    if (entry && entry.config === config && entry.generation === generation) return entry.value;
    const value = compute();
    const fresh: Entry<V> = { config, generation, value };
    this.entries.delete(key);
    this.entries.set(key, fresh);
    // A failed computation is not remembered: the next call tries again.
    value.catch(() => {
      if (this.entries.get(key) === fresh) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }

  /** Forgets everything (tests, or a caller that knows better). */
  clear(): void {
    this.entries.clear();
  }
}

/** Freezes a JSON-like value and everything in it, so a shared result cannot be changed by one caller. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}
