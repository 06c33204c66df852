/**
 * The node-postgres connection of the postgres driver: drizzle over a `pg` Pool, advisory locks on
 * dedicated clients, and a LISTEN connection that reconnects by itself.
 */
import { createHash } from 'node:crypto';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { Logger } from '../../logging.js';
import type { ReleaseLock } from '../types.js';
import { sql } from 'drizzle-orm';
import { LockStepError, render, type Db, type Executor, type NotificationHandlers, type PgConnection, type Row } from './connection.js';
import { isConnectionError } from './errors.js';

/** Pool settings passed through to `pg.Pool` (the connection string comes from `url`). */
export type NodePoolOptions = Omit<pg.PoolConfig, 'connectionString'>;

// Statement shapes are few (one per operation and path length); past this many, run the rest unnamed.
const MAX_NAMED_STATEMENTS = 500;

/** `postgres://user@host:port/db` with any password removed, for messages. */
export function safeAddress(url: string): string {
  try {
    const u = new URL(url);
    u.password = '';
    u.search = '';
    return u.toString();
  } catch {
    return 'postgres (unparsable url)';
  }
}

export class NodePostgresConnection implements PgConnection {
  readonly kind = 'node-postgres';
  readonly address: string;
  readonly db: Db;
  readonly executor: Executor;
  private readonly statementNames = new Map<string, string>();
  private readonly pool: pg.Pool;
  private readonly clientConfig: pg.ClientConfig;
  /** Locks are held on their own clients, so many held locks never starve the data pool. */
  private readonly lockPool: pg.Pool;
  private listener?: { client?: pg.Client; channel: string; handlers: NotificationHandlers; stopped: boolean; retry?: NodeJS.Timeout };
  private closed = false;

  constructor(url: string, private readonly schema: string, poolOptions: NodePoolOptions, private readonly log: Logger) {
    this.address = safeAddress(url);
    const config: pg.PoolConfig = {
      connectionTimeoutMillis: 5_000,
      ...poolOptions,
      connectionString: url,
      // Unqualified table names (as drizzle-kit writes them) resolve in the driver's schema.
      options: `-c search_path=${schema}`,
    };
    this.clientConfig = config;
    this.pool = new pg.Pool(config);
    // Waiting for a free lock client is part of waiting for the lock: acquireLock bounds it by its own
    // timeout, so the pool itself waits as long as needed.
    this.lockPool = new pg.Pool({ ...config, max: Math.max(2 * (config.max ?? 10), 20), connectionTimeoutMillis: 0 });
    // An idle client whose connection dies emits here; the pool drops it and later calls get a fresh one.
    for (const p of [this.pool, this.lockPool]) {
      p.on('error', (error) => this.log.warn('idle connection lost', { address: this.address, error: error.message }));
      // A checked-out client (a transaction, a held lock) whose connection dies emits 'error' on itself;
      // unhandled, that would crash the process. The query in flight fails with the same error anyway.
      p.on('connect', (client) => client.on('error', () => undefined));
    }
    this.db = drizzle(this.pool) as unknown as Db;
    this.executor = { db: this.db, rows: (query) => this.statement(query) };
  }

