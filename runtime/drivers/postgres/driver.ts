/**
 * PostgresDriver: Config's storage in PostgreSQL (through drizzle-orm and pg), or in an embedded PGlite
 * when no url is given. The SQL lives in store.ts; the connection kinds in node.ts and pglite.ts. This
 * file adds what every operation shares: opening and migrating, error reporting with the operation and
 * address, retries of idempotent operations after a dropped connection, locks and invalidations.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import type { JsonValue } from '../../contract/json.js';
import { ConfigError, LockLostError, LockTimeoutError, type ConfigLocation } from '../errors.js';
import { createLogger, type Logger } from '../../logging.js';
import type { Address, ConfigDriver, DriverOptions, Invalidation, LockedAccess, Namespace, NamespaceExport, ReleaseLock, SharedLimits } from '../types.js';
import { LockStepError, type Executor, type PgConnection, type Row } from './connection.js';
import { PostgresDriverError, isConnectionError } from './errors.js';
import { NodePostgresConnection, type NodePoolOptions } from './node.js';
import { CatchUp } from './catch-up.js';
import { PostgresLimits, type PostgresLimitsOptions } from './limits.js';
import { PGliteConnection } from './pglite.js';
import { DocumentStore } from './store.js';

export interface PostgresDriverOptions extends DriverOptions {
  /** A PostgreSQL connection string. Without one the driver runs an embedded PGlite. */
  url?: string;
  /** `pg.Pool` settings (max, idleTimeoutMillis, connectionTimeoutMillis, ssl, ...) when `url` is set. */
  pool?: NodePoolOptions;
  /** The PostgreSQL schema holding the driver's tables (created on open). Default `cogsmith`. */
  schema?: string;
  /** PGlite only: the folder holding the database files (default: in memory, gone on close). */
  dataDir?: string;
  /** PGlite only: share an existing PGlite instance (the driver does not close it). */
  pglite?: PGlite;
  /** The NOTIFY channel for invalidations. Default `cogsmith_config`. */
  channel?: string;
  /** Leases and polling of the max-concurrency slots shared by processes (limits.ts); tests shorten them. */
  limits?: PostgresLimitsOptions;
  logger?: Logger;
}

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
// NOTIFY payloads must stay under 8000 bytes; a longer one names the whole scope instead.
const MAX_PAYLOAD = 7_500;

interface Payload {
  /** origin: the driver that wrote, so it can ignore its own writes. */
  o: string;
  /** schema: several stores can share a database and a channel. */
  d: string;
  c: string;
  i: string;
  s: string;
  k: string[];
}

/** A catch-up ping of one driver to itself (catch-up.ts); on the same channel, told apart by `ping`. */
interface PingPayload {
  o: string;
  d: string;
  ping: number;
}

/** A max-concurrency slot freed (limits.ts); on the same channel, told apart by `slot`. */
interface SlotPayload {
  o: string;
  d: string;
  slot: string;
}

function where(ns: Namespace, at?: Address): ConfigLocation {
  return { cogName: ns.cogName, identifier: ns.identifier, scope: at?.scope, primaryKeys: at?.primaryKeys, path: at?.path };
}

/** Stores Config data as jsonb documents in PostgreSQL (or PGlite), safe for many processes at once. */
export class PostgresDriver implements ConfigDriver {
  readonly kind = 'postgres';
  /** This driver's id in NOTIFY payloads. */
  readonly origin = randomUUID();
  readonly schema: string;
  readonly channel: string;
  private readonly connection: PgConnection;
  private readonly store: DocumentStore;
  private readonly log: Logger;
  private readonly listeners = new Set<(change: Invalidation) => void>();
  /** Every (namespace, scope) this driver has served: what caches above it may hold (see resync). */
  private readonly served = new Map<string, { namespace: Namespace; scope: string }>();
  private opening?: Promise<void>;
  private listenStarted?: Promise<void>;
  /** The first LISTEN is in place (a ping sent before it would never come back). */
  private listenReady = false;
  private readonly limitsOptions: PostgresLimitsOptions;
  private limits?: PostgresLimits;
  private readonly catchUps: CatchUp;
  private closed = false;

