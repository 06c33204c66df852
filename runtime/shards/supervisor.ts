/**
 * The supervisor: what `npm start` / `cogsmith start` runs on a host when the bot runs in several processes
 * (runtime/shards/plan.ts says when). It holds shard groups through leases in PostgreSQL
 * (runtime/shards/leases.ts) and runs one process per group it holds.
 *
 * Decisions:
 * - **discord.js's ShardingManager** (mode `process`) forks the processes. Its Shard is one process per
 *   shard id; here a manager "shard" is one group: `createShard(group)`, then its env gets
 *   `SHARDS = JSON.stringify(range)` and `SHARD_COUNT = N` before it spawns, which discord.js's Client reads
 *   (runtime/discord/client.ts leaves its options unset then). The manager's IPC (ready, disconnect,
 *   broadcastEval) works as for any ShardingManager.
 * - **Respawning is the supervisor's**, not the manager's `respawn: true`: the exit code decides. A
 *   process that crashes or is killed is started again (after 1 s, doubling up to 30 s while it keeps dying
 *   within 10 s of its start); the other processes keep serving. The core cog's `shutdown` (exit 0) in any
 *   process stops the whole supervisor with 0, `restart` (26) stops it with 26 (a process manager restarts
 *   the host, every process with it), and a configuration or fatal Discord error (78: bad token, intents)
 *   stops it with 78, since a respawn would fail the same way.
 * - **Never two processes on one shard**: the supervisor starts a group's process only once its lease is
 *   held; a group given up to another host (fair share) is stopped before its lease is deleted; when the
 *   leases cannot be renewed for ttlMs - renewMs (the database is gone), every process is stopped before
 *   its lease could expire and be claimed elsewhere; a process is stopped with SIGTERM, then SIGKILL after
 *   renewMs / 2 (at most 5 s). A process exits by itself when its supervisor goes away (runtime/shards/child.ts).
 * - SIGTERM / Ctrl+C stop every process cleanly, delete this host's leases (another host takes them over at
 *   its next tick, not after the ttl) and exit 0.
 */
import { once } from 'node:events';
import { join } from 'node:path';
import { ShardingManager, type Shard } from 'discord.js';
import type { ChildProcess } from 'node:child_process';
import type { InstanceConfig } from '../instance/config.js';
import type { Logger } from '../logging.js';
import { EXIT_CODES } from '../core/exit-codes.js';
import { projectRoot } from '../support/project-root.js';
import { shardRangeText, type ShardLayout } from './layout.js';
import { LayoutMismatchError, leaseTiming, ShardLeases, type LeaseTiming } from './leases.js';

const ROOT = projectRoot(import.meta.dirname);
/** Each process runs through the launcher, as `npm start` does (the build when current, else the sources). */
const LAUNCH = join(ROOT, 'runtime', 'host', 'launch.mjs');
const CHILD = join(ROOT, 'runtime', 'shards', 'child.ts');
/** The environment variable carrying the instance settings (without the token) to each process. */
export const INSTANCE_ENV = 'COGSMITH_SHARD_INSTANCE';

/** Asks Discord (or the simulator at `api`) for its recommended shard count (GET /gateway/bot). */
export async function recommendedShardCount(token: string, api: string | undefined): Promise<number> {
  const response = await fetch(`${api ?? 'https://discord.com/api'}/v10/gateway/bot`, { headers: { Authorization: `Bot ${token}` } });
  if (!response.ok) throw new Error(`GET /gateway/bot answered ${response.status}: cannot learn the recommended shard count (give --shard-count N).`);
  const body = (await response.json()) as { shards?: unknown };
  if (typeof body.shards !== 'number' || body.shards < 1) throw new Error('GET /gateway/bot gave no shard count (give --shard-count N).');
  return body.shards;
}

interface Running {
  shard: Shard;
  ids: number[];
  startedAt: number;
  delayMs: number;
  respawnTimer?: NodeJS.Timeout;
}

export interface SupervisorOptions {
  instance: InstanceConfig;
  logger: Logger;
}

