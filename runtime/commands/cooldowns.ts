/**
 * Rate limits per bucket: at most `rate` runs in a window of `perMs` that opens at the first run (the
 * fixed-window behaviour of discord.py's Cooldown). Windows that have closed are dropped, so memory holds
 * only buckets used within their last period.
 */
import type { Clock } from './clock.js';

interface Window {
  /** When the window opened. */
  start: number;
  /** Runs taken in it. */
  used: number;
  perMs: number;
}

/** The answer to one attempt: allowed, or refused until `retryAt` (ms since the epoch). */
export type CooldownResult = { ok: true } | { ok: false; retryAt: number; retryAfterMs: number };

/**
 * A sweep runs when the map has doubled since the last one (amortized O(1) per run), or when the longest
 * period seen has passed since the last one (by then every window the last sweep kept has closed).
 */
const MIN_SWEEP_SIZE = 256;

/** Every cooldown window of the bot, keyed by command and bucket. */
export class CooldownStore {
  private readonly windows = new Map<string, Window>();
  private sweepAt = MIN_SWEEP_SIZE;
  private lastSweep: number;
  private longestPer = 0;

  constructor(private readonly clock: Clock) {
    this.lastSweep = clock.now();
  }

  /** How many windows are held (closed ones are dropped lazily). */
  get size(): number {
    return this.windows.size;
  }

  /** Takes one run from `key`'s window, or says when the next run is allowed. */
  take(key: string, rate: number, perMs: number): CooldownResult {
    const now = this.clock.now();
    if (this.windows.size >= this.sweepAt || (this.windows.size > 0 && now >= this.lastSweep + this.longestPer)) this.sweep(now);
    if (perMs > this.longestPer) this.longestPer = perMs;
    let window = this.windows.get(key);
    if (!window || now >= window.start + window.perMs) {
      window = { start: now, used: 0, perMs };
      this.windows.set(key, window);
    }
    if (window.used >= rate) {
      const retryAt = window.start + window.perMs;
      return { ok: false, retryAt, retryAfterMs: retryAt - now };
    }
    window.used += 1;
    return { ok: true };
  }

  /** Forgets every window (e.g. an owner resets a command's cooldown); with a prefix, only matching keys. */
  reset(prefix = ''): void {
    for (const key of [...this.windows.keys()]) if (key.startsWith(prefix)) this.windows.delete(key);
  }

  /** Drops closed windows; the next sweep waits until the map has doubled, so sweeping stays amortized O(1). */
  sweep(now = this.clock.now()): void {
    for (const [key, window] of this.windows) if (now >= window.start + window.perMs) this.windows.delete(key);
    this.sweepAt = Math.max(MIN_SWEEP_SIZE, this.windows.size * 2);
    this.lastSweep = now;
  }
}
