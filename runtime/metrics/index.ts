/**
 * What a running bot exposes to the tools admins watch services with (off unless the instance says
 * `metrics: { port }`): Prometheus metrics on `/metrics`, `/healthz` (the process answers) and `/readyz`
 * (logged in, every shard ready, storage answering). Each bot has its own prom-client registry, so two
 * bots in one process (tests) never mix their counts.
 *
 * Metric names (all prefixed `cogsmith_`, plus prom-client's process and Node.js defaults such as
 * `process_resident_memory_bytes`):
 * - `commands_total{cog,command,kind,outcome}`: invocations by outcome (ok, refused, badInput, limited, failed)
 * - `command_refusals_total{cog,command,step}`: refusals by the check step that refused (the reason)
 * - `command_duration_seconds{cog,command,kind}`: from the checks to the last after-hook
 * - `gateway_latency_seconds{shard}`, `gateway_status{shard}` (discord.js Status: 0 ready … 8 resuming),
 *   `gateway_reconnects_total{shard}`, `shard_events_total{shard,event}` (connect, ready, resume,
 *   disconnect, reconnecting, error)
 * - `rest_requests_total{method,route,status}`, `rest_rate_limits_total{route}`
 * - `config_cache_hits_total`, `config_cache_misses_total`, `config_lock_wait_seconds`,
 *   `config_lock_hold_seconds`, `config_write_seconds{driver,ok}`
 * - `shard_healthy{shard}`, `shard_heartbeat_age_seconds{shard}`, `shard_reconnects_last_hour{shard}`
 * - `cogs_loaded`
 * - `replies_shed_total{reason}` (channel, global), `replies_pending`: backpressure (runtime/context/backpressure.ts)
 * - `gateway_events_dropped_total{event}`: malformed gateway events dropped at the runtime's edge
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Status } from 'discord.js';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Bot } from '../bot.js';
import { replyGateOf } from '../context/backpressure.js';
import { storeFor } from '../config/cache.js';
import { observeConfig } from '../config/observe.js';
import type { ConfigDriver } from '../drivers/types.js';
import { onShardConnect } from '../shards/connect.js';

const SECONDS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The metrics of one bot; `registry.metrics()` is the text `/metrics` serves. */
export class BotMetrics {
  readonly registry = new Registry();
  private readonly detach: (() => void)[] = [];

