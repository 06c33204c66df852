/**
 * Shard health (runtime/shards/health.ts) of a bot with two shards against the simulator, with the real
 * discord.js client: the owner's `!shards` table, a shard whose heartbeat ACKs come late (latency over the
 * threshold), a dropped socket (a reconnect, counted, then ready again), and a shard kept out by an outage
 * (not ready for too long), each logged once when it turns unhealthy and once when it recovers, and in the
 * metrics. Waits are for conditions, never for a fixed time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../generated/registry.js';
import { MetricsServer } from '../../runtime/metrics/index.js';
import type { ShardHealthRow } from '../../runtime/shards/health.js';
import type { ChannelHandle, GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { startBot, type Harness } from '../e2e/harness.js';

let h: Harness;
let guild: GuildHandle;
let owner: MemberHandle;
let general: ChannelHandle;
let server: MetricsServer;

beforeAll(async () => {
  h = await startBot(
    { core: registry.core },
    {
      simulator: { heartbeatIntervalMs: 300 },
      instance: { cogs: ['core'], discord: { shards: 2 } },
      bot: { shardHealth: { latencyThresholdMs: 150, disconnectedAfterMs: 300, checkEveryMs: 50 } },
      world: (sim) => {
        guild = sim.createGuild({ name: 'Ops' });
        owner = sim.createMember(guild, { username: 'app-owner', user: sim.owner });
        general = guild.general;
      },
    },
  );
  server = await MetricsServer.start(h.bot, { port: 0 });
}, 60_000);
afterAll(async () => {
  await server?.close();
  await h?.stop();
});

/** Resolves once a check of the monitor satisfies `test` (checked every 50 ms by the monitor itself). */
function until(test: (rows: ShardHealthRow[]) => boolean): Promise<ShardHealthRow[]> {
  return new Promise((resolve) => {
    const now = h.bot.shardHealth.check();
    if (test(now)) return resolve(now);
    const stop = h.bot.shardHealth.onCheck((rows) => {
      if (!test(rows)) return;
      stop();
      resolve(rows);
    });
  });
}

const row = (rows: ShardHealthRow[], id: number) => rows.find((r) => r.id === id)!;
const warned = (text: RegExp) => h.logs.filter((l) => l.level === 'warn' && text.test(l.message)).length;
const metrics = async () => (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();

describe('shard health', () => {
  it('GIVEN two ready shards THEN !shards shows a row each, all healthy, and the metrics say so', async () => {
    await until((rows) => rows.length === 2 && rows.every((r) => r.status === 'Ready' && r.latencyMs !== null));
    await h.sim.say(general, owner, '!shards');
    const reply = (await h.sim.waitForMessage({ channelId: general })).content;
    expect(reply).toMatch(/^2 shard\(s\) in this process, all healthy\.\n```\nshard +status +latency +last ack +reconnects\/h +health\n0 +Ready +\d+ ms +[\d.]+ s ago +0 +ok\n1 +Ready +\d+ ms +[\d.]+ s ago +0 +ok\n```$/);
    expect(await metrics()).toMatch(/^cogsmith_shard_healthy\{shard="1"\} 1$/m);
  });

  it('GIVEN heartbeat ACKs of shard 1 come late THEN it is reported unhealthy once (log, metric), and healthy again when they are on time', async () => {
    h.sim.gateway.delayHeartbeatAcks(1, 200);
    const rows = await until((r) => row(r, 1).problems.length > 0);
    expect(row(rows, 1).problems[0]).toMatch(/^latency \d+ ms is above 150 ms$/);
    expect(row(rows, 0).problems).toEqual([]);
    expect(warned(/^Shard 1 is unhealthy: latency/)).toBe(1);
    expect(await metrics()).toMatch(/^cogsmith_shard_healthy\{shard="1"\} 0$/m);
    h.sim.gateway.delayHeartbeatAcks(1, null);
    await until((r) => row(r, 1).problems.length === 0);
    expect(h.logs.some((l) => l.message === 'Shard 1 is healthy again')).toBe(true);
  });

  it('GIVEN shard 0 loses its socket THEN the reconnect is logged and counted, and it is ready again', async () => {
    h.sim.gateway.dropShard(0);
    const rows = await until((r) => row(r, 0).reconnectsLastHour === 1 && row(r, 0).status === 'Ready');
    expect(row(rows, 0).problems).toEqual([]);
    expect(warned(/^Shard 0 is reconnecting$/)).toBeGreaterThanOrEqual(1);
    const text = await metrics();
    expect(text).toMatch(/^cogsmith_shard_reconnects_last_hour\{shard="0"\} 1$/m);
    expect(text).toMatch(/^cogsmith_shard_events_total\{shard="0",event="reconnecting"\} 1$/m);
  });

  it('GIVEN a shard cannot reconnect (an outage) THEN it is reported as not ready; when the outage ends it comes back', async () => {
    // The shard that does not hold the guild, so the owner can still ask through the other one.
    const down = 1 - Number((BigInt(guild.id) >> 22n) % 2n);
    h.sim.gateway.shardOutage(down, true);
    const rows = await until((r) => row(r, down).problems.some((p) => /^not ready for \d+ s$/.test(p)));
    expect(row(rows, down).status).not.toBe('Ready');
    await h.sim.say(general, owner, '!shards');
    expect((await h.sim.waitForMessage({ channelId: general })).content).toMatch(/^2 shard\(s\) in this process, 1 unhealthy\./);
    h.sim.gateway.shardOutage(down, false);
    await until((r) => row(r, down).status === 'Ready' && row(r, down).problems.length === 0);
  }, 60_000);
});

describe('shards: auto', () => {
  it('GIVEN the simulator recommends 3 shards THEN a bot with `shards: auto` runs 3, each ready', async () => {
    const t = await startBot({ core: registry.core }, { simulator: { shards: 3 }, instance: { cogs: ['core'], discord: { shards: 'auto' } } });
    try {
      expect(t.bot.shardHealth.rows().map((r) => [r.id, r.status])).toEqual([[0, 'Ready'], [1, 'Ready'], [2, 'Ready']]);
    } finally {
      await t.stop();
    }
  });
});
