/**
 * Rate-limited logging for things that can happen thousands of times a second (shed replies, malformed
 * gateway events): the first occurrence of a key is logged, then at most one line per key per interval,
 * saying how many were not logged in between. Counts belong in metrics; the log says that it happens.
 */
export class LogThrottle {
  readonly #last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly intervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** null: do not log now; otherwise log, and this many occurrences of `key` since the last line went unlogged. */
  take(key: string): number | null {
    const now = this.now();
    const entry = this.#last.get(key);
    if (entry && now - entry.at < this.intervalMs) {
      entry.suppressed += 1;
      return null;
    }
    const suppressed = entry?.suppressed ?? 0;
    this.#last.set(key, { at: now, suppressed: 0 });
    if (this.#last.size > 1000) this.#last.delete(this.#last.keys().next().value!);
    return suppressed;
  }
}
