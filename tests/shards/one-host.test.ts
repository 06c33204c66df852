/**
 * 4 shards in 2 processes on one host: `npm start` with `discord.processes: 2` is a supervisor running two
 * processes through discord.js's ShardingManager (runtime/shards/supervisor.ts). Each guild's `!ping` is
 * answered once, by the process holding its shard; a process killed with SIGKILL is respawned and its guilds
 * answer again; SIGTERM stops everything and releases the leases. Real processes, real PostgreSQL (leases and
 * Config): skipped without COGSMITH_TEST_POSTGRES_URL, since an embedded PGlite serves one process only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { exitCode, StartRuns } from '../helpers/npm-start.js';
import { expectAnsweredOnce, freshDatabase, PG, pingAll, shardWorld, writeInstance } from './fixtures/shard-bot.js';

const runs = new StartRuns();
afterEach(() => runs.cleanup());

describe.skipIf(!PG)('shards in several processes on one host', () => {
  it('GIVEN 4 shards in 2 processes WHEN a ping is said in a guild of every shard THEN each is answered once by its shard, a killed process is respawned and answers again, and SIGTERM releases the leases', async () => {
    const world = await shardWorld();
    runs.defer(() => world.sim.stop());
    const db = await freshDatabase();
    runs.defer(() => db.drop());
    const { dir } = runs.tempInstance();
    const file = writeInstance(dir, db.url);
    const host = runs.start({ COGSMITH_CONFIG: file, DISCORD_TOKEN: world.sim.token, COGSMITH_DISCORD_API: world.sim.apiUrl, COGSMITH_LOG_FORMAT: 'json' });
    await host.waitFor(/Ready: logged in[\s\S]*Ready: logged in/);
    expect(host.output()).toContain('Claimed group 0 (shards 0-1)');
    expect(host.output()).toContain('Claimed group 1 (shards 2-3)');
    await pingAll(world);
    expectAnsweredOnce(world);

    // SIGKILL the process of group 1: the supervisor respawns it; the other keeps serving meanwhile.
    const pid = Number(/Started group 1 \(shards 2-3\): process (\d+)/.exec(host.output())![1]);
    const before = host.output().split('Ready: logged in').length;
    process.kill(pid, 'SIGKILL');
    await host.waitFor(/The process of group 1 \(shards 2-3\) died \(signal SIGKILL\): respawning it/);
    await pingAll(world, [0, 1]);
    await host.waitFor(/Respawning group 1 \(shards 2-3\)/);
    await new Promise<void>((done) => {
      const poll = setInterval(() => {
        if (host.output().split('Ready: logged in').length > before) (clearInterval(poll), done());
      }, 100);
    });
    await pingAll(world);
    expectAnsweredOnce(world);

    host.child.kill('SIGTERM');
    expect(await exitCode(host)).toBe(0);
    expect(host.output()).toContain('Supervisor stopped; its leases are released.');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query('select count(*)::int as n from cogsmith.shard_leases');
    await client.end();
    expect(rows[0].n).toBe(0);
  }, 180_000);
});

if (!PG) console.log('shards/one-host: skipped: set COGSMITH_TEST_POSTGRES_URL to a real PostgreSQL server (several processes cannot share an embedded PGlite).');
