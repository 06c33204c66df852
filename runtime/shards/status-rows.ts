/**
 * What the shard status table (runtime/shards/status-table.ts) holds and reads back, and which drivers have
 * it, without loading the table's SQL: a bot on json storage never imports drizzle-orm (a production start
 * loads nothing of PostgreSQL).
 */
import type { SQL } from 'drizzle-orm';
import type { ConfigDriver } from '../drivers/types.js';

/** What the table needs of a driver: one statement at a time (PostgresDriver.sql). */
export interface SqlDatabase {
  sql(query: SQL): Promise<Record<string, unknown>[]>;
}

/** The driver as a SQL database when it is PostgreSQL (the only driver several processes can share), else undefined. */
export function sqlDatabaseOf(driver: ConfigDriver | undefined): SqlDatabase | undefined {
  if (driver?.kind !== 'postgres') return undefined;
  const candidate = driver as ConfigDriver & Partial<SqlDatabase>;
  return typeof candidate.sql === 'function' ? (candidate as SqlDatabase) : undefined;
}

/** Who runs a shard: the host name, the pid and an id unique to the process's run. */
export interface ProcessIdentity {
  host: string;
  pid: number;
  /** Unique per process start (a restarted process with the same pid is another run). */
  runId: string;
}

/** One shard as a process reports it. */
export interface ShardReport {
  shardId: number;
  shardCount: number;
  /** discord.js's Status name (Ready, Reconnecting, ...). */
  state: string;
  latencyMs: number | null;
  guildCount: number;
  /** Why the health monitor finds it unhealthy (`; `-joined), empty when healthy. */
  problems: string;
}

/** One row as read back, with its age by the database's clock. */
export interface ShardStatusRow extends ShardReport, ProcessIdentity {
  /** Ms since the row was written. */
  ageMs: number;
}

/** Written by a process that stopped cleanly; its shards run nowhere until another process takes them. */
export const STOPPED = 'Stopped';

