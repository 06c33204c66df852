/**
 * Acting on a bot message the moment it exists: a hook sees every message the bot creates (by REST, an
 * interaction callback or a webhook) while the request that created it is still open, and the bot's answer
 * to that request waits until the hook has finished. A test can so press a button before the bot's own
 * `send` has returned, which a person on a fast connection can do and no ordinary test could.
 */
import type { APIMessage } from 'discord.js';

/** A hook for messages the bot creates; the request that created the message is answered after it settles. */
export type BotMessageHook = (message: APIMessage) => unknown;

export class BotMessageHooks {
  readonly #hooks = new Set<BotMessageHook>();
  #pending: Promise<unknown>[] = [];

  /** @param onError where a failing hook is reported (the simulator's `internalErrors`). */
  constructor(private readonly onError: (error: unknown) => void) {}

  /** Adds a hook; returns a function that removes it. */
  add(hook: BotMessageHook): () => void {
    this.#hooks.add(hook);
    return () => void this.#hooks.delete(hook);
  }

  /** Runs every hook for a message the bot just created (called by the message service). */
  created(message: APIMessage): void {
    // Synchronously, so a press a hook sends goes out right after the MESSAGE_CREATE dispatch.
    for (const hook of this.#hooks) {
      try {
        this.#pending.push(Promise.resolve(hook(message)).catch(this.onError));
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /** Resolves once every hook started so far has finished, including hooks started meanwhile. */
  async settled(): Promise<void> {
    while (this.#pending.length > 0) {
      const batch = this.#pending;
      this.#pending = [];
      await Promise.all(batch);
    }
  }
}
