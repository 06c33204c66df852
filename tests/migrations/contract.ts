/**
 * The migration contract, run against every driver (memory, json with real files, postgres on a real
 * server or PGlite): each step kind on data in every scope and in custom groups written through partial
 * keys, giving the same stored result on each; a failing migration leaves the stored state exactly as it
 * was (`raw()`: json file bytes, postgres rows with their update times); a rerun writes nothing; edited
 * history is refused; Config's cache and writes around a migration; clearAll keeps the record.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '../../runtime/config/index.js';
import { MIGRATION_RECORD_SCOPE, MigrationNotImplementedError, type Migration, type MigrationStep, type MigrationTarget } from '../../runtime/contract/migrations.js';
import { migration as testMigration } from './fixtures/migration.js';
import type { JsonValue } from '../../runtime/contract/json.js';
import type { Address, ConfigDriver, Namespace } from '../../runtime/drivers/types.js';
import { MigrationError, migrateNamespace, migrationStatus } from '../../runtime/migrations/index.js';

export interface MigrationDriverUnderTest {
  driver: ConfigDriver;
  /** Everything stored, as raw as the driver allows (file bytes, rows with update times). */
  raw(): Promise<unknown>;
}

const SCOPES = [
  ['global', 'GLOBAL', []],
  ['guild', 'GUILD', ['g1']],
  ['channel', 'CHANNEL', ['c1']],
  ['role', 'ROLE', ['r1']],
  ['user', 'USER', ['u1']],
  ['member', 'MEMBER', ['g1', 'u1']],
] as const;

const at = (scope: string, keyCount: number, primaryKeys: string[], ...path: string[]): Address => ({ scope, keyCount, primaryKeys, path });

/** The same data in every scope, plus custom groups: `tickets` (2 keys, written through a partial group), `flags` (1), `settings` (0). */
async function seed(driver: ConfigDriver, ns: Namespace): Promise<void> {
  for (const [, scope, keys] of SCOPES) {
    await driver.set(ns, at(scope, keys.length, [...keys]), { count: 5, old: { a: 1 }, keep: { b: 2 }, prefix: '!', nul: null, other: 'x' });
  }
  await driver.set(ns, at('GUILD', 1, ['g2']), { prefix: '?', nul: 'set' });
  await driver.set(ns, at('MEMBER', 2, ['g1', 'u2']), { count: 9 });
  await driver.set(ns, at('MEMBER', 2, ['g2', 'u1']), { prefix: '!', nul: null });
  // A partial group: both of guild g1's tickets in one write, then one more under another guild.
  await driver.set(ns, at('tickets', 2, ['g1']), { t1: { count: 5, status: 'open', prefix: '!' }, t2: { status: 'closed', nul: null } });
  await driver.set(ns, at('tickets', 2, ['g2', 't3'], 'status'), 'open');
  await driver.set(ns, at('flags', 1, ['f1']), { on: true });
  await driver.set(ns, at('settings', 0, []), { mode: 'a' });
}

const ALL_TARGETS: MigrationTarget[] = [...SCOPES.map(([scope]) => ({ scope })), { custom: 'tickets' }];

let counter = 0;
function migration(number: number, steps: MigrationStep[], extra: Partial<Migration> = {}): Migration {
  return testMigration({ number, name: `m${number}`, steps, ...extra });
}

