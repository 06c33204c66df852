/**
 * Dispatch benchmark (run: npx vite-node bench/dispatch/dispatch.ts [--messages N] ...; --help for all flags).
 * Same workload (`!ping`, or `--scenario give`: three converted options, a check, a cooldown) on bare
 * discord.js and on Cogsmith against the simulator, side by side; prints
 * messages/s and bot CPU time per message for both and their ratio. Figures are printed, not asserted.
 */
import { runBenchmarkEntry } from '../lib/main.js';
import { runDispatchBenchmark } from './lib/benchmark.js';
import { BenchOptionError, parseDispatchArgs, USAGE } from './lib/options.js';

runBenchmarkEntry('dispatch', USAGE, parseDispatchArgs, runDispatchBenchmark, (error) => error instanceof BenchOptionError);
