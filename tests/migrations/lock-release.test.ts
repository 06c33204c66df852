/**
 * The migration lock's release failing (postgres: the lock's session dropped while held): after a failed
 * migration the migration's own error is what the caller sees; after a written one the lost lock fails
 * the load, the data is migrated once all the same, and the next run finds nothing pending.
 */
import { describe, expect, it } from 'vitest';
import { MemoryDriver } from '../../runtime/config/index.js';
import { LockLostError } from '../../runtime/config/errors.js';
import { MIGRATION_RECORD_SCOPE } from '../../runtime/contract/migrations.js';
import type { Namespace, ReleaseLock } from '../../runtime/drivers/types.js';
import { MigrationError, migrateNamespace, migrationStatus } from '../../runtime/migrations/index.js';
import { migration } from './fixtures/migration.js';

/** A memory driver with a cross-process lock whose release reports the lock as lost. */
class LosingLocks extends MemoryDriver {
  taken: string[] = [];
  async acquireLock(ns: Namespace, key: string): Promise<ReleaseLock> {
    this.taken.push(key);
    return async () => {
      throw new LockLostError(`The lock on ${key} was lost while it was held`, { cogName: ns.cogName });
    };
  }
}

const ns = { cogName: 'Shop', identifier: '1' };
const move = migration({ number: 1, name: 'move', steps: [{ kind: 'move', target: { scope: 'global' }, from: ['a'], to: ['b'] }] });

describe('the migration lock released with an error', () => {
  it('GIVEN a migration that throws WHEN the release fails too THEN the migration error is the one thrown', async () => {
    const driver = new LosingLocks();
    await driver.set(ns, { scope: 'GLOBAL', keyCount: 0, primaryKeys: [], path: ['a'] }, 1);
    const broken = migration({ number: 1, name: 'broken', steps: [{ kind: 'up', reason: 'r' }], up() { throw new Error('bad value'); } });
    await expect(migrateNamespace({ driver, namespace: ns, migrations: [broken] })).rejects.toThrow(MigrationError);
    expect(driver.taken).toEqual(['migrations']);
  });

  it('GIVEN a migration written WHEN the release reports the lock lost THEN that error is thrown, the data is migrated, and a rerun has nothing pending', async () => {
    const driver = new LosingLocks();
    await driver.set(ns, { scope: 'GLOBAL', keyCount: 0, primaryKeys: [], path: ['a'] }, 1);
    await expect(migrateNamespace({ driver, namespace: ns, migrations: [move] })).rejects.toThrow(LockLostError);
    const { data } = await driver.exportNamespace(ns);
    expect(data.GLOBAL).toEqual({ b: 1 });
    expect(data[MIGRATION_RECORD_SCOPE]).toMatchObject({ version: 1 });
    expect((await migrationStatus(driver, ns, [move])).pending).toEqual([]);
  });
});
