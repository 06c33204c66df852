/**
 * The bare bot of the production benchmark, as its own process: a discord.js Client with a hand-written
 * `!ping` handler (prefix check, hand parsing, `message.reply`), the same as bench/dispatch's bare variant.
 * Plain JavaScript on plain Node, so nothing but discord.js is loaded:
 *
 *   DISCORD_TOKEN=... COGSMITH_DISCORD_API=http://127.0.0.1:PORT/api COGSMITH_BENCH_INTENTS=<bits> node bare-bot.mjs
 *
 * Prints `Ready` once logged in with every guild; SIGTERM disconnects and exits 0. COGSMITH_BENCH_SHARDS=auto
 * runs the shards `/gateway/bot` recommends (as `discord.shards: auto` does for the Cogsmith bot).
 */
import { Client, Events, Partials } from 'discord.js';

const client = new Client({
  intents: Number(process.env.COGSMITH_BENCH_INTENTS),
  partials: [Partials.Channel],
  allowedMentions: { parse: [], repliedUser: false },
  rest: { api: process.env.COGSMITH_DISCORD_API },
  ...(process.env.COGSMITH_BENCH_SHARDS === 'auto' ? { shards: 'auto' } : {}),
});
client.on(Events.MessageCreate, async (message) => {
  if (message.author.bot || !message.content.startsWith('!')) return;
  const command = message.content.slice(1).trim().split(/\s+/, 1)[0].toLowerCase();
  if (command !== 'ping') return;
  const latency = Math.round(client.ws.ping);
  try {
    await message.reply({ content: latency >= 0 ? `Pong! (${latency} ms)` : 'Pong!', failIfNotExists: false });
  } catch (error) {
    process.stderr.write(`bare reply failed: ${error.message}\n`);
  }
});
client.once(Events.ClientReady, () => process.stdout.write('Ready\n'));
process.on('SIGTERM', async () => {
  await client.destroy();
  process.exit(0);
});
await client.login(process.env.DISCORD_TOKEN);
