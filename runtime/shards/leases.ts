/**
 * Shard leases in PostgreSQL: how hosts that share one database divide the shard groups without a central
 * host. Decisions:
 * - **A lease table with heartbeats**, one row per shard id (`shard_leases`: holder, group, expires_at),
 *   not session advisory locks: an advisory lock lives as long as its connection, so a host whose
 *   connection stalls keeps its shards with no bound, and nothing but the lock's holder can see who holds
 *   what. A row expires at a time everyone can read and log.
 * - **Expiry on the database's clock** (`now()`), never a host's: hosts whose clocks differ still agree.
 * - **One decision at a time**: each tick (renew, count the live hosts, claim or give up groups) runs in one
 *   transaction holding a transaction-level advisory lock on the lease tables. Fair share reads the whole
 *   table (how many hosts live, which groups are free), so row locks alone would let two hosts each see
 *   themselves below their share and claim the same free group; serialized, they cannot. A tick is a few
 *   statements every few seconds per host, so the lock is never contended for long, and it goes with the
 *   transaction if the host dies.
 * - **Fair share**: each live host (`shard_hosts`, renewed with its leases) holds at most
 *   ceil(groups / live hosts) groups. A host below its share claims free or expired groups in order; a host
 *   above it (another host joined) is told to give its last groups up: the supervisor stops their process
 *   first and only then deletes the lease, so no two processes ever run one shard.
 * - **Pinned shards** (`--shard-ids`) take one lease per shard with no group; a group any of whose shards is
 *   held by someone else is not free, so automatic hosts never run a pinned shard.
 * - **The layout** (shard count, processes) is recorded in `shard_layout`. A host with another layout is
 *   refused (LayoutMismatchError, both layouts in the message) while any other host is live; once none is,
 *   the first host to start records its own (changing the layout: stop every host, start them again).
 * - The tables live in the instance's schema (the postgres driver's, `cogsmith`) and are created here,
 *   under the same lock, outside the Config driver's migrations: they belong to the hosts, not to Config.
 *
 * Timing: a lease lasts `ttlMs` (default 15 s) and is renewed every `renewMs` (default 5 s). A host that
 * disappears has its groups claimed by a survivor within ttlMs + renewMs (its last renewal expires, then the
 * survivor's next tick finds them free), plus the time its new process takes to start and identify.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { layoutText, shardGroups, type ShardLayout } from './layout.js';

/** Lease timing: how long a lease lasts and how often it is renewed. */
export interface LeaseTiming {
  ttlMs: number;
  renewMs: number;
}

export const DEFAULT_LEASE_TIMING: LeaseTiming = { ttlMs: 15_000, renewMs: 5_000 };

/** The instance's `discord.leases` with the defaults; a lone ttlMs gets a renewal of a third of it at most. */
export function leaseTiming(settings: Partial<LeaseTiming> | undefined): LeaseTiming {
  const ttlMs = settings?.ttlMs ?? DEFAULT_LEASE_TIMING.ttlMs;
  const renewMs = settings?.renewMs ?? Math.min(DEFAULT_LEASE_TIMING.renewMs, Math.floor(ttlMs / 3));
  return { ttlMs, renewMs };
}

/** The host's layout differs from the one the database records while other hosts run it. */
export class LayoutMismatchError extends Error {
  override readonly name = 'LayoutMismatchError';
  constructor(readonly recorded: ShardLayout, readonly mine: ShardLayout) {
    super(
      `This host's shard layout (${layoutText(mine)}) differs from the one the hosts sharing this database run (${layoutText(recorded)}). ` +
        'Start every host with the same --shard-count and --processes (or stop them all to change the layout).',
    );
  }
}

/** What one tick of an automatic host decided. */
export interface LeaseTick {
  /** Groups this host holds now (renewed or just claimed), by index. */
  held: number[];
  /** Of `held`, the ones claimed in this tick, with the host that held an expired lease on them before. */
  claimed: { group: number; from: string | null }[];
  /** Groups above this host's fair share: stop their process, then `release` them. Not in `held`. */
  excess: number[];
  /** Automatic hosts with a live heartbeat, this one included. */
  liveHosts: number;
  /** ceil(groups / liveHosts). */
  share: number;
}

