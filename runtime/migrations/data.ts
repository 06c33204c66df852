/**
 * MigrationData over one namespace's stored documents, in memory: built from the driver's export
 * (`NamespaceExport`, scope → nested primary keys → document), changed by the steps and `up`, and turned
 * back into one export that replaces the namespace in a single write. Nothing here touches storage.
 *
 * Targets map to stored scopes: a built-in scope by its upper-case name (`guild` → `GUILD`), a custom group
 * by its name. A target's key count is the one stored for it (from the export); a target with no documents
 * takes the key count of the first document put into it, so an `up` that changes a custom group's key count
 * removes every old document and puts the new ones.
 *
 * A stored "document" that is not an object (only a partial-group `set` of odd data makes one) is kept as it
 * is and not shown to steps or `up`: a migration never loses what it cannot read.
 */
import type { JsonObject, JsonValue } from '../contract/json.js';
import { MIGRATION_RECORD_SCOPE, type MigrationData, type MigrationRecord, type MigrationTarget, type StoredDocument } from '../contract/migrations.js';
import type { Namespace, NamespaceExport } from '../drivers/types.js';
import { cloneJson, isPlainObject } from '../drivers/values.js';

/** The stored scope name of a target. */
export function scopeOf(target: MigrationTarget): string {
  const scope = 'scope' in target ? target.scope.toUpperCase() : target.custom;
  if (scope === MIGRATION_RECORD_SCOPE) throw new TypeError(`A migration cannot target ${MIGRATION_RECORD_SCOPE}: it is the migration record`);
  return scope;
}

/** How a target is written in messages: `guild` or `custom group "tickets"`. */
export function describeTarget(target: MigrationTarget): string {
  return 'scope' in target ? target.scope : `custom group "${target.custom}"`;
}

const KEY_COUNTS: Record<string, number> = { GLOBAL: 0, GUILD: 1, CHANNEL: 1, ROLE: 1, USER: 1, MEMBER: 2 };

interface Scope {
  keyCount: number | undefined;
  /** JSON of the primary keys → document. */
  documents: Map<string, StoredDocument>;
  /** Leaves that are not objects, kept untouched (see the file comment). */
  opaque: Array<[string[], JsonValue]>;
}

function defineKey(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function place(tree: JsonObject, keys: readonly string[], value: JsonValue): void {
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    const next = Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
    if (isPlainObject(next)) node = next;
    else {
      const created: JsonObject = {};
      defineKey(node, key, created);
      node = created;
    }
  }
  defineKey(node, keys[keys.length - 1]!, value);
}

/** The documents of one namespace, in memory, as migrations see and change them. */
export class NamespaceDocuments implements MigrationData {
  private readonly scopes = new Map<string, Scope>();
  private record: MigrationRecord | undefined;

  constructor(readonly namespace: Namespace, exported: NamespaceExport) {
    for (const [scope, value] of Object.entries(exported.data)) {
      if (scope === MIGRATION_RECORD_SCOPE) {
        this.record = readRecord(namespace, value);
        continue;
      }
      const keyCount = exported.keyCounts[scope] ?? KEY_COUNTS[scope];
      if (keyCount === undefined) throw new TypeError(`The stored data of cog "${namespace.cogName}" has no key count for scope ${scope}`);
      const entry: Scope = { keyCount, documents: new Map(), opaque: [] };
      const walk = (node: JsonValue, keys: string[]): void => {
        if (keys.length === keyCount) {
          if (isPlainObject(node)) entry.documents.set(JSON.stringify(keys), { keys, data: cloneJson(node) });
          else entry.opaque.push([keys, cloneJson(node)]);
          return;
        }
        if (!isPlainObject(node)) {
          entry.opaque.push([keys, cloneJson(node)]);
          return;
        }
        for (const key of Object.keys(node)) walk(node[key]!, [...keys, key]);
      };
      walk(value, []);
      this.scopes.set(scope, entry);
    }
  }

  /** What is recorded as applied (version 0 and nothing applied when there is no record). */
  applied(): MigrationRecord {
    return cloneJson((this.record ?? { version: 0, applied: [] }) as unknown as JsonValue) as unknown as MigrationRecord;
  }

  setRecord(record: MigrationRecord): void {
    this.record = cloneJson(record as unknown as JsonValue) as unknown as MigrationRecord;
  }

  private scope(target: MigrationTarget, create: boolean): Scope | undefined {
    const name = scopeOf(target);
    let scope = this.scopes.get(name);
    if (!scope && create) this.scopes.set(name, (scope = { keyCount: KEY_COUNTS[name], documents: new Map(), opaque: [] }));
    return scope;
  }

  documents(target: MigrationTarget): StoredDocument[] {
    return [...(this.scope(target, false)?.documents.values() ?? [])];
  }

