/**
 * Preloaded (`node --require`) into both bots of the scale benchmark, the same for each: it finds the
 * discord.js Client when it logs in and measures it from inside its own process:
 * - ingest: from the first shard's READY to the Client's ready event (every shard ready, every guild in),
 *   so the Cogsmith bot's own start-up (cogs, storage, slash sync) is not counted as ingest;
 * - memory: `settleMs` after ready, after two full garbage collections, heap used and RSS.
 * It prints one line, `scale-probe {json}`, on stdout. Also raises discord.js's client-side global REST
 * limit as the production benchmark does (lib/rest-limit.cjs there), for both bots alike.
 */
const { createRequire } = require('node:module');
const { performance } = require('node:perf_hooks');
const v8 = require('node:v8');
const vm = require('node:vm');

const fromDiscordJs = createRequire(require.resolve('discord.js'));
fromDiscordJs('@discordjs/rest').DefaultRestOptions.globalRequestsPerSecond = 1_000_000;
const { Client, Events } = require('discord.js');

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const settleMs = Number(process.env.COGSMITH_BENCH_SETTLE_MS ?? 1000);

const login = Client.prototype.login;
Client.prototype.login = function probedLogin(token) {
  let firstReady = null;
  this.on(Events.Raw, (packet) => {
    if (packet?.t === 'READY' && firstReady === null) firstReady = performance.now();
  });
  this.once(Events.ClientReady, (client) => {
    const ingestMs = performance.now() - (firstReady ?? performance.now());
    setTimeout(() => {
      gc();
      gc();
      const memory = process.memoryUsage();
      const figures = { guilds: client.guilds.cache.size, shards: client.ws.shards.size, ingestMs, heapUsed: memory.heapUsed, rss: memory.rss };
      process.stdout.write(`scale-probe ${JSON.stringify(figures)}\n`);
    }, settleMs);
  });
  return login.call(this, token);
};
