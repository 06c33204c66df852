/**
 * The dialect core of the postgres driver: every operation as SQL over a drizzle database, the same for
 * node-postgres and PGlite. It knows nothing about pools, locks or listeners (see driver.ts).
 *
 * Writes happen in the database: a path is updated with jsonb_set / `#-` inside one INSERT ... ON CONFLICT
 * or UPDATE statement, never read into Node and written back. Each write statement also sends the
 * invalidation NOTIFY, so it is delivered exactly when the write commits.
 */
import { and, asc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type { JsonObject, JsonValue } from '../../contract/json.js';
import { CannotSetSubfieldError } from '../errors.js';
import type { Address, Namespace, NamespaceExport } from '../types.js';
import type { Db, Executor, Row } from './connection.js';
import { encodeKeyPath, keyPathRange } from './keys.js';
import { configDocuments as t } from './schema.js';
import {
  at as atPath, acceptsCurrent, appendStep, incrementStep, jsonParam, nestAt, readable, setAt, textArray, toggleStep, valueAt, writable,
  type AtomicStep,
} from './sql.js';

/** Builds the NOTIFY payload for a change; supplied by the driver (it knows the origin id and channel). */
export type Notifier = (ns: Namespace, scope: string, primaryKeys: readonly string[]) => SQL;

/** Statements inside a drizzle transaction. */
function inTransaction(db: Db): Executor {
  return { db, rows: async (query) => ((await db.execute(query)) as unknown as { rows: Row[] }).rows };
}

function defineKey(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function location(ns: Namespace, at: Address) {
  return { cogName: ns.cogName, identifier: ns.identifier, scope: at.scope, primaryKeys: at.primaryKeys, path: at.path };
}

/** Rows under a key prefix, as `[primaryKeys, document]` pairs flattened from a nested object. */
function flatten(value: JsonValue, depth: number, prefix: string[], where: string): Array<[string[], JsonValue]> {
  if (depth === 0) return [[prefix, value]];
  if (!isObject(value)) {
    throw new TypeError(`Expected an object keyed by primary keys at ${where}${prefix.length ? ' ' + prefix.join('.') : ''}, found ${JSON.stringify(value)}`);
  }
  return Object.keys(value).flatMap((key) => flatten(value[key]!, depth - 1, [...prefix, key], where));
}

/** Puts `doc` into `tree` under `keys`, creating the nesting objects. */
function place(tree: JsonObject, keys: readonly string[], doc: JsonValue): void {
  let node = tree;
  for (let i = 0; i < keys.length - 1; i++) {
    const next = node[keys[i]!];
    if (isObject(next)) node = next;
    else defineKey(node, keys[i]!, (node = {}));
  }
  defineKey(node, keys[keys.length - 1]!, doc);
}

export class DocumentStore {
  constructor(private readonly notify: Notifier) {}

  private namespaceIs(ns: Namespace, scope?: string): SQL {
    const conds = [eq(t.cogName, ns.cogName), eq(t.identifier, ns.identifier)];
    if (scope !== undefined) conds.push(eq(t.scope, scope));
    return and(...conds)!;
  }

  /** The rows whose keys start with `keys` (all of the scope for no keys), by a btree range on key_path. */
  private under(ns: Namespace, scope: string, keys: readonly string[]): SQL {
    if (keys.length === 0) return this.namespaceIs(ns, scope);
    const range = keyPathRange(keys);
    return and(this.namespaceIs(ns, scope), gte(t.keyPath, range.from), lt(t.keyPath, range.to))!;
  }

  private document(ns: Namespace, at: Address): SQL {
    return and(this.namespaceIs(ns, at.scope), eq(t.keyPath, encodeKeyPath(at.primaryKeys)))!;
  }

  async get(x: Executor, ns: Namespace, at: Address): Promise<JsonValue | undefined> {
    if (at.primaryKeys.length < at.keyCount) return this.getPrefix(x, ns, at);
    const value = valueAt(sql`${t.data}`, at.path);
    const found = await x.rows(sql`select ${value} as value, (${value}) is not null as found from ${t} where ${this.document(ns, at)}`);
    const row = found[0];
    return row && row.found === true ? (row.value as JsonValue) : undefined;
  }

  private async getPrefix(x: Executor, ns: Namespace, at: Address): Promise<JsonValue | undefined> {
    const found = await x.db
      .select({ primaryKeys: t.primaryKeys, data: t.data })
      .from(t)
      .where(this.under(ns, at.scope, at.primaryKeys))
      .orderBy(asc(t.keyPath));
    if (found.length === 0) return undefined;
    const tree: JsonObject = {};
    for (const row of found) place(tree, row.primaryKeys.slice(at.primaryKeys.length), row.data);
    return tree;
  }

  /** Stores `value`; returns normally or throws CannotSetSubfieldError. */
  async set(x: Executor, ns: Namespace, at: Address, value: JsonValue): Promise<void> {
    if (at.primaryKeys.length < at.keyCount) return this.setPrefix(x, ns, at, value);
    const doc = sql`${t}.${sql.identifier('data')}`;
    const update = at.path.length === 0 ? sql`excluded.data` : setAt(doc, at.path, jsonParam(value));
    const written = await x.rows(
      this.notifying(
        ns, at,
        sql`insert into ${t} (cog_name, identifier, scope, key_path, primary_keys, data)
            values (${ns.cogName}, ${ns.identifier}, ${at.scope}, ${encodeKeyPath(at.primaryKeys)}, ${textArray(at.primaryKeys)}, ${nestAt(at.path, jsonParam(value))})
            on conflict (cog_name, identifier, scope, key_path) do update
              set data = ${update}, updated_at = now()
              where ${writable(doc, at.path)}
            returning 1 as ok`,
      ),
    );
    if (written.length === 0) throw await this.cannotSet(x, ns, at);
  }

  /** Replaces every document under a key prefix, in one transaction. */
  private async setPrefix(x: Executor, ns: Namespace, at: Address, value: JsonValue): Promise<void> {
    if (at.path.length > 0) throw new Error('postgres driver: a partial group address cannot have a path');
    const docs = flatten(value, at.keyCount - at.primaryKeys.length, [], `${at.scope} ${at.primaryKeys.join('.')}`);
    await x.db.transaction(async (txDb) => {
      const tx = inTransaction(txDb as unknown as Db);
      await tx.db.delete(t).where(this.under(ns, at.scope, at.primaryKeys));
      await this.insertDocuments(tx, ns, at.scope, docs.map(([keys, doc]) => [[...at.primaryKeys, ...keys], doc]));
      await tx.rows(sql`select ${this.notify(ns, at.scope, at.primaryKeys)}`);
    });
  }

  private async insertDocuments(x: Executor, ns: Namespace, scope: string, docs: Array<[string[], JsonValue]>): Promise<void> {
    // Batches keep each statement well under PostgreSQL's 65535 bind parameters.
    for (let i = 0; i < docs.length; i += 1000) {
      const batch = docs.slice(i, i + 1000).map(([keys, doc]) => sql`(${ns.cogName}, ${ns.identifier}, ${scope}, ${encodeKeyPath(keys)}, ${textArray(keys)}, ${jsonParam(doc)})`);
      await x.rows(sql`insert into ${t} (cog_name, identifier, scope, key_path, primary_keys, data) values ${sql.join(batch, sql`, `)}`);
    }
  }

  async clear(x: Executor, ns: Namespace, at: Address): Promise<void> {
    if (at.primaryKeys.length < at.keyCount || at.path.length === 0) {
      const where = at.primaryKeys.length < at.keyCount ? this.under(ns, at.scope, at.primaryKeys) : this.document(ns, at);
      await x.rows(this.notifyingAll(ns, at, sql`delete from ${t} where ${where} returning 1 as ok`));
      return;
    }
    // Remove the path; a document left empty is removed too (as every driver does).
    const doc = sql`${t}.${sql.identifier('data')}`;
    const present = sql`${this.document(ns, at)} and ${readable(doc, at.path)} and (${doc} #> ${textArray(at.path)}) is not null`;
    const remaining = sql`(${doc} #- ${textArray(at.path)})`;
    await x.rows(
      sql`with updated as (
            update ${t} set data = ${remaining}, updated_at = now() where ${present} and ${remaining} <> '{}'::jsonb returning 1 as ok
          ), deleted as (
            delete from ${t} where ${present} and ${remaining} = '{}'::jsonb returning 1 as ok
          )
          select ${this.notify(ns, at.scope, at.primaryKeys)} where exists (select 1 from updated) or exists (select 1 from deleted)`,
    );
  }

  /** One statement: insert the start-derived value, or update the stored one; returns the new value. */
  async atomic(x: Executor, ns: Namespace, at: Address, step: AtomicStep, what: string): Promise<JsonValue> {
    if (at.primaryKeys.length < at.keyCount) throw new Error(`postgres driver: ${what} needs a full address, not a partial group`);
    const doc = sql`${t}.${sql.identifier('data')}`;
    // Plain `#>` is enough: the update runs only where `writable` holds (every parent an object or absent),
    // and where it does not, the WHERE is false whatever `current` is.
    const current = atPath(doc, at.path);
    const written = await x.rows(
      this.notifying(
        ns, at,
        sql`insert into ${t} (cog_name, identifier, scope, key_path, primary_keys, data)
            values (${ns.cogName}, ${ns.identifier}, ${at.scope}, ${encodeKeyPath(at.primaryKeys)}, ${textArray(at.primaryKeys)}, ${nestAt(at.path, step.next(sql`null::jsonb`))})
            on conflict (cog_name, identifier, scope, key_path) do update
              set data = ${setAt(doc, at.path, step.next(current))}, updated_at = now()
              where ${writable(doc, at.path)} and ${acceptsCurrent(step, current)}
            returning ${atPath(doc, at.path)} as value`,
      ),
    );
    if (written.length > 0) return written[0]!.value as JsonValue;
    // Nothing written: explain why (a separate read is fine, it only shapes the error message).
    const stored = await this.get(x, ns, at);
    if (stored === undefined || stored === null) throw await this.cannotSet(x, ns, at);
    const where = `cog "${ns.cogName}", scope ${at.scope}, path ${[...at.primaryKeys, ...at.path].join('.')}`;
    throw new TypeError(`Expected ${step.accepts[0] === 'array' ? 'an array' : `a ${step.accepts[0]}`} at ${where}, found ${JSON.stringify(stored)}`);
  }

  increment(x: Executor, ns: Namespace, at: Address, delta: number, start: number): Promise<number> {
    return this.atomic(x, ns, at, incrementStep(delta, start), 'increment') as Promise<number>;
  }

  toggle(x: Executor, ns: Namespace, at: Address, start: boolean): Promise<boolean> {
    return this.atomic(x, ns, at, toggleStep(start), 'toggle') as Promise<boolean>;
  }

  append(x: Executor, ns: Namespace, at: Address, item: JsonValue, start: JsonValue[], maxLength?: number): Promise<JsonValue[]> {
    const limit = maxLength === undefined ? undefined : Math.max(0, Math.floor(maxLength));
    return this.atomic(x, ns, at, appendStep(item, start, limit), 'append') as Promise<JsonValue[]>;
  }

  /** Finds the stored non-object a write would go below, for CannotSetSubfieldError's message. */
  private async cannotSet(x: Executor, ns: Namespace, at: Address): Promise<CannotSetSubfieldError> {
    let node = await this.get(x, ns, { ...at, path: [] });
    let depth = 0;
    // Walk down while the path goes through objects; the walk stops on the stored non-object.
    while (depth < at.path.length && isObject(node) && node[at.path[depth]!] !== undefined) node = node[at.path[depth++]!];
    const below = [...at.primaryKeys, ...at.path.slice(0, depth)].join('.') || at.scope;
    return new CannotSetSubfieldError(`Cannot set a value below ${below}: what is stored there is not an object`, location(ns, at));
  }

  async namespaces(x: Executor): Promise<Namespace[]> {
    const found = await x.db
      .selectDistinct({ cogName: t.cogName, identifier: t.identifier })
      .from(t)
      .orderBy(asc(t.cogName), asc(t.identifier));
    return found.map((r) => ({ cogName: r.cogName, identifier: r.identifier }));
  }

  /** Every (namespace, scope) pair with stored data: what a listener must forget after missing notifications. */
  async scopes(x: Executor): Promise<Array<{ namespace: Namespace; scope: string }>> {
    const found = await x.db.selectDistinct({ cogName: t.cogName, identifier: t.identifier, scope: t.scope }).from(t);
    return found.map((r) => ({ namespace: { cogName: r.cogName, identifier: r.identifier }, scope: r.scope }));
  }

  async exportNamespace(x: Executor, ns: Namespace): Promise<NamespaceExport> {
    const found = await x.db
      .select({ scope: t.scope, primaryKeys: t.primaryKeys, data: t.data })
      .from(t)
      .where(this.namespaceIs(ns))
      .orderBy(asc(t.scope), asc(t.keyPath));
    const out: NamespaceExport = { namespace: { cogName: ns.cogName, identifier: ns.identifier }, keyCounts: {}, data: {} };
    for (const row of found) {
      const count = row.primaryKeys.length;
      const known = out.keyCounts[row.scope];
      if (known !== undefined && known !== count) {
        throw new Error(`postgres driver: scope ${row.scope} of cog "${ns.cogName}" holds documents with ${known} and ${count} primary keys`);
      }
      out.keyCounts[row.scope] = count;
      if (count === 0) defineKey(out.data as JsonObject, row.scope, row.data);
      else {
        if (!isObject(out.data[row.scope])) defineKey(out.data as JsonObject, row.scope, {});
        place(out.data[row.scope] as JsonObject, row.primaryKeys, row.data);
      }
    }
    return out;
  }

  /** Replaces the namespace's data in one transaction; the export is checked before anything is written. */
  async importNamespace(x: Executor, data: NamespaceExport): Promise<void> {
    const ns = data.namespace;
    const plan: Array<[string, Array<[string[], JsonValue]>]> = [];
    for (const scope of Object.keys(data.data)) {
      const count = data.keyCounts[scope];
      if (count === undefined || !Number.isInteger(count) || count < 0) {
        throw new TypeError(`Cannot import cog "${ns.cogName}": scope ${scope} has no valid key count in keyCounts`);
      }
      plan.push([scope, flatten(data.data[scope]!, count, [], `cog "${ns.cogName}" scope ${scope}`)]);
    }
    await x.db.transaction(async (txDb) => {
      const tx = inTransaction(txDb as unknown as Db);
      const before = await tx.db.selectDistinct({ scope: t.scope }).from(t).where(this.namespaceIs(ns));
      await tx.db.delete(t).where(this.namespaceIs(ns));
      for (const [scope, docs] of plan) await this.insertDocuments(tx, ns, scope, docs);
      const touched = new Set([...before.map((r) => r.scope), ...plan.map(([scope]) => scope)]);
      for (const scope of touched) await tx.rows(sql`select ${this.notify(ns, scope, [])}`);
    });
  }

  /** Wraps a single-row write so its NOTIFY goes out in the same statement, only when a row was written. */
  private notifying(ns: Namespace, at: Address, write: SQL): SQL {
    return sql`with written as (${write}) select written.*, ${this.notify(ns, at.scope, at.primaryKeys)} from written`;
  }

  /** Like notifying, for writes touching any number of rows: one NOTIFY when at least one row changed. */
  private notifyingAll(ns: Namespace, at: Address, write: SQL): SQL {
    return sql`with written as (${write}) select ${this.notify(ns, at.scope, at.primaryKeys)} where exists (select 1 from written)`;
  }
}
