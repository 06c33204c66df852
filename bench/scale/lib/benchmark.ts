/**
 * The scale benchmark: memory per 1,000 guilds and GUILD_CREATE ingest rate of the Cogsmith bot (npm start
 * on the compiled build, every shipped cog, json storage, `discord.shards: auto`) against a bare discord.js
 * client (bench/production/lib/bare-bot.mjs with `shards: 'auto'`): the same intents (the instance
 * default), the same cache settings (discord.js's defaults: Cogsmith sets none), one simulator of bulk
 * guilds per size (runtime/testing/generated-guilds.ts), each bot as its own process, one after the other.
 *
 * Each bot is measured from inside its process by lib/probe.cjs (preloaded into both): ingest from the
 * first READY to the Client's ready event, then heap used and RSS after two full collections. A run at
 * 0 guilds gives each bot's fixed cost, so memory per 1,000 guilds is (at N − at 0) / (N / 1,000).
 * The simulator recommends one shard per 1,000 guilds and a max_concurrency as large as the shard count,
 * so every shard identifies at once and identify waits are not counted as ingest. Figures are printed,
 * never asserted. A first run is not counted (it warms the simulator up), and the bots alternate which
 * goes first from size to size.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intentBits } from '../../../runtime/discord/client.js';
import { createInstanceConfig, loadInstanceConfig } from '../../../runtime/instance/config.js';
import { Simulator, type GenerateGuildsOptions } from '../../../runtime/testing/index.js';
import { ensureBuild, startBot, stopBot } from '../../production/lib/benchmark.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BARE_BOT = fileURLToPath(new URL('../../production/lib/bare-bot.mjs', import.meta.url));
const PROBE = fileURLToPath(new URL('./probe.cjs', import.meta.url));
const GUILDS_PER_SHARD = 1000;

export type ScaleVariant = 'bare' | 'cogsmith';

export interface ScaleBenchOptions {
  /** Guild counts to measure (a run at 0 is added for the fixed cost). */
  sizes: number[];
  channels: number;
  roles: number;
  members: number;
  /** How long after ready the memory is read. */
  settleMs: number;
  /** How long a bot may take to be ready. */
  readyTimeoutMs: number;
}

export const DEFAULT_SCALE_OPTIONS: ScaleBenchOptions = { sizes: [10_000, 100_000], channels: 3, roles: 2, members: 5, settleMs: 1000, readyTimeoutMs: 600_000 };

/** What the probe printed for one bot at one size. */
export interface ScaleRun {
  variant: ScaleVariant;
  size: number;
  guilds: number;
  shards: number;
  ingestMs: number;
  heapUsed: number;
  rss: number;
}

export interface ScaleComparison {
  size: number;
  /** MB per 1,000 guilds over the bot's fixed cost (heap used), bare and Cogsmith. */
  heapPer1000: Record<ScaleVariant, number>;
  rssPer1000: Record<ScaleVariant, number>;
  /** Guilds per second from the first READY to ready. */
  ingestPerSecond: Record<ScaleVariant, number>;
}

export interface ScaleBenchResult {
  runs: ScaleRun[];
  comparisons: ScaleComparison[];
}

const mb = (bytes: number) => bytes / 1048576;
const count = (n: number) => n.toLocaleString('en-US');

/** Runs one bot against a simulator of `size` bulk guilds; resolves with what its probe measured. */
async function measure(variant: ScaleVariant, size: number, options: ScaleBenchOptions, dir: string): Promise<ScaleRun> {
  const shape: GenerateGuildsOptions = { channels: options.channels, roles: options.roles, members: options.members };
  const shards = Math.max(1, Math.ceil(size / GUILDS_PER_SHARD));
  // Discord's real heartbeat interval; no gateway log of 100,000 payloads; every shard identifies at once.
  const sim = await Simulator.start({ heartbeatIntervalMs: 41_250, logDispatchData: false, guildsPerShard: GUILDS_PER_SHARD, maxConcurrency: shards });
  try {
    sim.generateGuilds(size, shape);
    const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DISCORD_TOKEN: sim.token, COGSMITH_DISCORD_API: sim.apiUrl, COGSMITH_BENCH_SETTLE_MS: String(options.settleMs) };
    const probeLine = /^scale-probe (\{.*\})$/m;
    let started;
    if (variant === 'bare') {
      const intents = intentBits(createInstanceConfig({}).discord.intents);
      started = await startBot(['--require', PROBE, BARE_BOT], { ...base, COGSMITH_BENCH_INTENTS: String(intents), COGSMITH_BENCH_SHARDS: 'auto' }, probeLine, 'bare', options.readyTimeoutMs);
    } else {
      const shipped = loadInstanceConfig(join(ROOT, 'bot.config.yaml'), {}).cogs;
      const config = join(dir, `bot-${size}.config.yaml`);
      writeFileSync(config, `cogs: ${JSON.stringify(shipped)}\ndiscord:\n  shards: auto\nstorage:\n  driver: json\n  path: ${JSON.stringify(join(dir, `data-${size}`))}\n`);
      const env = { ...base, COGSMITH_CONFIG: config, COGSMITH_LOG_FORMAT: 'json', NODE_OPTIONS: `--require ${PROBE}` };
      started = await startBot([join(ROOT, 'runtime/host/launch.mjs'), 'runtime/cli/start.ts'], env, probeLine, 'Cogsmith', options.readyTimeoutMs);
    }
    try {
      const figures = JSON.parse(probeLine.exec(started.output())![1]!) as Omit<ScaleRun, 'variant' | 'size'>;
      if (figures.guilds !== size) throw new Error(`the ${variant} bot holds ${figures.guilds} guilds, not ${size}`);
      return { variant, size, ...figures };
    } finally {
      await stopBot(started);
    }
  } finally {
    if (sim.internalErrors.length > 0) process.stderr.write(`the simulator failed internally ${sim.internalErrors.length} time(s); first: ${String(sim.internalErrors[0])}\n`);
    await sim.stop();
  }
}

