/**
 * The migrations part of a generate run, in memory: for each cog, read its committed snapshot, diff the
 * manifest against it, and produce the files to write (the updated snapshot, a new migration when stored
 * data must change, the generated list of the cog's migrations). generate writes them with everything
 * else, or in check mode names them as stale.
 *
 * - No snapshot yet: the snapshot is written and no migration (stored data is taken to match the manifest).
 * - A diff with errors (an ambiguous rename): the errors go to `problems` and generate writes nothing.
 * - A migration file is only ever new: its number is one past the newest of the snapshot's `version` and
 *   the files present, so an existing file is never overwritten. The snapshot's `version` becomes it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedManifest } from '../load.js';
import type { ProblemList } from '../problems.js';
import { diffConfig } from './diff.js';
import { emitMigrationFile, emitMigrationsIndex, migrationFile, migrationSlug, MIGRATION_FILE } from './files.js';
import { buildSnapshot, parseSnapshot, snapshotPath, stableJson } from './snapshot.js';

/** A new migration file. */
export interface WrittenMigration {
  cog: string;
  file: string;
  /** Reasons of its `up` steps (empty: complete as written). */
  up: string[];
}

/** A cog whose manifest config differs from its committed snapshot. */
export interface ConfigDrift {
  cog: string;
  /** The snapshot file. */
  snapshot: string;
  /** One line per change; `no snapshot yet` for a cog without one. */
  changes: string[];
  /** The migration this run writes for it (none: the changes need no migration). */
  migration?: string;
}

export interface MigrationPlan {
  outputs: Map<string, string>;
  migrations: WrittenMigration[];
  drift: ConfigDrift[];
  /** Folders of cogs with at least one migration file (their registry entry gets `migrations`). */
  withMigrations: Set<string>;
}

/** Plans the snapshots and migrations of every cog. */
export function planMigrations(root: string, cogs: readonly LoadedManifest[], problems: ProblemList): MigrationPlan {
  const plan: MigrationPlan = { outputs: new Map(), migrations: [], drift: [], withMigrations: new Set() };
  for (const cog of cogs) {
    const { folder, manifest } = cog;
    const snapshotFile = snapshotPath(folder);
    const files = migrationFiles(root, folder, problems);
    const newest = Math.max(0, ...files.map((f) => Number(f.slice(0, 4))));
    const text = existsSync(join(root, snapshotFile)) ? readFileSync(join(root, snapshotFile), 'utf8') : undefined;
    if (text === undefined) {
      plan.outputs.set(snapshotFile, stableJson(buildSnapshot(manifest, newest)));
      plan.drift.push({ cog: manifest.name, snapshot: snapshotFile, changes: ['no snapshot yet'] });
      addIndex(plan, folder, manifest.name, files);
      continue;
    }
    const previous = parseSnapshot(text);
    if ('error' in previous) {
      problems.errors.push({ file: snapshotFile, line: 1, col: 1, message: `the config snapshot ${previous.error}` });
      continue;
    }
    const diff = diffConfig(previous, manifest);
    for (const w of diff.warnings) problems.warn(cog.file, cog.locate, w.path, w.message, { key: w.key ?? false });
    for (const e of diff.errors) problems.error(cog.file, cog.locate, e.path, e.message, { key: e.key ?? false });
    if (diff.errors.length > 0) continue;
    let version = previous.version;
    let migration: string | undefined;
    if (diff.steps.length > 0) {
      version = Math.max(previous.version, newest) + 1;
      const name = migrationSlug(diff.changes);
      migration = migrationFile(folder, version, name);
      plan.outputs.set(migration, emitMigrationFile({ file: migration, cog: manifest.name, number: version, name, steps: diff.steps, changes: diff.changes, ups: diff.ups }));
      plan.migrations.push({ cog: manifest.name, file: migration, up: diff.ups.map((u) => u.reason) });
      files.push(migration.slice(migration.lastIndexOf('/') + 1));
    }
    plan.outputs.set(snapshotFile, stableJson({ ...diff.next, version }));
    if (diff.changes.length > 0) plan.drift.push({ cog: manifest.name, snapshot: snapshotFile, changes: diff.changes.map((c) => c.description), ...(migration ? { migration } : {}) });
    addIndex(plan, folder, manifest.name, files);
  }
  return plan;
}

function addIndex(plan: MigrationPlan, folder: string, cog: string, files: string[]): void {
  if (files.length === 0) return;
  plan.withMigrations.add(folder);
  plan.outputs.set(`generated/cogs/${folder}/migrations.ts`, emitMigrationsIndex(folder, cog, files));
}

/** The migration files of a cog (`NNNN_<slug>.ts`); two with one number is an error. */
function migrationFiles(root: string, folder: string, problems: ProblemList): string[] {
  const dir = join(root, 'cogs', folder, 'migrations');
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((name) => MIGRATION_FILE.test(name))
    .sort();
  const seen = new Map<string, string>();
  for (const file of files) {
    const number = file.slice(0, 4);
    const other = seen.get(number);
    if (other) problems.errors.push({ file: `cogs/${folder}/migrations/${file}`, line: 1, col: 1, message: `migration number ${Number(number)} is taken by ${other} too; renumber one (each number runs once, in order)` });
    seen.set(number, file);
  }
  return files;
}
