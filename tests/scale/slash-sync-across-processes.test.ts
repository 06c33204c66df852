/**
 * Slash sync across real bot processes on one PostgreSQL: several processes starting together send one
 * bulk overwrite between them for a command set that changed (the sync takes a per-application lock and
 * reads what was last synced under it), and none when they restart on the same set. The simulator counts
 * the requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainSkip, Fleet, PG } from './fixtures/fleet.js';

explainSkip('slash-sync-across-processes');

const OVERWRITE = 'PUT /applications/:id/commands';

describe.skipIf(!PG)('slash sync across processes', () => {
  let fleet: Fleet;

  beforeAll(async () => {
    fleet = await Fleet.create(3, (sim) => {
      for (let shard = 0; shard < 3; shard++) sim.createGuild({ shard });
    });
  });

  afterAll(async () => {
    await fleet?.stop();
  }, 60_000);

  const overwrites = (from: number) => fleet.sim.requests.slice(from).filter((r) => r.route === OVERWRITE);

  /** Starts three processes together with `cogs`, stops them, and returns the overwrites they sent. */
  async function startTogether(cogs: string[]) {
    const mark = fleet.sim.requests.length;
    const started = await fleet.start(...['A', 'B', 'C'].map((name, shard) => ({ name, shards: [shard], cogs })));
    for (const p of started) await fleet.stopProcess(p);
    return overwrites(mark);
  }

  it('GIVEN a fresh database WHEN three processes start together THEN one overwrite is sent between them', async () => {
    const sent = await startTogether(['core', 'access', 'mydata', 'scale']);
    expect(sent).toHaveLength(1);
    expect(fleet.sim.registeredCommands().map((c) => c.name)).toEqual(expect.arrayContaining(['command', 'mydata']));
  }, 180_000);

  it('GIVEN the same command set WHEN the three restart together THEN none is sent', async () => {
    expect(await startTogether(['core', 'access', 'mydata', 'scale'])).toHaveLength(0);
  }, 180_000);

  it('GIVEN a changed command set (access left out) WHEN the three start together THEN exactly one overwrite is sent, without the access commands', async () => {
    expect(await startTogether(['core', 'mydata', 'scale'])).toHaveLength(1);
    expect(fleet.sim.registeredCommands().map((c) => c.name)).not.toContain('command');
  }, 180_000);
});
