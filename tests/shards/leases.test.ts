/**
 * The shard lease logic (runtime/shards/leases.ts) against a real PostgreSQL: claim, renew, expiry and
 * takeover, fair share among 3 hosts, release on stop, pinned shards, and the layout check. Each test uses a
 * schema of its own. Skipped without COGSMITH_TEST_POSTGRES_URL (the tables are shared between processes in
 * use, so the tests use the real server those processes would).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LayoutMismatchError, leaseTiming, ShardLeases, type LeaseTiming } from '../../runtime/shards/leases.js';
import type { ShardLayout } from '../../runtime/shards/layout.js';
import { dropSchema, freshSchema } from '../config/fixtures/pg-env.js';
import { PG } from './fixtures/shard-bot.js';

const open: ShardLeases[] = [];
/** Host ids run host-a, host-b, ... within a test, across calls of `hosts`. */
let named = 0;
const schemas: string[] = [];
afterEach(async () => {
  named = 0;
  await Promise.all(open.splice(0).map((l) => l.close({ release: false }).catch(() => undefined)));
  for (const schema of schemas.splice(0)) await dropSchema(schema);
});

function hosts(count: number, layout: ShardLayout = { shardCount: 6, processes: 3 }, timing: LeaseTiming = { ttlMs: 60_000, renewMs: 1000 }, schema = freshSchema('lease')): ShardLeases[] {
  if (!schemas.includes(schema)) schemas.push(schema);
  return Array.from({ length: count }, () => {
    const leases = new ShardLeases({ url: PG!, schema, layout, timing, hostId: `host-${String.fromCharCode(97 + named++)}` });
    open.push(leases);
    return leases;
  });
}

describe('lease timing', () => {
  it('GIVEN no settings THEN 15 s leases renewed every 5 s; GIVEN a short ttl alone THEN renewal is a third of it', () => {
    expect(leaseTiming(undefined)).toEqual({ ttlMs: 15_000, renewMs: 5000 });
    expect(leaseTiming({ ttlMs: 3000 })).toEqual({ ttlMs: 3000, renewMs: 1000 });
  });
});

describe.skipIf(!PG)('shard leases in PostgreSQL', () => {
  it('GIVEN one host THEN it claims every group, and renewing keeps them without claiming again', async () => {
    const [a] = hosts(1);
    const first = await a!.tick();
    expect(first).toMatchObject({ held: [0, 1, 2], excess: [], liveHosts: 1, share: 3 });
    expect(first.claimed.map((c) => c.group)).toEqual([0, 1, 2]);
    const second = await a!.tick();
    expect(second).toMatchObject({ held: [0, 1, 2], claimed: [], excess: [] });
  });

  it('GIVEN 3 hosts starting one after another THEN the first gives groups up as others arrive, until each holds one', async () => {
    const [a, b, c] = hosts(3);
    expect((await a!.tick()).held).toEqual([0, 1, 2]);
    // b is counted: a's share drops to ceil(3/2) = 2, so a is told to give group 2 up; b finds nothing free yet.
    expect(await b!.tick()).toMatchObject({ held: [], liveHosts: 2, share: 2 });
    const aGives = await a!.tick();
    expect(aGives).toMatchObject({ held: [0, 1], excess: [2], share: 2 });
    await a!.release(aGives.excess);
    expect((await b!.tick()).held).toEqual([2]);
    // c arrives: share 1; a gives up group 1, which c then claims.
    expect((await c!.tick()).held).toEqual([]);
    const again = await a!.tick();
    expect(again).toMatchObject({ held: [0], excess: [1], liveHosts: 3, share: 1 });
    await a!.release(again.excess);
    expect((await b!.tick()).held).toEqual([2]);
    expect((await c!.tick()).held).toEqual([1]);
    // Settled: nobody claims or gives up any more.
    for (const h of [a!, b!, c!]) expect(await h.tick()).toMatchObject({ claimed: [], excess: [] });
  });

  it('GIVEN a host that stops renewing WHEN its leases expire THEN another host takes its groups over, naming it', async () => {
    const [a, b] = hosts(2, { shardCount: 4, processes: 2 }, { ttlMs: 3000, renewMs: 1000 });
    await a!.tick();
    expect((await b!.tick()).held).toEqual([]); // a holds both; b is live but nothing is free
    expect((await a!.tick()).excess).toEqual([1]); // a would give one up, but "dies" instead
    // b's own heartbeat keeps it live; a's leases and heartbeat lapse after the ttl.
    await new Promise((r) => setTimeout(r, 200));
    expect((await b!.tick()).held).toEqual([]); // not yet expired: still a's
    await new Promise((r) => setTimeout(r, 3000));
    const taken = await b!.tick();
    expect(taken).toMatchObject({ held: [0, 1], liveHosts: 1, share: 2 });
    expect(taken.claimed).toEqual([
      { group: 0, from: 'host-a' },
      { group: 1, from: 'host-a' },
    ]);
    // a comes back: its leases are gone (lost), so it holds nothing, and its share is now 1 with 2 live.
    expect((await a!.tick()).held).toEqual([]);
  });

  it('GIVEN a host that stops cleanly THEN its leases and heartbeat are deleted and another claims at once', async () => {
    const [a, b] = hosts(2, { shardCount: 2, processes: 2 });
    await a!.tick();
    await b!.tick();
    await a!.release((await a!.tick()).excess);
    expect((await b!.tick()).held).toEqual([1]);
    await a!.close();
    open.splice(open.indexOf(a!), 1);
    expect(await b!.tick()).toMatchObject({ held: [0, 1], liveHosts: 1 });
  });

  it('GIVEN pinned shards THEN automatic hosts never claim a group containing them, and a second pin on them waits', async () => {
    const schema = freshSchema('lease');
    const [auto] = hosts(1, { shardCount: 4, processes: 2 }, undefined, schema);
    const [pin, pin2] = hosts(2, { shardCount: 4, processes: 1 }, undefined, schema);
    expect(await pin!.tickPinned([2])).toEqual({ held: true, holders: [] });
    expect((await auto!.tick()).held).toEqual([0]); // group 1 (shards 2-3) holds a pinned shard
    expect(await pin2!.tickPinned([2, 3])).toEqual({ held: false, holders: [{ shard: 2, holder: 'host-b' }] });
    // The pin renews; once it stops (released), the automatic host claims the group.
    expect((await pin!.tickPinned([2])).held).toBe(true);
    await pin!.close();
    open.splice(open.indexOf(pin!), 1);
    expect((await auto!.tick()).held).toEqual([0, 1]);
  });

  it('GIVEN a live host with 4 shards in 2 processes WHEN a host with another layout ticks THEN it is refused with both layouts; once none is live, a new layout is recorded', async () => {
    const schema = freshSchema('lease');
    const [a] = hosts(1, { shardCount: 4, processes: 2 }, { ttlMs: 60_000, renewMs: 1000 }, schema);
    const [b] = hosts(1, { shardCount: 4, processes: 4 }, { ttlMs: 60_000, renewMs: 1000 }, schema);
    await a!.tick();
    const error = await b!.tick().then(() => undefined, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(LayoutMismatchError);
    expect(error!.message).toContain("This host's shard layout (4 shards in 4 processes) differs from the one the hosts sharing this database run (4 shards in 2 processes)");
    await a!.close();
    open.splice(open.indexOf(a!), 1);
    expect((await b!.tick()).held).toEqual([0, 1, 2, 3]);
  });
});

if (!PG) console.log('shards/leases: the PostgreSQL cases are skipped: set COGSMITH_TEST_POSTGRES_URL to a real server.');
