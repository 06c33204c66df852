/**
 * `generate({ root, check })`: loads and validates every manifest, builds the model, emits every output
 * in memory, and only then touches the disk, writing just the files whose content changed. With any
 * manifest error nothing is written; with `check` nothing is written and stale files are named.
 * Config snapshots and migrations are planned with the rest (generator/migrations/plan.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { sortProblems, type SourceProblem } from '../runtime/support/yaml-source.js';
import { checkManifests } from './checks/index.js';
import { COMMANDS_SNAPSHOT_PATH, emitCommandsSnapshot } from './emit/commands-snapshot.js';
import { emitConfig } from './emit/config.js';
import { emitCogIndex, emitRegistry } from './emit/index-file.js';
import { emitSpec } from './emit/spec.js';
import { emitTypes } from './emit/types.js';
import { emitUserData, hasUserData } from './emit/user-data.js';
import { updateHandlers } from './handlers.js';
import { loadManifests } from './load.js';
import { planMigrations, type ConfigDrift, type WrittenMigration } from './migrations/plan.js';
import { buildModel } from './model/index.js';
import { ProblemList } from './problems.js';
import { dataStatements, manifestReference, withSection, type ReadmeSection } from './readme.js';
import { cogManifestSchema } from './schema.js';

export interface GenerateOptions {
  /** The project root (holds cogs/, generated/, README.md). */
  root: string;
  /** Write nothing; report files that are stale or missing. */
  check?: boolean;
  /**
   * False: a config change whose migration would delete stored values (a field, group, scope or custom
   * group removed) is an error for that cog, and nothing is written. The dev watcher runs so, because it
   * regenerates on every save and an edit in progress (a group cut, then pasted with `renamedFrom`) must
   * not write a migration that drops its values. Default true: the migration is written with a warning
   * naming what it deletes.
   */
  destructive?: boolean;
}

export interface GenerateResult {
  /** False on manifest errors, or in check mode when anything is stale. */
  ok: boolean;
  errors: SourceProblem[];
  warnings: SourceProblem[];
  /** Paths relative to the root, with `/`. */
  written: string[];
  unchanged: string[];
  deleted: string[];
  /** Check mode: files that differ from what generate would write, are missing, or should not exist. */
  stale: string[];
  /** Handler keys that got a stub, as `cog.key`. */
  stubs: string[];
  /** Migration files this run wrote (in check mode: would write). */
  migrations: WrittenMigration[];
  /** Cogs whose manifest config differs from their committed snapshot (what the snapshots written fix). */
  drift: ConfigDrift[];
}

/** Runs the generator on a project. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const { root, check = false, destructive = true } = options;
  const result: GenerateResult = { ok: false, errors: [], warnings: [], written: [], unchanged: [], deleted: [], stale: [], stubs: [], migrations: [], drift: [] };
  const problems = new ProblemList();
  const loaded = await loadManifests(root, problems);
  checkManifests(loaded, problems);
  const models = problems.errors.length === 0 ? buildModel(loaded, problems) : [];
  // Snapshots and migrations: an ambiguous rename is an error like any in a manifest (nothing is written).
  const plan = problems.errors.length === 0 ? planMigrations(root, loaded, problems, { destructive }) : undefined;
  result.warnings = sortProblems(problems.warnings);
  if (problems.errors.length > 0) {
    result.errors = sortProblems(problems.errors);
    return result;
  }

  const outputs = new Map<string, string>(plan!.outputs);
  result.migrations = plan!.migrations;
  result.drift = plan!.drift;
  for (const model of models) {
    const dir = `generated/cogs/${model.folder}`;
    outputs.set(`${dir}/spec.ts`, emitSpec(model));
    outputs.set(`${dir}/types.ts`, emitTypes(model));
    outputs.set(`${dir}/config.ts`, emitConfig(model));
    outputs.set(`${dir}/index.ts`, emitCogIndex(model));
    if (hasUserData(model)) outputs.set(`${dir}/user-data.ts`, emitUserData(model));
    const handlersPath = `cogs/${model.folder}/handlers.ts`;
    const existing = readIfExists(join(root, handlersPath));
    const handlers = updateHandlers(model, existing);
    outputs.set(handlersPath, handlers.text);
    result.stubs.push(...handlers.added.map((key) => `${model.spec.name}.${key}`));
    result.warnings.push(...handlers.warnings);
  }
  outputs.set('generated/registry.ts', emitRegistry(models, plan!.withMigrations));
  outputs.set(COMMANDS_SNAPSHOT_PATH, emitCommandsSnapshot(models));
  // For editors: `# yaml-language-server: $schema=../../generated/cog.schema.json` in a cog.yaml.
  const schemaJson = { $comment: 'Generated by cogsmith from generator/schema.ts. Do not edit: run `npm run generate`.', ...cogManifestSchema };
  outputs.set('generated/cog.schema.json', `${JSON.stringify(schemaJson, null, 2)}\n`);
  const readme = readIfExists(join(root, 'README.md'));
  if (readme !== undefined) {
    let updated = readme;
    const sections: [ReadmeSection, string][] = [
      ['manifest-reference', manifestReference()],
      ['data-statements', dataStatements(models.map((m) => m.spec))],
    ];
    for (const [section, body] of sections) {
      const next = withSection(updated, section, body);
      if (next === undefined) result.warnings.push({ file: 'README.md', line: 1, col: 1, message: `no ${section} markers: that section was not written` });
      else updated = next;
    }
    outputs.set('README.md', updated);
  }

  const extra = listFiles(join(root, 'generated')).map((f) => `generated/${f}`).filter((f) => !outputs.has(f));
  for (const [path, text] of [...outputs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (readIfExists(join(root, path)) === text) result.unchanged.push(path);
    else if (check) result.stale.push(path);
    else {
      writeAtomically(join(root, path), text);
      result.written.push(path);
    }
  }
  for (const path of extra) {
    if (check) result.stale.push(path);
    else {
      rmSync(join(root, path));
      result.deleted.push(path);
      removeEmptyParents(join(root, path), join(root, 'generated'));
    }
  }
  result.ok = !check || result.stale.length === 0;
  return result;
}

// A removed cog leaves no empty folder behind in generated/.
function removeEmptyParents(file: string, stop: string): void {
  for (let dir = dirname(file); dir.startsWith(stop) && dir !== stop; dir = dirname(dir)) {
    if (readdirSync(dir).length > 0) return;
    rmSync(dir, { recursive: true });
  }
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

// A reader never sees half a file: write beside it, then rename over it.
function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}
