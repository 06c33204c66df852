/**
 * The read cache in front of every driver. It caches whole documents (one per scope + full primary keys),
 * so a hot read is a map lookup and a copy, with no I/O. Writes go through it: after the driver
 * acknowledges, the cached document is updated in place. Partial (multi-document) operations and
 * `onInvalidate` notifications drop the affected entries. A read racing a write never caches what it
 * read, so the cache cannot keep a value older than the last acknowledged write.
 */
import { timedWrite } from './observe.js';
import type { JsonValue } from '../contract/json.js';
import type { Address, ConfigDriver, Invalidation, LockedAccess, Namespace, NamespaceExport } from '../drivers/types.js';
import { cloneJson, getAtPath, isPlainObject } from '../drivers/values.js';

export interface CacheOptions {
  /** How many documents to keep (least recently used ones are dropped first). Default 50,000. */
  maxDocuments?: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
  invalidations: number;
}

interface Entry {
  cached: boolean;
  doc: JsonValue | undefined;
  /** Writes to this document in flight. */
  writers: number;
  /** Bumped by every write and invalidation; a fetch caches its result only if it did not change. */
  epoch: number;
}

function docKey(ns: Namespace, scope: string, primaryKeys: readonly string[]): string {
  return JSON.stringify([ns.cogName, ns.identifier, scope, ...primaryKeys]);
}

function nsKey(ns: Namespace): string {
  return `${ns.identifier}\u0000${ns.cogName}`;
}

function isFull(at: Address): boolean {
  return at.primaryKeys.length === at.keyCount;
}

/** Sets `value` at `path` inside `doc` (creating objects), returning the new document. */
function applySet(doc: JsonValue | undefined, path: readonly string[], value: JsonValue): JsonValue {
  if (path.length === 0) return cloneJson(value);
  const root = isPlainObject(doc) ? doc : {};
  let node = root;
  for (let i = 0; i < path.length - 1; i++) {
    const child = node[path[i]!];
    if (!isPlainObject(child)) {
      const created = {};
      Object.defineProperty(node, path[i]!, { value: created, enumerable: true, writable: true, configurable: true });
      node = created;
    } else node = child;
  }
  Object.defineProperty(node, path[path.length - 1]!, { value: cloneJson(value), enumerable: true, writable: true, configurable: true });
  return root;
}

/** A ConfigDriver with a document cache in front; Config talks only to this. */
export class CachedStore {
  readonly stats: CacheStats = { hits: 0, misses: 0, invalidations: 0 };
  private readonly entries = new Map<string, Entry>();
  /** Per namespace: bumped when any of its documents may have changed (see `generation`). */
  private readonly generations = new Map<string, number>();
  private readonly maxDocuments: number;
  private opening: Promise<void> | undefined;
  /** Per namespace: the hold in progress (see `holdNamespace`), which writes wait for. */
  private readonly holds = new Map<string, Promise<void>>();
  /** Per namespace: writes in flight, and who waits for them to finish. */
  private readonly inFlight = new Map<string, { count: number; drained: Array<() => void> }>();
  private readonly unsubscribe: (() => void) | undefined;

  constructor(readonly driver: ConfigDriver, options: CacheOptions = {}) {
    this.maxDocuments = options.maxDocuments ?? 50_000;
    this.unsubscribe = driver.onInvalidate?.((change) => this.invalidate(change));
  }

  /**
   * Runs `fn` with the namespace to itself in this process: it starts once the writes in flight finished,
   * writes that arrive meanwhile wait until it ends, holds of the same namespace run one after another,
   * and the cache forgets the namespace before and after. Reads are not held. Config migrations run in
   * one, so nothing written through this store is lost between their read and their write.
   */
  async holdNamespace<R>(ns: Namespace, fn: () => Promise<R>): Promise<R> {
    const key = nsKey(ns);
    for (let hold = this.holds.get(key); hold; hold = this.holds.get(key)) await hold;
    let end!: () => void;
    this.holds.set(key, new Promise<void>((resolve) => (end = resolve)));
    try {
      const flight = this.inFlight.get(key);
      if (flight && flight.count > 0) await new Promise<void>((resolve) => flight.drained.push(resolve));
      this.invalidateNamespace(ns);
      return await fn();
    } finally {
      this.invalidateNamespace(ns);
      this.holds.delete(key);
      end();
    }
  }

