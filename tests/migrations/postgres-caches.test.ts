/**
 * On postgres a migration's one write notifies the other processes' caches as any write does: a Config on
 * another driver (another process, here a second driver on the same PGlite or server schema) that had
 * cached the old document reads the migrated one once the notification arrived.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { Config } from '../../runtime/config/index.js';
import type { Invalidation } from '../../runtime/drivers/types.js';
import { migrateNamespace } from '../../runtime/migrations/index.js';
import { cleanupDrivers, freshSchema, makeDriver, testUrl } from '../config/fixtures/pg-env.js';
import { migration } from './fixtures/migration.js';

const pglite = testUrl ? undefined : new PGlite();
afterAll(async () => {
  await cleanupDrivers();
  await pglite?.close();
});

describe(`a migration and other processes' caches on ${testUrl ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('GIVEN another driver whose Config cached a guild WHEN this one migrates the namespace THEN the other is notified and reads the migrated values', async () => {
    const schema = freshSchema('migcache');
    const here = makeDriver({ schema, ...(pglite ? { pglite } : {}) });
    const there = makeDriver({ schema, ...(pglite ? { pglite } : {}) });
    const ns = { cogName: 'Shop', identifier: '7' };
    await here.set(ns, { scope: 'GUILD', keyCount: 1, primaryKeys: ['g1'], path: [] }, { count: 3 });
    const config = Config.getConf({ cogName: 'Shop', identifier: 7, driver: there });
    try {
      expect(await config.guildFromId('g1').getRaw('count')).toBe(3);
      const seen: Invalidation[] = [];
      let wake: (() => void) | undefined;
      there.onInvalidate((change) => {
        seen.push(change);
        wake?.();
      });
      await Promise.all([here.listening(), there.listening()]);
      await migrateNamespace({ driver: here, namespace: ns, migrations: [migration({ number: 1, name: 'rename', steps: [{ kind: 'move', target: { scope: 'guild' }, from: ['count'], to: ['points'] }] })] });
      while (!seen.some((c) => c.scope === 'GUILD')) await new Promise<void>((resolve) => (wake = resolve));
      expect(await config.guildFromId('g1').getRaw('points')).toBe(3);
      expect(await config.guildFromId('g1').getRaw('count', { default: 'gone' })).toBe('gone');
    } finally {
      Config.release(config);
    }
  });
});
