/**
 * Handlers of the `general` cog. Created by `npm run generate`; this file is yours. Later runs only add stubs
 * for new commands and listeners, and never change what is already here.
 */
import type { GeneralCog } from '../../generated/cogs/general/index.js';

export default {
  commands: {
    ping: async (ctx) => {
      // The websocket heartbeat is -1 until the first one is acknowledged: say nothing rather than a wrong number.
      const latency = Math.round(ctx.client.ws.ping);
      await ctx.reply(latency >= 0 ? `Pong! (${latency} ms)` : 'Pong!');
    },
    echo: async (ctx, { text }) => {
      // No opt-in to mentions: the runtime's default allowed mentions keep `@everyone` from pinging anyone.
      await ctx.reply(text);
    },
    hello: async (ctx, { member }) => {
      const name = member ? member.displayName : (ctx.member?.displayName ?? ctx.author.displayName);
      await ctx.reply(`Hello, ${name}!`);
    },
  },
} satisfies GeneralCog;
