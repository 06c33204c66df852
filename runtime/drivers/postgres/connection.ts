/**
 * What the postgres driver's core needs from a connection: a drizzle database, locks, notifications.
 * Two implementations: node-postgres over a `pg` Pool (node.ts) and an embedded PGlite (pglite.ts).
 */
import type { SQL } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type { ReleaseLock } from '../types.js';

/** A drizzle database or transaction, whichever client library is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;

export type Row = Record<string, unknown>;

/** Where the store's SQL runs: drizzle for queries built with its query builder, `rows` for SQL text. */
export interface Executor {
  db: Db;
  rows(query: SQL): Promise<Row[]>;
}

const dialect = new PgDialect();

/** Renders drizzle SQL to text and parameters, the same way drizzle's own sessions do. */
export function render(query: SQL): { text: string; params: unknown[] } {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return { text, params };
}

/**
 * A statement of the lock's own (taking it, committing, releasing) failed; `lost` when the connection
 * failed, or when the lock was found not held any more. The driver turns it into LockLostError or
 * PostgresDriverError with the address of the value.
 */
export class LockStepError extends Error {
  constructor(readonly step: string, readonly lost: boolean, cause?: unknown) {
    super(`${step}: ${cause instanceof Error ? cause.message : String(cause ?? 'the lock was not held')}`, { cause });
  }
}

/** Called with each raw notification payload; `resync` after the listener had to reconnect. */
export interface NotificationHandlers {
  payload(payload: string): void;
  resync(): void;
}

export interface PgConnection {
  /** `node-postgres` or `pglite`. */
  readonly kind: string;
  /** Where the data lives, safe to print (no password): `postgres://user@host:port/db`, or `pglite:<dir>`. */
  readonly address: string;
  readonly db: Db;
  /**
   * Runs one statement outside any transaction. node-postgres runs it as a named prepared statement
   * (the driver's statements come in a few shapes, so each connection parses and plans each shape once).
   */
  readonly executor: Executor;

  /** Connects, creates the schema and applies the committed migrations (safe when several processes race). */
  open(migrationsFolder: string): Promise<void>;
  close(): Promise<void>;

  /**
   * Takes the lock `key` (any text; hashed to a 64-bit advisory lock key) until the returned function runs.
   * Rejects with `timeout` (a function making the error) when not taken within `timeoutMs`.
   */
  acquireLock(key: string, timeoutMs: number | undefined, timeout: () => Error): Promise<ReleaseLock>;

  /**
   * Runs `body` holding the lock `key`, its statements on the executor it is given. node-postgres: one
   * transaction on one connection that takes a transaction-level advisory lock, so losing the connection
   * rolls back what `body` wrote (rejects with LockStepError); PGlite: the in-process lock, as acquireLock.
   */
  exclusive<R>(key: string, timeoutMs: number | undefined, timeout: () => Error, body: (x: Executor) => Promise<R>): Promise<R>;

  /** Starts listening on `channel`; returns a promise that settles once the first LISTEN is in place. */
  listen(channel: string, handlers: NotificationHandlers): Promise<void>;
  /** Stops listening (close() does too). */
  unlisten(): Promise<void>;
}
