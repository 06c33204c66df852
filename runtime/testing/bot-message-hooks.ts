/**
 * Acting on a bot message the moment it exists: a hook sees every message the bot creates (by REST, an
 * interaction callback or a webhook) while the request that created it is still open, and the bot's answer
 * to that request waits until the hook has finished. A test can so press a button before the bot's own
 * `send` has returned, which a person on a fast connection can do and no ordinary test could.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { APIMessage } from 'discord.js';

/** A hook for messages the bot creates; the request that created the message is answered after it settles. */
export type BotMessageHook = (message: APIMessage) => unknown;

export class BotMessageHooks {
  readonly #hooks = new Set<BotMessageHook>();
  /** The hooks started during the REST request being handled (only that request's answer waits for them). */
  readonly #request = new AsyncLocalStorage<Promise<unknown>[]>();

  /** @param onError where a failing hook is reported (the simulator's `internalErrors`). */
  constructor(private readonly onError: (error: unknown) => void) {}

  /** Adds a hook; returns a function that removes it. */
  add(hook: BotMessageHook): () => void {
    this.#hooks.add(hook);
    return () => void this.#hooks.delete(hook);
  }

  /** Runs every hook for a message the bot just created (called by the message service). */
  created(message: APIMessage): void {
    const pending = this.#request.getStore();
    // Synchronously, so a press a hook sends goes out right after the MESSAGE_CREATE dispatch.
    for (const hook of this.#hooks) {
      try {
        pending?.push(Promise.resolve(hook(message)).catch(this.onError));
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /** Handles one REST request: runs `handle`, then waits for the hooks of the messages it created. */
  async around<T>(handle: () => Promise<T>): Promise<T> {
    const pending: Promise<unknown>[] = [];
    try {
      return await this.#request.run(pending, handle);
    } finally {
      await Promise.all(pending);
    }
  }
}
