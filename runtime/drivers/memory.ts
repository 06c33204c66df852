/**
 * The in-memory driver (for tests), and NamespaceTree: one namespace's data as a plain object tree with
 * every driver operation on it. The json driver keeps the same tree in memory and persists it.
 */
import type { JsonObject, JsonValue } from '../contract/json.js';
import { CannotSetSubfieldError } from './errors.js';
import { cloneJson, getAtPath, isPlainObject } from './values.js';
import type { Address, ConfigDriver, Namespace, NamespaceExport } from './types.js';

/** A stable map key for a namespace. */
export function namespaceKey(ns: Namespace): string {
  return JSON.stringify([ns.cogName, ns.identifier]);
}

function locate(ns: Namespace, at: Address) {
  return { cogName: ns.cogName, scope: at.scope, primaryKeys: at.primaryKeys, path: at.path };
}

function defineKey(target: JsonObject, key: string, value: JsonValue): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** One namespace's stored data: scope → nested primary keys → document, plus each scope's key count. */
export class NamespaceTree {
  readonly namespace: Namespace;
  data: JsonObject = {};
  keyCounts: Record<string, number> = {};

  constructor(namespace: Namespace, exported?: NamespaceExport) {
    this.namespace = { cogName: namespace.cogName, identifier: namespace.identifier };
    if (exported) this.replace(exported);
  }

  /** Replaces everything with an export's data (copied). */
  replace(exported: NamespaceExport): void {
    this.data = cloneJson(exported.data) as JsonObject;
    this.keyCounts = { ...exported.keyCounts };
  }

  isEmpty(): boolean {
    return Object.keys(this.data).length === 0;
  }

  export(): NamespaceExport {
    const keyCounts: Record<string, number> = {};
    for (const scope of Object.keys(this.data)) if (scope in this.keyCounts) keyCounts[scope] = this.keyCounts[scope]!;
    return { namespace: { ...this.namespace }, keyCounts, data: cloneJson(this.data) as JsonObject };
  }

  /** The value at the address (a copy), or undefined. */
  get(at: Address): JsonValue | undefined {
    return cloneJson(getAtPath(this.data, [at.scope, ...at.primaryKeys, ...at.path]));
  }

  /** Stores a copy of `value`, creating parent objects; throws CannotSetSubfieldError below a non-object. */
  set(at: Address, value: JsonValue): void {
    this.keyCounts[at.scope] = at.keyCount;
    const full = [at.scope, ...at.primaryKeys, ...at.path];
    let node: JsonObject = this.data;
    for (let i = 0; i < full.length - 1; i++) {
      const part = full[i]!;
      const child = Object.prototype.hasOwnProperty.call(node, part) ? node[part] : undefined;
      if (child === undefined) {
        const created: JsonObject = {};
        defineKey(node, part, created);
        node = created;
      } else if (isPlainObject(child)) {
        node = child;
      } else {
        throw new CannotSetSubfieldError(
          `Cannot set a value below ${full.slice(1, i + 1).join('.')}: what is stored there is not an object`,
          locate(this.namespace, at),
        );
      }
    }
    defineKey(node, full[full.length - 1]!, cloneJson(value));
  }

  /** Removes what is stored at the address, then drops documents and key levels left empty. */
  clear(at: Address): void {
    const full = [at.scope, ...at.primaryKeys, ...at.path];
    const chain: JsonObject[] = [this.data];
    for (let i = 0; i < full.length - 1; i++) {
      const child = chain[i]![full[i]!];
      if (!isPlainObject(child)) return;
      chain.push(child);
    }
    const last = full[full.length - 1]!;
    if (!Object.prototype.hasOwnProperty.call(chain[chain.length - 1], last)) return;
    delete chain[chain.length - 1]![last];
    // chain[d] sits at depth d (0 = all scopes, 1 = a scope's root, 1 + keyCount = a document).
    for (let d = chain.length - 1; d >= 1 && d <= 1 + at.keyCount; d--) {
      if (Object.keys(chain[d]!).length > 0) break;
      delete chain[d - 1]![full[d - 1]!];
    }
  }

  private current(at: Address): JsonValue | undefined {
    return getAtPath(this.data, [at.scope, ...at.primaryKeys, ...at.path]);
  }

  private typeError(at: Address, expected: string, found: JsonValue): TypeError {
    const where = `cog "${this.namespace.cogName}", scope ${at.scope}, path ${[...at.primaryKeys, ...at.path].join('.')}`;
    return new TypeError(`Expected ${expected} at ${where}, found ${JSON.stringify(found)}`);
  }

  increment(at: Address, delta: number, start: number): number {
    const cur = this.current(at) ?? start;
    if (typeof cur !== 'number') throw this.typeError(at, 'a number', cur);
    const next = cur + delta;
    if (!Number.isFinite(next)) throw this.typeError(at, 'a finite result', next);
    this.set(at, next);
    return next;
  }

  toggle(at: Address, start: boolean): boolean {
    const cur = this.current(at) ?? start;
    if (typeof cur !== 'boolean') throw this.typeError(at, 'a boolean', cur);
    this.set(at, !cur);
    return !cur;
  }

  append(at: Address, item: JsonValue, start: JsonValue[], maxLength?: number): JsonValue[] {
    const cur = this.current(at) ?? start;
    if (!Array.isArray(cur)) throw this.typeError(at, 'an array', cur);
    let next = [...cloneJson(cur), cloneJson(item)];
    if (maxLength !== undefined) next = maxLength <= 0 ? [] : next.slice(-maxLength);
    this.set(at, next);
    return cloneJson(next);
  }
}

/** Keeps every namespace in process memory. Nothing survives the process; for tests. */
export class MemoryDriver implements ConfigDriver {
  readonly kind: string = 'memory';
  private readonly trees = new Map<string, NamespaceTree>();

  async open(): Promise<void> {}
  async close(): Promise<void> {}

  private tree(ns: Namespace): NamespaceTree {
    const key = namespaceKey(ns);
    let tree = this.trees.get(key);
    if (!tree) this.trees.set(key, (tree = new NamespaceTree(ns)));
    return tree;
  }

  async get(ns: Namespace, at: Address): Promise<JsonValue | undefined> {
    return this.trees.get(namespaceKey(ns))?.get(at);
  }
  async set(ns: Namespace, at: Address, value: JsonValue): Promise<void> {
    this.tree(ns).set(at, value);
  }
  async clear(ns: Namespace, at: Address): Promise<void> {
    this.trees.get(namespaceKey(ns))?.clear(at);
  }
  async increment(ns: Namespace, at: Address, delta: number, start: number): Promise<number> {
    return this.tree(ns).increment(at, delta, start);
  }
  async toggle(ns: Namespace, at: Address, start: boolean): Promise<boolean> {
    return this.tree(ns).toggle(at, start);
  }
  async append(ns: Namespace, at: Address, item: JsonValue, start: JsonValue[], maxLength?: number): Promise<JsonValue[]> {
    return this.tree(ns).append(at, item, start, maxLength);
  }
  async namespaces(): Promise<Namespace[]> {
    return [...this.trees.values()].filter((t) => !t.isEmpty()).map((t) => ({ ...t.namespace }));
  }
  async exportNamespace(ns: Namespace): Promise<NamespaceExport> {
    return this.trees.get(namespaceKey(ns))?.export() ?? { namespace: { ...ns }, keyCounts: {}, data: {} };
  }
  async importNamespace(data: NamespaceExport): Promise<void> {
    this.tree(data.namespace).replace(data);
  }
}
