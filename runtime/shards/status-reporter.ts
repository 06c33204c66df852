/**
 * Keeps this process's rows of the shard status table (runtime/shards/status-table.ts) current: every
 * `intervalMs` (default 15 s), at once on a shard event (ready, resumed, disconnect, reconnecting), and
 * soon after guilds come or go (GUILD_CREATE / GUILD_DELETE, coalesced over `guildDebounceMs`, default 1 s,
 * so the burst of GUILD_CREATEs at start is one write). A stop marks the rows `Stopped`.
 *
 * What a row says comes from the shard health monitor (status, latency, problems) and the guild cache
 * (how many guilds each shard holds). Writes run one at a time; a write asked for while one runs is done
 * once after it. A failed write is logged once (and its recovery once); the next write retries.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Client } from 'discord.js';
import type { Logger } from '../logging.js';
import type { ShardHealthMonitor } from './health.js';
import type { ProcessIdentity, ShardReport } from './status-rows.js';
import type { ShardStatusTable } from './status-table.js';

export interface ShardStatusOptions {
  /** How often each process rewrites its rows, in ms. Default 15 000. */
  intervalMs?: number;
  /** A row older than this is shown as stale, in ms. Default three intervals (45 s). */
  staleAfterMs?: number;
  /** How long guild arrivals and departures are gathered into one write, in ms. Default 1000. */
  guildDebounceMs?: number;
}

/** This process as the table names it. */
export function thisProcess(): ProcessIdentity {
  return { host: hostname(), pid: process.pid, runId: randomUUID() };
}

export class ShardStatusReporter {
  readonly intervalMs: number;
  readonly staleAfterMs: number;
  private readonly guildDebounceMs: number;
  private timer: NodeJS.Timeout | undefined;
  private soon: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private failing = false;
  private stopped = false;
  private readonly detach: (() => void)[] = [];

  constructor(
    private readonly client: Client,
    private readonly health: ShardHealthMonitor,
    readonly table: ShardStatusTable,
    readonly who: ProcessIdentity,
    private readonly logger: Logger,
    options: ShardStatusOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 15_000;
    this.staleAfterMs = options.staleAfterMs ?? 3 * this.intervalMs;
    this.guildDebounceMs = options.guildDebounceMs ?? 1000;
  }

  /** Starts writing (listeners and the timer). Idempotent. */
  start(): void {
    if (this.timer) return;
    const on = (event: string, listener: () => void) => {
      this.client.on(event, listener);
      this.detach.push(() => this.client.off(event, listener));
    };
    for (const event of ['shardReady', 'shardResume', 'shardDisconnect', 'shardReconnecting']) on(event, () => void this.write());
    for (const event of ['guildCreate', 'guildDelete']) on(event, () => this.writeSoon());
    this.timer = setInterval(() => void this.write(), this.intervalMs);
    this.timer.unref();
  }

  /** Stops writing and marks this run's rows stopped (while the database is still open). */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.soon);
    for (const undo of this.detach.splice(0)) undo();
    await this.running?.catch(() => undefined);
    await this.table.markStopped(this.who).catch((error: unknown) => this.logger.warn('Could not mark this process\'s shards stopped in the shard status table', { error }));
  }

  /** The rows this process would write now. */
  reports(): ShardReport[] {
    const shardCount = this.client.options.shardCount ?? 1;
    const guilds = new Map<number, number>();
    for (const guild of this.client.guilds.cache.values()) guilds.set(guild.shardId, (guilds.get(guild.shardId) ?? 0) + 1);
    return this.health.rows().map((row) => ({
      shardId: row.id,
      shardCount,
      state: row.status,
      latencyMs: row.latencyMs,
      guildCount: guilds.get(row.id) ?? 0,
      problems: row.problems.join('; '),
    }));
  }

  /** Writes this process's rows now (after a write in flight, if any); never rejects. */
  write(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          await this.table.write(this.who, this.reports());
          if (this.failing) this.logger.info('The shard status table is written again');
          this.failing = false;
        } catch (error) {
          if (!this.failing) this.logger.warn('Could not write this process\'s shards to the shard status table; other processes see them as stale until a write succeeds', { error });
          this.failing = true;
        }
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private writeSoon(): void {
    if (this.soon || this.stopped) return;
    this.soon = setTimeout(() => {
      this.soon = undefined;
      void this.write();
    }, this.guildDebounceMs);
    this.soon.unref();
  }
}