/** Runs the supervisor until it stops; resolves with the exit code. */
export async function runSupervisor({ instance, logger }: SupervisorOptions): Promise<number> {
  const token = instance.discord.token!;
  const shardCount = typeof instance.discord.shards === 'number' ? instance.discord.shards : instance.discord.shards === 'auto' ? await recommendedShardCount(token, instance.discord.api) : 1;
  const pinned = instance.discord.shardIds;
  const layout: ShardLayout = { shardCount, processes: pinned ? 1 : (instance.discord.processes ?? 1) };
  const timing: LeaseTiming = leaseTiming(instance.discord.leases);
  const leases = new ShardLeases({ url: instance.storage.url!, layout, timing });
  const groups = pinned ? [pinned] : leases.groups;
  const label = (g: number) => (pinned ? `pinned shards ${shardRangeText(pinned)}` : `group ${g} (shards ${shardRangeText(groups[g]!)})`);
  logger.info(
    `Supervisor ${leases.hostId}: ${pinned ? `shards ${shardRangeText(pinned)} of ${shardCount}, pinned` : `${shardCount} shard(s) in ${groups.length} process(es)`}; leases in PostgreSQL last ${timing.ttlMs} ms, renewed every ${timing.renewMs} ms.`,
  );

  const { token: _token, ...shareable } = instance.discord;
  const childInstance = JSON.stringify({ ...instance, discord: shareable });
  const manager = new ShardingManager(LAUNCH, { totalShards: shardCount, mode: 'process', respawn: false, shardArgs: [CHILD], token });
  const running = new Map<number, Running>();
  let stopping: Promise<number> | undefined;
  let lastRenewal = performance.now();
  let waitingFor = '';
  let exitCode: number = EXIT_CODES.shutdown;

  const spawn = (g: number, run: Running) => {
    run.startedAt = performance.now();
    run.shard.spawn(-1).catch((error: Error) => logger.error(`Could not start the process of ${label(g)}: ${error.message}`));
  };

  const start = (g: number) => {
    const ids = groups[g]!;
    const shard = manager.createShard(g);
    Object.assign(shard.env as Record<string, string>, { SHARDS: JSON.stringify(ids), SHARD_COUNT: String(shardCount), [INSTANCE_ENV]: childInstance, COGSMITH_SHARD_GROUP: String(g) });
    const run: Running = { shard, ids, startedAt: 0, delayMs: 1000 };
    running.set(g, run);
    shard.on('spawn', (process) => logger.info(`Started ${label(g)}: process ${(process as ChildProcess).pid}.`));
    shard.on('death', (process) => {
      if (stopping || running.get(g) !== run) return;
      const child = process as ChildProcess; // mode 'process': always a ChildProcess
      const code = child.exitCode;
      const how = code !== null ? `exit code ${code}` : `signal ${child.signalCode}`;
      if (code === EXIT_CODES.shutdown || code === EXIT_CODES.restart || code === EXIT_CODES.configuration) {
        const why = code === EXIT_CODES.shutdown ? 'shut down by an owner' : code === EXIT_CODES.restart ? 'restart requested by an owner' : 'a configuration or fatal Discord error';
        logger.info(`The process of ${label(g)} ended with ${how} (${why}): stopping the supervisor with ${code}.`);
        void stop(`${label(g)} ended with ${how}`, code);
        return;
      }
      run.delayMs = performance.now() - run.startedAt < 10_000 ? Math.min(run.delayMs * 2, 30_000) : 1000;
      logger.warn(`The process of ${label(g)} died (${how}): respawning it in ${run.delayMs} ms.`);
      run.respawnTimer = setTimeout(() => {
        if (stopping || running.get(g) !== run) return;
        logger.info(`Respawning ${label(g)}.`);
        spawn(g, run);
      }, run.delayMs);
    });
    shard.on('ready', () => logger.debug(`A shard of ${label(g)} is ready.`));
    spawn(g, run);
  };

  /** Stops a group's process and waits for it to end (SIGKILL after renewMs / 2, at most 5 s). */
  const halt = async (g: number) => {
    const run = running.get(g);
    if (!run) return;
    running.delete(g);
    clearTimeout(run.respawnTimer);
    manager.shards.delete(g);
    const child = run.shard.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    // The Shard's own exit listener stays: it only reports the death, which `start` ignores once the group is gone.
    const ended = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), Math.min(5000, timing.renewMs / 2));
    await ended;
    clearTimeout(timer);
    logger.info(`Stopped ${label(g)}.`);
  };

  const tick = async () => {
    const began = performance.now();
    if (pinned) {
      const result = await leases.tickPinned(pinned);
      lastRenewal = began;
      if (!result.held) {
        const now = result.holders.map((h) => `${h.shard} by ${h.holder}`).join(', ');
        if (now !== waitingFor) logger.info(`Waiting for pinned shards ${shardRangeText(pinned)}: held by another host (${now}).`);
        waitingFor = now;
        if (running.has(0)) await halt(0);
      } else if (!running.has(0)) {
        waitingFor = '';
        logger.info(`Holding pinned shards ${shardRangeText(pinned)}.`);
        start(0);
      }
      return;
    }
    const result = await leases.tick();
    lastRenewal = began;
    for (const g of running.keys()) {
      if (result.held.includes(g) || result.excess.includes(g)) continue;
      logger.error(`The lease of ${label(g)} was lost: stopping its process.`);
      await halt(g);
    }
    for (const g of result.excess) {
      logger.info(`Giving ${label(g)} to another host: ${result.liveHosts} host(s) live, a fair share is ${result.share} group(s).`);
      await halt(g);
      await leases.release([g]);
    }
    for (const { group, from } of result.claimed) {
      logger.info(from && from !== leases.hostId ? `Took over ${label(group)} from host ${from}, whose lease had expired.` : `Claimed ${label(group)}.`);
    }
    for (const g of result.held) if (!running.has(g)) start(g);
    if (result.claimed.length || result.excess.length) {
      logger.info(`Holding ${result.held.length ? result.held.map(label).join(', ') : 'no group'} (${result.liveHosts} host(s) live, fair share ${result.share}).`);
    }
  };

  let timer: NodeJS.Timeout | undefined;
  let done!: (code: number) => void;
  const finished = new Promise<number>((resolvePromise) => (done = resolvePromise));

  const loop = async () => {
    try {
      await tick();
    } catch (error) {
      if (error instanceof LayoutMismatchError) {
        logger.error(error.message);
        void stop('the shard layout differs from the other hosts\'', EXIT_CODES.configuration);
        return;
      }
      logger.warn(`Could not renew the shard leases: ${(error as Error).message}`);
    }
    if (!stopping) timer = setTimeout(() => void loop(), timing.renewMs);
  };

  // The watchdog: leases not renewed for ttlMs - renewMs may soon expire and be claimed by another host.
  const watchdog = setInterval(() => {
    const since = performance.now() - lastRenewal;
    if (since < timing.ttlMs - timing.renewMs || running.size === 0) return;
    for (const g of [...running.keys()]) {
      logger.error(`The leases were not renewed for ${Math.round(since)} ms: stopping ${label(g)} before its lease can expire.`);
      void halt(g);
    }
  }, Math.max(100, Math.floor(timing.renewMs / 4)));

  const stop = (reason: string, code: number = EXIT_CODES.shutdown): Promise<number> =>
    (stopping ??= (async () => {
      exitCode = code;
      logger.info(`Stopping the supervisor (${reason})...`);
      clearTimeout(timer);
      clearInterval(watchdog);
      await Promise.all([...running.keys()].map((g) => halt(g)));
      await leases.close({ release: true }).catch((error: Error) => logger.warn(`Could not release the shard leases: ${error.message}`));
      logger.info('Supervisor stopped; its leases are released.');
      done(exitCode);
      return exitCode;
    })());

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(130);
      void stop(signal);
    });
  }
  void loop();
  return finished;
}
