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

  it('GIVEN 2 processes WHEN the leases cannot be renewed (another session holds their lock) THEN both processes are stopped before the leases could expire, and started again once renewal works', async () => {
    const world = await shardWorld();
    runs.defer(() => world.sim.stop());
    const db = await freshDatabase();
    runs.defer(() => db.drop());
    const { dir } = runs.tempInstance();
    const host = runs.start({ COGSMITH_CONFIG: writeInstance(dir, db.url), DISCORD_TOKEN: world.sim.token, COGSMITH_DISCORD_API: world.sim.apiUrl, COGSMITH_LOG_FORMAT: 'json' });
    await host.waitFor(/Ready: logged in[\s\S]*Ready: logged in/);
    const pids = [...host.output().matchAll(/Started group \d \(shards \d-\d\): process (\d+)/g)].map((m) => Number(m[1]));
    // Every tick takes the lease tables' advisory lock first: holding it here makes every renewal time out.
    const blocker = new pg.Client({ connectionString: db.url });
    await blocker.connect();
    runs.defer(() => blocker.end());
    await blocker.query('begin');
    await blocker.query("select pg_advisory_xact_lock(hashtextextended('cogsmith:shard-leases:cogsmith', 0))");
    const expiries = (await blocker.query('select extract(epoch from expires_at) * 1000 as at from cogsmith.shard_leases')).rows.map((r) => Number(r.at));
    await host.waitFor(/The leases were not renewed for \d+ ms: stopping group 0[\s\S]*Stopped group 0/);
    await host.waitFor(/Stopped group 1/);
    // Both were stopped (the supervisor's log times; the database runs on this machine's clock) while their last renewal still held.
    const stoppedAt = host
      .output()
      .split('\n')
      .filter((l) => /Stopped group \d/.test(l))
      .map((l) => Date.parse((JSON.parse(l) as { time: string }).time));
    expect(stoppedAt).toHaveLength(2);
    expect(Math.max(...stoppedAt)).toBeLessThan(Math.min(...expiries));
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    await blocker.query('commit');
    const before = host.output().split('Ready: logged in').length;
    await new Promise<void>((done) => {
      const poll = setInterval(() => {
        if (host.output().split('Ready: logged in').length >= before + 2) (clearInterval(poll), done());
      }, 100);
    });
    await pingAll(world);
    expectAnsweredOnce(world);
  }, 120_000);

  it.each([
    ['!shutdown', 0],
    ['!restart', 26],
  ] as const)('GIVEN --shard-count auto (4 from /gateway/bot) in 2 processes WHEN the owner says %s in a guild of the second process THEN the whole supervisor stops with %i, no process left behind', async (command, code) => {
    const world = await shardWorld();
    runs.defer(() => world.sim.stop());
    const db = await freshDatabase();
    runs.defer(() => db.drop());
    const { dir } = runs.tempInstance();
    const host = runs.start({ COGSMITH_CONFIG: writeInstance(dir, db.url), DISCORD_TOKEN: world.sim.token, COGSMITH_DISCORD_API: world.sim.apiUrl, COGSMITH_LOG_FORMAT: 'json' }, ['--shard-count', 'auto']);
    await host.waitFor(/Ready: logged in[\s\S]*Ready: logged in/);
    expect(host.output()).toContain('4 shard(s) in 2 process(es)');
    const pids = [...host.output().matchAll(/Started group \d \(shards \d-\d\): process (\d+)/g)].map((m) => Number(m[1]));
    const owner = world.sim.createMember(world.guilds[3]!, { username: 'app-owner', user: world.sim.owner });
    await world.sim.say(world.guilds[3]!.general, owner, command);
    expect(await exitCode(host)).toBe(code);
    expect(host.output()).toContain(`The process of group 1 (shards 2-3) ended with exit code ${code}`);
    expect(host.output()).toContain('Supervisor stopped; its leases are released.');
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  }, 120_000);
});

if (!PG) console.log('shards/one-host: skipped: set COGSMITH_TEST_POSTGRES_URL to a real PostgreSQL server (several processes cannot share an embedded PGlite).');
