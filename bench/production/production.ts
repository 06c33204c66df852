/**
 * Production benchmark (run: npm run bench -- production [--messages N] [--repeats N] ...; --help for all
 * flags): a bare discord.js bot and the Cogsmith bot as `npm start` runs it on the compiled build (every
 * shipped cog, json storage) on one simulator, as real processes; prints spawn to ready, RSS after ready
 * and peak RSS under a `!ping` workload for both, and the Cogsmith/bare ratios against the targets
 * (≤ 1.15×, ≤ 1.15×, ≤ 1.5×). Builds first when dist/ is not current. Figures are printed, never asserted.
 */
import { parseArgs } from 'node:util';
import { runBenchmarkEntry } from '../lib/main.js';
import { DEFAULT_PRODUCTION_OPTIONS, runProductionBenchmark, type ProductionBenchOptions } from './lib/benchmark.js';

const FLAGS: Record<string, keyof ProductionBenchOptions> = {
  messages: 'messages',
  repeats: 'repeats',
  'in-flight': 'inFlight',
  channels: 'channels',
  members: 'members',
  'settle-ms': 'settleMs',
  'reply-timeout-ms': 'replyTimeoutMs',
};
const USAGE = `Usage: npm run bench -- production ${Object.keys(FLAGS)
  .map((f) => `[--${f} N]`)
  .join(' ')}`;

/** The options from the command line over the defaults; a bad value names the flag. */
function parseProductionArgs(argv: readonly string[]): ProductionBenchOptions & { help: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    options: { ...Object.fromEntries(Object.keys(FLAGS).map((f) => [f, { type: 'string' as const }])), help: { type: 'boolean' as const, short: 'h' } },
    strict: true,
  });
  const options: ProductionBenchOptions = { ...DEFAULT_PRODUCTION_OPTIONS };
  for (const [flag, key] of Object.entries(FLAGS)) {
    const raw = (values as Record<string, string | boolean | undefined>)[flag];
    if (raw === undefined) continue;
    const value = Number(String(raw).replaceAll('_', ''));
    if (!Number.isSafeInteger(value) || value < (key === 'settleMs' ? 0 : 1)) throw new Error(`--${flag} takes a whole number of at least ${key === 'settleMs' ? 0 : 1}; got ${JSON.stringify(raw)}.\n${USAGE}`);
    options[key] = value;
  }
  return { ...options, help: values.help === true };
}

runBenchmarkEntry('production', USAGE, parseProductionArgs, runProductionBenchmark);
