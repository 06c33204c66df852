/** What a Context needs from the runtime beyond the invocation itself; the Bot provides one for all contexts. */
import type { Context } from './types.js';
import type { CoreSettings } from './core-settings.js';

export interface ContextServices {
  /** The core settings (embeds wanted, embed colour); undefined before the storage driver is open. */
  settings(): CoreSettings | undefined;
  /** How long pagination buttons stay, in ms (default 120 000). */
  paginationTimeoutMs?: number;
  /** Renders and sends the help of the invoked command (runtime/help); undefined when help is not available. */
  sendHelp?(ctx: Context): Promise<void>;
}