/** What one tick of a pinned host (`--shard-ids`) found. */
export interface PinnedTick {
  held: boolean;
  /** When not held: who holds which of the shards. */
  holders: { shard: number; holder: string }[];
}

export interface ShardLeasesOptions {
  url: string;
  /** The schema holding the tables (the instance's postgres schema). Default `cogsmith`. */
  schema?: string;
  layout: ShardLayout;
  timing: LeaseTiming;
  /** This host's id in the table; default `<hostname>:<pid>:<random>`. */
  hostId?: string;
}

/** A unique, readable id for this host process. */
export function newHostId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** The lease tables of one schema, as one host sees them. */
export class ShardLeases {
  readonly hostId: string;
  readonly groups: number[][];
  private readonly pool: pg.Pool;
  private readonly schema: string;
  private readonly lockKey: string;

  constructor(private readonly options: ShardLeasesOptions) {
    this.hostId = options.hostId ?? newHostId();
    this.schema = options.schema ?? 'cogsmith';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(this.schema)) throw new Error(`The lease schema must be a plain identifier, got "${this.schema}".`);
    this.lockKey = `cogsmith:shard-leases:${this.schema}`;
    this.groups = shardGroups(options.layout);
    // One connection, each statement bounded: a tick that hangs must not hold up the supervisor's watchdog.
    this.pool = new pg.Pool({ connectionString: options.url, max: 1, connectionTimeoutMillis: options.timing.renewMs, query_timeout: options.timing.renewMs, application_name: 'cogsmith-shards' });
    this.pool.on('error', () => undefined); // an idle connection that breaks is replaced at the next tick
  }

  private t(name: string): string {
    return `"${this.schema}".${name}`;
  }

  /** Runs `body` in one transaction holding the lease tables' advisory lock (created first if missing). */
  private async decide<R>(body: (q: (text: string, values?: unknown[]) => Promise<pg.QueryResultRow[]>) => Promise<R>): Promise<R> {
    const client = await this.pool.connect();
    const q = async (text: string, values: unknown[] = []) => (await client.query(text, values)).rows;
    try {
      await q('begin');
      await q('select pg_advisory_xact_lock(hashtextextended($1, 0))', [this.lockKey]);
      await q(`create schema if not exists "${this.schema}"`);
      await q(`create table if not exists ${this.t('shard_leases')} (shard_id integer primary key, holder text not null, group_index integer, expires_at timestamptz not null)`);
      await q(`create table if not exists ${this.t('shard_hosts')} (host_id text primary key, expires_at timestamptz not null)`);
      await q(`create table if not exists ${this.t('shard_layout')} (singleton boolean primary key default true check (singleton), shard_count integer not null, processes integer not null)`);
      const result = await body(q);
      await q('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /** Checks (or records) the layout; pinned hosts compare the shard count only and record nothing. */
  private async checkLayout(q: (text: string, values?: unknown[]) => Promise<pg.QueryResultRow[]>, pinned: boolean): Promise<void> {
    const mine = this.options.layout;
    const [row] = await q(`select shard_count, processes from ${this.t('shard_layout')}`);
    const recorded = row ? { shardCount: Number(row.shard_count), processes: Number(row.processes) } : undefined;
    const same = recorded && recorded.shardCount === mine.shardCount && (pinned || recorded.processes === mine.processes);
    if (same) return;
    const [others] = await q(
      `select (select count(*) from ${this.t('shard_hosts')} where host_id <> $1 and expires_at > now()) + (select count(*) from ${this.t('shard_leases')} where holder <> $1 and expires_at > now()) as n`,
      [this.hostId],
    );
    if (recorded && Number(others!.n) > 0) throw new LayoutMismatchError(recorded, pinned ? { ...mine, processes: recorded.processes } : mine);
    if (pinned) return;
    await q(`insert into ${this.t('shard_layout')} (singleton, shard_count, processes) values (true, $1, $2) on conflict (singleton) do update set shard_count = $1, processes = $2`, [mine.shardCount, mine.processes]);
  }

  /** One heartbeat of an automatic host: renew, count live hosts, claim up to the fair share, report excess. */
  async tick(): Promise<LeaseTick> {
    const ttl = `${this.options.timing.ttlMs} milliseconds`;
    return this.decide(async (q) => {
      await q(`insert into ${this.t('shard_hosts')} (host_id, expires_at) values ($1, now() + $2::interval) on conflict (host_id) do update set expires_at = excluded.expires_at`, [this.hostId, ttl]);
      await this.checkLayout(q, false);
      const renewed = await q(`update ${this.t('shard_leases')} set expires_at = now() + $2::interval where holder = $1 returning shard_id, group_index`, [this.hostId, ttl]);
      const mine = new Set(renewed.map((r) => `${r.group_index}:${r.shard_id}`));
      const held = this.groups.flatMap((ids, g) => (ids.every((id) => mine.has(`${g}:${id}`)) ? [g] : []));
      // Rows of a group not wholly held (cannot happen with whole-group claims, but never keep half a group).
      const strays = renewed.filter((r) => r.group_index === null || !held.includes(Number(r.group_index))).map((r) => Number(r.shard_id));
      if (strays.length) await q(`delete from ${this.t('shard_leases')} where holder = $1 and shard_id = any($2::int[])`, [this.hostId, strays]);
      const [live] = await q(`select count(*) as n from ${this.t('shard_hosts')} where expires_at > now()`);
      const liveHosts = Math.max(1, Number(live!.n));
      const share = Math.ceil(this.groups.length / liveHosts);
      const excess = held.length > share ? held.splice(share) : [];
      const claimed: LeaseTick['claimed'] = [];
      if (held.length < share) {
        const rows = await q(`select shard_id, holder, expires_at > now() as live from ${this.t('shard_leases')}`);
        const byShard = new Map(rows.map((r) => [Number(r.shard_id), r]));
        for (let g = 0; g < this.groups.length && held.length < share; g++) {
          if (held.includes(g)) continue;
          const ids = this.groups[g]!;
          if (ids.some((id) => byShard.get(id)?.live)) continue;
          const from = ids.map((id) => byShard.get(id)?.holder as string | undefined).find((h) => h !== undefined) ?? null;
          await q(
            `insert into ${this.t('shard_leases')} (shard_id, holder, group_index, expires_at) select unnest($1::int[]), $2, $3, now() + $4::interval
             on conflict (shard_id) do update set holder = excluded.holder, group_index = excluded.group_index, expires_at = excluded.expires_at`,
            [ids, this.hostId, g, ttl],
          );
          held.push(g);
          claimed.push({ group: g, from });
        }
        held.sort((a, b) => a - b);
      }
      return { held, claimed, excess, liveHosts, share };
    });
  }

  /** One heartbeat of a pinned host: take or renew the leases of exactly `ids`, all or none. */
  async tickPinned(ids: readonly number[]): Promise<PinnedTick> {
    const ttl = `${this.options.timing.ttlMs} milliseconds`;
    return this.decide(async (q) => {
      await this.checkLayout(q, true);
      const others = await q(`select shard_id, holder from ${this.t('shard_leases')} where shard_id = any($1::int[]) and holder <> $2 and expires_at > now() order by shard_id`, [ids, this.hostId]);
      if (others.length) return { held: false, holders: others.map((r) => ({ shard: Number(r.shard_id), holder: String(r.holder) })) };
      await q(
        `insert into ${this.t('shard_leases')} (shard_id, holder, group_index, expires_at) select unnest($1::int[]), $2, null, now() + $3::interval
         on conflict (shard_id) do update set holder = excluded.holder, group_index = null, expires_at = excluded.expires_at`,
        [ids, this.hostId, ttl],
      );
      return { held: true, holders: [] };
    });
  }

  /** Gives groups up (after their process has stopped), so another host may claim them at once. */
  async release(groups: readonly number[]): Promise<void> {
    const ids = groups.flatMap((g) => this.groups[g] ?? []);
    await this.pool.query(`delete from ${this.t('shard_leases')} where holder = $1 and shard_id = any($2::int[])`, [this.hostId, ids]);
  }

  /** Releases every lease of this host and its heartbeat (a clean stop: others take over at once), then disconnects. */
  async close(options: { release: boolean } = { release: true }): Promise<void> {
    try {
      if (options.release) {
        await this.pool.query(`delete from ${this.t('shard_leases')} where holder = $1`, [this.hostId]).catch(() => undefined);
        await this.pool.query(`delete from ${this.t('shard_hosts')} where host_id = $1`, [this.hostId]).catch(() => undefined);
      }
    } finally {
      await this.pool.end();
    }
  }
}
