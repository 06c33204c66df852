/**
 * The in-memory MigrationData over an export: what `up` may and may not do with it, the record's checks,
 * and data it cannot read passing through a migration untouched.
 */
import { describe, expect, it } from 'vitest';
import { MIGRATION_RECORD_SCOPE } from '../../runtime/contract/migrations.js';
import type { NamespaceExport } from '../../runtime/drivers/types.js';
import { NamespaceDocuments, applyMigration, pendingMigrations, readRecord } from '../../runtime/migrations/index.js';
import { migration } from './fixtures/migration.js';

const ns = { cogName: 'Shop', identifier: '1' };
const exported = (data: NamespaceExport['data'], keyCounts: Record<string, number>): NamespaceExport => ({ namespace: ns, keyCounts, data });

describe('MigrationData in memory', () => {
  it('GIVEN a custom group with documents WHEN up puts one with another key count THEN it is refused; once emptied, the new count is taken', () => {
    const data = new NamespaceDocuments(ns, exported({ T: { a: { b: { x: 1 } } } }, { T: 2 }));
    expect(() => data.put({ custom: 'T' }, ['a'], { x: 2 })).toThrow(/custom group "T"\): it has 2 primary keys, got 1/);
    expect(() => data.put({ scope: 'member' }, ['g'], {})).toThrow(/it has 2 primary keys, got 1/);
    expect(() => data.put({ scope: 'guild' }, [''], {})).toThrow(/non-empty strings/);
    expect(() => data.put({ custom: MIGRATION_RECORD_SCOPE }, [], {})).toThrow(/cannot target __migrations__/);
    data.remove({ custom: 'T' }, ['a', 'b']);
    data.put({ custom: 'T' }, ['a'], { x: 2 });
    expect(data.toExport()).toEqual(exported({ T: { a: { x: 2 } } }, { T: 1 }));
  });

  it('GIVEN a group renamed onto one that holds documents WHEN the step runs THEN it fails rather than mixing them', async () => {
    const data = new NamespaceDocuments(ns, exported({ A: { k: { x: 1 } }, B: { j: { y: 1 } } }, { A: 1, B: 1 }));
    await expect(applyMigration(data, migration({ number: 1, name: 'r', steps: [{ kind: 'renameCustom', from: 'A', to: 'B' }] }))).rejects.toThrow(/custom group "B" already holds documents/);
  });

  it('GIVEN stored leaves that are not objects and empty documents WHEN a migration runs THEN they pass through as they were', async () => {
    const data = new NamespaceDocuments(ns, exported({ T: { a: 5, b: { x: 1 } }, GUILD: { g: {} } }, { T: 1, GUILD: 1 }));
    expect(data.documents({ custom: 'T' }).map((d) => d.keys)).toEqual([['b']]);
    const outcomes = await applyMigration(data, migration({ number: 1, name: 'm', steps: [{ kind: 'move', target: { custom: 'T' }, from: ['x'], to: ['y'] }, { kind: 'drop', target: { scope: 'guild' }, path: ['z'] }] }));
    expect(outcomes.map((o) => o.documents)).toEqual([1, 0]);
    expect(data.toExport().data).toEqual({ T: { a: 5, b: { y: 1 } }, GUILD: { g: {} } });
  });

  it('GIVEN a damaged record WHEN read THEN the error names the cog and what is wrong', () => {
    expect(() => readRecord(ns, { version: -1, applied: [] })).toThrow('The migration record of cog "Shop" (scope __migrations__) is damaged: "version" is not a migration number');
    expect(() => readRecord(ns, { version: 1, applied: [{ id: 'x' }] })).toThrow(/an entry of "applied" is not/);
    expect(readRecord(ns, undefined)).toEqual({ version: 0, applied: [] });
  });

  it('GIVEN migrations with one number twice, or one below the version never applied THEN they are refused', () => {
    const m = (number: number, reason = `r${number}`) => migration({ number, name: `n${number}`, steps: [{ kind: 'up', reason }] });
    expect(() => pendingMigrations('Shop', { version: 0, applied: [] }, [m(1), m(1, 'other')])).toThrow(/0001_n1 and 0001_n1 have the same number/);
    expect(() => pendingMigrations('Shop', { version: 2, applied: [{ id: m(2).id, number: 2, name: 'n2', at: 0 }] }, [m(1), m(2), m(3)])).toThrow(/0001_n1 is numbered at or below the stored schema version 2 but was never applied/);
    expect(pendingMigrations('Shop', { version: 1, applied: [{ id: m(1).id, number: 1, name: 'n1', at: 0 }] }, [m(3), m(1), m(2)]).map((x) => x.number)).toEqual([2, 3]);
    // Steps edited after the file was written: they no longer hash to its id.
    expect(() => pendingMigrations('Shop', { version: 0, applied: [] }, [{ ...m(1), steps: [{ kind: 'up', reason: 'edited' }] }])).toThrow(/migration 0001_n1 was edited after it was written \(history was edited\): its steps hash to [0-9a-f]{16}, not its id [0-9a-f]{16}/);
  });
});
