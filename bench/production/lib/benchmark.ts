/**
 * The production benchmark: a bare discord.js bot (lib/bare-bot.mjs) and the Cogsmith bot as it runs in
 * production (`npm start`: runtime/host/launch.mjs on the compiled build in dist/, every shipped cog, json
 * storage in a temporary folder) on one simulator, in one run, each as its own process, one after the
 * other (the simulator has one bot account), alternating which goes first.
 *
 * For each start it measures, from outside the process (Linux /proc/<pid>/status):
 * - spawn to ready: from spawn() to the process's ready line (bare: `Ready`; Cogsmith: its `Ready: logged
 *   in ...` log line, written once every cog is loaded and the slash commands are synced);
 * - memory after ready: VmRSS `settleMs` after the ready line;
 * - peak memory under the workload: the peak RSS is reset (`/proc/<pid>/clear_refs`) after that, the
 *   dispatch workload runs (bench/dispatch/lib/workload.ts: `!ping` over many channels, each waiting for
 *   its reply), and VmHWM is read at the end.
 * Each figure is the median over the repeats; the ratios are Cogsmith over bare, against the targets of
 * the issue (≤ 1.15×, ≤ 1.15×, ≤ 1.5×). Figures are printed, never asserted.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { checkBuild } from '../../../runtime/host/build-info.mjs';
import { intentBits } from '../../../runtime/discord/client.js';
import { createInstanceConfig, loadInstanceConfig } from '../../../runtime/instance/config.js';
import { Simulator } from '../../../runtime/testing/index.js';
import { buildWorld, runWorkload } from '../../dispatch/lib/workload.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BARE_BOT = fileURLToPath(new URL('./bare-bot.mjs', import.meta.url));
const REST_LIMIT = fileURLToPath(new URL('./rest-limit.cjs', import.meta.url));

export type ProductionVariant = 'bare' | 'cogsmith';

export interface ProductionBenchOptions {
  /** `!ping`s of the workload per start. */
  messages: number;
  /** Starts of each variant. */
  repeats: number;
  inFlight: number;
  channels: number;
  members: number;
  /** How long after the ready line the memory is read. */
  settleMs: number;
  replyTimeoutMs: number;
}

export const DEFAULT_PRODUCTION_OPTIONS: ProductionBenchOptions = {
  messages: 10_000,
  repeats: 3,
  inFlight: 64,
  channels: 50,
  members: 10,
  settleMs: 1_000,
  replyTimeoutMs: 15_000,
};

export interface StartFigures {
  variant: ProductionVariant;
  repeat: number;
  readyMs: number;
  rssAfterReadyBytes: number;
  peakBytes: number;
  /** False when the peak could not be reset after ready (then it includes the start-up). */
  peakFromReady: boolean;
  workloadMs: number;
}

export interface Ratio {
  name: string;
  bare: number;
  cogsmith: number;
  ratio: number;
  target: number;
  unit: 'MB' | 'ms';
}

export interface ProductionBenchResult {
  starts: StartFigures[];
  ratios: Ratio[];
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const mb = (bytes: number) => bytes / 1048576;

/** A `kB` line of /proc/<pid>/status in bytes. */
function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]) * 1024;
}