  /** Waits for a hold of the namespace (holdNamespace) to end, then counts a write in flight; returns its end. */
  private async enter(ns: Namespace): Promise<() => void> {
    const key = nsKey(ns);
    for (let hold = this.holds.get(key); hold; hold = this.holds.get(key)) await hold;
    let flight = this.inFlight.get(key);
    if (!flight) this.inFlight.set(key, (flight = { count: 0, drained: [] }));
    flight.count++;
    const counted = flight;
    return () => {
      if (--counted.count > 0) return;
      if (this.inFlight.get(key) === counted) this.inFlight.delete(key);
      for (const resolve of counted.drained.splice(0)) resolve();
    };
  }

  /** Opens the driver once; a failed open is retried (and fails again) on the next access. */
  ready(): Promise<void> {
    if (!this.opening) {
      this.opening = this.driver.open().catch((error: unknown) => {
        this.opening = undefined;
        throw error;
      });
    }
    return this.opening;
  }

  /** Stops listening to the driver and forgets every document. */
  dispose(): void {
    this.unsubscribe?.();
    this.entries.clear();
  }

  /**
   * A number that changes whenever data of the namespace may have changed: at the start and at the end of
   * every write through this store, and on every invalidation (another process wrote, as far as the driver
   * tells). What was derived from reads begun under one generation is current while it stays the same —
   * the same promise the cache itself keeps, no more (see DerivedCache).
   */
  generation(ns: Namespace): number {
    return this.generations.get(nsKey(ns)) ?? 0;
  }

  private bump(ns: Namespace): void {
    const key = nsKey(ns);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }

  /** Drops the document(s) a change touched (another process wrote them). */
  invalidate(change: Invalidation): void {
    this.stats.invalidations++;
    this.bump(change.namespace);
    this.dropPrefix(change.namespace, change.scope, change.primaryKeys);
  }

  /** Forgets every cached document of a namespace. */
  invalidateNamespace(ns: Namespace): void {
    this.bump(ns);
    const prefix = JSON.stringify([ns.cogName, ns.identifier]).slice(0, -1) + ',';
    for (const [key, entry] of this.entries) if (key.startsWith(prefix)) this.drop(key, entry);
  }

  private dropPrefix(ns: Namespace, scope: string, primaryKeys: readonly string[]): void {
    const exact = docKey(ns, scope, primaryKeys);
    const prefix = exact.slice(0, -1) + ',';
    for (const [key, entry] of this.entries) if (key === exact || key.startsWith(prefix)) this.drop(key, entry);
  }

  private drop(key: string, entry: Entry): void {
    entry.cached = false;
    entry.doc = undefined;
    entry.epoch++;
    if (entry.writers === 0) this.entries.delete(key);
  }

