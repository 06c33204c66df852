/**
 * Concurrent runs per bucket. A run over the limit is refused, or queued (first come, first served) when
 * the command says `wait`. A bucket with nothing running and nobody waiting is dropped.
 */

interface Slot {
  active: number;
  waiting: (() => void)[];
}

/** Releases a slot; calling it twice is harmless. */
export type Release = () => void;

export class ConcurrencyStore {
  private readonly slots = new Map<string, Slot>();

  /** Buckets with something running or waiting. */
  get size(): number {
    return this.slots.size;
  }

  /** Runs in progress in a bucket. */
  active(key: string): number {
    return this.slots.get(key)?.active ?? 0;
  }

  /** Takes a slot now (a Release), waits for one (`wait`), or returns null when full. */
  acquire(key: string, limit: number, wait: boolean): Release | Promise<Release> | null {
    const slot = this.slots.get(key) ?? { active: 0, waiting: [] };
    this.slots.set(key, slot);
    if (slot.active < limit) {
      slot.active += 1;
      return this.releaser(key, slot);
    }
    if (!wait) return null;
    // The slot is handed over by release(): `active` stays the same, the waiter becomes a runner.
    return new Promise<Release>((resolve) => slot.waiting.push(() => resolve(this.releaser(key, slot))));
  }

  private releaser(key: string, slot: Slot): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = slot.waiting.shift();
      if (next) {
        next();
        return;
      }
      slot.active -= 1;
      if (slot.active === 0 && slot.waiting.length === 0 && this.slots.get(key) === slot) this.slots.delete(key);
    };
  }
}
