/**
 * `npm run bench [-- name ... --flag ...]`: runs every benchmark under bench/ (each `bench/<area>/<name>.ts`)
 * in turn, each in its own process, and prints their output. Names filter by path; the arguments from the
 * first flag on go to the benchmarks, e.g. `npm run bench -- dispatch --messages 2000`.
 * Exits non-zero if any benchmark failed; figures are printed, never asserted.
 */
import { fileURLToPath } from 'node:url';
import { findBenchmarks, runBenchmarks, splitRunnerArgs } from './lib/runner.js';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

const { filters, args } = splitRunnerArgs(process.argv.slice(2));
const outcomes = await runBenchmarks(findBenchmarks(benchDir), { root, filters, args });
if (outcomes.length === 0 || outcomes.some((o) => o.exit !== 0)) process.exitCode = 1;
