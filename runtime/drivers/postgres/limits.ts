/**
 * Cooldowns and max concurrency in PostgreSQL, one truth for every process on the database (SharedLimits
 * in ../types.ts). Decisions:
 * - Cooldowns: one atomic upsert per take (`insert … on conflict do update`), so two processes taking the
 *   same window at once are serialized by the row lock, never both admitted past the rate. Times are the
 *   bot's clock (the caller passes `now`): fixed windows exactly as CooldownStore's, and tests with an
 *   injected clock stay deterministic. Hosts must keep their clocks in sync (NTP); a skew of s seconds
 *   moves a window's end by at most s.
 * - Slots: rows (key, slot number < limit), each held by one run under a lease on the server's clock
 *   (`clock_timestamp()`: one clock for every host, and liveness is real time, whatever clock the bot is
 *   shown). The holder renews all its leases in one statement every `renewMs`; a process that dies stops
 *   renewing, and its slots can be taken over once `leaseMs` has passed. A take is one statement: the
 *   lowest slot free in its snapshot is inserted, or taken over when its lease expired; a race lost on
 *   the row's unique key returns nothing and is retried on the next free slot.
 * - A release deletes the row and sends NOTIFY in the same statement (delivered at commit), so waiters in
 *   other processes ask again at once; `pollMs` bounds the wait when no notification comes (a dead holder).
 * - Stale rows are swept: closed cooldown windows (by the bot clock, at most once a minute per process,
 *   in the background of a take) and expired leases (with each renewal).
 */
import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Logger } from '../../logging.js';
import type { SharedLimits, SlotLease, WindowTake } from '../types.js';
import type { Executor } from './connection.js';

export interface PostgresLimitsOptions {
  /** How long a slot stays held without a renewal (a dead process frees it after at most this). Default 30 000 ms. */
  leaseMs?: number;
  /** How often the holder renews its leases. Default a third of `leaseMs`. */
  renewMs?: number;
  /** How often a waiting run asks again without a notification. Default 1 000 ms. */
  pollMs?: number;
}

/** What PostgresLimits needs from its driver. */
export interface LimitsHost {
  /** Runs a statement on the open database; failures come back as PostgresDriverError. */
  run<T>(operation: string, retry: boolean, fn: (x: Executor) => Promise<T>): Promise<T>;
  /** The NOTIFY call telling other processes that a slot of `key` freed (sent when the delete commits). */
  slotFreedNotice(key: string): SQL;
  logger: Logger;
}

/** Bot-clock ms between two sweeps of closed cooldown windows, per process. */
const COOLDOWN_SWEEP_MS = 60_000;

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new TypeError(`PostgresDriver: limits.${name} must be a positive number of ms, got ${value}`);
  return v;
}

interface Held {
  key: string;
  slot: number;
  runId: string;
}

export class PostgresLimits implements SharedLimits {
  readonly leaseMs: number;
  readonly renewMs: number;
  readonly pollMs: number;
  /** This process's id in the slot rows (one per driver). */
  readonly holder: string;
  private readonly held = new Map<string, Held>();
  private readonly freedListeners = new Set<(key: string) => void>();
  private renewTimer: NodeJS.Timeout | undefined;
  private lastCooldownSweep = -Infinity;
  private sweeping = false;
  private closed = false;

  constructor(private readonly host: LimitsHost, holder: string, options: PostgresLimitsOptions = {}) {
    this.holder = holder;
    this.leaseMs = positive('leaseMs', options.leaseMs, 30_000);
    this.renewMs = positive('renewMs', options.renewMs, Math.floor(this.leaseMs / 3));
    this.pollMs = positive('pollMs', options.pollMs, 1_000);
    if (this.renewMs >= this.leaseMs) throw new TypeError(`PostgresDriver: limits.renewMs (${this.renewMs}) must be shorter than limits.leaseMs (${this.leaseMs}), or leases lapse while held`);
  }

  async takeWindow(key: string, rate: number, perMs: number, now: number): Promise<WindowTake> {
    if (now >= this.lastCooldownSweep + COOLDOWN_SWEEP_MS) {
      this.lastCooldownSweep = now;
      void this.sweepCooldowns(now);
    }
    const n = sql`${now}::bigint`;
    const per = sql`${perMs}::bigint`;
    const closed = sql`${n} >= c.expires_at`;
    // Not retried: a take whose commit was lost with the connection may have counted already.
    const rows = await this.host.run('takeCooldown', false, (x) =>
      x.rows(sql`insert into command_cooldowns as c (key, window_start, per_ms, used, expires_at)
        values (${key}, ${n}, ${per}, 1, ${n} + ${per})
        on conflict (key) do update set
          window_start = case when ${closed} then ${n} else c.window_start end,
          per_ms = case when ${closed} then ${per} else c.per_ms end,
          used = case when ${closed} then 1 else least(c.used + 1, ${rate}::int + 1) end,
          expires_at = case when ${closed} then ${n} + ${per} else c.expires_at end
        returning used, expires_at`),
    );
    const row = rows[0]!;
    return Number(row.used) <= rate ? { ok: true } : { ok: false, retryAt: Number(row.expires_at) };
  }

