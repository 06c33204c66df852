/**
 * `--shard-ids a,b` pins shards by hand. On json storage the bot runs exactly those shards in this process;
 * on PostgreSQL a supervisor takes a lease per shard, waits with a log line while another host holds them,
 * and automatic hosts never run a group holding a pinned shard.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { exitCode, StartRuns } from '../helpers/npm-start.js';
import { expectAnsweredOnce, freshDatabase, PG, pingAll, shardWorld } from './fixtures/shard-bot.js';
import { writeFileSync } from 'node:fs';

const runs = new StartRuns();
afterEach(() => runs.cleanup());

/** The shards the simulator saw identify, in order. */
const identified = (log: readonly { direction: string; op: number; d: unknown }[]) => log.filter((e) => e.direction === 'in' && e.op === 2).map((e) => (e.d as { shard: number[] }).shard);

describe('pinned shards', () => {
  it('GIVEN json storage WHEN npm start -- --shard-count 4 --shard-ids 1,3 THEN this one process runs exactly shards 1 and 3', async () => {
    const world = await shardWorld();
    runs.defer(() => world.sim.stop());
    const { file } = runs.tempInstance((dir) => `cogs: [general]\nstorage:\n  driver: json\n  path: ${JSON.stringify(join(dir, 'data'))}\n`);
    const run = runs.start({ COGSMITH_CONFIG: file, DISCORD_TOKEN: world.sim.token, COGSMITH_DISCORD_API: world.sim.apiUrl }, ['--shard-count', '4', '--shard-ids', '1,3']);
    await run.waitFor(/Ready: logged in .* in 2 guild\(s\)/);
    expect(identified(world.sim.gatewayLog)).toEqual([
      [1, 4],
      [3, 4],
    ]);
    await pingAll(world, [1, 3]);
    expectAnsweredOnce(world);
    run.child.kill('SIGTERM');
    expect(await exitCode(run)).toBe(0);
  }, 90_000);

  it.skipIf(!PG)('GIVEN PostgreSQL and a host holding every group WHEN a host pins shards 2,3 THEN it waits saying who holds them, takes them when that host stops, and the automatic host then leaves group 1 alone', async () => {
    const world = await shardWorld();
    runs.defer(() => world.sim.stop());
    const db = await freshDatabase();
    runs.defer(() => db.drop());
    const { dir } = runs.tempInstance();
    const file = join(dir, 'bot.config.yaml');
    writeFileSync(file, `cogs: [core, general]\nstorage:\n  driver: postgres\n  url: ${JSON.stringify(db.url)}\ndiscord:\n  shards: 4\n  leases:\n    ttlMs: 3000\n    renewMs: 500\n`);
    const env = { COGSMITH_CONFIG: file, DISCORD_TOKEN: world.sim.token, COGSMITH_DISCORD_API: world.sim.apiUrl, COGSMITH_LOG_FORMAT: 'json' };
    const auto = runs.start(env, ['--processes', '2']);
    await auto.waitFor(/Ready: logged in[\s\S]*Ready: logged in/);
    const pinned = runs.start(env, ['--shard-ids', '2,3']);
    await pinned.waitFor(/Waiting for pinned shards 2-3: held by another host \(2 by \S+, 3 by \S+\)/);
    expect(pinned.output()).not.toContain('Started pinned');

    auto.child.kill('SIGTERM');
    expect(await exitCode(auto)).toBe(0);
    await pinned.waitFor(/Holding pinned shards 2-3[\s\S]*Ready: logged in/);
    const again = runs.start(env, ['--processes', '2']);
    await again.waitFor(/Ready: logged in/);
    expect(again.output()).toContain('Claimed group 0 (shards 0-1)');
    // Give it a few ticks: group 1 holds pinned shards, so it is never free.
    await new Promise((r) => setTimeout(r, 2000));
    expect(again.output()).not.toContain('group 1 (shards 2-3)');
    await pingAll(world);
    expectAnsweredOnce(world);
  }, 180_000);
});

if (!PG) console.log('shards/pinned: the PostgreSQL case is skipped: set COGSMITH_TEST_POSTGRES_URL to a real PostgreSQL server.');
