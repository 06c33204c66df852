/**
 * Dispatch across processes (issue 12; run: npm run bench -- dispatch-processes [--messages N] [--warmup N]
 * [--in-flight N] [--processes 1,2,4] [--no-bare]; --help for usage): the Cogsmith bot with 4 shards in 1, 2
 * and 4 processes (the supervisor on PostgreSQL: COGSMITH_TEST_POSTGRES_URL, else
 * postgres://postgres@127.0.0.1:5432/test) and a bare discord.js baseline answering a flood of `!ping`s over
 * guilds on every shard; msgs/s and CPU per message over all bot processes, side by side (lib/dispatch-processes.ts).
 * Figures are printed, never asserted.
 */
import { parseArgs } from 'node:util';
import { runBenchmarkEntry } from '../lib/main.js';
import { DEFAULT_DISPATCH_PROCESSES_OPTIONS, runDispatchProcessesBenchmark, type DispatchProcessesOptions } from './lib/dispatch-processes.js';

const USAGE = 'Usage: npm run bench -- dispatch-processes [--messages N] [--warmup N] [--in-flight N] [--processes 1,2,4] [--no-bare]';

/** The options from the command line over the defaults; a bad value names the flag. */
function parseProcessesArgs(argv: readonly string[]): DispatchProcessesOptions & { help: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    options: { messages: { type: 'string' }, warmup: { type: 'string' }, 'in-flight': { type: 'string' }, processes: { type: 'string' }, 'no-bare': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  const whole = (flag: string, raw: string, min: number) => {
    const value = Number(raw.replaceAll('_', ''));
    if (!Number.isSafeInteger(value) || value < min) throw new Error(`--${flag} takes whole numbers of at least ${min}; got ${JSON.stringify(raw)}.\n${USAGE}`);
    return value;
  };
  const options: DispatchProcessesOptions = { ...DEFAULT_DISPATCH_PROCESSES_OPTIONS, postgresUrl: process.env.COGSMITH_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test' };
  if (values.messages !== undefined) options.messages = whole('messages', values.messages, 1);
  if (values.warmup !== undefined) options.warmup = whole('warmup', values.warmup, 0);
  if (values['in-flight'] !== undefined) options.inFlight = whole('in-flight', values['in-flight'], 1);
  if (values.processes !== undefined) {
    options.processes = values.processes.split(',').map((p) => whole('processes', p.trim(), 1));
    const over = options.processes.find((p) => p > 4);
    if (over !== undefined) throw new Error(`--processes takes at most 4 (the benchmark runs 4 shards); got ${over}.\n${USAGE}`);
  }
  if (values['no-bare']) options.bare = false;
  return { ...options, help: values.help === true };
}

runBenchmarkEntry('dispatch-processes', USAGE, parseProcessesArgs, runDispatchProcessesBenchmark);
