/**
 * What the postgres driver does with no server: an embedded PGlite, in memory or in a data folder,
 * optionally shared by several drivers of one process. These run everywhere (PGlite needs no server).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDriver } from '../../runtime/drivers/postgres/index.js';
import type { Invalidation } from '../../runtime/drivers/types.js';

const ns = { cogName: 'Economy', identifier: '42' };
const guild = (g: string, ...path: string[]) => ({ scope: 'GUILD', keyCount: 1, primaryKeys: [g], path });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cogsmith-pglite-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('PostgresDriver without a url (embedded PGlite)', () => {
  it('GIVEN a data folder WHEN the driver is closed and opened again THEN the data is still there and migrations are not re-applied', async () => {
    const first = new PostgresDriver({ dataDir: join(dir, 'db') });
    await first.set(ns, guild('1', 'prefix'), '?');
    await first.close();
    const second = new PostgresDriver({ dataDir: join(dir, 'db') });
    try {
      expect(await second.get(ns, guild('1', 'prefix'))).toBe('?');
      expect(second.address).toBe(`pglite:${join(dir, 'db')}`);
    } finally {
      await second.close();
    }
  });

  it('GIVEN two drivers sharing one PGlite WHEN one writes THEN the other is invalidated, and locks are shared', async () => {
    const pglite = new PGlite();
    const a = new PostgresDriver({ pglite });
    const b = new PostgresDriver({ pglite });
    try {
      const seen: Invalidation[] = [];
      let wake: (() => void) | undefined;
      b.onInvalidate((change) => {
        seen.push(change);
        wake?.();
      });
      await Promise.all([a.listening(), b.listening()]);
      await a.set(ns, guild('5', 'x'), 1);
      while (seen.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      expect(seen[0]).toEqual({ namespace: ns, scope: 'GUILD', primaryKeys: ['5'] });

      const release = await a.acquireLock(ns, 'GUILD/5/x', 100);
      await expect(b.acquireLock(ns, 'GUILD/5/x', 20)).rejects.toThrow(/Timed out/);
      await release();
      await (await b.acquireLock(ns, 'GUILD/5/x', 20))();
    } finally {
      await a.close();
      await b.close();
      expect(pglite.closed).toBe(false); // a shared instance belongs to its owner
      await pglite.close();
    }
  });
});
