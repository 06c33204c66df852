/**
 * Config migrations through `generate` on a temp project: the first run writes the snapshot only; a
 * rename, a move and a default change write one complete migration; a type change writes an `up` stub
 * that is never overwritten; `--check` fails until the migration is generated. The files written import,
 * run and type-check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { migrationId } from '../../runtime/migrations/id.js';
import type { ConfigSnapshot, Migration, MigrationData } from '../../runtime/contract/migrations.js';
import { formatProblem } from '../../runtime/support/yaml-source.js';
import { compile, repoRoot, snapshotTree, tempProject, type TempProject } from './helpers/project.js';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

const HEAD = `name: tally
identifier: 77
description: Counts.
dataStatement: Keeps a count per guild and a score per member.
commands:
  - name: count
    kind: hybrid
    description: Counts.
`;

const V1 = `${HEAD}config:
  guild:
    count: { type: integer, default: 0 }
    prefix: { type: string, default: "!" }
    settings:
      wait: { type: duration, default: 30s }
  member:
    score: { type: string, default: "0" }
`;

// count renamed, prefix moved into settings, wait's default changed with its stored old defaults rewritten.
const V2 = `${HEAD}config:
  guild:
    total: { type: integer, default: 0, renamedFrom: count }
    settings:
      prefix: { type: string, default: "!", renamedFrom: prefix }
      wait: { type: duration, default: 1m, rewriteOldDefault: true }
  member:
    score: { type: string, default: "0" }
`;

// member.score from string to integer.
const V3 = V2.replace('score: { type: string, default: "0" }', 'score: { type: integer, default: 0 }');

const MIGRATION_1 = 'cogs/tally/migrations/0001_rename-total-move-prefix-and-more.ts';
const MIGRATION_2 = 'cogs/tally/migrations/0002_retype-score.ts';
const SNAPSHOT = 'cogs/tally/migrations/snapshot.json';

async function generated(p: TempProject, options: { check?: boolean } = {}) {
  const result = await generate({ root: p.root, ...options });
  expect(result.errors.map(formatProblem)).toEqual([]);
  return result;
}

function withV1(): TempProject {
  const p = tempProject();
  p.write('cogs/tally/cog.yaml', V1);
  return p;
}

const migrationFiles = (p: TempProject) => readdirSync(p.path('cogs/tally/migrations')).sort();
const snapshotOf = (p: TempProject) => JSON.parse(p.read(SNAPSHOT)) as ConfigSnapshot;

/** Imports a TypeScript module of the temp project (vitest transforms it). */
async function load<T>(p: TempProject, file: string): Promise<T> {
  return (await import(/* @vite-ignore */ `${pathToFileURL(p.path(file)).href}?t=${Date.now()}`)) as T;
}