  constructor(private readonly bot: Bot, options: { defaults?: boolean } = {}) {
    const r = this.registry;
    if (options.defaults ?? true) collectDefaultMetrics({ register: r });
    const commands = new Counter({ name: 'cogsmith_commands_total', help: 'Command invocations by outcome (ok, refused, badInput, limited, failed).', labelNames: ['cog', 'command', 'kind', 'outcome'], registers: [r] });
    const refusals = new Counter({ name: 'cogsmith_command_refusals_total', help: 'Commands refused, by the check step that refused.', labelNames: ['cog', 'command', 'step'], registers: [r] });
    const duration = new Histogram({ name: 'cogsmith_command_duration_seconds', help: 'Command run time, from the checks to the last after-hook.', labelNames: ['cog', 'command', 'kind'], buckets: SECONDS, registers: [r] });
    const reconnects = new Counter({ name: 'cogsmith_gateway_reconnects_total', help: 'Gateway reconnects per shard.', labelNames: ['shard'], registers: [r] });
    const rest = new Counter({ name: 'cogsmith_rest_requests_total', help: 'REST requests by method, route and status.', labelNames: ['method', 'route', 'status'], registers: [r] });
    const rateLimits = new Counter({ name: 'cogsmith_rest_rate_limits_total', help: 'REST rate limits hit, by route.', labelNames: ['route'], registers: [r] });
    const lockWait = new Histogram({ name: 'cogsmith_config_lock_wait_seconds', help: 'Time Config locks waited before being granted.', buckets: SECONDS, registers: [r] });
    const lockHold = new Histogram({ name: 'cogsmith_config_lock_hold_seconds', help: 'Time Config locks were held.', buckets: SECONDS, registers: [r] });
    const writes = new Histogram({ name: 'cogsmith_config_write_seconds', help: 'Config driver write latency.', labelNames: ['driver', 'ok'], buckets: SECONDS, registers: [r] });
    const cache = (name: string, help: string, read: (d: ConfigDriver) => number) =>
      new Counter({
        name,
        help,
        registers: [r],
        collect() {
          const driver = bot.storageDriver;
          this.reset();
          if (driver) this.inc(read(driver));
        },
      });
    cache('cogsmith_config_cache_hits_total', 'Config reads served from the cache.', (d) => storeFor(d).stats.hits);
    cache('cogsmith_config_cache_misses_total', 'Config reads that went to the driver.', (d) => storeFor(d).stats.misses);
    new Gauge({
      name: 'cogsmith_gateway_latency_seconds',
      help: 'Heartbeat round trip per shard (absent before the first heartbeat).',
      labelNames: ['shard'],
      registers: [r],
      collect() {
        this.reset();
        for (const [id, shard] of bot.client.ws.shards) if (shard.ping >= 0) this.set({ shard: String(id) }, shard.ping / 1000);
      },
    });
    new Gauge({
      name: 'cogsmith_gateway_status',
      help: 'Gateway status per shard (discord.js Status: 0 ready, 1 connecting, 2 reconnecting, 3 idle, 4 nearly, 5 disconnected, 6 waiting for guilds, 7 identifying, 8 resuming).',
      labelNames: ['shard'],
      registers: [r],
      collect() {
        this.reset();
        for (const [id, shard] of bot.client.ws.shards) this.set({ shard: String(id) }, shard.status);
      },
    });
    const health = () => bot.shardHealth.rows();
    new Gauge({
      name: 'cogsmith_shard_healthy',
      help: 'Per shard: 1 healthy, 0 unhealthy (latency over its threshold, no heartbeat ACK, or not ready for too long; runtime/shards/health.ts).',
      labelNames: ['shard'],
      registers: [r],
      collect() {
        this.reset();
        for (const row of health()) this.set({ shard: String(row.id) }, row.problems.length === 0 ? 1 : 0);
      },
    });
    new Gauge({
      name: 'cogsmith_shard_heartbeat_age_seconds',
      help: 'Per shard: seconds since the last heartbeat ACK (absent before the first).',
      labelNames: ['shard'],
      registers: [r],
      collect() {
        this.reset();
        for (const row of health()) if (row.sinceAckMs !== null) this.set({ shard: String(row.id) }, row.sinceAckMs / 1000);
      },
    });
    new Gauge({
      name: 'cogsmith_shard_reconnects_last_hour',
      help: 'Per shard: reconnects in the last hour.',
      labelNames: ['shard'],
      registers: [r],
      collect() {
        this.reset();
        for (const row of health()) this.set({ shard: String(row.id) }, row.reconnectsLastHour);
      },
    });
    new Gauge({
      name: 'cogsmith_cogs_loaded',
      help: 'Cogs loaded now.',
      registers: [r],
      collect() {
        this.set(bot.cogs.names().length);
      },
    });

    const on = <E extends Parameters<Bot['on']>[0]>(event: E, listener: Parameters<Bot['on']>[1]) => {
      bot.on(event, listener as never);
      this.detach.push(() => bot.off(event, listener as never));
    };
    on('commandCompleted', ((info: { cog: string; command: { path: readonly string[] }; kind: string; outcome: string; ms: number }) => {
      const command = info.command.path.join(' ');
      commands.inc({ cog: info.cog, command, kind: info.kind, outcome: info.outcome });
      duration.observe({ cog: info.cog, command, kind: info.kind }, info.ms / 1000);
    }) as never);
    const dropped = new Counter({ name: 'cogsmith_gateway_events_dropped_total', help: 'Malformed gateway events dropped before discord.js handled them, by event type.', labelNames: ['event'], registers: [r] });
    on('gatewayEventDropped', ((info: { event: string }) => dropped.inc({ event: info.event })) as never);
    const gate = replyGateOf(bot.client);
    const shed = new Counter({ name: 'cogsmith_replies_shed_total', help: 'Text commands not run and replies dropped because pending replies were at their bound, by reason (channel, global).', labelNames: ['reason'], registers: [r] });
    if (gate) this.detach.push(gate.onShed((info) => shed.inc({ reason: info.reason })));
    new Gauge({
      name: 'cogsmith_replies_pending',
      help: 'Text replies pending (sending or queued by the REST client).',
      registers: [r],
      collect() {
        this.set(gate?.pending() ?? 0);
      },
    });
    on('commandDenied', ((info: { cog: string; command: { path: readonly string[] }; step: string }) => {
      refusals.inc({ cog: info.cog, command: info.command.path.join(' '), step: info.step });
    }) as never);
    const onReconnect = (shard: number) => reconnects.inc({ shard: String(shard) });
    bot.client.on('shardReconnecting', onReconnect);
    this.detach.push(() => bot.client.off('shardReconnecting', onReconnect));
    const shardEvents = new Counter({ name: 'cogsmith_shard_events_total', help: 'Shard events: connect (a new session), ready, resume, disconnect, reconnecting, error.', labelNames: ['shard', 'event'], registers: [r] });
    const shardEvent = (event: string, shardOf: (...args: never[]) => number) => {
      const listener = (...args: never[]) => shardEvents.inc({ shard: String(shardOf(...args)), event });
      const name = `shard${event[0]!.toUpperCase()}${event.slice(1)}` as 'shardReady';
      bot.client.on(name, listener as never);
      this.detach.push(() => bot.client.off(name, listener as never));
    };
    this.detach.push(onShardConnect(bot.client, (shard) => shardEvents.inc({ shard: String(shard), event: 'connect' })));
    shardEvent('ready', (id: number) => id);
    shardEvent('resume', (id: number) => id);
    shardEvent('reconnecting', (id: number) => id);
    shardEvent('disconnect', ((_event: unknown, id: number) => id) as never);
    shardEvent('error', ((_error: unknown, id: number) => id) as never);
    const onResponse = (request: { method: string; route: string }, response: { status: number }) => rest.inc({ method: request.method, route: request.route, status: String(response.status) });
    const onRateLimited = (info: { route: string }) => rateLimits.inc({ route: info.route });
    bot.client.rest.on('response', onResponse);
    bot.client.rest.on('rateLimited', onRateLimited);
    this.detach.push(() => {
      bot.client.rest.off('response', onResponse);
      bot.client.rest.off('rateLimited', onRateLimited);
    });
    this.detach.push(
      observeConfig({
        lockWaited: (ms) => lockWait.observe(ms / 1000),
        lockHeld: (ms) => lockHold.observe(ms / 1000),
        written: (driver, ms, ok) => writes.observe({ driver, ok: String(ok) }, ms / 1000),
      }),
    );
  }

