/**
 * The mechanical steps of a migration, on every document of their target (each member's document for
 * `member`, every document of a custom group whatever its key count).
 *
 * Decisions (the same on every driver, since they run in memory on the export):
 * - `move` takes the value at `from` and stores it at `to`, creating the parent objects of `to`; a value
 *   already at `to` is replaced (the moved value is the one the manifest kept). A document without a value
 *   at `from` is left alone. A parent of `to` that holds something other than an object fails the
 *   migration (nothing is guessed).
 * - `move` and `drop` remove the objects their removal leaves empty, up to the document; a document left
 *   empty is removed, as Config's `clear` removes it. Objects that were empty before are left as they are.
 * - `rewriteDefault` changes stored values deep-equal to `from`; nothing stored stays nothing (reads get the
 *   new default). `replaceNull` changes stored `null`s only.
 * - `renameCustom` moves every document of the group; the new name must hold none yet.
 * - `up` runs the migration's `up` once, at the first `up` step (a migration has one `up`; further `up`
 *   steps only add reasons). A migration with `up` and no `up` step runs it after its steps.
 */
import type { JsonObject, JsonValue } from '../contract/json.js';
import type { Migration, MigrationStep, MigrationTarget } from '../contract/migrations.js';
import { cloneJson, isPlainObject, jsonEqual } from '../drivers/values.js';
import { describeTarget, type NamespaceDocuments } from './data.js';

/** What one step did: the documents it changed, added or removed. */
export interface StepOutcome {
  step: MigrationStep;
  documents: number;
}

function has(node: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(node, key);
}

