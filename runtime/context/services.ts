/** What a Context needs from the runtime beyond the invocation itself; the Bot provides one for all contexts. */
import type { Message } from 'discord.js';
import type { Context } from './types.js';
import type { CoreSettings } from './core-settings.js';
import type { ComponentRouter } from './components/router.js';
import type { ReplyGate } from './backpressure.js';

export interface ContextServices {
  /** The core settings (embeds wanted, embed colour); undefined before the storage driver is open. */
  settings(): CoreSettings | undefined;
  /** The bot's component router: pagination opens its sessions there; without one `paginate` is not available. */
  components?: ComponentRouter;
  /** How long pagination buttons stay, in ms (default 120 000). */
  paginationTimeoutMs?: number;
  /** Renders and sends the help of the invoked command (runtime/help); undefined when help is not available. */
  sendHelp?(ctx: Context): Promise<void>;
  /**
   * Runs `line` (a command and its arguments, no prefix) as the author of `message` typed it there, through
   * the whole pipeline (`ctx.invoke`); false when it names no command. `depth`: how many invokes led here.
   */
  /** Bounds the text replies pending per channel and in total (context/backpressure.ts); without one, no bound. */
  replies?: ReplyGate;
  invokeText?(message: Message, line: string, prefix: string, depth: number): Promise<boolean>;
}
