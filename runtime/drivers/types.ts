/**
 * The storage driver contract behind Config (see runtime/config/README.md).
 *
 * Config (runtime/config) owns semantics: registration, defaults, key checks, partial groups, errors
 * with cog/scope/path in their messages, in-process locks and the read cache. A driver only stores
 * JSON documents and performs the few operations that must be atomic where the data lives.
 *
 * Addressing: namespace → scope → primary keys → path inside the document.
 * - `keyCount` is how many primary keys the scope has (GLOBAL 0, GUILD 1, MEMBER 2, custom: as declared).
 * - When `primaryKeys.length === keyCount`, `path` addresses a place inside one document.
 * - When `primaryKeys.length < keyCount` (a partial group), `path` is always empty and the operation spans
 *   every document under that prefix; values read or written are nested objects keyed by the missing
 *   primary keys (`{ [guildId]: { [userId]: doc } }`).
 * All keys and path parts are non-empty strings; Config has validated and copied every value.
 */
import type { JsonValue } from '../contract/json.js';

export interface Namespace {
  cogName: string;
  /** The cog's integer identifier, as a decimal string. */
  identifier: string;
}

export interface Address {
  scope: string;
  keyCount: number;
  primaryKeys: string[];
  path: string[];
}

/** Everything stored for one namespace: scope → nested object keyed by primary keys → document. */
export interface NamespaceExport {
  namespace: Namespace;
  /** Key counts per scope present in `data`, so an import can rebuild rows keyed by primary keys. */
  keyCounts: Record<string, number>;
  /** scope → (for keyCount 0: the document; else nested `{ [pk1]: { [pk2]: document } }`). */
  data: Record<string, JsonValue>;
}

/** A change made by another process (or connection) that a cache must forget. */
export interface Invalidation {
  namespace: Namespace;
  scope: string;
  /** The document (or prefix) that changed; an empty array means the whole scope. */
  primaryKeys: string[];
}

export type ReleaseLock = () => Promise<void>;

/** Reads and writes made while holding a lock, on the connection that holds it (see `exclusive`). */
export interface LockedAccess {
  get(at: Address): Promise<JsonValue | undefined>;
  set(at: Address, value: JsonValue): Promise<void>;
}

/** One use of a fixed cooldown window: taken, or refused until `retryAt` (ms, on the caller's clock). */
export type WindowTake = { ok: true } | { ok: false; retryAt: number };

/** A max-concurrency slot held where the data lives, renewed by the driver until `release`. */
export interface SlotLease {
  /** Frees the slot and tells the other processes; idempotent. */
  release(): Promise<void>;
}

/**
 * Cooldowns and max-concurrency slots kept where the data lives, so every process sharing the storage
 * sees one truth (postgres). The runtime's command limits use it when the driver offers it, and their
 * in-process stores otherwise. Failures reject (the caller decides what a command does then).
 */
export interface SharedLimits {
  /** Takes one use of `key`'s window (at most `rate` per `perMs`, opened at the first use) at `now`. */
  takeWindow(key: string, rate: number, perMs: number, now: number): Promise<WindowTake>;
  /** Takes one of `limit` slots of `key` if one is free across every process, else null. */
  tryAcquireSlot(key: string, limit: number): Promise<SlotLease | null>;
  /** Calls `listener` when another process freed a slot of a key; returns the unsubscribe function. */
  onSlotFreed(listener: (key: string) => void): () => void;
  /** How often a waiting run asks again without a notification (a holder that died frees no slot by itself). */
  readonly pollMs: number;
}

/** Options shared by every driver constructor. */
export interface DriverOptions {
  /** Used in error messages and logs. */
  name?: string;
}

export interface ConfigDriver {
  /** `memory`, `json` or `postgres`. */
  readonly kind: string;

  /** Opens files or connections and runs migrations; idempotent. Config calls it before first use. */
  open(): Promise<void>;
  close(): Promise<void>;

  /** The stored value, or `undefined` when nothing is stored there (reading below a non-object counts as missing). */
  get(ns: Namespace, at: Address): Promise<JsonValue | undefined>;
  /** Stores `value` at the address, creating parent objects; throws CannotSetSubfieldError below a non-object. */
  set(ns: Namespace, at: Address, value: JsonValue): Promise<void>;
  /** Removes what is stored at the address; removing nothing is a no-op. */
  clear(ns: Namespace, at: Address): Promise<void>;

  /** Atomic helpers: each starts from `start` when nothing is stored and returns the new value. */
  increment(ns: Namespace, at: Address, delta: number, start: number): Promise<number>;
  toggle(ns: Namespace, at: Address, start: boolean): Promise<boolean>;
  append(ns: Namespace, at: Address, item: JsonValue, start: JsonValue[], maxLength?: number): Promise<JsonValue[]>;

  /**
   * A lock that also holds across processes, for drivers shared by several processes (postgres advisory
   * locks). Drivers used by one process only leave it out; Config's in-process lock is then enough.
   * `key` identifies the path; rejects with LockTimeoutError after `timeoutMs`.
   */
  acquireLock?(ns: Namespace, key: string, timeoutMs: number | undefined): Promise<ReleaseLock>;

  /**
   * A read-modify-write under the cross-process lock `key`, for drivers whose locks can be lost (postgres:
   * a session that dies drops its advisory locks). `body`'s reads and writes go through `access`, on the
   * connection that holds the lock, in one transaction with it: if that connection is lost before the
   * commit, nothing `body` wrote is stored and the call rejects with LockLostError (naming `at`), so a
   * write is never confirmed after another writer may have overtaken it. Errors `body` throws itself
   * roll the transaction back and are rethrown unchanged. Drivers without it: Config uses `acquireLock`.
   */
  exclusive?<R>(ns: Namespace, at: Address, key: string, timeoutMs: number | undefined, body: (access: LockedAccess) => Promise<R>): Promise<R>;

  /** Subscribes to changes made elsewhere (other processes); returns the unsubscribe function. */
  onInvalidate?(listener: (change: Invalidation) => void): () => void;

  /**
   * Resolves once every change other processes committed before the call has reached the `onInvalidate`
   * listeners (drivers whose notifications are asynchronous: postgres). The bot calls it when a message or
   * interaction arrives, so a read made for it is not older than what caused it (a change another process
   * made before the user acted). Best effort: it never rejects, and gives up after a bound.
   */
  catchUp?(): Promise<void>;

  /**
   * Cooldowns and max concurrency shared by every process on this storage; drivers one process uses alone
   * leave it out (the bot then keeps them in process). The same object on every call.
   */
  sharedLimits?(): SharedLimits;

  /** Every namespace that has stored data. */
  namespaces(): Promise<Namespace[]>;
  exportNamespace(ns: Namespace): Promise<NamespaceExport>;
  /** Replaces everything stored for the namespace with the export's data, atomically where the driver can. */
  importNamespace(data: NamespaceExport): Promise<void>;
}