describe('generate: config migrations', () => {
  it('GIVEN a cog without a snapshot WHEN generating THEN the snapshot is written and no migration', async () => {
    project = withV1();
    const result = await generated(project);
    expect(result.written).toContain(SNAPSHOT);
    expect(result.migrations).toEqual([]);
    expect(migrationFiles(project)).toEqual(['snapshot.json']);
    expect(existsSync(project.path('generated/cogs/tally/migrations.ts'))).toBe(false);
    expect(project.read('generated/registry.ts')).not.toContain('migrations');
    const snapshot = snapshotOf(project);
    expect(snapshot.version).toBe(0);
    expect(snapshot.scopes.guild!.entries.settings).toEqual({ kind: 'group', entries: { wait: { kind: 'field', type: 'duration', nullable: false, default: 30_000 } } });
  });

  it('GIVEN a rename, a move and a default change with rewriteOldDefault WHEN generating THEN one complete migration is written, the snapshot follows, and a second run writes nothing', async () => {
    project = withV1();
    await generated(project);
    project.write('cogs/tally/cog.yaml', V2);

    const result = await generated(project);

    expect(result.migrations).toEqual([{ cog: 'tally', file: MIGRATION_1, up: [] }]);
    expect(result.written).toEqual(expect.arrayContaining([MIGRATION_1, SNAPSHOT, 'generated/cogs/tally/migrations.ts', 'generated/registry.ts']));
    const { default: migration } = await load<{ default: Migration }>(project, MIGRATION_1);
    const guild = { scope: 'guild' };
    expect(migration.steps).toEqual([
      { kind: 'move', target: guild, from: ['count'], to: ['total'] },
      { kind: 'move', target: guild, from: ['prefix'], to: ['settings', 'prefix'] },
      { kind: 'rewriteDefault', target: guild, path: ['settings', 'wait'], from: 30_000, to: 60_000 },
    ]);
    expect(migration).toMatchObject({ number: 1, name: 'rename-total-move-prefix-and-more', id: migrationId(migration.steps) });
    expect(migration.up).toBeUndefined();
    expect(snapshotOf(project)).toMatchObject({ version: 1, scopes: { guild: { entries: { total: { type: 'integer' }, settings: { entries: { prefix: { type: 'string' }, wait: { default: 60_000 } } } } } } });
    expect(snapshotOf(project).scopes.guild!.entries.count).toBeUndefined();
    const { migrations } = await load<{ migrations: readonly Migration[] }>(project, 'generated/cogs/tally/migrations.ts');
    expect(migrations.map((m) => m.number)).toEqual([1]);
    expect(project.read('generated/registry.ts')).toContain("migrations: () => import('./cogs/tally/migrations.js')");

    const before = snapshotTree(project.root);
    const again = await generated(project);
    expect(again.written).toEqual([]);
    expect(again.migrations).toEqual([]);
    expect(again.drift).toEqual([]);
    expect(snapshotTree(project.root)).toEqual(before);
  });

  it('GIVEN a type change WHEN generating THEN an up stub is written that throws until written, is never overwritten, and the project type-checks', async () => {
    project = withV1();
    await generated(project);
    project.write('cogs/tally/cog.yaml', V2);
    await generated(project);
    project.write('cogs/tally/cog.yaml', V3);

    const result = await generated(project);

    expect(result.migrations).toEqual([{ cog: 'tally', file: MIGRATION_2, up: ['cog tally, member score: string → integer'] }]);
    const stub = project.read(MIGRATION_2);
    expect(stub).toContain('for (const doc of data.documents({ scope: \'member\' })) {');
    const { migrations } = await load<{ migrations: readonly Migration[] }>(project, 'generated/cogs/tally/migrations.ts');
    expect(migrations.map((m) => [m.number, m.name])).toEqual([
      [1, 'rename-total-move-prefix-and-more'],
      [2, 'retype-score'],
    ]);
    expect(migrations[1]!.steps).toEqual([{ kind: 'up', reason: 'cog tally, member score: string → integer' }]);
    const data: MigrationData = { documents: () => [], put: () => undefined, remove: () => undefined };
    await expect(async () => migrations[1]!.up!(data)).rejects.toMatchObject({ code: 'MIGRATION_NOT_IMPLEMENTED', file: MIGRATION_2 });
    expect(snapshotOf(project).version).toBe(2);
    expect(compile(project.root)).toEqual({ status: 0, output: '' });

    // The author writes the up; later runs (and later migrations) leave it byte for byte.
    const written = stub.replace(/throw new MigrationNotImplementedError\([^;]*\);/, 'for (const doc of data.documents({ scope: \'member\' })) doc.data.score = Number(doc.data.score ?? 0);');
    expect(written).not.toBe(stub);
    project.write(MIGRATION_2, written);
    expect((await generated(project)).written).toEqual([]);
    project.write('cogs/tally/cog.yaml', V3.replace('score: { type: integer, default: 0 }', 'score: { type: integer, default: 0 }\n    level: { type: integer, default: 1 }').replace('    total: { type: integer, default: 0, renamedFrom: count }\n', ''));
    const third = await generated(project);
    expect(third.migrations.map((m) => m.file)).toEqual(['cogs/tally/migrations/0003_drop-total.ts']);
    expect(project.read(MIGRATION_2)).toBe(written);
    expect(compile(project.root)).toEqual({ status: 0, output: '' });
  });

  it('GIVEN an ambiguous rename WHEN generating THEN it is an error at the added field with the hint, and nothing is written', async () => {
    project = withV1();
    await generated(project);
    project.write('cogs/tally/cog.yaml', V1.replace('count: { type: integer, default: 0 }', 'total: { type: integer, default: 0 }'));
    const before = snapshotTree(project.root);

    const result = await generate({ root: project.root });

    expect(result.ok).toBe(false);
    expect(result.errors.map(formatProblem)).toEqual([
      'cogs/tally/cog.yaml:11:5 `total` is new and `count` (integer) was removed from guild: did you mean `renamedFrom: count`? (write `renamedFrom: null` if it is a new field; nothing was written)',
    ]);
    expect(snapshotTree(project.root)).toEqual(before);

    project.write('cogs/tally/cog.yaml', V1.replace('count: { type: integer, default: 0 }', 'total: { type: integer, default: 0, renamedFrom: null }'));
    const fixed = await generated(project);
    expect(fixed.migrations.map((m) => m.file)).toEqual(['cogs/tally/migrations/0001_drop-count.ts']);
  });

  it('GIVEN a broken snapshot.json WHEN generating THEN the error names the file and nothing is written', async () => {
    project = withV1();
    await generated(project);
    project.write(SNAPSHOT, '{ "format": 1, ');
    const before = snapshotTree(project.root);
    const result = await generate({ root: project.root });
    expect(result.errors.map(formatProblem)).toEqual([expect.stringMatching(/^cogs\/tally\/migrations\/snapshot\.json:1:1 the config snapshot is not JSON/)]);
    expect(snapshotTree(project.root)).toEqual(before);
  });

  it('GIVEN a manifest change without its migration WHEN checking THEN check fails naming the cog and the change and writes nothing; after generate it passes', async () => {
    project = withV1();
    await generated(project);
    project.write('cogs/tally/cog.yaml', V2);
    const before = snapshotTree(project.root);

    const check = await generated(project, { check: true });

    expect(check.ok).toBe(false);
    expect(check.stale).toEqual(expect.arrayContaining([MIGRATION_1, SNAPSHOT, 'generated/cogs/tally/migrations.ts']));
    expect(check.drift).toEqual([
      {
        cog: 'tally',
        snapshot: SNAPSHOT,
        migration: MIGRATION_1,
        changes: ['guild total renamed from count', 'guild settings.prefix moved from prefix', 'guild settings.wait default 30000 → 60000, stored old defaults rewritten'],
      },
    ]);
    expect(snapshotTree(project.root)).toEqual(before);

    await generated(project);
    const after = await generated(project, { check: true });
    expect(after.ok).toBe(true);
    expect(after.drift).toEqual([]);
  });

  it('GIVEN a default change that needs no migration WHEN checking THEN the stale snapshot fails the check; generate updates it without a migration', async () => {
    project = withV1();
    await generated(project);
    project.write('cogs/tally/cog.yaml', V1.replace('wait: { type: duration, default: 30s }', 'wait: { type: duration, default: 45s }'));
    const check = await generated(project, { check: true });
    expect(check.stale).toEqual([SNAPSHOT, 'generated/cogs/tally/spec.ts']);
    expect(check.drift).toEqual([{ cog: 'tally', snapshot: SNAPSHOT, changes: ['guild settings.wait default 30000 → 45000'] }]);
    const result = await generated(project);
    expect(result.written).toEqual([SNAPSHOT, 'generated/cogs/tally/spec.ts']);
    expect(result.migrations).toEqual([]);
    expect(migrationFiles(project)).toEqual(['snapshot.json']);
  });
});