  put(target: MigrationTarget, keys: readonly string[], data: JsonObject): void {
    const scope = this.scope(target, true)!;
    if (!Array.isArray(keys) || keys.some((k) => typeof k !== 'string' || k.length === 0)) {
      throw new TypeError(`put(${describeTarget(target)}): the primary keys must be non-empty strings, got ${JSON.stringify(keys)}`);
    }
    if (!isPlainObject(data)) throw new TypeError(`put(${describeTarget(target)}, ${JSON.stringify(keys)}): a document must be an object`);
    const empty = scope.documents.size === 0 && scope.opaque.length === 0;
    const fixed = 'scope' in target ? KEY_COUNTS[scopeOf(target)] : empty ? undefined : scope.keyCount;
    if (fixed !== undefined && keys.length !== fixed) {
      throw new TypeError(`put(${describeTarget(target)}): it has ${fixed} primary keys, got ${keys.length} (${JSON.stringify(keys)}); remove its documents first to change a custom group's key count`);
    }
    scope.keyCount = keys.length;
    const list = [...keys];
    scope.documents.set(JSON.stringify(list), { keys: list, data: cloneJson(data) });
  }

  remove(target: MigrationTarget, keys: readonly string[]): void {
    this.scope(target, false)?.documents.delete(JSON.stringify([...keys]));
  }

  /** Removes every document of a target; returns how many there were. */
  removeAll(target: MigrationTarget): number {
    const name = scopeOf(target);
    const scope = this.scopes.get(name);
    if (!scope) return 0;
    this.scopes.delete(name);
    return scope.documents.size + scope.opaque.length;
  }

  /** Moves every document of custom group `from` to `to` (which must hold none); returns how many moved. */
  renameCustom(from: string, to: string): number {
    const source = this.scopes.get(scopeOf({ custom: from }));
    if (!source) return 0;
    const dest = this.scopes.get(scopeOf({ custom: to }));
    if (dest && (dest.documents.size > 0 || dest.opaque.length > 0)) {
      throw new TypeError(`custom group "${to}" already holds documents: renaming "${from}" to it would mix two groups`);
    }
    this.scopes.delete(from);
    this.scopes.set(to, source);
    return source.documents.size + source.opaque.length;
  }

  /** A text that changes when anything stored changes (for counting what a step touched). */
  fingerprints(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [name, scope] of this.scopes) {
      for (const [keys, doc] of scope.documents) out.set(`${name}\u0000${keys}`, JSON.stringify(doc.data));
    }
    return out;
  }

  /** Everything as one export, the record included. */
  toExport(): NamespaceExport {
    const out: NamespaceExport = { namespace: { ...this.namespace }, keyCounts: {}, data: {} };
    for (const [name, scope] of this.scopes) {
      const keyCount = scope.keyCount ?? 0;
      const leaves: Array<[string[], JsonValue]> = [...scope.opaque];
      for (const doc of scope.documents.values()) leaves.push([[...doc.keys], cloneJson(doc.data)]);
      if (leaves.length === 0) continue;
      out.keyCounts[name] = keyCount;
      if (keyCount === 0) defineKey(out.data as JsonObject, name, leaves[0]![1]);
      else {
        const tree: JsonObject = {};
        for (const [keys, value] of leaves) place(tree, keys, value);
        defineKey(out.data as JsonObject, name, tree);
      }
    }
    if (this.record) {
      out.keyCounts[MIGRATION_RECORD_SCOPE] = 0;
      defineKey(out.data as JsonObject, MIGRATION_RECORD_SCOPE, cloneJson(this.record as unknown as JsonValue));
    }
    return out;
  }
}

/** Checks a stored record's shape; a broken one is an error naming the cog (it is never guessed). */
export function readRecord(ns: Namespace, value: JsonValue | undefined): MigrationRecord {
  if (value === undefined) return { version: 0, applied: [] };
  const bad = (why: string) => new TypeError(`The migration record of cog "${ns.cogName}" (scope ${MIGRATION_RECORD_SCOPE}) is damaged: ${why}`);
  if (!isPlainObject(value)) throw bad('it is not an object');
  const { version, applied } = value;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 0) throw bad('"version" is not a migration number');
  if (!Array.isArray(applied)) throw bad('"applied" is not a list');
  const list: MigrationRecord['applied'] = [];
  for (const item of applied) {
    if (!isPlainObject(item) || typeof item.id !== 'string' || typeof item.number !== 'number' || typeof item.name !== 'string' || typeof item.at !== 'number') {
      throw bad(`an entry of "applied" is not { id, number, name, at }: ${JSON.stringify(item)}`);
    }
    list.push({ id: item.id, number: item.number, name: item.name, at: item.at });
  }
  return { version, applied: list };
}