  /** One statement on the pool, prepared once per connection under a name derived from its text. */
  private async statement(query: Parameters<Executor['rows']>[0]): Promise<Record<string, unknown>[]> {
    const { text, params } = render(query);
    let name = this.statementNames.get(text);
    if (name === undefined && this.statementNames.size < MAX_NAMED_STATEMENTS) {
      name = `cogsmith_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      this.statementNames.set(text, name);
    }
    return (await this.pool.query({ name, text, values: params })).rows;
  }

  async open(migrationsFolder: string): Promise<void> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      // One process migrates at a time; the others wait here and then find nothing left to do.
      await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [`cogsmith-config-migrate:${this.schema}`]);
      try {
        await client.query(`create schema if not exists "${this.schema}"`);
        await migrate(drizzle(client), { migrationsFolder, migrationsSchema: this.schema, migrationsTable: '__drizzle_migrations' });
      } finally {
        await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [`cogsmith-config-migrate:${this.schema}`]);
      }
    } catch (error) {
      broken = error as Error;
      throw error;
    } finally {
      client.release(broken && isConnectionError(broken) ? broken : undefined);
    }
  }

  async acquireLock(key: string, timeoutMs: number | undefined, timeout: () => Error): Promise<ReleaseLock> {
    const started = Date.now();
    const client = await this.lockClient(timeoutMs, timeout);
    try {
      const left = timeoutMs === undefined ? undefined : timeoutMs - (Date.now() - started);
      if (left !== undefined && left <= 0) {
        // lock_timeout 0 would mean "wait forever": try once instead.
        const got = await client.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [key]);
        if (!got.rows[0]?.ok) throw timeout();
      } else {
        await client.query(`set lock_timeout = ${left === undefined ? 0 : Math.ceil(left)}`);
        try {
          await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [key]);
        } catch (error) {
          if ((error as { code?: string }).code === '55P03') throw timeout();
          throw error;
        } finally {
          await client.query('reset lock_timeout').catch(() => undefined);
        }
      }
    } catch (error) {
      client.release(isConnectionError(error) ? (error as Error) : undefined);
      throw error;
    }
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      let held: boolean;
      try {
        const unlocked = await client.query<{ ok: boolean }>('select pg_advisory_unlock(hashtextextended($1, 0)) as ok', [key]);
        held = unlocked.rows[0]?.ok === true;
        client.release();
      } catch (error) {
        // A dead session has dropped its locks already (so another process may have held this one
        // meanwhile): destroy the client rather than reuse it, and say the lock was lost.
        client.release(error as Error);
        throw new LockStepError('release', isConnectionError(error), error);
      }
      if (!held) throw new LockStepError('release', true);
    };
  }

  /**
   * `body` in one transaction on a lock client, after `pg_advisory_xact_lock(key)`: the lock and the
   * writes live and die together. When the connection drops before the commit, nothing is stored and
   * this rejects with a lost LockStepError. When it drops during the COMMIT itself, the outcome is
   * asked of the server (`txid_status` of the transaction, from another connection), so a commit that
   * happened is reported as done and one that did not as lost — never guessed.
   */
  async exclusive<R>(key: string, timeoutMs: number | undefined, timeout: () => Error, body: (x: Executor) => Promise<R>): Promise<R> {
    const started = Date.now();
    const state: { phase: 'begin' | 'lock' | 'body' | 'commit'; xid?: string; result?: R; bodyFailed?: { error: unknown }; timedOut?: Error } = { phase: 'begin' };
    const timedOut = () => (state.timedOut = timeout());
    let client: pg.PoolClient;
    try {
      client = await this.lockClient(timeoutMs, timedOut);
    } catch (error) {
      // Nothing was done yet; a connection cut while it was being opened counts as a lost lock.
      if (error === state.timedOut) throw error;
      throw new LockStepError('connect', isConnectionError(error), error);
    }
    let broken: Error | undefined;
    const own = <T>(step: string, run: () => Promise<T>): Promise<T> =>
      run().catch((error: unknown) => {
        if ((error as { code?: string }).code === '55P03') throw timedOut();
        throw new LockStepError(step, isConnectionError(error), error);
      });
    try {
      await drizzle(client).transaction(async (tx) => {
        state.phase = 'lock';
        const x: Executor = { db: tx as unknown as Db, rows: async (query) => ((await tx.execute(query)) as unknown as { rows: Row[] }).rows };
        const left = timeoutMs === undefined ? undefined : timeoutMs - (Date.now() - started);
        if (left !== undefined && left <= 0) {
          const got = await own('lock', () => x.rows(sql`select pg_try_advisory_xact_lock(hashtextextended(${key}, 0)) as ok`));
          if (got[0]?.ok !== true) throw timedOut();
        } else {
          await own('lock', () => x.rows(sql`select set_config('lock_timeout', ${String(left === undefined ? 0 : Math.ceil(left))}, true)`));
          await own('lock', () => x.rows(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`));
        }
        state.xid = String((await own('lock', () => x.rows(sql`select txid_current()::text as xid`)))[0]?.xid);
        state.phase = 'body';
        try {
          state.result = await body(x);
        } catch (error) {
          // Kept, so a failing ROLLBACK (on a dead connection) cannot replace it.
          state.bodyFailed = { error };
          throw error;
        }
        state.phase = 'commit';
      });
      return state.result as R;
    } catch (error) {
      if (isConnectionError(error)) broken = error as Error;
      if (state.bodyFailed) throw state.bodyFailed.error;
      if (error instanceof LockStepError || error === state.timedOut) throw error;
      if (state.phase !== 'commit' || !isConnectionError(error)) throw new LockStepError(state.phase, isConnectionError(error), error);
      // The connection died during COMMIT: did the server commit?
      const status = state.xid === undefined ? undefined : await this.transactionStatus(state.xid);
      if (status === 'committed') return state.result as R;
      if (status === 'aborted') throw new LockStepError('commit', true, error);
      throw new LockStepError(`commit (outcome unknown: transaction ${state.xid} is ${status ?? 'not reported'})`, false, error);
    } finally {
      client.release(broken);
    }
  }

  /** `committed`, `aborted` or undefined (unknown), asked on the data pool; waits while it is still in progress. */
  private async transactionStatus(xid: string): Promise<'committed' | 'aborted' | undefined> {
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        const found = await this.pool.query<{ status: string | null }>('select txid_status($1::bigint) as status', [xid]);
        const status = found.rows[0]?.status;
        if (status === 'committed' || status === 'aborted') return status;
        if (status === null || status === undefined) return undefined;
        // 'in progress': the dying backend has not finished yet.
      } catch (error) {
        this.log.warn('could not ask for the outcome of a commit; asking again', { address: this.address, error: String(error) });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return undefined;
  }

  /** A client of the lock pool, or `timeout()` when none frees up in time (a late one goes back to the pool). */
  private lockClient(timeoutMs: number | undefined, timeout: () => Error): Promise<pg.PoolClient> {
    const connecting = this.lockPool.connect();
    // No timeout, or 0 ("try once"): take the client whenever it comes; the lock attempt itself decides.
    if (timeoutMs === undefined || timeoutMs <= 0) return connecting;
    return new Promise((resolve, reject) => {
      let expired = false;
      const timer = setTimeout(() => {
        expired = true;
        reject(timeout());
      }, Math.max(0, timeoutMs));
      connecting.then(
        (client) => {
          if (!expired) {
            clearTimeout(timer);
            resolve(client);
          } else client.release();
        },
        (error: unknown) => {
          clearTimeout(timer);
          if (!expired) reject(error);
        },
      );
    });
  }

  async listen(channel: string, handlers: NotificationHandlers): Promise<void> {
    if (this.listener && !this.listener.stopped) return;
    const state: NonNullable<typeof this.listener> = { channel, handlers, stopped: false };
    this.listener = state;
    await this.connectListener(state, 0, true);
  }

  /** Opens the LISTEN connection; on loss it comes back with growing delays and asks for a resync. */
  private async connectListener(state: NonNullable<typeof this.listener>, attempt: number, first: boolean): Promise<void> {
    if (state.stopped) return;
    const client = new pg.Client(this.clientConfig);
    const retry = () => {
      if (state.stopped || state.client !== client) return;
      state.client = undefined;
      client.end().catch(() => undefined);
      const delay = Math.min(5_000, 100 * 2 ** Math.min(attempt, 6));
      state.retry = setTimeout(() => void this.connectListener(state, attempt + 1, false), delay);
    };
    client.on('error', (error) => {
      this.log.warn('notification listener lost its connection; reconnecting', { address: this.address, error: error.message });
      retry();
    });
    client.on('end', retry);
    client.on('notification', (message) => {
      if (message.channel === state.channel && message.payload !== undefined) state.handlers.payload(message.payload);
    });
    state.client = client;
    try {
      await client.connect();
      await client.query(`listen "${state.channel}"`);
      if (!first) {
        this.log.info('notification listener reconnected', { address: this.address });
        state.handlers.resync();
      }
      attempt = 0;
    } catch (error) {
      if (first) {
        state.stopped = true;
        state.client = undefined;
        await client.end().catch(() => undefined);
        throw error;
      }
      retry();
    }
  }

  async unlisten(): Promise<void> {
    const state = this.listener;
    if (!state) return;
    state.stopped = true;
    if (state.retry) clearTimeout(state.retry);
    const client = state.client;
    state.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.unlisten();
    await Promise.all([this.pool.end(), this.lockPool.end()]);
  }
}