describe('generate: migrations that delete stored values', () => {
  // prefix and the settings group (with wait) removed.
  const V1_CUT = V1.replace('    prefix: { type: string, default: "!" }\n    settings:\n      wait: { type: duration, default: 30s }\n', '');

  it('GIVEN a removed field and group WHEN generating THEN the drop migration is written with a warning naming every value it deletes', async () => {
    project = withV1();
    await generated(project);
    project.write('cogs/tally/cog.yaml', V1_CUT);
    const result = await generated(project);
    expect(result.migrations.map((m) => m.file)).toEqual(['cogs/tally/migrations/0001_drop-prefix-drop-settings.ts']);
    expect(result.warnings.map(formatProblem)).toEqual(['cogs/tally/migrations/0001_drop-prefix-drop-settings.ts:1:1 this migration deletes stored values of cog tally when it runs: guild prefix, guild settings.wait']);
  });

  it('GIVEN the same change with destructive: false (the dev watcher) THEN it is an error for the cog at its config and nothing is written', async () => {
    project = withV1();
    await generated(project);
    project.write('cogs/tally/cog.yaml', V1_CUT);
    const before = snapshotTree(project.root);
    const result = await generate({ root: project.root, destructive: false });
    expect(result.ok).toBe(false);
    expect(result.errors.map(formatProblem)).toEqual([
      "cogs/tally/cog.yaml:9:1 the change to cog tally's config would delete stored values (guild prefix, guild settings.wait): nothing was written; finish the edit (renamedFrom?) or run `npm run generate` to write the migration",
    ]);
    expect(snapshotTree(project.root)).toEqual(before);
  });

  it('GIVEN a removed scope and custom group with destructive: false THEN the error names every value of each', async () => {
    project = tempProject();
    project.write('cogs/tally/cog.yaml', `${V1}  custom:\n    TAGS:\n      keys: [id]\n      fields:\n        text: { type: string, default: "" }\n`);
    await generated(project);
    project.write('cogs/tally/cog.yaml', V1.replace(/  member:\n.*\n$/, ''));
    const result = await generate({ root: project.root, destructive: false });
    expect(result.errors.map((e) => e.message)).toEqual([
      "the change to cog tally's config would delete stored values (custom TAGS (every document: text), scope member (every value: score)): nothing was written; finish the edit (renamedFrom?) or run `npm run generate` to write the migration",
    ]);
  });

  it('GIVEN a custom group renamed without renamedFrom WHEN generating THEN an error at the group; renamedFrom: null (valid in the manifest) writes the drop with its warning', async () => {
    const withTags = (name: string, extra = '') => `${V1}  custom:\n    ${name}:\n      keys: [id]\n${extra}      fields:\n        text: { type: string, default: "" }\n`;
    project = tempProject();
    project.write('cogs/tally/cog.yaml', withTags('TAGS'));
    await generated(project);
    project.write('cogs/tally/cog.yaml', withTags('TAG'));
    const refused = await generate({ root: project.root });
    expect(refused.errors.map(formatProblem)).toEqual([
      'cogs/tally/cog.yaml:18:5 custom group `TAG` is new and `TAGS` (1 key) was removed: did you mean `renamedFrom: TAGS`? (write `renamedFrom: null` if it is a new group; nothing was written)',
    ]);
    expect(migrationFiles(project)).toEqual(['snapshot.json']);
    project.write('cogs/tally/cog.yaml', withTags('TAG', '      renamedFrom: null\n'));
    const result = await generated(project);
    expect(result.migrations.map((m) => m.file)).toEqual(['cogs/tally/migrations/0001_drop-tags.ts']);
    expect(result.warnings.map((w) => w.message)).toEqual(['this migration deletes stored values of cog tally when it runs: custom TAGS (every document: text)']);
  });

  it('GIVEN a change that deletes nothing with destructive: false THEN its migration is written as usual', async () => {
    project = withV1();
    await generated(project);
    project.write('cogs/tally/cog.yaml', V2);
    const result = await generate({ root: project.root, destructive: false });
    expect(result.errors).toEqual([]);
    expect(result.migrations.map((m) => m.file)).toEqual([MIGRATION_1]);
  });
});