  /** Why the bot is not ready (empty when it is): logged in and ready, every shard ready, storage answering. */
  async notReady(): Promise<string[]> {
    const reasons: string[] = [];
    if (!this.bot.isReady) reasons.push('the bot is not ready (starting or stopping)');
    for (const [id, shard] of this.bot.client.ws.shards) if (shard.status !== Status.Ready) reasons.push(`shard ${id} is ${Status[shard.status] ?? shard.status}`);
    const driver = this.bot.storageDriver;
    if (!driver) reasons.push('storage is not open');
    else {
      try {
        await withTimeout(driver.get({ cogName: 'Core', identifier: '0' }, { scope: 'GLOBAL', keyCount: 0, primaryKeys: [], path: ['__health__'] }), 2000);
      } catch (error) {
        reasons.push(`storage does not answer: ${(error as Error).message}`);
      }
    }
    return reasons;
  }

  /** Stops counting (the bot stopped). */
  close(): void {
    for (const undo of this.detach.splice(0)) undo();
    this.registry.clear();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface MetricsSettings {
  port: number;
  /** Where to listen; default 127.0.0.1 (use 0.0.0.0 in a container scraped from outside). */
  host?: string;
}

/** The HTTP endpoint: `/metrics`, `/healthz`, `/readyz`; anything else is 404. */
export class MetricsServer {
  private constructor(private readonly server: Server, readonly metrics: BotMetrics) {}

  /** Starts listening (port 0: any free port, see `port`). */
  static async start(bot: Bot, settings: MetricsSettings): Promise<MetricsServer> {
    const metrics = new BotMetrics(bot);
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      const send = (status: number, type: string, body: string) => {
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      };
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'GET only\n');
      if (path === '/healthz') return send(200, 'text/plain', 'ok\n');
      if (path === '/readyz') {
        void metrics.notReady().then(
          (reasons) => send(reasons.length === 0 ? 200 : 503, 'text/plain', reasons.length === 0 ? 'ready\n' : `${reasons.join('\n')}\n`),
          (error: unknown) => send(503, 'text/plain', `${(error as Error).message}\n`),
        );
        return;
      }
      if (path === '/metrics') {
        void metrics.registry.metrics().then(
          (text) => send(200, metrics.registry.contentType, text),
          (error: unknown) => send(500, 'text/plain', `${(error as Error).message}\n`),
        );
        return;
      }
      send(404, 'text/plain', 'not found: try /metrics, /healthz or /readyz\n');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(settings.port, settings.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new MetricsServer(server, metrics);
  }

  /** The port it listens on. */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    this.metrics.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
