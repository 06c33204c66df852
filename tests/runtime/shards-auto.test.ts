/**
 * `discord.shards: auto` against a simulator whose `/gateway/bot` recommends a shard count from its guild
 * count, with Discord's identify limit enforced (an IDENTIFY too soon in its `shard_id % max_concurrency`
 * bucket is refused with op 9): the bot runs the recommended shards, every guild arrives, no IDENTIFY is
 * refused, and the IDENTIFYs in the gateway log fall into the buckets max_concurrency makes. Each shard's
 * connect and ready are logged and counted in the metrics. Nothing is asserted on how long it took.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { registry } from '../../generated/registry.js';
import { Bot } from '../../runtime/bot.js';
import { MemoryDriver } from '../../runtime/drivers/memory.js';
import type { LogRecord } from '../../runtime/logging.js';
import { BotMetrics } from '../../runtime/metrics/index.js';
import { Simulator, type SimulatorOptions } from '../../runtime/testing/index.js';
import { simulatorBotOptions } from '../../runtime/testing/bot.js';

let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.reverse()) await stop();
  stops = [];
});

/** A simulator of `guilds` bulk guilds and a bot on `shards: auto` with metrics attached before it logs in. */
async function start(guilds: number, simulator: SimulatorOptions) {
  const sim = await Simulator.start({ enforceIdentifyLimit: true, ...simulator });
  stops.push(() => sim.stop());
  sim.generateGuilds(guilds);
  const refused: number[] = [];
  sim.gateway.on('identifyRefused', (shard) => refused.push(shard));
  const logs: LogRecord[] = [];
  const driver = new MemoryDriver();
  const bot = new Bot(simulatorBotOptions(sim, registry, driver, logs, { cogs: ['core'], storage: { driver: 'memory' }, discord: { shards: 'auto' } }));
  const metrics = new BotMetrics(bot, { defaults: false });
  stops.push(async () => {
    metrics.close();
    await bot.stop();
    await driver.close();
  });
  await bot.start();
  const identifies = sim.gatewayLog.filter((e) => e.direction === 'in' && e.op === 2).map((e) => ({ shard: (e.d as { shard: [number, number] }).shard[0], time: e.time }));
  return { sim, bot, refused, logs, metrics, identifies };
}

describe('shards: auto with the identify limit', () => {
  it('GIVEN 2,000 guilds at 500 per shard and max_concurrency 4 THEN the bot runs 4 shards, one IDENTIFY per bucket, none refused; each connect and ready is logged and counted', async () => {
    const { bot, refused, logs, metrics, identifies } = await start(2000, { guildsPerShard: 500, maxConcurrency: 4 });
    expect(bot.shardHealth.rows().map((r) => [r.id, r.status])).toEqual([0, 1, 2, 3].map((id) => [id, 'Ready']));
    expect(bot.client.guilds.cache.size).toBe(2000);
    expect(refused).toEqual([]);
    expect(identifies.map((i) => i.shard).sort()).toEqual([0, 1, 2, 3]);
    for (const shard of [0, 1, 2, 3]) {
      expect(logs.some((l) => l.message === `Shard ${shard} connected: a new session, 500 guild(s) to load`)).toBe(true);
      expect(logs.some((l) => l.message === `Shard ${shard} is ready`)).toBe(true);
    }
    const text = await metrics.registry.metrics();
    for (const shard of [0, 1, 2, 3]) {
      expect(text).toMatch(new RegExp(`^cogsmith_shard_events_total\\{shard="${shard}",event="connect"\\} 1$`, 'm'));
      expect(text).toMatch(new RegExp(`^cogsmith_shard_events_total\\{shard="${shard}",event="ready"\\} 1$`, 'm'));
    }
  }, 60_000);

  it('GIVEN 4 recommended shards and max_concurrency 2 THEN shards identify two buckets at a time: two IDENTIFYs per bucket, the second one window later, none refused', async () => {
    const { bot, refused, identifies } = await start(4, { guildsPerShard: 1, maxConcurrency: 2 });
    expect(bot.shardHealth.rows().map((r) => r.status)).toEqual(['Ready', 'Ready', 'Ready', 'Ready']);
    expect(refused).toEqual([]);
    for (const bucket of [0, 1]) {
      const inBucket = identifies.filter((i) => i.shard % 2 === bucket);
      expect(inBucket.map((i) => i.shard).sort()).toEqual([bucket, bucket + 2]);
      // The simulator would have refused a second IDENTIFY within its window: this gap is what the bucket costs.
      expect(inBucket[1]!.time - inBucket[0]!.time).toBeGreaterThanOrEqual(4500);
    }
    // The first two IDENTIFYs took one bucket each: max_concurrency 2 lets two shards start together.
    expect(identifies.slice(0, 2).map((i) => i.shard % 2).sort()).toEqual([0, 1]);
  }, 60_000);
});
