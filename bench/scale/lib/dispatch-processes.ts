/**
 * Dispatch throughput across processes (issue 12): one simulator with guilds spread over 4 shards, and the
 * Cogsmith bot as `npm start` runs it with `--shard-count 4 --processes P` on the machine's PostgreSQL, for
 * P = 1, 2 and 4, one after the other in one run; optionally a bare discord.js bot (bench/production's, all 4
 * shards in its one process) as a baseline. Each answers a flood of `!ping`s over every guild's channels.
 *
 * Decisions:
 * - Every Cogsmith run goes through the supervisor, P = 1 included (`discord.leases` set, which turns the
 *   supervisor on for one process), so the three rows differ only in how the shards are split.
 * - Each run gets a database of its own on the server (created, dropped after): the instance keeps its data
 *   and leases in the fixed `cogsmith` schema, so a fresh database is what a fresh schema is elsewhere.
 * - Throughput: messages answered per second, from the first `!ping` sent to the last reply received, with
 *   `inFlight` messages waiting for their reply at once (bench/dispatch/lib/workload.ts); a short warm-up
 *   flood first so the JIT has run.
 * - CPU per message: utime + stime (/proc/<pid>/stat) summed over the whole process tree of the started bot
 *   (the supervisor and every process it runs), read before and after the flood, so nothing has to report
 *   its own figures and a respawned or extra process would still be counted. Linux only.
 * - The simulator runs in this process: its CPU over the flood (process.cpuUsage) is printed as a share of
 *   one core; at ≥ 90 % it is the bottleneck and the output says so.
 * Figures are printed, never asserted.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { intentBits } from '../../../runtime/discord/client.js';
import { createInstanceConfig } from '../../../runtime/instance/config.js';
import { Simulator, type ChannelHandle, type MemberHandle } from '../../../runtime/testing/index.js';
import { runWorkload, type BenchWorld } from '../../dispatch/lib/workload.js';
import { ensureBuild, startBot, stopBot, type Started } from '../../production/lib/benchmark.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BARE_BOT = fileURLToPath(new URL('../../production/lib/bare-bot.mjs', import.meta.url));
const REST_LIMIT = fileURLToPath(new URL('../../production/lib/rest-limit.cjs', import.meta.url));
const SHARDS = 4;
/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in these ticks on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

export interface DispatchProcessesOptions {
  /** `!ping`s of the measured flood per run. */
  messages: number;
  /** `!ping`s of the warm-up flood before it (not measured). */
  warmup: number;
  inFlight: number;
  /** Guilds per shard, and text channels per guild. */
  guildsPerShard: number;
  channelsPerGuild: number;
  /** Process counts to run the 4 shards in. */
  processes: number[];
  /** Also run the bare discord.js bot (4 shards, 1 process). */
  bare: boolean;
  /** Build dist/ first when it is not current (npm start runs the build when it is). */
  build: boolean;
  replyTimeoutMs: number;
  /** The PostgreSQL server (a database per run is created on it and dropped after). */
  postgresUrl: string;
}

export const DEFAULT_DISPATCH_PROCESSES_OPTIONS: Omit<DispatchProcessesOptions, 'postgresUrl'> = {
  messages: 10_000,
  warmup: 1_000,
  inFlight: 64,
  guildsPerShard: 4,
  channelsPerGuild: 4,
  processes: [1, 2, 4],
  bare: true,
  build: true,
  replyTimeoutMs: 30_000,
};

export interface ProcessesRun {
  label: string;
  variant: 'bare' | 'cogsmith';
  processes: number;
  /** Processes in the bot's tree during the flood (the supervisor included). */
  treeSize: number;
  messages: number;
  wallMs: number;
  perSecond: number;
  /** CPU seconds of the whole bot tree per message, in µs. */
  cpuMicrosPerMessage: number;
  /** The simulator's (this process's) CPU over the flood as a share of one core. */
  simulatorCore: number;
}