  async tryAcquireSlot(key: string, limit: number): Promise<SlotLease | null> {
    if (this.closed) throw new Error('the driver is closed');
    const runId = randomUUID();
    const lease = sql`clock_timestamp() + make_interval(secs => ${this.leaseMs / 1000}::double precision)`;
    // Each lost race fills one slot, so `limit` attempts are enough to see every slot taken.
    for (let attempt = 0; attempt < limit; attempt++) {
      const rows = await this.host.run('acquireSlot', false, (x) =>
        x.rows(sql`with free as (
            select g.s from generate_series(0, ${limit - 1}::int) as g(s)
            where not exists (select 1 from command_slots c where c.key = ${key} and c.slot = g.s and c.expires_at > clock_timestamp())
            order by g.s limit 1
          ), taken as (
            insert into command_slots as c (key, slot, holder, run_id, expires_at)
            select ${key}, free.s, ${this.holder}, ${runId}, ${lease} from free
            on conflict (key, slot) do update set holder = excluded.holder, run_id = excluded.run_id, expires_at = excluded.expires_at
              where c.expires_at <= clock_timestamp()
            returning c.slot
          )
          select (select s from free) as candidate, (select slot from taken) as slot`),
      );
      const row = rows[0];
      if (!row || row.candidate === null) return null; // every slot is held
      if (row.slot === null) continue; // another process took that slot first
      const held: Held = { key, slot: Number(row.slot), runId };
      this.held.set(runId, held);
      this.armRenewal();
      return { release: () => this.release(held) };
    }
    return null;
  }

  onSlotFreed(listener: (key: string) => void): () => void {
    this.freedListeners.add(listener);
    return () => void this.freedListeners.delete(listener);
  }

  /** Called by the driver with the key of a NOTIFY from another process. */
  slotFreed(key: string): void {
    for (const listener of [...this.freedListeners]) {
      try {
        listener(key);
      } catch (error) {
        this.host.logger.error('a slot listener threw', { error: String(error) });
      }
    }
  }

  private async release(held: Held): Promise<void> {
    if (!this.held.delete(held.runId)) return;
    if (this.held.size === 0) this.disarmRenewal();
    try {
      await this.host.run('releaseSlot', true, (x) =>
        x.rows(sql`with gone as (delete from command_slots where key = ${held.key} and slot = ${held.slot} and run_id = ${held.runId} returning key)
          select ${this.host.slotFreedNotice(held.key)} from gone`),
      );
    } finally {
      // This process's own waiters need no notification.
      this.slotFreed(held.key);
    }
  }

  private armRenewal(): void {
    if (this.renewTimer || this.closed) return;
    this.renewTimer = setInterval(() => void this.renew(), this.renewMs);
    this.renewTimer.unref();
  }

  private disarmRenewal(): void {
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = undefined;
  }

  /** Renews every lease this process holds, sweeps expired ones, and warns about leases found lost. */
  async renew(): Promise<void> {
    if (this.held.size === 0) return;
    const lease = sql`clock_timestamp() + make_interval(secs => ${this.leaseMs / 1000}::double precision)`;
    try {
      const rows = await this.host.run('renewSlots', true, (x) =>
        x.rows(sql`update command_slots set expires_at = ${lease} where holder = ${this.holder} returning run_id`),
      );
      const renewed = new Set(rows.map((r) => String(r.run_id)));
      for (const [runId, held] of this.held) {
        if (renewed.has(runId)) continue;
        // Paused past the lease (or the row was swept): another run may hold the slot now.
        this.held.delete(runId);
        this.host.logger.warn(`the max-concurrency slot ${held.slot} of ${held.key} was lost while its run went on (its lease lapsed); another run may have taken it`);
      }
      await this.host.run('sweepSlots', true, (x) => x.rows(sql`delete from command_slots where expires_at < clock_timestamp() returning 1`));
    } catch (error) {
      this.host.logger.warn(`could not renew max-concurrency leases (they lapse after ${this.leaseMs} ms without renewal)`, { error: String(error) });
    }
  }

  /** Drops closed cooldown windows (by the bot clock `now`); returns how many. */
  async sweepCooldowns(now: number): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      const rows = await this.host.run('sweepCooldowns', true, (x) => x.rows(sql`delete from command_cooldowns where expires_at <= ${now}::bigint returning 1`));
      return rows.length;
    } catch (error) {
      this.host.logger.warn('could not sweep closed cooldown windows', { error: String(error) });
      return 0;
    } finally {
      this.sweeping = false;
    }
  }

  /** Rows in the two tables (for tests and diagnostics). */
  async counts(): Promise<{ cooldowns: number; slots: number }> {
    const rows = await this.host.run('countLimits', true, (x) =>
      x.rows(sql`select (select count(*) from command_cooldowns)::int as cooldowns, (select count(*) from command_slots)::int as slots`),
    );
    return { cooldowns: Number(rows[0]!.cooldowns), slots: Number(rows[0]!.slots) };
  }

  /** Stops renewing and frees this process's slots (best effort: unrenewed leases lapse anyway). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.disarmRenewal();
    if (this.held.size === 0) return;
    const keys = [...new Set([...this.held.values()].map((h) => h.key))];
    this.held.clear();
    try {
      await this.host.run('releaseSlots', true, (x) => x.rows(sql`delete from command_slots where holder = ${this.holder} returning 1`));
      for (const key of keys) await this.host.run('notifySlot', true, (x) => x.rows(sql`select ${this.host.slotFreedNotice(key)}`));
    } catch (error) {
      this.host.logger.warn('could not free max-concurrency slots on close (their leases lapse)', { error: String(error) });
    }
  }
}
