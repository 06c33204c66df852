/**
 * Cache invalidation across processes: every write sends a NOTIFY and every driver LISTENs, so a write
 * through one driver makes the others' onInvalidate fire. Two drivers in this process stand for two
 * processes: each has its own pool, listener connection and origin id.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { storeFor } from '../../runtime/config/cache.js';
import { Config } from '../../runtime/config/config.js';
import type { PostgresDriver } from '../../runtime/drivers/postgres/index.js';
import type { Invalidation } from '../../runtime/drivers/types.js';
import { adminQuery, cleanupDrivers, freshSchema, makeDriver, testUrl } from './fixtures/pg-env.js';
import { runWorker } from './fixtures/pg-run-worker.js';

const ns = { cogName: 'Economy', identifier: '42' };
const member = (g: string, u: string, ...path: string[]) => ({ scope: 'MEMBER', keyCount: 2, primaryKeys: [g, u], path });

/** Collects a driver's invalidations and waits for one matching a predicate. */
function recorder(driver: PostgresDriver) {
  const seen: Invalidation[] = [];
  let wake: (() => void) | undefined;
  driver.onInvalidate((change) => {
    seen.push(change);
    wake?.();
  });
  return {
    seen,
    /** Resolves with the first change matching `test` (waits without a clock; the test timeout bounds it). */
    async next(test: (c: Invalidation) => boolean): Promise<Invalidation> {
      for (;;) {
        const found = seen.find(test);
        if (found) return found;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

const keysAre = (keys: string[]) => (c: Invalidation) => JSON.stringify(c.primaryKeys) === JSON.stringify(keys);

afterAll(cleanupDrivers);

// NOTIFY reaches other sessions of one server; PGlite is a single in-process session, so these need
// COGSMITH_TEST_POSTGRES_URL.
describe.skipIf(!testUrl)('postgres driver invalidations (LISTEN/NOTIFY)', () => {
  it('GIVEN two drivers on one database WHEN one writes THEN the other is told which document changed, and the writer is not', async () => {
    const schema = freshSchema('notify');
    const a = makeDriver({ schema });
    const b = makeDriver({ schema });
    const fromA = recorder(a);
    const fromB = recorder(b);
    await Promise.all([a.listening(), b.listening()]);

    await a.set(ns, member('1', '2', 'coins'), 5);
    expect(await fromB.next(keysAre(['1', '2']))).toEqual({ namespace: ns, scope: 'MEMBER', primaryKeys: ['1', '2'] });

    await a.increment(ns, member('1', '3', 'coins'), 1, 0);
    await fromB.next(keysAre(['1', '3']));
    await a.clear(ns, { scope: 'MEMBER', keyCount: 2, primaryKeys: ['1'], path: [] });
    await fromB.next(keysAre(['1']));

    // b's own write reaches a, and b ignores it; a's marker afterwards proves b's queue was drained.
    await b.set(ns, member('9', '9'), { mine: true });
    await fromA.next(keysAre(['9', '9']));
    await a.set(ns, member('8', '8'), { marker: true });
    await fromB.next(keysAre(['8', '8']));
    expect(fromB.seen.some(keysAre(['9', '9']))).toBe(false);
    expect(fromA.seen.some(keysAre(['1', '2']))).toBe(false);
  });

  it('GIVEN a driver on another schema of the same database THEN it is not told about these writes', async () => {
    const schema = freshSchema('notify');
    const a = makeDriver({ schema });
    const b = makeDriver({ schema });
    const elsewhere = makeDriver();
    const fromB = recorder(b);
    const fromElsewhere = recorder(elsewhere);
    await Promise.all([b.listening(), elsewhere.listening()]);
    await a.set(ns, member('1', '1'), { x: 1 });
    await fromB.next(keysAre(['1', '1']));
    await a.set(ns, member('1', '1'), { x: 2 }); // give it a second chance to leak
    await elsewhere.set(ns, member('5', '5'), { x: 1 });
    await new Promise((r) => setTimeout(r, 100));
    expect(fromElsewhere.seen).toEqual([]);
  });

  it('GIVEN the listener connection is killed THEN it reconnects, reports every scope as changed, and later writes arrive', async () => {
    const schema = freshSchema('notify');
    const app = `cogsmith-listen-${randomBytes(4).toString('hex')}`;
    const a = makeDriver({ schema });
    const b = makeDriver({ schema, pool: { application_name: app } });
    const fromB = recorder(b);
    await b.listening();
    await a.set(ns, member('1', '2'), { coins: 1 });
    await fromB.next(keysAre(['1', '2']));

    const killed = await adminQuery<{ ok: boolean }>(
      `select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1 and query ilike 'listen%'`,
      [app],
    );
    expect(killed.length).toBe(1);
    // Missed notifications cannot be replayed: the reconnected listener reports the whole scope.
    expect(await fromB.next(keysAre([]))).toEqual({ namespace: ns, scope: 'MEMBER', primaryKeys: [] });
    await a.set(ns, member('1', '7'), { coins: 7 });
    await fromB.next(keysAre(['1', '7']));
  });

  it('GIVEN a Config here has cached a member value WHEN another process sets it THEN the next read here sees the new value', async () => {
    const schema = freshSchema('notify');
    const driver = makeDriver({ schema });
    const config = Config.getConf({ cogName: 'Economy', identifier: 42, driver });
    try {
      config.registerMember({ coins: 0 });
      const coins = config.memberFromIds('1000', '2000').coins;
      await coins.set(1);
      expect(await coins()).toBe(1);
      const cache = storeFor(driver).stats;
      const hits = cache.hits;
      expect(await coins()).toBe(1);
      expect(cache.hits).toBeGreaterThan(hits); // served from the cache from now on
      const fromOthers = recorder(driver);
      await driver.listening();

      await runWorker('set', schema, 77); // a separate process writes 77 through its own driver
      await fromOthers.next(keysAre(['1000', '2000']));
      expect(cache.invalidations).toBeGreaterThan(0);
      expect(await coins()).toBe(77);
    } finally {
      Config.release(config);
    }
  });
});
