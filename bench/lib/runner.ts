/**
 * What `npm run bench` does (entry: bench/run.ts): find every benchmark under bench/ and run each in turn as
 * its own child process under vite-node, its output printed as it comes.
 *
 * A benchmark is any `bench/<area>/<name>.ts` file (one level down; nested folders hold helpers). The
 * `bench/lib` folder is the runner's own and is skipped.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);

/** Benchmark files under `benchDir`, sorted, as absolute paths. */
export function findBenchmarks(benchDir: string): string[] {
  const found: string[] = [];
  for (const area of readdirSync(benchDir).sort()) {
    const dir = join(benchDir, area);
    if (area === 'lib' || area.startsWith('.') || !statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).sort()) {
      if (file.endsWith('.ts') && !file.endsWith('.d.ts') && statSync(join(dir, file)).isFile()) found.push(join(dir, file));
    }
  }
  return found;
}

export interface BenchmarkOutcome {
  file: string;
  /** The exit code (or the signal's name when it was killed). */
  exit: number | string;
  seconds: number;
}

export interface RunBenchmarksOptions {
  /** The folder names are shown relative to (the repository root). */
  root: string;
  /** Only benchmarks whose relative path contains one of these (all when empty). */
  filters?: readonly string[];
  /** Arguments given to every selected benchmark (e.g. `--messages 2000`). */
  args?: readonly string[];
  /** Where the runner's own lines go; the benchmarks write to this process's stdout and stderr directly. */
  print?: (line: string) => void;
}

/** Runs each benchmark in turn, whatever happened to the previous ones; resolves with every outcome. */
export async function runBenchmarks(files: readonly string[], options: RunBenchmarksOptions): Promise<BenchmarkOutcome[]> {
  const print = options.print ?? ((line: string) => console.log(line));
  const filters = options.filters ?? [];
  const selected = files.filter((f) => filters.length === 0 || filters.some((needle) => relative(options.root, f).includes(needle)));
  if (selected.length === 0) {
    print(filters.length ? `No benchmark matches ${filters.map((f) => JSON.stringify(f)).join(', ')}; there are: ${files.map((f) => relative(options.root, f)).join(', ')}` : 'No benchmarks found.');
    return [];
  }
  const outcomes: BenchmarkOutcome[] = [];
  for (const file of selected) {
    const name = relative(options.root, file);
    print(`\n=== ${name} ===`);
    const began = performance.now();
    const exit = await runOne(file, options.root, options.args ?? []);
    const seconds = (performance.now() - began) / 1000;
    outcomes.push({ file: name, exit, seconds });
    print(`=== ${name}: ${exit === 0 ? 'done' : `FAILED (exit ${exit})`} in ${seconds.toFixed(1)} s ===`);
  }
  const failed = outcomes.filter((o) => o.exit !== 0);
  print(`\n${outcomes.length - failed.length} of ${outcomes.length} benchmark(s) finished${failed.length ? `; failed: ${failed.map((o) => o.file).join(', ')}` : ''}.`);
  return outcomes;
}

/**
 * Splits the runner's arguments: names (filters) first, then from the first flag on, arguments for the
 * benchmarks. (vite-node drops every `--` before the script sees its arguments, so flags mark the split.)
 */
export function splitRunnerArgs(argv: readonly string[]): { filters: string[]; args: string[] } {
  const first = argv.findIndex((a) => a.startsWith('-'));
  return first === -1 ? { filters: [...argv], args: [] } : { filters: argv.slice(0, first), args: argv.slice(first) };
}

function runOne(file: string, cwd: string, args: readonly string[]): Promise<number | string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [require.resolve('vite-node/cli'), file, ...args], { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', (error) => {
      process.stderr.write(`could not run ${file}: ${error.message}\n`);
      resolve(-1);
    });
    child.once('exit', (code, signal) => resolve(signal ?? code ?? -1));
  });
}
