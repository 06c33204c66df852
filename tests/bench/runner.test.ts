/**
 * `npm run bench`'s runner: which files are benchmarks, and that each runs as its own process, in turn,
 * whatever the previous one did.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBenchmarks, runBenchmarks, splitRunnerArgs } from '../../bench/lib/runner.js';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'cogsmith-bench-runner-'));
  const file = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  file('bench/run.ts', 'throw new Error("the entry is not a benchmark");\n');
  file('bench/lib/runner.ts', 'throw new Error("the runner is not a benchmark");\n');
  file('bench/alpha/first.ts', `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(join(root, 'order.txt'))}, 'first\\n');\n`);
  file('bench/alpha/first/helper.ts', 'throw new Error("helpers in sub-folders are not benchmarks");\n');
  file('bench/alpha/notes.md', 'not code\n');
  file('bench/beta/broken.ts', `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(join(root, 'order.txt'))}, 'broken\\n');\nprocess.exit(3);\n`);
  file('bench/beta/last.ts', `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(join(root, 'order.txt'))}, 'last ' + JSON.stringify(process.argv.slice(2)) + '\\n');\n`);
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('bench runner', () => {
  it('splits its arguments: names before the first flag filter, the rest goes to the benchmarks', () => {
    expect(splitRunnerArgs(['dispatch'])).toEqual({ filters: ['dispatch'], args: [] });
    expect(splitRunnerArgs(['dispatch', '--messages', '2000'])).toEqual({ filters: ['dispatch'], args: ['--messages', '2000'] });
    expect(splitRunnerArgs(['--help'])).toEqual({ filters: [], args: ['--help'] });
  });

  it('GIVEN a bench folder THEN the benchmarks are the .ts files one level down, outside bench/lib, sorted', () => {
    expect(findBenchmarks(join(root, 'bench')).map((f) => f.slice(root.length + 1))).toEqual(['bench/alpha/first.ts', 'bench/beta/broken.ts', 'bench/beta/last.ts']);
  });

  it('GIVEN one failing benchmark WHEN all run THEN each ran in turn as its own process and the failure is reported', async () => {
    const lines: string[] = [];
    const outcomes = await runBenchmarks(findBenchmarks(join(root, 'bench')), { root, print: (l) => lines.push(l) });
    expect(outcomes.map((o) => [o.file, o.exit])).toEqual([
      ['bench/alpha/first.ts', 0],
      ['bench/beta/broken.ts', 3],
      ['bench/beta/last.ts', 0],
    ]);
    expect(readFileSync(join(root, 'order.txt'), 'utf8')).toBe('first\nbroken\nlast []\n');
    expect(lines).toContain('=== bench/beta/broken.ts: FAILED (exit 3) in ' + outcomes[1]!.seconds.toFixed(1) + ' s ===');
    expect(lines.at(-1)).toBe('\n2 of 3 benchmark(s) finished; failed: bench/beta/broken.ts.');
  }, 60_000);

  it('GIVEN a filter and arguments THEN only matching benchmarks run, with the arguments; a filter matching none says what exists', async () => {
    const lines: string[] = [];
    const files = findBenchmarks(join(root, 'bench'));
    const { filters, args } = splitRunnerArgs(['last', '--messages', '50']);
    expect((await runBenchmarks(files, { root, filters, args, print: (l) => lines.push(l) })).map((o) => o.file)).toEqual(['bench/beta/last.ts']);
    expect(readFileSync(join(root, 'order.txt'), 'utf8')).toBe('last ["--messages","50"]\n');
    expect(await runBenchmarks(files, { root, filters: ['nothing'], print: (l) => lines.push(l) })).toEqual([]);
    expect(lines.at(-1)).toBe('No benchmark matches "nothing"; there are: bench/alpha/first.ts, bench/beta/broken.ts, bench/beta/last.ts');
  }, 60_000);
});