/** utime + stime of a process in seconds, or 0 when it has gone. */
function cpuSeconds(pid: number): number {
  try {
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** `root` and every process descending from it, from each /proc/<pid>/stat's parent id. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while the table was read.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

/** Creates a database on the server named by `url`; `drop` removes it, closing what is still connected. */
async function freshDatabase(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `cogsmith_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = async (text: string) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await admin(`create database "${name}"`);
  const own = new URL(url);
  own.pathname = `/${name}`;
  return { url: own.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

/** Guilds spread evenly over the shards; one member per guild, listed once per channel (see runWorkload). */
function buildShardWorld(sim: Simulator, options: DispatchProcessesOptions): BenchWorld {
  const channels: ChannelHandle[] = [];
  const members: MemberHandle[] = [];
  let first;
  for (let g = 0; g < SHARDS * options.guildsPerShard; g++) {
    const guild = sim.createGuild({ name: `bench-${g}`, shard: g % SHARDS, channels: Array.from({ length: options.channelsPerGuild }, (_, c) => ({ name: `c${c}` })) });
    first ??= guild;
    const member = sim.createMember(guild, { username: `member${g}` });
    for (const channel of guild.channels) channels.push(channel), members.push(member);
  }
  // runWorkload takes channel i % n with member i % n: with as many members as channels each speaks in its own guild.
  return { guild: first!, channels, members };
}

const count = (n: number) => Math.round(n).toLocaleString('en-US');

/** Runs every variant in turn, printing as it goes; resolves with each run's figures. */
export async function runDispatchProcessesBenchmark(options: DispatchProcessesOptions, print: (line: string) => void = console.log): Promise<ProcessesRun[]> {
  if (process.platform !== 'linux') throw new Error('the dispatch-processes benchmark reads CPU time from /proc/<pid>/stat, so it runs on Linux only');
  const builtAt = options.build ? ensureBuild(print) : undefined;
  const cores = availableParallelism();
  print(`Dispatch across processes: ${SHARDS} shards, ${SHARDS * options.guildsPerShard} guilds (${options.guildsPerShard} per shard, ${options.channelsPerGuild} channels each); per run ${count(options.warmup)} !pings of warm-up, then ${count(options.messages)} measured, ${options.inFlight} in flight`);
  print(`  Cogsmith: npm start --shard-count ${SHARDS} --processes P (supervisor, PostgreSQL, cogs core + general${builtAt ? `, build of ${builtAt}` : ''}); bare: discord.js, ${SHARDS} shards in 1 process. CPU: the whole process tree of each bot.`);
  print(`  Machine: ${cores} core(s), ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}; load average at start ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  if (options.processes.some((p) => p > cores)) print(`  Note: ${cores} core(s), so more than ${cores} processes cannot scale past ${cores}× (and the simulator shares them).`);

  // Discord's real heartbeat interval: the simulator's short test default would add heartbeats to the figures.
  const sim = await Simulator.start({ shards: SHARDS, heartbeatIntervalMs: 41_250 });
  const dir = mkdtempSync(join(tmpdir(), 'cogsmith-bench-processes-'));
  const runs: ProcessesRun[] = [];
  try {
    const world = buildShardWorld(sim, options);
    const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DISCORD_TOKEN: sim.token, COGSMITH_DISCORD_API: sim.apiUrl };
    const variants: Array<{ label: string; variant: ProcessesRun['variant']; processes: number }> = [
      ...(options.bare ? [{ label: 'bare discord.js', variant: 'bare' as const, processes: 1 }] : []),
      ...options.processes.map((p) => ({ label: `Cogsmith ${p} process${p === 1 ? '' : 'es'}`, variant: 'cogsmith' as const, processes: p })),
    ];
    for (const v of variants) {
      const db = v.variant === 'cogsmith' ? await freshDatabase(options.postgresUrl) : undefined;
      let started: Started | undefined;
      try {
        if (v.variant === 'bare') {
          const intents = intentBits(createInstanceConfig({}).discord.intents);
          started = await startBot(['--require', REST_LIMIT, BARE_BOT], { ...base, COGSMITH_BENCH_INTENTS: String(intents), COGSMITH_BENCH_SHARDS: 'auto' }, /^Ready$/m, 'bare');
        } else {
          const config = join(dir, `bot-${v.processes}.config.yaml`);
          writeFileSync(config, `cogs: [core, general]\nstorage:\n  driver: postgres\n  url: ${JSON.stringify(db!.url)}\ndiscord:\n  leases: {}\n`);
          // NODE_OPTIONS reaches the supervisor's processes too (ShardingManager forks them with its environment).
          const env = { ...base, COGSMITH_CONFIG: config, COGSMITH_LOG_FORMAT: 'json', NODE_OPTIONS: `--require ${REST_LIMIT}` };
          const ready = new RegExp(`(Ready: logged in[\\s\\S]*){${v.processes}}`);
          started = await startBot([join(ROOT, 'runtime/host/launch.mjs'), 'runtime/cli/start.ts', '--shard-count', String(SHARDS), '--processes', String(v.processes)], env, ready, v.label, 120_000);
        }
        const flood = (messages: number) => runWorkload(sim, world, { messages, inFlight: options.inFlight, replyTimeoutMs: options.replyTimeoutMs, command: '!ping', expectReply: 'Pong!' });
        if (options.warmup > 0) await flood(options.warmup);
        const tree = processTree(started.child.pid!);
        const cpuBefore = tree.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
        const simBefore = process.cpuUsage();
        const wallMs = await flood(options.messages);
        const simCpu = process.cpuUsage(simBefore);
        const after = processTree(started.child.pid!);
        if (after.length !== tree.length || after.some((pid) => !tree.includes(pid))) throw new Error(`the processes of ${v.label} changed during the flood (${tree.join(',')} → ${after.join(',')}): a process died or was respawned; output:\n${started.output()}`);
        const cpu = tree.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - cpuBefore;
        const run: ProcessesRun = {
          ...v,
          treeSize: tree.length,
          messages: options.messages,
          wallMs,
          perSecond: options.messages / (wallMs / 1000),
          cpuMicrosPerMessage: (cpu * 1e6) / options.messages,
          simulatorCore: (simCpu.user + simCpu.system) / 1000 / wallMs,
        };
        runs.push(run);
        print(`  ${v.label}: ${count(run.perSecond)} msgs/s, ${count(run.cpuMicrosPerMessage)} µs CPU/msg over ${run.treeSize} process(es), simulator ${(run.simulatorCore * 100).toFixed(0)} % of a core`);
      } finally {
        if (started) await stopBot(started);
        await db?.drop();
      }
    }
    if (sim.internalErrors.length > 0) throw new Error(`the simulator failed internally ${sim.internalErrors.length} time(s); first: ${String(sim.internalErrors[0])}`);
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  const one = runs.find((r) => r.variant === 'cogsmith' && r.processes === 1);
  const ratio = (value: number, of: number | undefined) => (of ? `${(value / of).toFixed(2)}×` : '–');
  print('');
  print('| bot | processes (tree) | msgs/s | vs 1 process | CPU µs/msg (all processes) | vs 1 process | simulator, share of a core |');
  print('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of runs) {
    print(`| ${r.label} | ${r.processes} (${r.treeSize}) | ${count(r.perSecond)} | ${ratio(r.perSecond, one?.perSecond)} | ${count(r.cpuMicrosPerMessage)} | ${ratio(r.cpuMicrosPerMessage, one?.cpuMicrosPerMessage)} | ${(r.simulatorCore * 100).toFixed(0)} % |`);
  }
  const saturated = runs.filter((r) => r.simulatorCore >= 0.9);
  print('');
  print(
    saturated.length
      ? `The simulator (in this process) used ≥ 90 % of a core in ${saturated.map((r) => r.label).join(', ')}: there it is the bottleneck, and those throughputs are the simulator's limit, not the bot's.`
      : 'The simulator stayed under 90 % of a core in every run: the bots, not the simulator, set the throughput.',
  );
  if (options.processes.some((p) => p > cores)) print(`${cores} core(s) for the bots and the simulator together: ${Math.max(...options.processes)} processes cannot scale past ${cores}×.`);
  print(`(load average at end: ${loadavg().map((n) => n.toFixed(2)).join(' ')})`);
  return runs;
}
