/**
 * The scale benchmark, run for real at a tiny size: both bots as processes (the Cogsmith one through npm
 * start on the compiled build), a simulator of bulk guilds per size, the probe inside each bot. It checks
 * every run reports its guilds and shards and that the side-by-side table is printed; nothing here
 * asserts on memory or speed.
 */
import { expect, it } from 'vitest';
import { DEFAULT_SCALE_OPTIONS, runScaleBenchmark } from '../../bench/scale/lib/benchmark.js';

it('GIVEN 1,500 guilds WHEN the scale benchmark runs THEN each bot is measured at 0 and 1,500 guilds on the recommended shards, and the ratios are printed side by side', async () => {
  const lines: string[] = [];
  const result = await runScaleBenchmark({ ...DEFAULT_SCALE_OPTIONS, sizes: [1500], settleMs: 0, readyTimeoutMs: 120_000 }, (line) => lines.push(line));
  expect(result.runs.map((r) => [r.variant, r.size, r.guilds, r.shards])).toEqual([
    ['bare', 0, 0, 1],
    ['cogsmith', 0, 0, 1],
    ['cogsmith', 1500, 1500, 2],
    ['bare', 1500, 1500, 2],
  ]);
  for (const run of result.runs) {
    expect(run.heapUsed).toBeGreaterThan(1048576);
    expect(run.rss).toBeGreaterThan(run.heapUsed);
  }
  const [c] = result.comparisons;
  expect(c!.size).toBe(1500);
  for (const v of ['bare', 'cogsmith'] as const) expect(c!.ingestPerSecond[v]).toBeGreaterThan(0);
  expect(lines.join('\n')).toMatch(/^\| 1,500 \| -?[\d.]+ \/ -?[\d.]+ \(-?[\d.]+×\) MB \| -?[\d.]+ \/ -?[\d.]+ \(-?[\d.]+×\) MB \| \d+ \/ \d+ \([\d.]+×\) \|$/m);
}, 300_000);