describe('generate: the snapshot version and the migration files agree', () => {
  /** v1 generated, then V2: migration 0001 and a snapshot at version 1. */
  async function migrated(): Promise<TempProject> {
    const p = withV1();
    await generated(p);
    p.write('cogs/tally/cog.yaml', V2);
    await generated(p);
    return p;
  }

  async function refused(p: TempProject, message: string) {
    const before = snapshotTree(p.root);
    for (const check of [false, true]) {
      const result = await generate({ root: p.root, check });
      expect(result.ok).toBe(false);
      expect(result.errors.map(formatProblem)).toEqual([message]);
    }
    expect(snapshotTree(p.root)).toEqual(before);
  }

  it('GIVEN the snapshot at version 1 and no 0001 file WHEN generating or checking THEN it refuses at the snapshot', async () => {
    project = await migrated();
    rmSync(project.path(MIGRATION_1));
    project.write('cogs/tally/cog.yaml', V3);
    await refused(project, `${SNAPSHOT}:1:1 the config snapshot has version 1, but the migrations folder has no migration file numbered 0001: restore the migration files and snapshot.json from version control so they agree (nothing was written)`);
  });

  it('GIVEN a gap in the numbers WHEN generating THEN it refuses naming the missing number', async () => {
    project = await migrated();
    renameSync(project.path(MIGRATION_1), project.path('cogs/tally/migrations/0003_rename-total-move-prefix-and-more.ts'));
    project.write(SNAPSHOT, project.read(SNAPSHOT).replace('"version": 1', '"version": 3'));
    await refused(project, `${SNAPSHOT}:1:1 the config snapshot has version 3, but the migrations folder has no migration file numbered 0001, 0002: restore the migration files and snapshot.json from version control so they agree (nothing was written)`);
  });

  it('GIVEN a file numbered above the snapshot version WHEN generating THEN it refuses naming the file', async () => {
    project = await migrated();
    project.write('cogs/tally/migrations/0002_extra.ts', project.read(MIGRATION_1));
    await refused(project, `${SNAPSHOT}:1:1 the config snapshot has version 1, but the migrations folder has 0002_extra.ts, numbered above it: restore the migration files and snapshot.json from version control so they agree (nothing was written)`);
  });

  it('GIVEN migration files and no snapshot.json WHEN generating THEN it refuses instead of writing a new baseline', async () => {
    project = await migrated();
    rmSync(project.path(SNAPSHOT));
    await refused(project, `${SNAPSHOT}:1:1 the config snapshot is missing while cogs/tally/migrations has 1 migration file (0001_rename-total-move-prefix-and-more.ts): restore snapshot.json from version control (a new one would forget what they migrated and every renamedFrom; nothing was written)`);
    expect(existsSync(project.path(SNAPSHOT))).toBe(false);
  });
});