function defineKey(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The value at `path` (undefined when missing or below a non-object). */
function valueAt(doc: JsonObject, path: readonly string[]): JsonValue | undefined {
  let node: JsonValue | undefined = doc;
  for (const part of path) {
    if (!isPlainObject(node) || !has(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

/** Removes the value at `path`, then the objects that removal left empty (not the document itself). */
function removeAt(doc: JsonObject, path: readonly string[]): void {
  const chain: JsonObject[] = [doc];
  for (const part of path.slice(0, -1)) {
    const next = chain[chain.length - 1]![part];
    if (!isPlainObject(next)) return;
    chain.push(next);
  }
  delete chain[chain.length - 1]![path[path.length - 1]!];
  for (let d = chain.length - 1; d >= 1 && Object.keys(chain[d]!).length === 0; d--) delete chain[d - 1]![path[d - 1]!];
}

/** Stores `value` at `path`, creating parent objects; throws below a non-object. */
function setAt(doc: JsonObject, path: readonly string[], value: JsonValue, where: () => string): void {
  let node = doc;
  for (let i = 0; i < path.length - 1; i++) {
    const part = path[i]!;
    const child = has(node, part) ? node[part] : undefined;
    if (child === undefined) {
      const created: JsonObject = {};
      defineKey(node, part, created);
      node = created;
    } else if (isPlainObject(child)) node = child;
    else throw new TypeError(`${where()}: cannot store below ${path.slice(0, i + 1).join('.')}, which holds ${JSON.stringify(child)} (not an object)`);
  }
  defineKey(node, path[path.length - 1]!, value);
}

function checkPath(path: unknown, what: string): asserts path is string[] {
  if (!Array.isArray(path) || path.length === 0 || path.some((p) => typeof p !== 'string' || p.length === 0)) {
    throw new TypeError(`${what} must be a non-empty list of names, got ${JSON.stringify(path)}`);
  }
}

/** Runs `change` on each document of the target; documents it leaves empty are removed. */
function eachDocument(data: NamespaceDocuments, target: MigrationTarget, change: (doc: JsonObject, where: () => string) => void): void {
  for (const doc of data.documents(target)) {
    const where = () => `${describeTarget(target)}${doc.keys.length ? ` [${doc.keys.join(', ')}]` : ''}`;
    const wasEmpty = Object.keys(doc.data).length === 0;
    change(doc.data, where);
    if (!wasEmpty && Object.keys(doc.data).length === 0) data.remove(target, doc.keys);
  }
}

function changed(before: Map<string, string>, after: Map<string, string>): number {
  let count = 0;
  for (const [key, text] of after) if (before.get(key) !== text) count++;
  for (const key of before.keys()) if (!after.has(key)) count++;
  return count;
}

/** Runs one mechanical step (not `up`). */
function applyMechanical(data: NamespaceDocuments, step: Exclude<MigrationStep, { kind: 'up' }>): void {
  switch (step.kind) {
    case 'move': {
      checkPath(step.from, 'move.from');
      checkPath(step.to, 'move.to');
      if (jsonEqual(step.from, step.to)) return;
      eachDocument(data, step.target, (doc, where) => {
        const value = valueAt(doc, step.from);
        if (value === undefined) return;
        removeAt(doc, step.from);
        setAt(doc, step.to, value, where);
      });
      return;
    }
    case 'drop':
      checkPath(step.path, 'drop.path');
      eachDocument(data, step.target, (doc) => {
        if (valueAt(doc, step.path) !== undefined) removeAt(doc, step.path);
      });
      return;
    case 'rewriteDefault':
      checkPath(step.path, 'rewriteDefault.path');
      eachDocument(data, step.target, (doc, where) => {
        if (jsonEqual(valueAt(doc, step.path), step.from)) setAt(doc, step.path, cloneJson(step.to), where);
      });
      return;
    case 'replaceNull':
      checkPath(step.path, 'replaceNull.path');
      eachDocument(data, step.target, (doc, where) => {
        if (valueAt(doc, step.path) === null) setAt(doc, step.path, cloneJson(step.to), where);
      });
      return;
    case 'renameCustom':
      data.renameCustom(step.from, step.to);
      return;
    case 'dropTarget':
      data.removeAll(step.target);
      return;
    default: {
      const never: never = step;
      throw new TypeError(`unknown migration step ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Runs every step of `migration` on `data`, in order (its `up` at its place); returns what each step
 * touched. Throws the first error (the caller throws `data` away: nothing of it is written).
 */
export async function applyMigration(data: NamespaceDocuments, migration: Migration): Promise<StepOutcome[]> {
  const outcomes: StepOutcome[] = [];
  let upRan = false;
  const runUp = async (step: MigrationStep) => {
    if (upRan) {
      outcomes.push({ step, documents: 0 });
      return;
    }
    if (typeof migration.up !== 'function') throw new TypeError('it has an `up` step but no `up` function');
    const before = data.fingerprints();
    await migration.up(data);
    upRan = true;
    outcomes.push({ step, documents: changed(before, data.fingerprints()) });
  };
  for (const step of migration.steps) {
    if (step.kind === 'up') {
      await runUp(step);
      continue;
    }
    const before = data.fingerprints();
    applyMechanical(data, step);
    outcomes.push({ step, documents: changed(before, data.fingerprints()) });
  }
  if (!upRan && typeof migration.up === 'function') await runUp({ kind: 'up', reason: 'the migration\'s up' });
  return outcomes;
}

/** One line per step, for status output and dry runs: `move guild prefix → settings.prefix`. */
export function describeStep(step: MigrationStep): string {
  const path = (p: readonly string[]) => p.join('.');
  switch (step.kind) {
    case 'move':
      return `move ${describeTarget(step.target)} ${path(step.from)} → ${path(step.to)}`;
    case 'drop':
      return `drop ${describeTarget(step.target)} ${path(step.path)}`;
    case 'rewriteDefault':
      return `rewrite ${describeTarget(step.target)} ${path(step.path)} ${JSON.stringify(step.from)} → ${JSON.stringify(step.to)} (old default)`;
    case 'replaceNull':
      return `replace null in ${describeTarget(step.target)} ${path(step.path)} with ${JSON.stringify(step.to)}`;
    case 'renameCustom':
      return `rename custom group "${step.from}" → "${step.to}"`;
    case 'dropTarget':
      return `drop every document of ${describeTarget(step.target)}`;
    case 'up':
      return `up: ${step.reason}`;
  }
}
