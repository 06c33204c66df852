/**
 * The embedded connection of the postgres driver: PGlite (PostgreSQL compiled to WebAssembly) in this
 * process, so the driver works on a machine with no server. One process, one session: locks are
 * in-process mutexes, and notifications only reach drivers sharing the same PGlite instance.
 */
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { ReleaseLock } from '../types.js';
import { render, type Db, type Executor, type NotificationHandlers, type PgConnection } from './connection.js';
import { LocalLocks } from './local-lock.js';

/** Locks per PGlite instance, so drivers sharing one instance also share its locks. */
const locksByInstance = new WeakMap<PGlite, LocalLocks>();
/** The schema each instance's single session has on its search_path. */
const schemaByInstance = new WeakMap<PGlite, string>();

export class PGliteConnection implements PgConnection {
  readonly kind = 'pglite';
  readonly address: string;
  readonly db: Db;
  readonly executor: Executor;
  private readonly client: PGlite;
  private readonly owned: boolean;
  private readonly locks: LocalLocks;
  private stopListening?: () => Promise<void>;

  /** `instance` shares an existing PGlite (not closed by this connection); else one is made in `dataDir` (or memory). */
  constructor(private readonly schema: string, options: { dataDir?: string; instance?: PGlite }) {
    this.owned = !options.instance;
    this.client = options.instance ?? new PGlite(options.dataDir);
    this.address = `pglite:${options.dataDir ?? options.instance?.dataDir ?? 'memory'}`;
    let locks = locksByInstance.get(this.client);
    if (!locks) locksByInstance.set(this.client, (locks = new LocalLocks()));
    this.locks = locks;
    this.db = drizzle(this.client) as unknown as Db;
    this.executor = {
      db: this.db,
      rows: async (query) => {
        const { text, params } = render(query);
        return (await this.client.query<Record<string, unknown>>(text, params)).rows;
      },
    };
  }

  async open(migrationsFolder: string): Promise<void> {
    // PGlite has a single session, so the search_path set here holds for every later statement — and
    // drivers sharing an instance must agree on the schema.
    const taken = schemaByInstance.get(this.client);
    if (taken !== undefined && taken !== this.schema) {
      throw new Error(`this PGlite instance already serves schema "${taken}"; drivers sharing it must use the same schema (got "${this.schema}")`);
    }
    schemaByInstance.set(this.client, this.schema);
    await this.client.waitReady;
    // Drivers sharing the instance open one at a time, so only the first one migrates.
    const release = await this.locks.acquire('\u0000migrate', undefined, () => new Error('unreachable: no timeout'));
    try {
      await this.client.exec(`create schema if not exists "${this.schema}"; set search_path to "${this.schema}"`);
      await migrate(drizzle(this.client), { migrationsFolder, migrationsSchema: this.schema, migrationsTable: '__drizzle_migrations' });
    } finally {
      await release();
    }
  }

  acquireLock(key: string, timeoutMs: number | undefined, timeout: () => Error): Promise<ReleaseLock> {
    return this.locks.acquire(key, timeoutMs, timeout);
  }

  /** In one process with one session an in-process lock cannot be lost: `body` runs on the plain executor. */
  async exclusive<R>(key: string, timeoutMs: number | undefined, timeout: () => Error, body: (x: Executor) => Promise<R>): Promise<R> {
    const release = await this.locks.acquire(key, timeoutMs, timeout);
    try {
      return await body(this.executor);
    } finally {
      await release();
    }
  }

  async listen(channel: string, handlers: NotificationHandlers): Promise<void> {
    if (this.stopListening) return;
    this.stopListening = await this.client.listen(channel, (payload) => handlers.payload(payload));
  }

  async unlisten(): Promise<void> {
    const stop = this.stopListening;
    this.stopListening = undefined;
    if (stop && !this.client.closed) await stop();
  }

  async close(): Promise<void> {
    await this.unlisten();
    if (this.owned && !this.client.closed) await this.client.close();
  }
}