/** Resets the process's peak RSS (VmHWM) to its current RSS; false where the kernel does not allow it. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** The build in dist/ made current (`npm run build`) when it is not; returns when it was built. */
export function ensureBuild(print: (line: string) => void): string {
  const entry = join(ROOT, 'runtime/cli/start.ts');
  let build = checkBuild(ROOT, entry);
  if (!build.current) {
    print(`Building first: ${build.reason}.`);
    const result = spawnSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], { cwd: ROOT, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}${result.stderr}`);
    build = checkBuild(ROOT, entry);
    if (!build.current) throw new Error(`the build is still not current after npm run build: ${build.reason}`);
  }
  return build.builtAt;
}

export interface Started {
  child: ChildProcess;
  readyMs: number;
  output: () => string;
  exited: Promise<void>;
}

/** Spawns a bot and resolves once its ready line is out, with the time it took. */
export function startBot(command: string[], env: NodeJS.ProcessEnv, ready: RegExp, label: string, timeoutMs = 60_000): Promise<Started> {
  const began = performance.now();
  const child = spawn(process.execPath, command, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => fail(new Error(`the ${label} bot was not ready within ${timeoutMs / 1000} s; output:\n${text}`)), timeoutMs);
    const fail = (error: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (!done && ready.test(text)) {
        done = true;
        clearTimeout(timer);
        resolve({ child, readyMs: performance.now() - began, output: () => text, exited });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => fail(new Error(`the ${label} bot exited (${signal ?? `code ${code}`}) before it was ready; output:\n${text}`)));
  });
}

/** Stops a bot with SIGTERM (SIGKILL after 10 s) and waits for it to exit. */
export async function stopBot(started: Started): Promise<void> {
  if (started.child.exitCode !== null) return;
  const timer = setTimeout(() => started.child.kill('SIGKILL'), 10_000);
  started.child.kill('SIGTERM');
  await started.exited;
  clearTimeout(timer);
}

/** Runs the benchmark, printing as it goes; resolves with every start's figures and the ratios. */
export async function runProductionBenchmark(options: ProductionBenchOptions, print: (line: string) => void = console.log): Promise<ProductionBenchResult> {
  if (process.platform !== 'linux') throw new Error('the production benchmark reads memory from /proc/<pid>/status, so it runs on Linux only');
  const builtAt = ensureBuild(print);
  const shipped = loadInstanceConfig(join(ROOT, 'bot.config.yaml'), {}).cogs;
  const count = (n: number) => n.toLocaleString('en-US');
  print(`Production benchmark: a bare discord.js bot and the Cogsmith bot (npm start on the compiled build of ${builtAt}, cogs ${shipped.join(', ')}, json storage), same simulator, real processes`);
  print(`  per start: spawn to ready; RSS ${options.settleMs} ms after ready; peak RSS while ${count(options.messages)} !pings are answered (${options.channels} channels, ${options.members} members, ${options.inFlight} in flight)`);
  print(`  ${options.repeats} start(s) of each, alternating which goes first; medians compared. Load average at start: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);

  const dir = mkdtempSync(join(tmpdir(), 'cogsmith-bench-production-'));
  // Discord's real heartbeat interval: the simulator's short test default would add heartbeats to the figures.
  const sim = await Simulator.start({ heartbeatIntervalMs: 41_250 });
  const starts: StartFigures[] = [];
  try {
    const world = buildWorld(sim, { channels: options.channels, members: options.members });
    const intents = intentBits(createInstanceConfig({}).discord.intents);
    const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DISCORD_TOKEN: sim.token, COGSMITH_DISCORD_API: sim.apiUrl };
    for (let repeat = 1; repeat <= options.repeats; repeat++) {
      const order: ProductionVariant[] = repeat % 2 === 1 ? ['bare', 'cogsmith'] : ['cogsmith', 'bare'];
      for (const variant of order) {
        let started: Started;
        if (variant === 'bare') {
          started = await startBot(['--require', REST_LIMIT, BARE_BOT], { ...base, COGSMITH_BENCH_INTENTS: String(intents) }, /^Ready$/m, 'bare');
        } else {
          const config = join(dir, `bot-${repeat}.config.yaml`);
          writeFileSync(config, `cogs: ${JSON.stringify(shipped)}\nstorage:\n  driver: json\n  path: ${JSON.stringify(join(dir, `data-${repeat}`))}\n`);
          const env = { ...base, COGSMITH_CONFIG: config, COGSMITH_LOG_FORMAT: 'json', NODE_OPTIONS: `--require ${REST_LIMIT}` };
          started = await startBot([join(ROOT, 'runtime/host/launch.mjs'), 'runtime/cli/start.ts'], env, /Ready: logged in/, 'Cogsmith');
          if (!started.output().includes('Running the compiled build in dist/')) {
            await stopBot(started);
            throw new Error(`npm start did not run the compiled build:\n${started.output()}`);
          }
        }
        try {
          const pid = started.child.pid!;
          await new Promise((resolve) => setTimeout(resolve, options.settleMs));
          const rssAfterReady = procStatus(pid, 'VmRSS');
          const peakFromReady = resetPeak(pid);
          const workloadMs = await runWorkload(sim, world, { messages: options.messages, inFlight: options.inFlight, replyTimeoutMs: options.replyTimeoutMs, command: '!ping', expectReply: 'Pong!' });
          starts.push({ variant, repeat, readyMs: started.readyMs, rssAfterReadyBytes: rssAfterReady, peakBytes: procStatus(pid, 'VmHWM'), peakFromReady, workloadMs });
        } finally {
          await stopBot(started);
        }
      }
    }
    if (sim.internalErrors.length > 0) throw new Error(`the simulator failed internally ${sim.internalErrors.length} time(s); first: ${String(sim.internalErrors[0])}`);
  } finally {
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  print('');
  print('| start | bot | spawn to ready | RSS after ready | peak RSS under load | load time |');
  print('|---|---|---:|---:|---:|---:|');
  for (const s of starts) {
    print(`| ${s.repeat} | ${s.variant} | ${s.readyMs.toFixed(0)} ms | ${mb(s.rssAfterReadyBytes).toFixed(1)} MB | ${mb(s.peakBytes).toFixed(1)} MB${s.peakFromReady ? '' : ' (incl. start-up)'} | ${(s.workloadMs / 1000).toFixed(1)} s |`);
  }
  const of = (variant: ProductionVariant, pick: (s: StartFigures) => number) => median(starts.filter((s) => s.variant === variant).map(pick));
  const ratio = (name: string, unit: Ratio['unit'], target: number, pick: (s: StartFigures) => number): Ratio => {
    const bare = of('bare', pick);
    const cogsmith = of('cogsmith', pick);
    return { name, unit, target, bare, cogsmith, ratio: cogsmith / bare };
  };
  const ratios = [
    ratio('memory after ready', 'MB', 1.15, (s) => mb(s.rssAfterReadyBytes)),
    ratio('peak memory under load', 'MB', 1.15, (s) => mb(s.peakBytes)),
    ratio('spawn to ready', 'ms', 1.5, (s) => s.readyMs),
  ];
  print('');
  for (const r of ratios) {
    const figure = (n: number) => (r.unit === 'MB' ? `${n.toFixed(1)} MB` : `${n.toFixed(0)} ms`);
    print(`${r.name}: bare ${figure(r.bare)}, Cogsmith ${figure(r.cogsmith)}: ${r.ratio.toFixed(3)}× (target ≤ ${r.target}×: ${r.ratio <= r.target ? 'met' : 'missed'})`);
  }
  print(`(load average at end: ${loadavg().map((n) => n.toFixed(2)).join(' ')})`);
  return { starts, ratios };
}
