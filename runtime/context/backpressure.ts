/**
 * Backpressure for replies. discord.js queues every REST request in memory until its rate-limit bucket
 * lets it go; a channel's messages share a bucket (about 5 per 5 s), so a flood of commands in one channel
 * queues replies without bound (measured: 17,830 pending replies took the heap from 43 to 165 MB). The
 * ReplyGate counts the channel messages a text command is sending (from the call to its answer) and bounds
 * them per channel and in total.
 *
 * Decisions:
 * - Defaults: 50 pending per channel (about 50 s of a channel's message rate limit of 5 per 5 s: a reply
 *   later than that answers a question nobody waits for any more) and 1,000 in total (a few MB at most). `replies: { perChannel, global }` in
 *   bot.config.yaml changes them.
 * - What is shed: a text command arriving while its channel (or the bot) is at the bound is not run at all,
 *   so a flood costs no handler work, no storage access and no memory. A command let in takes a slot at
 *   once (`admit`), held while it runs and used by its first reply, so a command is either run with its
 *   (first) answer or not run — never run with its answer silently lost, however many commands arrive
 *   before the first ones reply. A further reply of a command already running (several replies, say)
 *   beyond the bound is dropped: `ctx.reply` resolves without sending. Pending therefore counts the text
 *   commands running plus the replies being sent.
 *   Both count in `cogsmith_replies_shed_total{reason}` (`channel` or `global`) with a log line at most once
 *   a minute per reason. Other channels keep their own room, so the bot keeps answering them.
 * - Slash replies are not gated: each goes to its own interaction, not behind a channel's rate limit, and
 *   an interaction not answered at all is worse for the user than a late answer.
 */
import type { Client } from 'discord.js';
import type { Logger } from '../logging.js';
import { LogThrottle } from '../logging/throttle.js';

export interface ReplyLimits {
  /** Text replies pending (sending or queued by the REST client) per channel. */
  perChannel: number;
  /** Text replies pending in total. */
  global: number;
}

export const DEFAULT_REPLY_LIMITS: ReplyLimits = { perChannel: 50, global: 1000 };

export type ShedReason = 'channel' | 'global';

/** A reply (or a command) was shed: what and why. */
export interface ShedInfo {
  reason: ShedReason;
  channelId: string;
  /** `command`: refused before it ran; `reply`: a reply of a running command dropped. */
  what: 'command' | 'reply';
}

export class ReplyGate {
  readonly limits: ReplyLimits;
  readonly #perChannel = new Map<string, number>();
  #total = 0;
  readonly #listeners = new Set<(info: ShedInfo) => void>();
  readonly #throttle = new LogThrottle();

  constructor(limits: Partial<ReplyLimits> = {}, private readonly logger?: Logger) {
    this.limits = { perChannel: limits.perChannel ?? DEFAULT_REPLY_LIMITS.perChannel, global: limits.global ?? DEFAULT_REPLY_LIMITS.global };
  }

  /** Replies pending in `channelId`, or in total. */
  pending(channelId?: string): number {
    return channelId === undefined ? this.#total : (this.#perChannel.get(channelId) ?? 0);
  }

  /** Why a send in `channelId` would be shed now, or null when there is room. */
  full(channelId: string): ShedReason | null {
    if (this.pending(channelId) >= this.limits.perChannel) return 'channel';
    if (this.#total >= this.limits.global) return 'global';
    return null;
  }

  /**
   * Lets a command in `channelId` in with a slot of its own (for its first reply), or returns null (counted
   * as shed) when it should not run now. The dispatcher releases the slot when the command ends.
   */
  admit(channelId: string): ReplySlot | null {
    const reason = this.full(channelId);
    if (reason) {
      this.#shed({ reason, channelId, what: 'command' });
      return null;
    }
    return new ReplySlot(channelId, this.#take(channelId));
  }

  /**
   * Runs `send` counted as pending in `channelId`: in `slot` when it is given and not used yet, else in a
   * new slot; when there is no room it is dropped (not run) and counted.
   */
  async run(channelId: string, send: () => Promise<unknown>, slot?: ReplySlot): Promise<void> {
    let release = slot?.claim();
    if (!release) {
      const reason = this.full(channelId);
      if (reason) return this.#shed({ reason, channelId, what: 'reply' });
      release = this.#take(channelId);
    }
    try {
      await send();
    } finally {
      release();
    }
  }

  /** Counts one pending send in `channelId`; the function returned gives it back (once). */
  #take(channelId: string): () => void {
    this.#perChannel.set(channelId, this.pending(channelId) + 1);
    this.#total += 1;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.#total -= 1;
      const left = this.pending(channelId) - 1;
      if (left > 0) this.#perChannel.set(channelId, left);
      else this.#perChannel.delete(channelId);
    };
  }

  /** Calls `listener` for every shed command or reply (the metrics); returns a function that removes it. */
  onShed(listener: (info: ShedInfo) => void): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  #shed(info: ShedInfo): void {
    for (const listener of this.#listeners) listener(info);
    const suppressed = this.#throttle.take(info.reason);
    if (suppressed === null || !this.logger) return;
    const bound = info.reason === 'channel' ? `${this.limits.perChannel} pending in channel ${info.channelId}` : `${this.limits.global} pending in total`;
    const more = suppressed > 0 ? ` (${suppressed} more shed since the last line)` : '';
    this.logger.warn(`Replies shed: ${bound}; ${info.what === 'command' ? 'a command was not run' : 'a reply was dropped'}${more}`, { reason: info.reason, channel: info.channelId });
  }
}

/** The slot a command was let in with (ReplyGate.admit): used by its first reply, freed when it ends. */
export class ReplySlot {
  #claimed = false;

  constructor(
    readonly channelId: string,
    private readonly give: () => void,
  ) {}

  /** The slot's release for the first send that asks (the command's first reply); undefined afterwards. */
  claim(): (() => void) | undefined {
    if (this.#claimed) return undefined;
    this.#claimed = true;
    return this.give;
  }

  /** Frees the slot when nothing used it (a command that did not reply); harmless after a reply used it. */
  release(): void {
    if (this.claim()) this.give();
  }
}

const gates = new WeakMap<Client, ReplyGate>();

/** Makes `gate` the reply gate of `client`'s bot (wiring does this once). */
export function attachReplyGate(client: Client, gate: ReplyGate): void {
  gates.set(client, gate);
}

/** The reply gate of the bot running `client`, if any (metrics, tests). */
export function replyGateOf(client: Client): ReplyGate | undefined {
  return gates.get(client);
}