describe('generate CLI: config migrations', () => {
  it('GIVEN a config change WHEN running `generate --check` THEN it exits 1 naming the cog and change; `generate` reports the migration and the stub; then --check exits 0', async () => {
    project = withV1();
    await generated(project);
    project.write('cogs/tally/cog.yaml', V3);
    const run = (...args: string[]) => spawnSync(join(repoRoot, 'node_modules', '.bin', 'vite-node'), [join(repoRoot, 'generator', 'cli.ts'), ...args], { cwd: project!.root, encoding: 'utf8' });

    const stale = run('--check');
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain(
      `config of cog tally differs from ${SNAPSHOT}: guild total renamed from count; guild settings.prefix moved from prefix; guild settings.wait default 30000 → 60000, stored old defaults rewritten; member score: string → integer; member score default "0" → 0 (run \`npm run generate\` to write cogs/tally/migrations/0001_rename-total-move-prefix-and-more.ts)`,
    );

    const written = run();
    expect(written.status).toBe(0);
    expect(written.stdout).toContain('wrote cogs/tally/migrations/0001_rename-total-move-prefix-and-more.ts\n');
    expect(written.stdout).toContain(
      'migration stub needs its up: cogs/tally/migrations/0001_rename-total-move-prefix-and-more.ts (cog tally, member score: string → integer); the cog does not load until it is written\n',
    );

    // Migrated: the renamedFrom marks have done their work and may go (a warning says so).
    const fresh = run('--check');
    expect(fresh.stderr).toBe(
      [
        'cogs/tally/cog.yaml:11:54 warning: renamedFrom `count`: the snapshot has nothing there (already migrated); this renamedFrom can be removed',
        'cogs/tally/cog.yaml:13:58 warning: renamedFrom `prefix`: the snapshot has nothing there (already migrated); this renamedFrom can be removed',
        '',
      ].join('\n'),
    );
    expect(fresh.stdout).toContain('Generated files are up to date');
    expect(fresh.status).toBe(0);
  });
});
