/**
 * Cross-process safety of the postgres driver: 4 separate processes × 250 changes to one member value
 * must end at exactly 1000, through the advisory lock (get + set inside acquireLock), through Config's
 * update(), and through the single-statement increment. Each worker also opens the driver on a fresh
 * schema at the same moment as the others, so concurrent migrations are exercised too.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Address } from '../../runtime/drivers/types.js';
import { adminQuery, cleanupDrivers, freshSchema, makeDriver, testUrl } from './fixtures/pg-env.js';
import { runWorker } from './fixtures/pg-run-worker.js';

const ns = { cogName: 'Economy', identifier: '42' };
const coins: Address = { scope: 'MEMBER', keyCount: 2, primaryKeys: ['1000', '2000'], path: ['coins'] };

afterAll(cleanupDrivers);

/** How many migrations the driver ships (drizzle-kit's journal). */
const MIGRATIONS = (JSON.parse(readFileSync(new URL('../../runtime/drivers/postgres/migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] }).entries.length;

// These need several processes sharing one database: PGlite is embedded in a single process, so they run
// only against a real server (COGSMITH_TEST_POSTGRES_URL).
describe.skipIf(!testUrl)('postgres driver across 4 processes', () => {
  for (const mode of ['lock', 'config-update', 'increment'] as const) {
    it(`GIVEN 4 processes × 250 ${mode} changes of one member value THEN it ends at exactly 1000`, { timeout: 180_000 }, async () => {
      const schema = freshSchema(mode.replace('-', '_'));
      const results = await Promise.all([1, 2, 3, 4].map(() => runWorker(mode, schema, 250)));
      expect(results.map((r) => r.count)).toEqual([250, 250, 250, 250]);
      const check = makeDriver({ schema });
      expect(await check.get(ns, coins)).toBe(1000);
      expect(await check.namespaces()).toEqual([ns]);
      // The four concurrent opens applied each migration once.
      const applied = await adminQuery<{ n: string }>(`select count(*) as n from "${schema}".__drizzle_migrations`);
      expect(Number(applied[0]!.n)).toBe(MIGRATIONS);
    });
  }
});
