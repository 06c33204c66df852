/**
 * A clock for tests: time stands still until the test moves it. `advance(ms)` runs every timer that falls
 * due on the way, in order, each at its own time, and lets the work they start settle before the next,
 * so a test of a background task or a scheduled job never sleeps.
 */
import type { TimerClock, TimerHandle } from '../support/clock.js';

interface Pending {
  at: number;
  seq: number;
  fn: () => void;
}

/** Lets queued promise callbacks and I/O callbacks run (a few event-loop turns). */
async function settle(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class ManualClock implements TimerClock {
  private time: number;
  private seq = 0;
  private readonly pending = new Set<Pending>();

  constructor(start = Date.UTC(2026, 0, 1)) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const entry: Pending = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.pending.add(entry);
    return { cancel: () => void this.pending.delete(entry) };
  }

  /** Timers waiting to fire. */
  get timers(): number {
    return this.pending.size;
  }

  /** Moves time forward by `ms`, firing each timer that falls due on the way at its own time. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    await settle();
    for (;;) {
      const next = [...this.pending].filter((p) => p.at <= until).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.pending.delete(next);
      this.time = Math.max(this.time, next.at);
      next.fn();
      await settle();
    }
    this.time = until;
    await settle();
  }
}
