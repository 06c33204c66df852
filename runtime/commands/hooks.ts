/**
 * Before/after invoke hooks. The order follows discord.py: global before → cog before → handler →
 * cog after → global after. After-hooks run whenever the handler started, also when it threw (they are
 * for releasing what before-hooks took); a before-hook that throws stops the run and no after-hook runs.
 */
import type { Context } from '../context/types.js';

/** A hook around every command; it may be async. Throwing `CheckFailure` refuses the command. */
export type InvokeHook = (ctx: Context) => unknown;

/** The global hooks of one bot, in the order they were added. */
export class InvokeHooks {
  private readonly before: InvokeHook[] = [];
  private readonly after: InvokeHook[] = [];

  /** Adds a hook that runs before every command; returns a function that removes it. */
  addBefore(hook: InvokeHook): () => void {
    return add(this.before, hook);
  }

  /** Adds a hook that runs after every command (also after a failed one); returns a function that removes it. */
  addAfter(hook: InvokeHook): () => void {
    return add(this.after, hook);
  }

  /** The before-hooks, oldest first. */
  beforeHooks(): readonly InvokeHook[] {
    return [...this.before];
  }

  /** The after-hooks, oldest first. */
  afterHooks(): readonly InvokeHook[] {
    return [...this.after];
  }
}

function add(list: InvokeHook[], hook: InvokeHook): () => void {
  if (typeof hook !== 'function') throw new TypeError('An invoke hook must be a function.');
  list.push(hook);
  return () => {
    const i = list.indexOf(hook);
    if (i >= 0) list.splice(i, 1);
  };
}
