/**
 * Shard health: what each gateway shard of this process is doing, for an owner (`!shards`), the log and
 * the metrics endpoint. Built on what discord.js tracks (a shard's status, its heartbeat round trip and
 * when the last heartbeat went out) plus the shard events it emits (connect: a new session, see
 * connect.ts; ready, resumed, disconnect, reconnecting), which are logged per shard here. Reconnection itself is discord.js's, with its backoff.
 *
 * A shard is reported unhealthy (one warning when it turns so, one line when it recovers) when:
 * - its heartbeat latency passes `latencyThresholdMs` (default 2000 ms),
 * - no heartbeat was acknowledged for `ackTimeoutMs` (default 90 s, over two of Discord's 41.25 s heartbeat
 *   intervals; discord.js itself reconnects a zombie connection after one missed ACK),
 * - or it has not been ready for `disconnectedAfterMs` (default 60 s).
 * The check runs every `checkEveryMs` (default 10 s) and on every shard event.
 */
import { Status, type Client } from 'discord.js';
import type { Logger } from '../logging.js';
import { onShardConnect } from './connect.js';
import { textTable } from '../support/text-table.js';

export interface ShardHealthOptions {
  latencyThresholdMs?: number;
  ackTimeoutMs?: number;
  disconnectedAfterMs?: number;
  checkEveryMs?: number;
  /** The time source (tests). */
  now?: () => number;
}

/** One shard as `!shards` shows it. */
export interface ShardHealthRow {
  id: number;
  /** discord.js's Status name: Ready, Connecting, Reconnecting, Resuming, Disconnected, ... */
  status: string;
  /** The last heartbeat round trip in ms, or null before the first ACK. */
  latencyMs: number | null;
  /** Ms since the last heartbeat ACK, or null before the first. */
  sinceAckMs: number | null;
  /** Reconnects (discord.js's `shardReconnecting`) in the last hour. */
  reconnectsLastHour: number;
  /** Why it is unhealthy; empty when healthy. */
  problems: string[];
}

const HOUR = 3_600_000;

export class ShardHealthMonitor {
  private readonly latencyThresholdMs: number;
  private readonly ackTimeoutMs: number;
  private readonly disconnectedAfterMs: number;
  private readonly checkEveryMs: number;
  private readonly now: () => number;
  private readonly reconnects = new Map<number, number[]>();
  /** Since when a shard has not been ready (absent: ready, or never seen). */
  private readonly notReadySince = new Map<number, number>();
  private readonly reported = new Map<number, string>();
  private readonly detach: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(rows: ShardHealthRow[]) => void>();

  constructor(
    private readonly client: Client,
    private readonly logger: Logger,
    options: ShardHealthOptions = {},
  ) {
    this.latencyThresholdMs = options.latencyThresholdMs ?? 2000;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 90_000;
    this.disconnectedAfterMs = options.disconnectedAfterMs ?? 60_000;
    this.checkEveryMs = options.checkEveryMs ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Starts listening to shard events and checking. Idempotent. */
  start(): void {
    if (this.timer) return;
    const on = (event: 'shardReady' | 'shardResume' | 'shardDisconnect' | 'shardReconnecting', listener: (...args: never[]) => void) => {
      this.client.on(event, listener as never);
      this.detach.push(() => this.client.off(event, listener as never));
    };
    this.detach.push(onShardConnect(this.client, (shardId, guilds) => this.logger.info(`Shard ${shardId} connected: a new session, ${guilds} guild(s) to load`)));
    on('shardReady', (shardId: number) => {
      this.notReadySince.delete(shardId);
      this.logger.info(`Shard ${shardId} is ready`);
      this.check();
    });
    on('shardResume', (shardId: number) => {
      this.notReadySince.delete(shardId);
      this.logger.info(`Shard ${shardId} resumed its session`);
      this.check();
    });
    on('shardDisconnect', ((event: { code: number }, shardId: number) => {
      if (!this.notReadySince.has(shardId)) this.notReadySince.set(shardId, this.now());
      this.logger.warn(`Shard ${shardId} disconnected (close code ${event.code})`);
      this.check();
    }) as never);
    on('shardReconnecting', (shardId: number) => {
      if (!this.notReadySince.has(shardId)) this.notReadySince.set(shardId, this.now());
      const times = this.reconnects.get(shardId) ?? [];
      times.push(this.now());
      this.reconnects.set(shardId, times);
      this.logger.warn(`Shard ${shardId} is reconnecting`);
      this.check();
    });
    this.timer = setInterval(() => this.check(), this.checkEveryMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const undo of this.detach.splice(0)) undo();
  }

  /** Called with every row after each check (the metrics endpoint keeps its gauges with it). */
  onCheck(listener: (rows: ShardHealthRow[]) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Every shard of this process, as of now. */
  rows(): ShardHealthRow[] {
    const now = this.now();
    const rows: ShardHealthRow[] = [];
    for (const [id, shard] of [...this.client.ws.shards].sort(([a], [b]) => a - b)) {
      const times = (this.reconnects.get(id) ?? []).filter((t) => now - t < HOUR);
      this.reconnects.set(id, times);
      const latencyMs = shard.ping >= 0 ? shard.ping : null;
      const ackedAt = shard.lastPingTimestamp >= 0 && shard.ping >= 0 ? shard.lastPingTimestamp + shard.ping : null;
      const sinceAckMs = ackedAt === null ? null : Math.max(0, now - ackedAt);
      if (shard.status !== Status.Ready && !this.notReadySince.has(id)) this.notReadySince.set(id, now);
      if (shard.status === Status.Ready) this.notReadySince.delete(id);
      const problems: string[] = [];
      if (latencyMs !== null && latencyMs > this.latencyThresholdMs) problems.push(`latency ${latencyMs} ms is above ${this.latencyThresholdMs} ms`);
      if (sinceAckMs !== null && sinceAckMs > this.ackTimeoutMs) problems.push(`no heartbeat acknowledged for ${Math.round(sinceAckMs / 1000)} s`);
      const down = this.notReadySince.get(id);
      if (down !== undefined && now - down > this.disconnectedAfterMs) problems.push(`not ready for ${Math.round((now - down) / 1000)} s`);
      rows.push({ id, status: Status[shard.status] ?? String(shard.status), latencyMs, sinceAckMs, reconnectsLastHour: times.length, problems });
    }
    return rows;
  }

  /** Checks every shard now: logs a shard that turned unhealthy (once) or recovered. Returns the rows. */
  check(): ShardHealthRow[] {
    const rows = this.rows();
    for (const row of rows) {
      const text = row.problems.join('; ');
      const before = this.reported.get(row.id) ?? '';
      if (text && text !== before) this.logger.warn(`Shard ${row.id} is unhealthy: ${text}`);
      else if (!text && before) this.logger.info(`Shard ${row.id} is healthy again`);
      this.reported.set(row.id, text);
    }
    for (const listener of this.listeners) listener(rows);
    return rows;
  }
}

/** The rows as a fixed-width table for a code block (`!shards`). */
export function shardTable(rows: readonly ShardHealthRow[]): string {
  const header = ['shard', 'status', 'latency', 'last ack', 'reconnects/h', 'health'];
  const body = rows.map((r) => [
    String(r.id),
    r.status,
    r.latencyMs === null ? '-' : `${r.latencyMs} ms`,
    r.sinceAckMs === null ? '-' : `${(r.sinceAckMs / 1000).toFixed(1)} s ago`,
    String(r.reconnectsLastHour),
    r.problems.length === 0 ? 'ok' : r.problems.join('; '),
  ]);
  return textTable(header, body);
}