  private entry(key: string): Entry {
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = { cached: false, doc: undefined, writers: 0, epoch: 0 }));
    return entry;
  }

  private remember(key: string, entry: Entry, doc: JsonValue | undefined): void {
    entry.cached = true;
    entry.doc = doc;
    // Re-insert so Map order is least-recently-used first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxDocuments) {
      for (const [oldKey, old] of this.entries) {
        if (this.entries.size <= this.maxDocuments) break;
        if (old.writers === 0 && oldKey !== key) this.entries.delete(oldKey);
      }
    }
  }

  /** The whole document for a full address, from the cache or the driver. */
  private async document(ns: Namespace, at: Address, fresh: boolean): Promise<JsonValue | undefined> {
    const key = docKey(ns, at.scope, at.primaryKeys);
    const existing = this.entries.get(key);
    if (!fresh && existing?.cached) {
      this.stats.hits++;
      return existing.doc;
    }
    this.stats.misses++;
    await this.ready();
    const entry = this.entry(key);
    const epoch = entry.epoch;
    const doc = await this.driver.get(ns, { ...at, path: [] });
    const now = this.entries.get(key);
    if (now === entry && entry.epoch === epoch && entry.writers === 0) this.remember(key, entry, doc);
    else if (!now?.cached && now?.writers === 0) this.entries.delete(key);
    return doc;
  }

  /** A copy of the value at the address (undefined when nothing is stored). `fresh` bypasses the cache. */
  async get(ns: Namespace, at: Address, fresh = false): Promise<JsonValue | undefined> {
    if (!isFull(at)) {
      await this.ready();
      return this.driver.get(ns, at);
    }
    const doc = await this.document(ns, at, fresh);
    return cloneJson(getAtPath(doc, at.path));
  }

  /** Runs a driver write for one document and then applies `result` to the cached copy. */
  private async write<R>(ns: Namespace, at: Address, run: () => Promise<R>, valueOf: (r: R) => JsonValue | undefined): Promise<R> {
    await this.ready();
    const leave = await this.enter(ns);
    try {
      return await this.writeEntered(ns, at, run, valueOf);
    } finally {
      leave();
    }
  }

  private async writeEntered<R>(ns: Namespace, at: Address, run: () => Promise<R>, valueOf: (r: R) => JsonValue | undefined): Promise<R> {
    this.bump(ns);
    if (!isFull(at)) {
      this.dropPrefix(ns, at.scope, at.primaryKeys);
      try {
        return await timedWrite(this.driver.kind, run);
      } finally {
        this.dropPrefix(ns, at.scope, at.primaryKeys);
        this.bump(ns);
      }
    }
    const key = docKey(ns, at.scope, at.primaryKeys);
    const entry = this.entry(key);
    entry.writers++;
    entry.epoch++;
    try {
      const result = await timedWrite(this.driver.kind, run);
      const value = valueOf(result);
      // With other writes in flight the order of acknowledgements is not the order of effects: forget.
      if (entry.writers > 1 || value === undefined) this.drop(key, entry);
      else if (entry.cached) entry.doc = applySet(entry.doc, at.path, value);
      return result;
    } catch (error) {
      this.drop(key, entry);
      throw error;
    } finally {
      this.bump(ns);
      entry.writers--;
      entry.epoch++;
      if (!entry.cached && entry.writers === 0 && this.entries.get(key) === entry) this.entries.delete(key);
    }
  }

  set(ns: Namespace, at: Address, value: JsonValue): Promise<void> {
    return this.write(ns, at, () => this.driver.set(ns, at, value), () => value);
  }
  clear(ns: Namespace, at: Address): Promise<void> {
    // The driver may also drop documents left empty; re-read rather than guess.
    return this.write(ns, at, () => this.driver.clear(ns, at), () => undefined);
  }
  increment(ns: Namespace, at: Address, delta: number, start: number): Promise<number> {
    return this.write(ns, at, () => this.driver.increment(ns, at, delta, start), (v) => v);
  }
  toggle(ns: Namespace, at: Address, start: boolean): Promise<boolean> {
    return this.write(ns, at, () => this.driver.toggle(ns, at, start), (v) => v);
  }
  append(ns: Namespace, at: Address, item: JsonValue, start: JsonValue[], maxLength?: number): Promise<JsonValue[]> {
    return this.write(ns, at, () => this.driver.append(ns, at, item, start, maxLength), (v) => v);
  }

  /**
   * A read-modify-write of `at` under the cross-process lock `key` (Config's update(); the caller holds
   * the in-process lock). With a driver that has `exclusive`, `body` reads and writes on the lock's own
   * connection, in one transaction with it; with `acquireLock` only, the lock is taken and reads bypass the
   * cache (another process may have written); with neither, the in-process lock is all there is. The
   * cached document is forgotten, so the next read sees what was committed — or that nothing was.
   */
  async exclusive<R>(ns: Namespace, at: Address, key: string, body: (access: LockedAccess) => Promise<R>): Promise<R> {
    await this.ready();
    const driver = this.driver;
    if (driver.exclusive) return this.write(ns, at, () => driver.exclusive!(ns, at, key, undefined, body), () => undefined);
    const release = driver.acquireLock ? await driver.acquireLock(ns, key, undefined) : undefined;
    const fresh = release !== undefined;
    let result: R;
    try {
      result = await body({ get: (target) => this.get(ns, target, fresh), set: (target, value) => this.set(ns, target, value) });
    } catch (error) {
      await release?.().catch(() => undefined);
      throw error;
    }
    await release?.();
    return result;
  }

  async exportNamespace(ns: Namespace): Promise<NamespaceExport> {
    await this.ready();
    return this.driver.exportNamespace(ns);
  }
  async importNamespace(data: NamespaceExport): Promise<void> {
    await this.ready();
    const leave = await this.enter(data.namespace);
    this.invalidateNamespace(data.namespace);
    try {
      await timedWrite(this.driver.kind, () => this.driver.importNamespace(data));
    } finally {
      this.invalidateNamespace(data.namespace);
      leave();
    }
  }
}

const stores = new WeakMap<ConfigDriver, CachedStore>();

/** The one cache for a driver, shared by every Config that uses it. */
export function storeFor(driver: ConfigDriver): CachedStore {
  let store = stores.get(driver);
  if (!store) stores.set(driver, (store = new CachedStore(driver)));
  return store;
}
