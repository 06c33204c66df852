/**
 * The dispatch benchmark: the same `!ping` workload against a bare discord.js bot and against the Cogsmith
 * Bot with the general cog, one simulator for the whole run, the variants taking turns in short segments.
 *
 * CPU attribution: each variant's bot runs in its own child process, which reports process.cpuUsage() over
 * IPC right before and after each measured segment, so its figure holds the bot's work only (gateway
 * decoding, the handler, REST, GC). The simulator and the load run in this process; their CPU is shown
 * apart, for reference.
 *
 * Noise: both child processes live for the whole run (warm JIT) and connect a fresh bot for each segment;
 * segments alternate bare/cogsmith, cogsmith/bare, ... so drift and other load on the machine hit both
 * alike. Wall-clock figures still move with other load (the load average is printed); CPU time per message
 * moves much less.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { intentBits } from '../../../runtime/discord/client.js';
import { createInstanceConfig } from '../../../runtime/instance/config.js';
import { Simulator } from '../../../runtime/testing/index.js';
import { BotChild } from './bot-child.js';
import { GIVE_REPLY_PREFIX, giveCommand } from './give.js';
import { segmentSizes, type DispatchBenchOptions } from './options.js';
import type { Variant } from './protocol.js';
import { formatReport, ratios, totalsFor, type Ratios, type RunResult, type VariantTotals } from './report.js';
import { buildWorld, runWorkload, type WorkloadOptions } from './workload.js';

export interface DispatchBenchResult {
  runs: RunResult[];
  bare: VariantTotals;
  cogsmith: VariantTotals;
  ratios: Ratios;
}

/** The order of the variants in the n-th turn (1-based): alternating, so drift over the run hits both alike. */
export function turnOrder(turn: number): Variant[] {
  return turn % 2 === 1 ? ['bare', 'cogsmith'] : ['cogsmith', 'bare'];
}

function load(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
}

/** Runs the benchmark, printing as it goes through `print`; resolves with the figures. */
export async function runDispatchBenchmark(options: DispatchBenchOptions, print: (line: string) => void = console.log): Promise<DispatchBenchResult> {
  const began = performance.now();
  const sizes = segmentSizes(options.messages, options.segment);
  const count = (n: number) => n.toLocaleString('en-US');
  print(
    options.scenario === 'give'
      ? 'Dispatch benchmark: "!give <member> <amount> [reason...]" (3 converted options, a guild-only check, a cooldown) answered by a bare discord.js client parsing by hand and by the Cogsmith Bot (give fixture cog), same simulator'
      : 'Dispatch benchmark: "!ping" answered by a bare discord.js client and by the Cogsmith Bot (general cog), same simulator',
  );
  print(
    `  workload: ${count(options.messages)} messages over ${options.channels} channels by ${options.members} members, ${options.inFlight} in flight; ` +
      `each variant runs it ${options.repeats} time(s), the variants taking turns every ${count(options.segment)} messages`,
  );
  print(`  warm-up: ${count(options.warmup)} messages when a bot process first connects, ${count(options.rewarm)} after each reconnect (not measured)`);
  print('  CPU µs/msg: the bot process alone (a child process; its process.cpuUsage() sent over IPC). sim CPU µs/msg: this process (simulator + load).');
  print(`  load average at start: ${load()}`);
  // Discord's real heartbeat interval: the simulator's short test default would add heartbeats to the figures.
  const sim = await Simulator.start({ heartbeatIntervalMs: 41_250 });
  const children = new Map<Variant, BotChild>([
    ['bare', new BotChild('bare')],
    ['cogsmith', new BotChild('cogsmith')],
  ]);
  const warmed = new Set<Variant>();
  const runs: RunResult[] = [];
  try {
    const world = buildWorld(sim, { channels: options.channels, members: options.members });
    // Both variants identify with the instance's default intents, so both receive the same events.
    const intents = intentBits(createInstanceConfig({}).discord.intents);
    const memberIds = world.members.map((m) => m.id);
    const command: Pick<WorkloadOptions, 'command' | 'expectReply'> =
      options.scenario === 'give' ? { command: (i) => giveCommand(i, memberIds), expectReply: GIVE_REPLY_PREFIX } : { command: '!ping', expectReply: 'Pong!' };
    const workload = (messages: number): WorkloadOptions => ({ messages, inFlight: options.inFlight, replyTimeoutMs: options.replyTimeoutMs, ...command });
    let turn = 0;
    for (let repeat = 1; repeat <= options.repeats; repeat++) {
      for (const size of sizes) {
        turn++;
        for (const variant of turnOrder(turn)) {
          const child = children.get(variant)!;
          try {
            await child.connect({ variant, scenario: options.scenario, apiUrl: sim.apiUrl, token: sim.token, intents });
            const warmup = warmed.has(variant) ? options.rewarm : options.warmup;
            warmed.add(variant);
            if (warmup > 0) await runWorkload(sim, world, workload(warmup));
            const botBefore = await child.cpu();
            const simBefore = process.cpuUsage();
            const wallMs = await runWorkload(sim, world, workload(size));
            const simCpu = process.cpuUsage(simBefore);
            const botAfter = await child.cpu();
            await child.disconnect();
            runs.push({
              repeat,
              variant,
              messages: size,
              wallMs,
              botCpuMicros: botAfter.userMicros + botAfter.systemMicros - botBefore.userMicros - botBefore.systemMicros,
              simCpuMicros: simCpu.user + simCpu.system,
            });
          } catch (error) {
            throw new Error(`The ${variant} bot failed in repeat ${repeat}: ${(error as Error).message}`, { cause: error });
          }
        }
      }
    }
    if (sim.internalErrors.length > 0) {
      throw new Error(`the simulator failed internally ${sim.internalErrors.length} time(s); first: ${String(sim.internalErrors[0])}`);
    }
  } finally {
    await Promise.all([...children.values()].map((c) => c.exit()));
    await sim.stop();
  }
  print('');
  for (const line of formatReport(runs)) print(line);
  print(`(load average at end: ${load()}; total time ${((performance.now() - began) / 1000).toFixed(1)} s)`);
  const bare = totalsFor('bare', runs);
  const cogsmith = totalsFor('cogsmith', runs);
  return { runs, bare, cogsmith, ratios: ratios(bare, cogsmith) };
}