  constructor(options: PostgresDriverOptions = {}) {
    this.schema = options.schema ?? 'cogsmith';
    this.channel = options.channel ?? 'cogsmith_config';
    for (const [what, value] of [['schema', this.schema], ['channel', this.channel]] as const) {
      if (!IDENTIFIER.test(value)) throw new TypeError(`PostgresDriver: ${what} "${value}" must be a lower-case SQL identifier (a-z, 0-9, _)`);
    }
    this.log = (options.logger ?? createLogger('config')).child(options.name ?? 'postgres');
    this.limitsOptions = options.limits ?? {};
    this.catchUps = new CatchUp((seq) => {
      const payload = JSON.stringify({ o: this.origin, d: this.schema, ping: seq } satisfies PingPayload);
      return this.run('catchUp', {}, false, (x) => x.rows(sql`select pg_notify(${this.channel}, ${payload})`));
    }, this.log);
    this.connection = options.url
      ? new NodePostgresConnection(options.url, this.schema, options.pool ?? {}, this.log)
      : new PGliteConnection(this.schema, { dataDir: options.dataDir, instance: options.pglite });
    this.store = new DocumentStore((ns, scope, keys) => sql`pg_notify(${this.channel}, ${this.payload(ns, scope, keys)})`);
  }

  /** Where the data lives (no password), as error messages print it. */
  get address(): string {
    return this.connection.address;
  }

  /** Connects and applies migrations once; safe to call again and from several processes at once. */
  open(): Promise<void> {
    if (this.closed) return Promise.reject(new PostgresDriverError('open', this.address, new Error('the driver is closed')));
    this.opening ??= this.connection.open(MIGRATIONS).then(
      () => {
        if (this.listeners.size > 0 || this.limits) void this.startListening().catch(() => undefined);
      },
      (error: unknown) => {
        this.opening = undefined; // a later open() tries again
        throw new PostgresDriverError('open', this.address, error);
      },
    );
    return this.opening;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Before the pool ends: frees the slots this process holds, so others need not wait for their leases.
    await this.limits?.close();
    this.closed = true;
    this.listeners.clear();
    this.catchUps.releaseAll();
    await this.opening?.catch(() => undefined);
    await this.connection.close();
  }

  /** Runs `fn` on the open database; reports failures with the operation and address, retrying idempotent ones once. */
  private async run<T>(operation: string, at: ConfigLocation, retry: boolean, fn: (x: Executor) => Promise<T>): Promise<T> {
    await this.open();
    if (at.cogName !== undefined && at.identifier !== undefined && at.scope !== undefined) {
      const namespace = { cogName: at.cogName, identifier: at.identifier };
      this.served.set(JSON.stringify([at.cogName, at.identifier, at.scope]), { namespace, scope: at.scope });
    }
    try {
      return await fn(this.connection.executor);
    } catch (error) {
      if (error instanceof ConfigError || error instanceof TypeError) throw error;
      if (retry && isConnectionError(error)) {
        // The pool drops the dead client; one more attempt runs on a fresh connection.
        this.log.warn(`${operation}: connection lost, retrying once`, { address: this.address });
        try {
          return await fn(this.connection.executor);
        } catch (again) {
          if (again instanceof ConfigError || again instanceof TypeError) throw again;
          throw new PostgresDriverError(operation, this.address, again, at);
        }
      }
      throw new PostgresDriverError(operation, this.address, error, at);
    }
  }

  get(ns: Namespace, at: Address): Promise<JsonValue | undefined> {
    return this.run('get', where(ns, at), true, (x) => this.store.get(x, ns, at));
  }
  set(ns: Namespace, at: Address, value: JsonValue): Promise<void> {
    return this.run('set', where(ns, at), true, (x) => this.store.set(x, ns, at, value));
  }
  clear(ns: Namespace, at: Address): Promise<void> {
    return this.run('clear', where(ns, at), true, (x) => this.store.clear(x, ns, at));
  }
  // The atomic helpers are not retried: a connection lost after COMMIT would apply them twice.
  increment(ns: Namespace, at: Address, delta: number, start: number): Promise<number> {
    return this.run('increment', where(ns, at), false, (x) => this.store.increment(x, ns, at, delta, start));
  }
  toggle(ns: Namespace, at: Address, start: boolean): Promise<boolean> {
    return this.run('toggle', where(ns, at), false, (x) => this.store.toggle(x, ns, at, start));
  }
  append(ns: Namespace, at: Address, item: JsonValue, start: JsonValue[], maxLength?: number): Promise<JsonValue[]> {
    return this.run('append', where(ns, at), false, (x) => this.store.append(x, ns, at, item, start, maxLength));
  }
  namespaces(): Promise<Namespace[]> {
    return this.run('namespaces', {}, true, (x) => this.store.namespaces(x));
  }
  exportNamespace(ns: Namespace): Promise<NamespaceExport> {
    return this.run('exportNamespace', where(ns), true, (x) => this.store.exportNamespace(x, ns));
  }
  importNamespace(data: NamespaceExport): Promise<void> {
    return this.run('importNamespace', where(data.namespace), true, (x) => this.store.importNamespace(x, data));
  }

