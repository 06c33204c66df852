/**
 * ConfigDriver.catchUp for the postgres driver: the driver NOTIFYs a ping to itself on its invalidation
 * channel and waits for it to come back. PostgreSQL delivers notifications to a listener in commit order,
 * so once the ping is back, every change other processes committed before it was sent has been handed to
 * the invalidation listeners. Calls in one event-loop turn share one ping. It never rejects: a ping that
 * cannot be sent, or is not back within CATCH_UP_MS, lets the caller go on (warned at most once a minute);
 * a listener that reconnects resyncs every cache anyway.
 */
import type { Logger } from '../../logging.js';

/** How long a caller waits for its ping. */
export const CATCH_UP_MS = 500;

export class CatchUp {
  /** The ping not sent yet: callers in this turn share it. */
  private next?: Promise<void>;
  private seq = 0;
  private readonly waiters = new Map<number, () => void>();
  private lastWarning = -Infinity;

  constructor(
    /** Sends the ping with this number (a NOTIFY on the listened channel). */
    private readonly send: (seq: number) => Promise<unknown>,
    private readonly log: Logger,
  ) {}

  /** Resolves once the next ping is back (or given up on). */
  wait(): Promise<void> {
    this.next ??= new Promise<void>((resolve) => {
      setImmediate(() => {
        this.next = undefined;
        const seq = ++this.seq;
        const timer = setTimeout(() => {
          this.waiters.delete(seq);
          this.warn(`catch-up ping not back after ${CATCH_UP_MS} ms: reads may briefly miss other processes' latest changes`);
          resolve();
        }, CATCH_UP_MS);
        timer.unref();
        this.waiters.set(seq, () => {
          clearTimeout(timer);
          resolve();
        });
        this.send(seq).catch((error: unknown) => {
          this.waiters.delete(seq);
          clearTimeout(timer);
          this.warn('could not send the catch-up ping', error);
          resolve();
        });
      });
    });
    return this.next;
  }

  /** Ping `seq` came back: it and every earlier one are done. */
  received(seq: number): void {
    for (const [waiting, done] of this.waiters) {
      if (waiting > seq) continue;
      this.waiters.delete(waiting);
      done();
    }
  }

  /** Lets every waiter go (the driver closes). */
  releaseAll(): void {
    for (const done of this.waiters.values()) done();
    this.waiters.clear();
  }

  private warn(message: string, error?: unknown): void {
    if (Date.now() - this.lastWarning < 60_000) return;
    this.lastWarning = Date.now();
    this.log.warn(message, error === undefined ? {} : { error: String(error) });
  }
}