/** Sorts object keys recursively, so exports compare the same whatever order a driver keeps keys in. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object') return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted((value as Record<string, unknown>)[k])]));
  return value;
}

export function defineMigrationContract(name: string, make: () => Promise<MigrationDriverUnderTest>, cleanup: () => Promise<void>): void {
  describe(`config migrations on the ${name} driver`, () => {
    let under: MigrationDriverUnderTest;
    let driver: ConfigDriver;
    beforeAll(async () => {
      under = await make();
      driver = under.driver;
      await driver.open();
    });
    afterAll(async () => {
      for (const config of Config.instances()) if (config.driver === driver) Config.release(config);
      await driver.close();
      await cleanup();
    });

    /** A fresh namespace with the seed data, migrated; returns the stored data without the record. */
    async function migrated(...migrations: Migration[]): Promise<Record<string, JsonValue>> {
      const ns = { cogName: 'Shop', identifier: String(++counter) };
      await seed(driver, ns);
      await migrateNamespace({ driver, namespace: ns, migrations, now: () => 1000 });
      const { data } = await driver.exportNamespace(ns);
      expect(data[MIGRATION_RECORD_SCOPE]).toEqual({ version: migrations.at(-1)!.number, applied: migrations.map((m) => ({ id: m.id, number: m.number, name: m.name, at: 1000 })) });
      const rest = { ...data };
      delete rest[MIGRATION_RECORD_SCOPE];
      return sorted(rest) as Record<string, JsonValue>;
    }

    it('GIVEN data in every scope and a partial custom group WHEN a move runs THEN each document holds the value at its new path (parents created)', async () => {
      const data = await migrated(migration(1, ALL_TARGETS.map((target) => ({ kind: 'move', target, from: ['count'], to: ['stats', 'total', 'count'] }))));
      const moved = { stats: { total: { count: 5 } }, old: { a: 1 }, keep: { b: 2 }, prefix: '!', nul: null, other: 'x' };
      expect(data.GLOBAL).toEqual(moved);
      expect(data.GUILD).toEqual({ g1: moved, g2: { prefix: '?', nul: 'set' } });
      expect(data.CHANNEL).toEqual({ c1: moved });
      expect(data.ROLE).toEqual({ r1: moved });
      expect(data.USER).toEqual({ u1: moved });
      expect(data.MEMBER).toEqual({ g1: { u1: moved, u2: { stats: { total: { count: 9 } } } }, g2: { u1: { prefix: '!', nul: null } } });
      expect(data.tickets).toEqual({ g1: { t1: { stats: { total: { count: 5 } }, status: 'open', prefix: '!' }, t2: { status: 'closed', nul: null } }, g2: { t3: { status: 'open' } } });
      expect(data.flags).toEqual({ f1: { on: true } });
      // Read back through the driver's partial-group read of the migrated group.
      const ns = { cogName: 'Shop', identifier: String(counter) };
      expect(await driver.get(ns, at('tickets', 2, ['g1'], ))).toEqual({ t1: { stats: { total: { count: 5 } }, status: 'open', prefix: '!' }, t2: { status: 'closed', nul: null } });
    });

    it('GIVEN a move into a group WHEN the old group is left empty THEN it is removed, and a document left empty is removed', async () => {
      const data = await migrated(migration(1, [
        { kind: 'move', target: { scope: 'guild' }, from: ['old', 'a'], to: ['a'] },
        { kind: 'move', target: { scope: 'member' }, from: ['count'], to: ['old', 'count'] },
        { kind: 'drop', target: { scope: 'member' }, path: ['old'] },
      ]));
      expect(data.GUILD).toEqual({ g1: { count: 5, a: 1, keep: { b: 2 }, prefix: '!', nul: null, other: 'x' }, g2: { prefix: '?', nul: 'set' } });
      // g1/u2 held only count: moved into old, old dropped, the document is gone.
      expect(data.MEMBER).toEqual({ g1: { u1: { keep: { b: 2 }, prefix: '!', nul: null, other: 'x' } }, g2: { u1: { prefix: '!', nul: null } } });
    });

    it('GIVEN a move below a stored non-object WHEN it runs THEN the migration fails naming the document and nothing is written', async () => {
      const ns = { cogName: 'Shop', identifier: String(++counter) };
      await seed(driver, ns);
      const before = await under.raw();
      const bad = migration(1, [{ kind: 'move', target: { scope: 'guild' }, from: ['count'], to: ['other', 'count'] }]);
      const error = await migrateNamespace({ driver, namespace: ns, migrations: [bad] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as Error).message).toMatch(/migration 0001_m1 failed: guild \[g1\]: cannot store below other, which holds "x"/);
      expect(await under.raw()).toEqual(before);
    });

    it('GIVEN a drop in every scope WHEN it runs THEN the values are gone, parents left empty too', async () => {
      const data = await migrated(migration(1, ALL_TARGETS.flatMap((target) => [
        { kind: 'drop', target, path: ['old', 'a'] } as const,
        { kind: 'drop', target, path: ['other'] } as const,
      ])));
      const dropped = { count: 5, keep: { b: 2 }, prefix: '!', nul: null };
      for (const [, scope, keys] of SCOPES) {
        let node: JsonValue = data[scope]!;
        for (const key of keys) node = (node as Record<string, JsonValue>)[key]!;
        expect(node).toEqual(dropped);
      }
    });

    it('GIVEN a changed default WHEN rewriteDefault runs THEN only stored values equal to the old default change', async () => {
      const data = await migrated(migration(1, ALL_TARGETS.map((target) => ({ kind: 'rewriteDefault', target, path: ['prefix'], from: '!', to: '.' }))));
      expect((data.GLOBAL as Record<string, JsonValue>).prefix).toBe('.');
      expect(data.GUILD).toMatchObject({ g1: { prefix: '.' }, g2: { prefix: '?' } });
      expect(data.MEMBER).toMatchObject({ g1: { u1: { prefix: '.' }, u2: { count: 9 } }, g2: { u1: { prefix: '.' } } });
      expect((data.MEMBER as any).g1.u2.prefix).toBeUndefined();
      expect(data.tickets).toMatchObject({ g1: { t1: { prefix: '.' } } });
      expect((data.tickets as any).g1.t2.prefix).toBeUndefined();
    });

    it('GIVEN a field made non-nullable WHEN replaceNull runs THEN stored nulls take the default and other values stay', async () => {
      const data = await migrated(migration(1, ALL_TARGETS.map((target) => ({ kind: 'replaceNull', target, path: ['nul'], to: 'none' }))));
      expect((data.USER as any).u1.nul).toBe('none');
      expect(data.GUILD).toMatchObject({ g1: { nul: 'none' }, g2: { nul: 'set' } });
      expect((data.MEMBER as any).g2.u1.nul).toBe('none');
      expect((data.MEMBER as any).g1.u2.nul).toBeUndefined();
      expect((data.tickets as any).g1.t2.nul).toBe('none');
    });

    it('GIVEN custom groups WHEN one is renamed and another dropped THEN every document moves, keys kept, and the dropped one is gone', async () => {
      const data = await migrated(migration(1, [
        { kind: 'renameCustom', from: 'tickets', to: 'issues' },
        { kind: 'dropTarget', target: { custom: 'flags' } },
        { kind: 'dropTarget', target: { scope: 'channel' } },
      ]));
      expect(data.tickets).toBeUndefined();
      expect(data.flags).toBeUndefined();
      expect(data.CHANNEL).toBeUndefined();
      expect(data.issues).toEqual({ g1: { t1: { count: 5, status: 'open', prefix: '!' }, t2: { status: 'closed', nul: null } }, g2: { t3: { status: 'open' } } });
      expect(data.settings).toEqual({ mode: 'a' });
    });

    it("GIVEN an up (a type change, a custom group's key count) WHEN it runs THEN what it puts and removes is stored", async () => {
      const up = migration(1, [{ kind: 'up', reason: 'count becomes a string; settings gets a key' }], {
        up(data) {
          for (const target of ALL_TARGETS) for (const doc of data.documents(target)) if (typeof doc.data.count === 'number') doc.data.count = `#${doc.data.count}`;
          const [settings] = data.documents({ custom: 'settings' });
          data.remove({ custom: 'settings' }, []);
          data.put({ custom: 'settings' }, ['default'], settings!.data);
          data.put({ scope: 'member' }, ['g3', 'u3'], { count: 'new' });
        },
      });
      const data = await migrated(up);
      expect((data.GLOBAL as any).count).toBe('#5');
      expect(data.MEMBER).toMatchObject({ g1: { u1: { count: '#5' }, u2: { count: '#9' } }, g3: { u3: { count: 'new' } } });
      expect((data.tickets as any).g1.t1.count).toBe('#5');
      expect(data.settings).toEqual({ default: { mode: 'a' } });
      const ns = { cogName: 'Shop', identifier: String(counter) };
      expect(await driver.get(ns, at('settings', 1, ['default'], 'mode'))).toBe('a');
    });

    it('GIVEN several migrations WHEN they run THEN in number order, once, and a rerun writes nothing', async () => {
      const ns = { cogName: 'Shop', identifier: String(++counter) };
      await seed(driver, ns);
      const second = migration(2, [{ kind: 'move', target: { scope: 'guild' }, from: ['score'], to: ['points'] }]);
      const first = migration(1, [{ kind: 'move', target: { scope: 'guild' }, from: ['count'], to: ['score'] }]);
      const result = await migrateNamespace({ driver, namespace: ns, migrations: [second, first] });
      expect(result.migrations.map((m) => m.migration.number)).toEqual([1, 2]);
      expect(result.migrations.map((m) => m.steps.map((s) => s.documents))).toEqual([[1], [1]]);
      expect(await driver.get(ns, at('GUILD', 1, ['g1'], 'points'))).toBe(5);
      const after = await under.raw();
      const again = await migrateNamespace({ driver, namespace: ns, migrations: [first, second] });
      expect(again).toMatchObject({ from: 2, to: 2, migrations: [] });
      expect(await under.raw()).toEqual(after);
      expect((await migrationStatus(driver, ns, [first, second])).pending).toEqual([]);
    });

    it('GIVEN a migration that throws halfway WHEN it runs after one that succeeded THEN nothing is written (the stored state is identical) and the error names it', async () => {
      const ns = { cogName: 'Shop', identifier: String(++counter) };
      await seed(driver, ns);
      const before = await under.raw();
      const ok = migration(1, [{ kind: 'move', target: { scope: 'member' }, from: ['count'], to: ['points'] }]);
      const broken = migration(2, [{ kind: 'drop', target: { scope: 'guild' }, path: ['prefix'] }, { kind: 'up', reason: 'split' }], {
        name: 'split-name',
        up(data) {
          data.documents({ scope: 'user' })[0]!.data.touched = true;
          throw new Error('the value "x" cannot be split');
        },
      });
      const error = await migrateNamespace({ driver, namespace: ns, migrations: [ok, broken] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationError);
      expect((error as MigrationError).migration).toMatchObject({ number: 2, name: 'split-name' });
      expect((error as Error).message).toContain('migration 0002_split-name failed: the value "x" cannot be split');
      expect(await under.raw()).toEqual(before);
      const stub = migration(1, [{ kind: 'up', reason: 'type change' }], { up() { throw new MigrationNotImplementedError('cogs/shop/migrations/0001_m1.ts', 'count: string → integer'); } });
      const notYet = await migrateNamespace({ driver, namespace: ns, migrations: [stub] }).catch((e: unknown) => e);
      expect((notYet as Error).message).toMatch(/0001_m1 failed: The migration cogs\/shop\/migrations\/0001_m1.ts needs its `up` written/);
      expect(await under.raw()).toEqual(before);
    });

    it('GIVEN an applied migration WHEN its file changed (another migration, or its steps edited) or was removed THEN the runner refuses: history was edited', async () => {
      const ns = { cogName: 'Shop', identifier: String(++counter) };
      await seed(driver, ns);
      const first = migration(1, [{ kind: 'drop', target: { scope: 'global' }, path: ['other'] }]);
      await migrateNamespace({ driver, namespace: ns, migrations: [first] });
      const before = await under.raw();
      // Another migration 1 than the one applied (its own id), and the applied one with its steps changed.
      const edited = migration(1, [{ kind: 'drop', target: { scope: 'global' }, path: ['mode'] }]);
      const tampered = { ...first, steps: edited.steps };
      const next = migration(2, [{ kind: 'drop', target: { scope: 'global' }, path: ['keep'] }]);
      await expect(migrateNamespace({ driver, namespace: ns, migrations: [edited, next] })).rejects.toThrow(/0001_m1 differs from the one applied.*history was edited/);
      await expect(migrateNamespace({ driver, namespace: ns, migrations: [tampered, next] })).rejects.toThrow(/0001_m1 was edited after it was written \(history was edited\)/);
      await expect(migrateNamespace({ driver, namespace: ns, migrations: [next] })).rejects.toThrow(/0001_m1 was applied to the stored data but is no longer among/);
      expect(await under.raw()).toEqual(before);
      expect((await migrationStatus(driver, ns, [edited])).problem).toMatch(/history was edited/);
    });

    it('GIVEN a Config that cached values and writes while a migration runs WHEN it ends THEN reads see migrated data and the writes were kept (they waited)', async () => {
      const identifier = String(++counter);
      const ns = { cogName: 'Shop', identifier };
      await seed(driver, ns);
      const config = Config.getConf({ cogName: 'Shop', identifier, driver });
      expect(await config.guildFromId('g1').getRaw('count')).toBe(5);
      let resume!: () => void;
      let entered!: () => void;
      const inUp = new Promise<void>((r) => (entered = r));
      const slow = migration(1, [{ kind: 'move', target: { scope: 'guild' }, from: ['count'], to: ['points'] }, { kind: 'up', reason: 'wait' }], {
        async up() {
          entered();
          await new Promise<void>((r) => (resume = r));
        },
      });
      const running = migrateNamespace({ driver, namespace: ns, migrations: [slow] });
      await inUp;
      let written = false;
      const write = config.guildFromId('g2').setRaw('late', 1).then(() => (written = true));
      await new Promise((r) => setTimeout(r, 20));
      expect(written).toBe(false);
      resume();
      await running;
      await write;
      expect(await config.guildFromId('g1').getRaw('points')).toBe(5);
      expect(await config.guildFromId('g1').getRaw('count', { default: null })).toBeNull();
      expect(await config.guildFromId('g2').getRaw('late')).toBe(1);
      expect(await driver.get(ns, at('GUILD', 1, ['g2'], 'late'))).toBe(1);
      Config.release(config);
    });

    it('GIVEN a migrated namespace WHEN Config.clearAll runs THEN the data goes and the record stays, so nothing runs again', async () => {
      const identifier = String(++counter);
      const ns = { cogName: 'Shop', identifier };
      await seed(driver, ns);
      const first = migration(1, [{ kind: 'drop', target: { scope: 'global' }, path: ['other'] }]);
      await migrateNamespace({ driver, namespace: ns, migrations: [first] });
      const config = Config.getConf({ cogName: 'Shop', identifier, driver });
      await config.clearAll();
      const { data } = await driver.exportNamespace(ns);
      expect(Object.keys(data)).toEqual([MIGRATION_RECORD_SCOPE]);
      expect((await migrationStatus(driver, ns, [first])).version).toBe(1);
      expect(() => config.initCustom(MIGRATION_RECORD_SCOPE, 0)).toThrow(/migration record/);
      Config.release(config);
    });
  });
}