  /**
   * Runs one statement of the runtime's own bookkeeping, outside Config (the shard status table,
   * runtime/shards/status-table.ts), on this driver's database. Unqualified tables resolve in the driver's
   * schema, so that bookkeeping lives and goes with the instance's data. Not retried: the caller decides.
   */
  sql(query: SQL): Promise<Row[]> {
    return this.run('sql', {}, false, (x) => x.rows(query));
  }

  /**
   * A lock across every process using this database (advisory lock; in-process on PGlite). Its release
   * rejects with LockLostError when the lock had been lost while held (its connection dropped): what was
   * done under it may have been overtaken by another process. `exclusive` (Config's update()) cannot lose writes that way.
   */
  async acquireLock(ns: Namespace, key: string, timeoutMs: number | undefined): Promise<ReleaseLock> {
    await this.open();
    const timeout = () => new LockTimeoutError(`Timed out after ${timeoutMs} ms waiting for the lock on ${key}`, where(ns));
    let release: ReleaseLock;
    try {
      release = await this.connection.acquireLock(this.lockKey(ns, key), timeoutMs, timeout);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new PostgresDriverError('acquireLock', this.address, error, where(ns));
    }
    return async () => {
      try {
        await release();
      } catch (error) {
        if (error instanceof LockStepError && error.lost) {
          throw new LockLostError(
            `The lock on ${key} was lost while it was held (its connection to ${this.address} dropped): another process may have taken it meanwhile, so what was done under it may have been overtaken. Use update() for a read-modify-write that must not be lost`,
            where(ns),
            { cause: error.cause },
          );
        }
        throw new PostgresDriverError('releaseLock', this.address, error instanceof LockStepError ? error.cause : error, where(ns));
      }
    };
  }

  /** See ConfigDriver.exclusive: the reads and the write of `body` in one transaction with the lock. */
  async exclusive<R>(ns: Namespace, at: Address, key: string, timeoutMs: number | undefined, body: (access: LockedAccess) => Promise<R>): Promise<R> {
    await this.open();
    const loc = where(ns, at);
    this.served.set(JSON.stringify([ns.cogName, ns.identifier, at.scope]), { namespace: ns, scope: at.scope });
    const lost = (cause: unknown, step: string) =>
      new LockLostError(
        `The connection holding the lock for this change was lost (${step}) before the change was committed, so nothing was written: another process may have changed the value meanwhile. Try again`,
        loc,
        { cause },
      );
    // The statements of `body` are reported like the driver's own operations; errors `body` throws itself pass unchanged.
    const statement = async <T>(operation: string, target: Address, run: () => Promise<T>): Promise<T> => {
      try {
        return await run();
      } catch (error) {
        if (error instanceof ConfigError || error instanceof TypeError) throw error;
        if (isConnectionError(error)) throw lost(error, operation);
        throw new PostgresDriverError(operation, this.address, error, where(ns, target));
      }
    };
    const timeout = () => new LockTimeoutError(`Timed out after ${timeoutMs} ms waiting for the lock on ${key}`, loc);
    try {
      return await this.connection.exclusive(this.lockKey(ns, key), timeoutMs, timeout, (x) =>
        body({
          get: (target) => statement('get', target, () => this.store.get(x, ns, target)),
          set: (target, value) => statement('set', target, () => this.store.set(x, ns, target, value)),
        }),
      );
    } catch (error) {
      if (!(error instanceof LockStepError)) throw error;
      if (error.lost) throw lost(error.cause, error.step);
      throw new PostgresDriverError(`update (${error.step})`, this.address, error.cause, loc);
    }
  }

  private lockKey(ns: Namespace, key: string): string {
    return JSON.stringify([this.schema, ns.cogName, ns.identifier, key]);
  }

