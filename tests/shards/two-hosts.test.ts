/**
 * 2 "hosts" sharing only PostgreSQL: two supervisors, each in a process group of its own (spawned detached),
 * with the same layout (4 shards, 2 processes, leases of 3 s renewed every 0.5 s). They split the groups one
 * each; every guild is answered once; SIGKILL to a whole host (its process group) has its group taken over
 * by the other within ttl + renew + a process start, and no command is answered twice. A host started again
 * gets its fair share back; a supervisor killed alone leaves no process behind (its processes exit when their
 * IPC channel closes) and its group is taken over too. Skipped without COGSMITH_TEST_POSTGRES_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { LAUNCH, ROOT, StartRuns } from '../helpers/npm-start.js';
import { expectAnsweredOnce, freshDatabase, PG, pingAll, shardWorld, writeInstance, type ShardWorld } from './fixtures/shard-bot.js';

const runs = new StartRuns();
afterEach(() => runs.cleanup());

interface Host {
  child: ChildProcess;
  output(): string;
}

/** `npm start` as a host of its own: a detached process group, killed whole at cleanup. */
function startHost(env: Record<string, string>): Host {
  const child = spawn(process.execPath, [LAUNCH, join(ROOT, 'runtime/cli/start.ts')], { cwd: ROOT, env: { ...process.env, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (c: Buffer) => (text += c));
  child.stderr!.on('data', (c: Buffer) => (text += c));
  runs.defer(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  });
  const host = { child, output: () => text };
  hosts.push(host);
  return host;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const hosts: Host[] = [];

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the hosts' output:\n${hosts.map((h, i) => `--- host ${i}\n${h.output()}`).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Lease holders by shard id. */
async function holders(url: string): Promise<Map<number, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('select shard_id, holder from cogsmith.shard_leases where expires_at > now()').catch(() => ({ rows: [] as { shard_id: number; holder: string }[] }));
    return new Map(rows.map((r) => [Number(r.shard_id), String(r.holder)]));
  } finally {
    await client.end();
  }
}

/** Every process the hosts run now (started, not since stopped or dead) has logged Ready, and every shard has a gateway session. */
function settled(world: ShardWorld, hosts: Host[]): boolean {
  const current = new Map<string, number>();
  for (const [h, host] of hosts.entries()) {
    for (const line of host.output().split('\n')) {
      const started = /Started (group \d) \(shards \d-\d\): process (\d+)/.exec(line);
      const ended = /(?:Stopped|The process of) (group \d)/.exec(line);
      if (started) current.set(`${h}:${started[1]}`, Number(started[2]));
      else if (ended) current.delete(`${h}:${ended[1]}`);
    }
  }
  const ready = (pid: number) => hosts.some((host) => host.output().split('\n').some((l) => l.includes(`"pid":${pid},`) && l.includes('Ready: logged in')));
  const sessions = [0, 1, 2, 3].every((s) => world.sim.gateway.sessionsFor(s).some((x) => x.socket));
  return sessions && current.size === 2 && [...current.values()].every(ready);
}

describe.skipIf(!PG)('shards on several hosts sharing PostgreSQL', () => {
  it('GIVEN two hosts with the same layout WHEN one is killed whole THEN the other takes its group over within ttl + renew + a start, and no command is answered twice', async () => {
    const world = await shardWorld();
    runs.defer(() => world.sim.stop());
    const db = await freshDatabase();
    runs.defer(() => db.drop());
    const { dir } = runs.tempInstance();
    const env = { COGSMITH_CONFIG: writeInstance(dir, db.url), DISCORD_TOKEN: world.sim.token, COGSMITH_DISCORD_API: world.sim.apiUrl, COGSMITH_LOG_FORMAT: 'json' };
    const a = startHost(env);
    const b = startHost(env);

    // Fair share: one group each (the first may claim both, then give one up when the second is counted).
    await until('one group on each host', async () => new Set((await holders(db.url)).values()).size === 2 && settled(world, [a, b]));
    const byShard = await holders(db.url);
    expect(byShard.get(0)).toBe(byShard.get(1));
    expect(byShard.get(2)).toBe(byShard.get(3));
    expect(byShard.get(0)).not.toBe(byShard.get(2));
    await pingAll(world);
    expectAnsweredOnce(world);

    // SIGKILL host A whole: its supervisor and its processes.
    const aId = /Supervisor (\S+):/.exec(a.output())![1]!;
    const aShards = [...byShard].filter(([, h]) => h === aId).map(([s]) => s);
    const killedAt = Date.now();
    process.kill(-a.child.pid!, 'SIGKILL');
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
    const c = startHost(env);
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
