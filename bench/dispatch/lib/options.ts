/**
 * Command-line options of the dispatch benchmark, with defaults sized for a full run of under two minutes
 * on two cores. A bad value is an error naming the flag and what it takes.
 */
import { parseArgs } from 'node:util';
import { SCENARIOS, type Scenario } from './protocol.js';

export interface DispatchBenchOptions {
  /** The command both variants answer: `ping` or `give` (three converted options, a check, a cooldown). */
  scenario: Scenario;
  /** The workload: measured messages per variant per repeat (the issue's 10,000). */
  messages: number;
  /** How many times each variant runs the workload. */
  repeats: number;
  /** Messages per measured segment; the variants take turns segment by segment (bare, cogsmith | cogsmith, bare | ...). */
  segment: number;
  /** Messages answered, unmeasured, when a bot process first connects, so both variants run warm JIT. */
  warmup: number;
  /** Messages answered, unmeasured, after every later reconnect (a fresh client: new sockets, empty caches). */
  rewarm: number;
  /** Messages waiting for their reply at once. */
  inFlight: number;
  channels: number;
  members: number;
  /** How long one message may wait for its reply before the benchmark fails. */
  replyTimeoutMs: number;
}

export const DEFAULT_OPTIONS: DispatchBenchOptions = {
  scenario: 'ping',
  messages: 10_000,
  repeats: 3,
  segment: 2_000,
  warmup: 5_000,
  rewarm: 100,
  inFlight: 64,
  channels: 50,
  members: 10,
  replyTimeoutMs: 15_000,
};

// The numeric flags (`--scenario` is parsed on its own).
const FLAGS: Record<string, { key: Exclude<keyof DispatchBenchOptions, 'scenario'>; min: number; what: string }> = {
  messages: { key: 'messages', min: 1, what: 'measured messages per variant per repeat' },
  repeats: { key: 'repeats', min: 1, what: 'times each variant runs the workload' },
  segment: { key: 'segment', min: 1, what: 'messages per measured segment' },
  warmup: { key: 'warmup', min: 0, what: 'warm-up messages when a bot process first connects' },
  rewarm: { key: 'rewarm', min: 0, what: 'warm-up messages after each reconnect' },
  'in-flight': { key: 'inFlight', min: 1, what: 'messages awaiting a reply at once' },
  channels: { key: 'channels', min: 1, what: 'text channels' },
  members: { key: 'members', min: 1, what: 'members saying !ping' },
  'reply-timeout-ms': { key: 'replyTimeoutMs', min: 1, what: 'ms to wait for one reply' },
};

/** The usage line printed with --help and with every option error. */
export const USAGE = `Usage: vite-node bench/dispatch/dispatch.ts [--scenario ${SCENARIOS.join('|')}] [${Object.keys(FLAGS)
  .map((f) => `--${f} N`)
  .join('] [')}]`;

/** An option on the command line was wrong; the message names it. */
export class BenchOptionError extends Error {
  override readonly name = 'BenchOptionError';
}

/** Parses `--messages 10000`-style flags (also `--messages=10000`) over the defaults. */
export function parseDispatchArgs(argv: readonly string[]): DispatchBenchOptions & { help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: 'string' as const }])),
        scenario: { type: 'string' as const },
        help: { type: 'boolean' as const, short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new BenchOptionError(`${(error as Error).message}\n${USAGE}`);
  }
  const options: DispatchBenchOptions = { ...DEFAULT_OPTIONS };
  const scenario = parsed.values.scenario;
  if (scenario !== undefined) {
    if (!(SCENARIOS as readonly string[]).includes(scenario)) {
      throw new BenchOptionError(`--scenario takes one of ${SCENARIOS.join(', ')} (the command both bots answer); got ${JSON.stringify(scenario)}.\n${USAGE}`);
    }
    options.scenario = scenario as Scenario;
  }
  for (const [flag, spec] of Object.entries(FLAGS)) {
    const raw = (parsed.values as Record<string, string | boolean | undefined>)[flag];
    if (raw === undefined) continue;
    const value = Number(String(raw).replaceAll('_', ''));
    if (!Number.isSafeInteger(value) || value < spec.min) {
      throw new BenchOptionError(`--${flag} takes a whole number of at least ${spec.min} (${spec.what}); got ${JSON.stringify(raw)}.\n${USAGE}`);
    }
    options[spec.key] = value;
  }
  return { ...options, help: parsed.values.help === true };
}

/** The measured segments of one repeat: `segment` messages each, the last one taking what is left. */
export function segmentSizes(messages: number, segment: number): number[] {
  const sizes = Array.from({ length: Math.floor(messages / segment) }, () => segment);
  if (messages % segment > 0) sizes.push(messages % segment);
  return sizes;
}
