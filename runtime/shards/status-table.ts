/**
 * The shard status table: one row per gateway shard of the bot, in the shared PostgreSQL database, written
 * by whichever process runs that shard (runtime/shards/status-reporter.ts) and read by any process that is
 * asked about every shard (`!shards`, the server count of `!info`).
 *
 * Decisions:
 * - Only on PostgreSQL, and always there. It is the one place every process and every host of a bot can
 *   reach (json data is single-process by design), and a process cannot know whether others will join
 *   (a host started later, a supervisor's second process), so it always reports: a statement per 15 s.
 * - A table of its own, not Config documents: rows are rewritten every few seconds by every process, and
 *   Config would NOTIFY every other process's cache on each write. It is created on first use (not by
 *   the Config driver's migrations): it holds only what is live now, so a database of any earlier version
 *   just gains it, and nothing in it needs migrating. It lives in the driver's schema, beside the data.
 * - `updated_at` is the database's `now()`, and ages are computed by the database too: hosts whose clocks
 *   disagree still agree on which rows are stale.
 * - Keyed by (bot, shard): the last process to run a shard owns its row. A process that stops cleanly
 *   marks its rows `Stopped`; one that dies leaves rows that turn stale.
 */
import { sql } from 'drizzle-orm';
import { STOPPED, type ProcessIdentity, type ShardReport, type ShardStatusRow, type SqlDatabase } from './status-rows.js';


// Unique violation or duplicate table: another process created the table at the same moment.
const CREATED_CONCURRENTLY = new Set(['23505', '42P07']);

export class ShardStatusTable {
  private ready: Promise<void> | undefined;

  /**
   * `botId`: the bot user's id (known once the client is ready; null before), so bots sharing a schema by
   * mistake never mix their shards.
   */
  constructor(
    private readonly db: SqlDatabase,
    private readonly botId: () => string | null,
  ) {}

  /** Creates the table once (idempotent, safe when processes race). */
  ensure(): Promise<void> {
    this.ready ??= this.create().catch((error: unknown) => {
      this.ready = undefined; // the next call tries again
      throw error;
    });
    return this.ready;
  }

  private async create(): Promise<void> {
    const statement = sql.raw(`create table if not exists shard_status (
      bot_id text not null,
      shard_id integer not null,
      shard_count integer not null,
      state text not null,
      latency_ms integer,
      guild_count integer not null,
      problems text not null default '',
      host text not null,
      pid integer not null,
      run_id text not null,
      updated_at timestamptz not null default now(),
      primary key (bot_id, shard_id)
    )`);
    try {
      await this.db.sql(statement);
    } catch (error) {
      const code = (error as { causeCode?: string; code?: string }).causeCode ?? (error as { code?: string }).code;
      if (!code || !CREATED_CONCURRENTLY.has(code)) throw error;
    }
  }

  /** Writes (inserts or replaces) the rows of the shards `who` runs, in one statement. */
  async write(who: ProcessIdentity, reports: readonly ShardReport[]): Promise<void> {
    const botId = this.botId();
    if (reports.length === 0 || botId === null) return;
    await this.ensure();
    const rows = JSON.stringify(reports.map((r) => ({ shard_id: r.shardId, shard_count: r.shardCount, state: r.state, latency_ms: r.latencyMs, guild_count: r.guildCount, problems: r.problems })));
    await this.db.sql(sql`
      insert into shard_status (bot_id, shard_id, shard_count, state, latency_ms, guild_count, problems, host, pid, run_id, updated_at)
      select ${botId}, r.shard_id, r.shard_count, r.state, r.latency_ms, r.guild_count, r.problems, ${who.host}, ${who.pid}::integer, ${who.runId}, now()
      from jsonb_to_recordset(${rows}::jsonb) as r(shard_id integer, shard_count integer, state text, latency_ms integer, guild_count integer, problems text)
      on conflict (bot_id, shard_id) do update set
        shard_count = excluded.shard_count, state = excluded.state, latency_ms = excluded.latency_ms,
        guild_count = excluded.guild_count, problems = excluded.problems, host = excluded.host, pid = excluded.pid,
        run_id = excluded.run_id, updated_at = excluded.updated_at`);
  }

  /** Marks the rows this run still owns as stopped (a clean stop). */
  async markStopped(who: ProcessIdentity): Promise<void> {
    const botId = this.botId();
    if (botId === null) return;
    await this.ensure();
    await this.db.sql(sql`update shard_status set state = ${STOPPED}, latency_ms = null, updated_at = now() where bot_id = ${botId} and run_id = ${who.runId}`);
  }

  /** Every row of a bot with `shardCount` shards (rows of another shard count are from an earlier layout), by shard id. */
  async read(shardCount: number): Promise<ShardStatusRow[]> {
    const botId = this.botId();
    if (botId === null) return [];
    await this.ensure();
    const rows = await this.db.sql(sql`
      select shard_id, shard_count, state, latency_ms, guild_count, problems, host, pid, run_id,
        (extract(epoch from (now() - updated_at)) * 1000)::float8 as age_ms
      from shard_status where bot_id = ${botId} and shard_count = ${shardCount}::integer and shard_id < ${shardCount}::integer
      order by shard_id`);
    return rows.map((r) => ({
      shardId: Number(r.shard_id),
      shardCount: Number(r.shard_count),
      state: String(r.state),
      latencyMs: r.latency_ms === null || r.latency_ms === undefined ? null : Number(r.latency_ms),
      guildCount: Number(r.guild_count),
      problems: String(r.problems ?? ''),
      host: String(r.host),
      pid: Number(r.pid),
      runId: String(r.run_id),
      ageMs: Math.max(0, Math.round(Number(r.age_ms))),
    }));
  }
}