/** Runs the benchmark, printing as it goes; resolves with every run and the side-by-side figures. */
export async function runScaleBenchmark(options: ScaleBenchOptions, print: (line: string) => void = console.log): Promise<ScaleBenchResult> {
  const builtAt = ensureBuild(print);
  print(`Scale benchmark: the Cogsmith bot (npm start on the compiled build of ${builtAt}, shards: auto) and a bare discord.js client (shards: 'auto'), same intents and cache settings, real processes`);
  print(`  bulk guilds of ${options.channels} channel(s), ${options.roles} role(s) + @everyone + the bot's, ${options.members} member(s) + the bot; sizes ${[0, ...options.sizes].map(count).join(', ')}; one shard per ${count(GUILDS_PER_SHARD)} guilds`);
  print(`  machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; load average at start: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  const dir = mkdtempSync(join(tmpdir(), 'cogsmith-bench-scale-'));
  const runs: ScaleRun[] = [];
  try {
    // A run that is not counted, so the simulator (in this process) builds and sends payloads warm for both bots.
    await measure('bare', 1000, { ...options, settleMs: 0 }, dir);
    for (const [i, size] of [0, ...options.sizes].entries()) {
      for (const variant of i % 2 === 0 ? (['bare', 'cogsmith'] as const) : (['cogsmith', 'bare'] as const)) {
        const run = await measure(variant, size, options, dir);
        runs.push(run);
        print(`  ${variant} at ${count(size)} guilds: ${run.shards} shard(s), ingest ${(run.ingestMs / 1000).toFixed(2)} s, heap ${mb(run.heapUsed).toFixed(1)} MB, RSS ${mb(run.rss).toFixed(1)} MB`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const at = (variant: ScaleVariant, size: number) => runs.find((r) => r.variant === variant && r.size === size)!;
  const comparisons = options.sizes.map((size): ScaleComparison => {
    const per = (variant: ScaleVariant, pick: (r: ScaleRun) => number) => mb(pick(at(variant, size)) - pick(at(variant, 0))) / (size / 1000);
    const both = (f: (v: ScaleVariant) => number) => ({ bare: f('bare'), cogsmith: f('cogsmith') });
    return {
      size,
      heapPer1000: both((v) => per(v, (r) => r.heapUsed)),
      rssPer1000: both((v) => per(v, (r) => r.rss)),
      ingestPerSecond: both((v) => size / (at(v, size).ingestMs / 1000)),
    };
  });
  print('');
  print('| guilds | heap per 1,000 guilds (bare / Cogsmith) | RSS per 1,000 guilds (bare / Cogsmith) | ingest, guilds/s (bare / Cogsmith) |');
  print('|---:|---:|---:|---:|');
  const pair = (p: Record<ScaleVariant, number>, digits: number) => `${p.bare.toFixed(digits)} / ${p.cogsmith.toFixed(digits)} (${(p.cogsmith / p.bare).toFixed(2)}×)`;
  for (const c of comparisons) print(`| ${count(c.size)} | ${pair(c.heapPer1000, 2)} MB | ${pair(c.rssPer1000, 2)} MB | ${pair(c.ingestPerSecond, 0)} |`);
  print(`(load average at end: ${loadavg().map((n) => n.toFixed(2)).join(' ')})`);
  return { runs, comparisons };
}
