/**
 * Dispatch benchmark (run: npx vite-node bench/dispatch/dispatch.ts [--messages N] ...; --help for all flags).
 * Same workload (`!ping`, or `--scenario give`: three converted options, a check, a cooldown) on bare
 * discord.js and on Cogsmith against the simulator, side by side; prints
 * messages/s and bot CPU time per message for both and their ratio. Figures are printed, not asserted.
 */
import { runDispatchBenchmark } from './lib/benchmark.js';
import { BenchOptionError, parseDispatchArgs, USAGE } from './lib/options.js';

async function main(): Promise<void> {
  let options;
  try {
    options = parseDispatchArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BenchOptionError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  await runDispatchBenchmark(options);
}

main().catch((error: unknown) => {
  process.stderr.write(`dispatch benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
