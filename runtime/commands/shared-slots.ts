/**
 * Max concurrency over the storage's shared slots (SharedLimits, runtime/drivers/types.ts): a run takes a
 * slot held across every process, or is refused, or — when the command says `wait` — queues until one
 * frees. Waiting runs of one key in this process are served first come, first served (only the head of
 * the queue asks the storage); across processes whoever asks first after a release wins, since a fair
 * queue across processes would need a ticket table and its own leases for little gain. A waiting head
 * asks again when a slot is freed anywhere (the storage's notification, or a release in this process)
 * and at least every `pollMs` (a holder that died sends nothing: its lease lapses).
 */
import type { SharedLimits, SlotLease } from '../drivers/types.js';
import type { Release } from './concurrency.js';

interface Waiter {
  limit: number;
  resolve(release: Release): void;
  reject(error: unknown): void;
}

export class SharedSlots {
  private readonly queues = new Map<string, Waiter[]>();
  /** Keys whose queue head is asking now; a wake meanwhile asks once more after. */
  private readonly asking = new Set<string>();
  private readonly askAgain = new Set<string>();
  private poll: NodeJS.Timeout | undefined;

  constructor(
    private readonly shared: SharedLimits,
    /** Told when a release fails (the lease lapses by itself). */
    private readonly onReleaseError: (key: string, error: unknown) => void,
  ) {
    shared.onSlotFreed((key) => this.wake(key));
  }

  /** A slot (its Release), null when all are held and the command does not wait; rejects when the storage fails. */
  async acquire(key: string, limit: number, wait: boolean): Promise<Release | null> {
    const queue = this.queues.get(key);
    // Behind runs already waiting here, a waiting run queues without asking (first come, first served).
    if (!(wait && queue && queue.length > 0)) {
      const lease = await this.shared.tryAcquireSlot(key, limit);
      if (lease) return this.releaser(key, lease);
      if (!wait) return null;
    }
    return new Promise<Release>((resolve, reject) => {
      const q = this.queues.get(key) ?? [];
      this.queues.set(key, q);
      q.push({ limit, resolve, reject });
      this.armPoll();
    });
  }

  private releaser(key: string, lease: SlotLease): Release {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      lease.release().then(
        () => this.wake(key),
        (error: unknown) => {
          this.onReleaseError(key, error);
          this.wake(key);
        },
      );
    };
  }

  /** The head of `key`'s queue asks for a slot; each one granted lets the next ask too. */
  private wake(key: string): void {
    if (!this.queues.has(key)) return;
    if (this.asking.has(key)) {
      this.askAgain.add(key);
      return;
    }
    this.asking.add(key);
    void this.serve(key).finally(() => {
      this.asking.delete(key);
      if (this.askAgain.delete(key)) this.wake(key);
    });
  }

  private async serve(key: string): Promise<void> {
    const queue = this.queues.get(key);
    while (queue && queue.length > 0) {
      const head = queue[0]!;
      let lease: SlotLease | null;
      try {
        lease = await this.shared.tryAcquireSlot(key, head.limit);
      } catch (error) {
        queue.shift();
        head.reject(error);
        continue;
      }
      if (!lease) break;
      queue.shift();
      head.resolve(this.releaser(key, lease));
    }
    if (queue && queue.length === 0 && this.queues.get(key) === queue) this.queues.delete(key);
    if (this.queues.size === 0) this.disarmPoll();
  }

  private armPoll(): void {
    if (this.poll) return;
    this.poll = setInterval(() => {
      for (const key of [...this.queues.keys()]) this.wake(key);
    }, this.shared.pollMs);
    this.poll.unref();
  }

  private disarmPoll(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
  }
}
