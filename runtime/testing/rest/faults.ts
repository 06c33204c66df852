/**
 * REST faults a test switches on (`sim.faults`), to reproduce what Discord does at scale:
 * - a lost response: Discord did the work (the message exists, the interaction is acknowledged) but the
 *   bot gets a 502 Bad Gateway, as when Discord's edge loses the answer; discord.js retries on 5xx;
 * - a dropped connection: the work is done, then the connection closes without an answer;
 * - slow answers: every matching request waits before it is handled, as under load, for a time or until
 *   the test releases it.
 * Each switch returns a function that turns it off. Faulted requests are recorded with `fault` set.
 */
import type { RecordedRequest } from './server.js';

/** Chooses requests: the recorded request so far (method, path, route, query, body; no status yet). */
export type FaultMatch = (request: RecordedRequest) => boolean;

interface LostResponse {
  match: FaultMatch;
  /** A status to answer instead, or `drop`: close the connection without an answer. */
  status: number | 'drop';
}

interface Slowdown {
  match: FaultMatch;
  ms: number;
}

interface Hold {
  match: FaultMatch;
  released: Promise<void>;
}

export class RestFaults {
  readonly #lost = new Set<LostResponse>();
  readonly #slow = new Set<Slowdown>();
  readonly #holds = new Set<Hold>();

  /** Matching requests are handled, then answered `status` (default 502) with no body instead of their answer. */
  loseResponses(match: FaultMatch, options: { status?: number } = {}): () => void {
    const rule = { match, status: options.status ?? 502 };
    this.#lost.add(rule);
    return () => void this.#lost.delete(rule);
  }

  /** Matching requests are handled, then their connection is closed without an answer (the bot sees a socket error). */
  dropConnections(match: FaultMatch): () => void {
    const rule = { match, status: 'drop' as const };
    this.#lost.add(rule);
    return () => void this.#lost.delete(rule);
  }

  /** Matching requests (default: all) wait `ms` before they are handled. */
  slowDown(ms: number, match: FaultMatch = () => true): () => void {
    const rule = { match, ms };
    this.#slow.add(rule);
    return () => void this.#slow.delete(rule);
  }

  /**
   * Matching requests wait, unanswered, until the returned function is called (which lets them all go on and
   * stops holding): a slow Discord whose pace the test decides, without timing.
   */
  hold(match: FaultMatch = () => true): () => void {
    let release!: () => void;
    const rule = { match, released: new Promise<void>((resolve) => (release = resolve)) };
    this.#holds.add(rule);
    return () => {
      this.#holds.delete(rule);
      release();
    };
  }

  /** Turns every fault off (held requests stay held until their release). */
  clear(): void {
    this.#lost.clear();
    this.#slow.clear();
    this.#holds.clear();
  }

  /** Resolves when `request` may be handled: at once, or when the hold it matches is released. */
  async waitFor(request: RecordedRequest): Promise<void> {
    const ms = this.delayFor(request);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
    for (const rule of this.#holds) if (rule.match(request)) await rule.released;
  }

  /** How long to wait before handling `request` (the longest matching slowdown). */
  delayFor(request: RecordedRequest): number {
    let ms = 0;
    for (const rule of this.#slow) if (rule.ms > ms && rule.match(request)) ms = rule.ms;
    return ms;
  }

  /** The status to answer instead of the real one once `request` was handled (`drop`: no answer), or null. */
  lostStatus(request: RecordedRequest): number | 'drop' | null {
    for (const rule of this.#lost) if (rule.match(request)) return rule.status;
    return null;
  }
}
