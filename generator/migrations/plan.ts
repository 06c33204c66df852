/**
 * The migrations part of a generate run, in memory: for each cog, read its committed snapshot, diff the
 * manifest against it, and produce the files to write (the updated snapshot, a new migration when stored
 * data must change, the generated list of the cog's migrations). generate writes them with everything
 * else, or in check mode names them as stale.
 *
 * - No snapshot yet: the snapshot is written and no migration (stored data is taken to match the manifest).
 * - A diff with errors (an ambiguous rename): the errors go to `problems` and generate writes nothing.
 * - The snapshot's `version` is the number of the newest migration: the files on disk must be numbered
 *   1 … version, each once. A file missing, a gap, a file numbered above the version, or migration files
 *   without a snapshot.json (a new baseline would forget what they migrated, and every `renamedFrom`) is an
 *   error at the snapshot file: restore the missing file from version control.
 * - A migration file is only ever new: its number is one past the snapshot's `version`, so an existing
 *   file is never overwritten. The snapshot's `version` becomes it.
 * - A migration that deletes stored values (`drop`, `dropTarget`) is written with a warning naming what it
 *   deletes; with `destructive: false` (the dev watcher, which regenerates on every save: a field cut in one
 *   save and pasted under `renamedFrom` in the next must not lose its values in between) it is an error for
 *   that cog instead, and nothing is written.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedManifest } from '../load.js';
import type { ConfigSnapshot, MigrationStep, MigrationTarget, SnapshotField, SnapshotGroup } from '../../runtime/contract/migrations.js';
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

export interface PlanOptions {
  /** False: a migration that would delete stored values is an error for its cog (default true). */
  destructive?: boolean;
}

/** Plans the snapshots and migrations of every cog. */
export function planMigrations(root: string, cogs: readonly LoadedManifest[], problems: ProblemList, options: PlanOptions = {}): MigrationPlan {
  const { destructive = true } = options;
  const plan: MigrationPlan = { outputs: new Map(), migrations: [], drift: [], withMigrations: new Set() };
  for (const cog of cogs) {
    const { folder, manifest } = cog;
    const snapshotFile = snapshotPath(folder);
    const files = migrationFiles(root, folder, problems);
    const text = existsSync(join(root, snapshotFile)) ? readFileSync(join(root, snapshotFile), 'utf8') : undefined;
    if (text === undefined && files.length > 0) {
      problems.errors.push({ file: snapshotFile, line: 1, col: 1, message: `the config snapshot is missing while cogs/${folder}/migrations has ${files.length} migration file${files.length === 1 ? '' : 's'} (${files.join(', ')}): restore snapshot.json from version control (a new one would forget what they migrated and every renamedFrom; nothing was written)` });
      continue;
    }
    if (text === undefined) {
      plan.outputs.set(snapshotFile, stableJson(buildSnapshot(manifest, 0)));
      plan.drift.push({ cog: manifest.name, snapshot: snapshotFile, changes: ['no snapshot yet'] });
      addIndex(plan, folder, manifest.name, files);
      continue;
    }
    const previous = parseSnapshot(text);
    if ('error' in previous) {
      problems.errors.push({ file: snapshotFile, line: 1, col: 1, message: `the config snapshot ${previous.error}` });
      continue;
    }
    const mismatch = versionMismatch(previous.version, files);
    if (mismatch) {
      problems.errors.push({ file: snapshotFile, line: 1, col: 1, message: `the config snapshot has version ${previous.version}, but ${mismatch}: restore the migration files and snapshot.json from version control so they agree (nothing was written)` });
      continue;
    }
    const diff = diffConfig(previous, manifest);
    for (const w of diff.warnings) problems.warn(cog.file, cog.locate, w.path, w.message, { key: w.key ?? false });
    for (const e of diff.errors) problems.error(cog.file, cog.locate, e.path, e.message, { key: e.key ?? false });
    if (diff.errors.length > 0) continue;
    let version = previous.version;
    let migration: string | undefined;
    if (diff.steps.length > 0) {
      const deleted = deletions(diff.steps, previous);
      if (deleted.length > 0 && !destructive) {
        problems.error(cog.file, cog.locate, ['config'], `the change to cog ${manifest.name}'s config would delete stored values (${deleted.join(', ')}): nothing was written; finish the edit (renamedFrom?) or run \`npm run generate\` to write the migration`, { key: true });
        continue;
      }
      version = previous.version + 1;
      const name = migrationSlug(diff.changes);
      migration = migrationFile(folder, version, name);
      if (deleted.length > 0) problems.warnings.push({ file: migration, line: 1, col: 1, message: `this migration deletes stored values of cog ${manifest.name} when it runs: ${deleted.join(', ')}` });
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

/**
 * What the steps delete, for people, field by field from the snapshot: `guild counters.rolls` (a dropped
 * group names its fields), `scope user (every value: name, wins)`, `custom TAGS (every document: text)`.
 */
function deletions(steps: readonly MigrationStep[], previous: ConfigSnapshot): string[] {
  const fieldsOf = (entry: SnapshotField | SnapshotGroup, path: string[]): string[] =>
    entry.kind === 'field' ? [path.join('.')] : Object.entries(entry.entries).flatMap(([key, child]) => fieldsOf(child, [...path, key]));
  const groupOf = (target: MigrationTarget): SnapshotGroup | undefined => ('scope' in target ? previous.scopes[target.scope] : previous.custom[target.custom]?.fields);
  const label = (target: MigrationTarget) => ('scope' in target ? target.scope : `custom ${target.custom}`);
  return steps.flatMap((step) => {
    if (step.kind === 'drop') {
      const entry = step.path.reduce<SnapshotField | SnapshotGroup | undefined>((at, key) => (at?.kind === 'group' ? at.entries[key] : undefined), groupOf(step.target));
      return (entry ? fieldsOf(entry, step.path) : [step.path.join('.')]).map((path) => `${label(step.target)} ${path}`);
    }
    if (step.kind === 'dropTarget') {
      const group = groupOf(step.target);
      const fields = group ? fieldsOf(group, []) : [];
      return [`${'scope' in step.target ? `scope ${step.target.scope}` : label(step.target)} (every ${'scope' in step.target ? 'value' : 'document'}${fields.length > 0 ? `: ${fields.join(', ')}` : ''})`];
    }
    return [];
  });
}

/** What is wrong when the migration files are not numbered 1 … version, each once (undefined: they are). */
function versionMismatch(version: number, files: readonly string[]): string | undefined {
  const numbers = new Set(files.map((f) => Number(f.slice(0, 4))));
  const missing = Array.from({ length: version }, (_, i) => i + 1).filter((n) => !numbers.has(n));
  const above = files.filter((f) => Number(f.slice(0, 4)) > version);
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`no migration file numbered ${missing.map((n) => String(n).padStart(4, '0')).join(', ')}`);
  if (above.length > 0) parts.push(`${above.join(', ')}, numbered above it`);
  return parts.length > 0 ? `the migrations folder has ${parts.join(', and ')}` : undefined;
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
