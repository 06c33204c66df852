/**
 * What is refused before anything connects: several processes on json storage (exit 78, the message says to
 * use PostgreSQL), a host whose shard layout differs from the live hosts' (exit 78, both layouts), and bad
 * sharding flags on `npm start` and `cogsmith start` (exit 2, the flag and what it expects).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulator } from '../../runtime/testing/simulator.js';
import { ShardLeases } from '../../runtime/shards/leases.js';
import { exitCode, StartRuns } from '../helpers/npm-start.js';
import { freshDatabase, PG, writeInstance } from './fixtures/shard-bot.js';

const runs = new StartRuns();
afterEach(() => runs.cleanup());

async function simulator(): Promise<Simulator> {
  const sim = await Simulator.start({ shards: 4 });
  runs.defer(() => sim.stop());
  return sim;
}

const jsonInstance = () => runs.tempInstance((dir) => `cogs: [general]\nstorage:\n  driver: json\n  path: ${JSON.stringify(join(dir, 'data'))}\ndiscord:\n  shards: 4\n`).file;

describe('several processes on json storage', () => {
  it('GIVEN json storage WHEN npm start -- --processes 2 THEN it exits 78 saying to use PostgreSQL, before any request reaches Discord', async () => {
    const sim = await simulator();
    const run = runs.start({ COGSMITH_CONFIG: jsonInstance(), DISCORD_TOKEN: sim.token, COGSMITH_DISCORD_API: sim.apiUrl }, ['--processes', '2']);
    expect(await exitCode(run)).toBe(78);
    expect(run.output()).toContain('--processes 2 (discord.processes) needs PostgreSQL storage: the json driver keeps one process\'s data');
    expect(run.output()).toContain('cogsmith convert <instance> --to postgres');
    expect(sim.requests).toEqual([]);
    expect(sim.gatewayLog).toEqual([]);
  }, 60_000);

  it('GIVEN json storage with discord.processes: 2 WHEN cogsmith start THEN it exits 78 the same way', async () => {
    const sim = await simulator();
    const file = runs.tempInstance((dir) => `cogs: [general]\nstorage:\n  driver: json\n  path: ${JSON.stringify(join(dir, 'data'))}\ndiscord:\n  shards: 4\n  processes: 2\n`).file;
    const run = runs.cogsmith({ DISCORD_TOKEN: sim.token, COGSMITH_DISCORD_API: sim.apiUrl }, ['start', '--config', file]);
    expect(await exitCode(run)).toBe(78);
    expect(run.output()).toContain('needs PostgreSQL storage');
    expect(sim.requests).toEqual([]);
  }, 60_000);
});

describe('bad sharding flags', () => {
  const cases: [string[], string][] = [
    [['--processes', '0'], '--processes: expected a whole number of at least 1, got "0".'],
    [['--shard-count', 'many'], '--shard-count: expected auto or a whole number of at least 1, got "many".'],
    [['--shard-ids', '1,x'], '--shard-ids: expected shard ids separated by commas, such as 0,1, got "1,x".'],
    [['--shard-count', '4', '--shard-ids', '4'], '--shard-ids: expected ids below the shard count 4, got "4".'],
    [['--shard-count', '2', '--processes', '3'], '--processes: expected at most the shard count (2), got "3".'],
  ];
  it.each(cases)('GIVEN npm start %j THEN it exits 2 naming the flag', async (args, message) => {
    const run = runs.start({ COGSMITH_CONFIG: jsonInstance(), DISCORD_TOKEN: 'unused' }, args);
    expect(await exitCode(run)).toBe(2);
    expect(run.output()).toContain(message);
  }, 60_000);

  it.each(cases)('GIVEN cogsmith start %j THEN it exits 2 naming the flag', async (args, message) => {
    const run = runs.cogsmith({ DISCORD_TOKEN: 'unused' }, ['start', '--config', jsonInstance(), ...args]);
    expect(await exitCode(run)).toBe(2);
    expect(run.output()).toContain(message);
  }, 60_000);
});

describe.skipIf(!PG)('a host with another layout', () => {
  it('GIVEN a live host running 4 shards in 2 processes WHEN a host starts with --processes 4 THEN it exits 78 with both layouts, having started no process', async () => {
    const sim = await simulator();
    const db = await freshDatabase();
    runs.defer(() => db.drop());
    const other = new ShardLeases({ url: db.url, layout: { shardCount: 4, processes: 2 }, timing: { ttlMs: 60_000, renewMs: 1000 }, hostId: 'other-host' });
    runs.defer(() => other.close());
    await other.tick();
    const { dir } = runs.tempInstance();
    const run = runs.start({ COGSMITH_CONFIG: writeInstance(dir, db.url), DISCORD_TOKEN: sim.token, COGSMITH_DISCORD_API: sim.apiUrl }, ['--processes', '4']);
    expect(await exitCode(run)).toBe(78);
    expect(run.output()).toContain("This host's shard layout (4 shards in 4 processes) differs from the one the hosts sharing this database run (4 shards in 2 processes)");
    expect(run.output()).not.toContain('Started group');
    expect(sim.gatewayLog).toEqual([]);
  }, 60_000);
});

if (!PG) console.log('shards/refusals: the layout case is skipped: set COGSMITH_TEST_POSTGRES_URL to a real PostgreSQL server.');
