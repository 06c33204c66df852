/**
 * 2 "hosts" sharing only PostgreSQL: two supervisors, each in a process group of its own (spawned detached),
 * with the same layout (4 shards, 2 processes, leases of 3 s renewed every 0.5 s). They split the groups one
 * each; every guild is answered once; SIGKILL to a whole host (its process group) has its group taken over
 * by the other within ttl + renew + a process start, and no command is answered twice. A host started again
 * gets its fair share back; a supervisor killed alone leaves no process behind (its processes exit when their
 * IPC channel closes) and its group is taken over too. Skipped without COGSMITH_TEST_POSTGRES_URL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { StartRuns } from '../helpers/npm-start.js';
import { alive, holders, Hosts, killHost, settled, twoHostsSplit } from './fixtures/hosts.js';
import { expectAnsweredOnce, freshDatabase, PG, pingAll, shardWorld, writeInstance } from './fixtures/shard-bot.js';

const runs = new StartRuns();
afterEach(() => runs.cleanup());

describe.skipIf(!PG)('shards on several hosts sharing PostgreSQL', () => {
  it('GIVEN two hosts with the same layout WHEN one is killed whole THEN the other takes its group over within ttl + renew + a start, and no command is answered twice', async () => {
    const world = await shardWorld();
    runs.defer(() => world.sim.stop());
    const db = await freshDatabase();
    runs.defer(() => db.drop());
    const { dir } = runs.tempInstance();
    const env = { COGSMITH_CONFIG: writeInstance(dir, db.url), DISCORD_TOKEN: world.sim.token, COGSMITH_DISCORD_API: world.sim.apiUrl, COGSMITH_LOG_FORMAT: 'json' };
    const hosts = new Hosts(runs);
    const until = hosts.until.bind(hosts);
    const { a, b, byShard } = await twoHostsSplit(hosts, world, env, db.url);
    await pingAll(world);
    expectAnsweredOnce(world);

    // SIGKILL host A whole: its supervisor and its processes.
    const aId = a.id();
    const aShards = [...byShard].filter(([, h]) => h === aId).map(([s]) => s);
    const killedAt = Date.now();
    killHost(a);
    await until('B taking A\'s group over', () => /Took over group \d \(shards \d-\d\) from host/.test(b.output()));
    const tookOverMs = Date.now() - killedAt;
    await until('B settled', () => settled(world, [b]));
    await pingAll(world, aShards);
    const answeredMs = Date.now() - killedAt;
    console.log(`two-hosts: lease takeover ${tookOverMs} ms after the kill (bound ttl 3000 + renew 500 ms), guilds answering again after ${answeredMs} ms (+ the process start)`);
    expect([...(await holders(db.url)).values()].every((h) => h !== aId)).toBe(true);
    await pingAll(world);
    expectAnsweredOnce(world);

    // A host started again gets its fair share back from B.
    const c = hosts.start(env);
    await until('one group on each host again', async () => new Set((await holders(db.url)).values()).size === 2 && settled(world, [b, c]));
    expect(b.output()).toMatch(/Giving group \d \(shards \d-\d\) to another host: 2 host\(s\) live/);
    await pingAll(world);
    expectAnsweredOnce(world);

    // SIGKILL only B's supervisor: its processes notice the IPC channel close and exit; C takes over.
    const bPids = [...b.output().matchAll(/Started group \d \(shards \d-\d\): process (\d+)/g)].map((m) => Number(m[1]));
    process.kill(b.child.pid!, 'SIGKILL');
    await until('B\'s processes gone', () => bPids.every((pid) => !alive(pid)), 20_000);
    await until('C taking B\'s group over', () => /Took over group/.test(c.output()));
    await until('C settled', () => settled(world, [c]));
    await pingAll(world);
    expectAnsweredOnce(world);
  }, 240_000);
});

if (!PG) console.log('shards/two-hosts: skipped: set COGSMITH_TEST_POSTGRES_URL to a real PostgreSQL server (several processes cannot share an embedded PGlite).');
