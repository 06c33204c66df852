/**
 * JsonDriver: the default, embedded driver. Each namespace is one human-readable JSON file in the data
 * folder, kept whole in memory. A write is acknowledged when a flush that includes it is durable on disk;
 * writes that arrive while a flush runs share the next one, so a burst of N writes costs a few whole-file
 * rewrites instead of N. Reads see acknowledged writes only, and a write whose flush fails (a full disk,
 * a file-size limit, a lost folder lock) changes nothing in memory or on disk and leaves no temp file.
 *
 * One process writes a data folder at a time, under a lease-based lock (folder-lock.ts): the holder
 * refreshes it every `lock.heartbeatMs` (default 5 s); a lock not refreshed for `lock.leaseMs` (default
 * 30 s) is stale on any host, so a bot restarted in a recreated container (same volume, new host name)
 * takes the folder back after one lease; a lock of a dead process on the same host is taken at once.
 */
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { JsonObject, JsonValue } from '../../contract/json.js';
import { createLogger, type Logger } from '../../logging.js';
import { NamespaceTree, namespaceKey } from '../memory.js';
import type { Address, ConfigDriver, DriverOptions, Namespace, NamespaceExport } from '../types.js';
import { replaceFileDurably, type DurabilityStats } from './durable.js';
import { fileNameOf, loadFile, serialize } from './files.js';
import { FolderLock, type FolderLockOptions } from './folder-lock.js';

export interface JsonDriverOptions extends DriverOptions {
  /** The data folder (created when missing). */
  path: string;
  logger?: Logger;
  /** Lease timings of the data folder's lock (see folder-lock.ts); the defaults suit production. */
  lock?: FolderLockOptions;
}

export interface JsonDriverStats extends DurabilityStats {
  /** Writes acknowledged (each resolved only after its flush). */
  writes: number;
}

interface Batch {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function newBatch(): Batch {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A write waiting for its flush: the change (re-applied whenever `working` is rebuilt) and its result. */
interface Pending {
  change: (tree: NamespaceTree) => unknown;
  result: unknown;
  /** Set when re-running the change after a failed flush threw (the write rejects with it). */
  error?: unknown;
}

/**
 * One namespace: its trees, its file, and the flush that coalesces writes into it.
 *
 * `committed` is what the file holds: reads come from it, so nobody ever sees a write that is not durable.
 * `working` is `committed` with every pending write applied in order: writes are computed on it (two
 * increments in one batch compose), and a flush writes it out. A flush that fails rolls `working` back to
 * `committed` and re-applies the writes that arrived after it — so a failed write changes nothing, in
 * memory or on disk, and the next flush cannot carry it out.
 */
class NamespaceFile {
  private next: Batch | undefined;
  private queued: Pending[] = [];
  /** The writes of the flush in progress: in `working`, not yet in `committed`. */
  private flushing: Pending[] = [];
  private running: Promise<void> | undefined;
  working: NamespaceTree;

  constructor(
    readonly committed: NamespaceTree,
    readonly file: string,
    private onDisk: boolean,
    private readonly stats: JsonDriverStats,
    private readonly refuse: () => Error | undefined,
  ) {
    this.working = new NamespaceTree(committed.namespace, committed.export());
  }

  /** Applies `change` to the working tree now and resolves with its result once it is durable on disk. */
  async write<R>(change: (tree: NamespaceTree) => R): Promise<R> {
    const refused = this.refuse();
    if (refused) throw refused;
    let result: R;
    try {
      result = change(this.working);
    } catch (error) {
      // A change that throws (CannotSetSubfieldError, TypeError) is not queued; whatever it did to the
      // working tree before throwing is undone.
      this.rollBack();
      throw error;
    }
    if (!this.next) {
      this.next = newBatch();
      // Start on the next turn, so a synchronous burst of writes lands in one flush.
      if (!this.running) this.running = new Promise((r) => setImmediate(r)).then(() => this.loop());
    }
    const pending: Pending = { change, result };
    this.queued.push(pending);
    await this.next.promise;
    if ('error' in pending) throw pending.error;
    return pending.result as R;
  }

  private async loop(): Promise<void> {
    while (this.next) {
      const batch = this.next;
      this.flushing = this.queued;
      this.next = undefined;
      this.queued = [];
      try {
        const refused = this.refuse();
        if (refused) throw refused;
        // Taken with the batch: every write that joined it is in this snapshot, and no later one.
        const snapshot = this.working.export();
        await replaceFileDurably(this.file, serialize(snapshot), { backup: this.onDisk ? `${this.file}.bak` : undefined, stats: this.stats });
        this.onDisk = true;
        // What the file now holds (the snapshot is a copy nothing else refers to).
        this.committed.data = snapshot.data as JsonObject;
        this.committed.keyCounts = snapshot.keyCounts;
        this.flushing = [];
        batch.resolve();
      } catch (error) {
        this.flushing = [];
        this.rollBack();
        batch.reject(error);
      }
    }
    this.running = undefined;
  }