  /**
   * Cooldowns and max concurrency in this database, shared by every process on it (limits.ts). Made on
   * first use with the driver's `limits` options; it listens for freed slots on the invalidation channel.
   */
  sharedLimits(): SharedLimits {
    if (!this.limits) {
      this.limits = new PostgresLimits(
        {
          run: (operation, retry, fn) => this.run(operation, {}, retry, fn),
          slotFreedNotice: (key) => sql`pg_notify(${this.channel}, ${JSON.stringify({ o: this.origin, d: this.schema, slot: key } satisfies SlotPayload)})`,
          logger: this.log.child('limits'),
        },
        this.origin,
        this.limitsOptions,
      );
      if (this.opening && !this.closed) void this.startListening().catch(() => undefined);
    }
    return this.limits;
  }

  /** See ConfigDriver.catchUp and catch-up.ts. Without listeners (no cache) or on PGlite (one process) there is nothing to wait for. */
  catchUp(): Promise<void> {
    if (this.closed || this.connection.kind === 'pglite' || this.listeners.size === 0 || !this.listenReady) return Promise.resolve();
    return this.catchUps.wait();
  }

  /** Calls `listener` when another driver (usually another process) changes data; returns the unsubscribe function. */
  onInvalidate(listener: (change: Invalidation) => void): () => void {
    this.listeners.add(listener);
    if (this.opening && !this.closed) void this.startListening().catch(() => undefined);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Resolves once invalidations from other processes are being received (opens the driver if needed). */
  async listening(): Promise<void> {
    await this.open();
    await this.startListening();
  }

  private startListening(): Promise<void> {
    this.listenStarted ??= this.connection
      .listen(this.channel, { payload: (p) => this.received(p), resync: () => void this.resync() })
      .then(() => void (this.listenReady = true))
      .catch((error: unknown) => {
        this.listenStarted = undefined;
        this.log.warn('could not listen for invalidations; retrying', { address: this.address, error: String(error) });
        // Caches must not silently stop hearing about other processes: keep trying while anyone listens.
        const retry = setTimeout(() => {
          if (!this.closed && (this.listeners.size > 0 || this.limits)) void this.startListening().then(() => this.resync(), () => undefined);
        }, 1_000);
        retry.unref();
        throw new PostgresDriverError('listen', this.address, error);
      });
    return this.listenStarted;
  }

  private payload(ns: Namespace, scope: string, keys: readonly string[]): string {
    const body: Payload = { o: this.origin, d: this.schema, c: ns.cogName, i: ns.identifier, s: scope, k: [...keys] };
    const text = JSON.stringify(body);
    return Buffer.byteLength(text) <= MAX_PAYLOAD ? text : JSON.stringify({ ...body, k: [] });
  }

  private received(text: string): void {
    let body: Payload & Partial<SlotPayload> & Partial<PingPayload>;
    try {
      body = JSON.parse(text) as Payload & Partial<SlotPayload> & Partial<PingPayload>;
    } catch {
      return; // not ours
    }
    if (typeof body.ping === 'number') {
      if (body.o === this.origin) this.catchUps.received(body.ping);
      return;
    }
    if (typeof body.slot === 'string') {
      if (body.o !== this.origin && body.d === this.schema) this.limits?.slotFreed(body.slot);
      return;
    }
    if (body.o === this.origin || body.d !== this.schema || typeof body.s !== 'string') return;
    this.emit({ namespace: { cogName: body.c, identifier: body.i }, scope: body.s, primaryKeys: Array.isArray(body.k) ? body.k : [] });
  }

  /**
   * After the listener reconnects, notifications may have been missed: every scope stored now, or served
   * before (it may have been deleted meanwhile), counts as changed.
   */
  private async resync(): Promise<void> {
    const scopes = new Map(this.served);
    try {
      for (const entry of await this.store.scopes(this.connection.executor)) scopes.set(JSON.stringify([entry.namespace.cogName, entry.namespace.identifier, entry.scope]), entry);
    } catch (error) {
      this.log.warn('could not list stored scopes after the listener reconnected', { address: this.address, error: String(error) });
    }
    try {
      for (const { namespace, scope } of scopes.values()) this.emit({ namespace, scope, primaryKeys: [] });
    } catch (error) {
      this.log.warn('could not resync after the listener reconnected', { address: this.address, error: String(error) });
    }
  }

  private emit(change: Invalidation): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        this.log.error('an invalidation listener threw', { error: String(error) });
      }
    }
  }
}
