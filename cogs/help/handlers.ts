/**
 * Handlers of the `help` cog. Created by `npm run generate`; this file is yours. Later runs only add stubs
 * for new commands and listeners, and never change what is already here.
 */
import type { HelpCog } from '../../generated/cogs/help/index.js';
import { sendHelp } from '../../runtime/help/index.js';

export default {
  commands: {
    // Everything (what to list, for whom, text or embed, pages, DMs) is the runtime's help; the cog only asks.
    help: async (ctx, { topic }) => {
      await sendHelp(ctx, topic ?? '');
    },
  },
} satisfies HelpCog;