  /**
   * Rebuilds `working` as `committed` + the writes of the flush in progress + the queued ones, re-applied
   * in order: after a failed flush (whose writes are gone by then), or a change that threw half-way.
   */
  private rollBack(): void {
    this.working = new NamespaceTree(this.committed.namespace, this.committed.export());
    for (const write of this.flushing) write.change(this.working);
    const kept: Pending[] = [];
    for (const write of this.queued) {
      try {
        write.result = write.change(this.working);
        kept.push(write);
      } catch (error) {
        // It no longer applies without the failed writes before it: it fails too, and is not flushed.
        write.error = error;
      }
    }
    this.queued = kept;
  }

  /** Waits for any flush in progress or pending. */
  async settle(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
  }
}

/** Stores each namespace as a JSON file in a data folder, durably, with coalesced writes. */
export class JsonDriver implements ConfigDriver {
  readonly kind: string = 'json';
  readonly folder: string;
  readonly stats: JsonDriverStats = { flushes: 0, fsyncs: 0, bytesWritten: 0, writes: 0 };
  private readonly logger: Logger;
  private readonly files = new Map<string, NamespaceFile>();
  private lock: FolderLock | undefined;
  private opening: Promise<void> | undefined;
  private readonly lockOptions: FolderLockOptions;

  constructor(options: JsonDriverOptions) {
    if (!options || typeof options.path !== 'string' || options.path.length === 0) throw new TypeError('JsonDriver needs { path }: the data folder');
    this.folder = resolve(options.path);
    this.logger = options.logger ?? createLogger(`config:json${options.name ? `:${options.name}` : ''}`);
    this.lockOptions = { ...options.lock };
  }

  /** Takes the folder's lock and loads every file; rejects (naming the file) if one is corrupt. */
  open(): Promise<void> {
    if (!this.opening) {
      this.opening = this.load().catch((error: unknown) => {
        this.opening = undefined;
        throw error;
      });
    }
    return this.opening;
  }

  private async load(): Promise<void> {
    const lock = await FolderLock.acquire(this.folder, this.logger, this.lockOptions);
    try {
      const names = await readdir(this.folder);
      const loaded = new Map<string, NamespaceFile>();
      for (const name of names) {
        // Temp files are writes that never completed (a crash before their rename): never acknowledged.
        if (name.endsWith('.tmp')) {
          await rm(join(this.folder, name), { force: true });
          continue;
        }
        if (!name.endsWith('.json')) continue;
        const data = await loadFile(this.folder, name);
        const tree = new NamespaceTree(data.namespace, data);
        loaded.set(namespaceKey(data.namespace), new NamespaceFile(tree, join(this.folder, name), true, this.stats, () => lock.lost));
      }
      this.files.clear();
      for (const [key, file] of loaded) this.files.set(key, file);
      this.lock = lock;
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /** Waits for pending writes, then releases the folder. */
  async close(): Promise<void> {
    const opening = this.opening;
    if (!opening) return;
    await opening.catch(() => undefined);
    for (const file of this.files.values()) await file.settle();
    await this.lock?.release();
    this.lock = undefined;
    this.files.clear();
    this.opening = undefined;
  }

  private async file(ns: Namespace, create: boolean): Promise<NamespaceFile | undefined> {
    await this.open();
    const key = namespaceKey(ns);
    let file = this.files.get(key);
    if (!file && create) {
      const lock = this.lock;
      file = new NamespaceFile(new NamespaceTree(ns), join(this.folder, fileNameOf(ns)), false, this.stats, () => lock?.lost);
      this.files.set(key, file);
    }
    return file;
  }

  private async write<R>(ns: Namespace, change: (tree: NamespaceTree) => R): Promise<R> {
    const file = (await this.file(ns, true))!;
    const result = await file.write(change);
    this.stats.writes++;
    return result;
  }

  async get(ns: Namespace, at: Address): Promise<JsonValue | undefined> {
    return (await this.file(ns, false))?.committed.get(at);
  }
  set(ns: Namespace, at: Address, value: JsonValue): Promise<void> {
    return this.write(ns, (tree) => tree.set(at, value));
  }
  async clear(ns: Namespace, at: Address): Promise<void> {
    if (!(await this.file(ns, false))) return;
    return this.write(ns, (tree) => tree.clear(at));
  }
  increment(ns: Namespace, at: Address, delta: number, start: number): Promise<number> {
    return this.write(ns, (tree) => tree.increment(at, delta, start));
  }
  toggle(ns: Namespace, at: Address, start: boolean): Promise<boolean> {
    return this.write(ns, (tree) => tree.toggle(at, start));
  }
  append(ns: Namespace, at: Address, item: JsonValue, start: JsonValue[], maxLength?: number): Promise<JsonValue[]> {
    return this.write(ns, (tree) => tree.append(at, item, start, maxLength));
  }

  async namespaces(): Promise<Namespace[]> {
    await this.open();
    return [...this.files.values()].filter((f) => !f.committed.isEmpty()).map((f) => ({ ...f.committed.namespace }));
  }
  async exportNamespace(ns: Namespace): Promise<NamespaceExport> {
    return (await this.file(ns, false))?.committed.export() ?? { namespace: { ...ns }, keyCounts: {}, data: {} };
  }
  importNamespace(data: NamespaceExport): Promise<void> {
    return this.write(data.namespace, (tree) => tree.replace(data));
  }

  /** The file that holds a namespace. */
  fileOf(ns: Namespace): string {
    return this.files.get(namespaceKey(ns))?.file ?? join(this.folder, fileNameOf(ns));
  }
}
