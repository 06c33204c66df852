/**
 * The production benchmark, run for real at a tiny size: both bots as processes (the Cogsmith one through
 * npm start on the compiled build, which it builds first when needed), the simulator, a few `!ping`s.
 * It checks the figures are there and the three ratios are printed; nothing here asserts on timing.
 */
import { expect, it } from 'vitest';
import { DEFAULT_PRODUCTION_OPTIONS, runProductionBenchmark } from '../../bench/production/lib/benchmark.js';

it.runIf(process.platform === 'linux')('GIVEN 20 messages and one start of each WHEN the production benchmark runs THEN it prints a row per start and the three ratios against their targets', async () => {
  const lines: string[] = [];
  const result = await runProductionBenchmark({ ...DEFAULT_PRODUCTION_OPTIONS, messages: 20, repeats: 1, channels: 3, members: 2, inFlight: 4, settleMs: 0 }, (line) => lines.push(line));
  const text = lines.join('\n');
  expect(result.starts.map((s) => s.variant)).toEqual(['bare', 'cogsmith']);
  for (const start of result.starts) {
    expect(start.readyMs).toBeGreaterThan(0);
    expect(start.rssAfterReadyBytes).toBeGreaterThan(10 * 1048576);
    expect(start.peakBytes).toBeGreaterThan(0);
  }
  expect(result.ratios.map((r) => [r.name, r.target])).toEqual([
    ['memory after ready', 1.15],
    ['peak memory under load', 1.15],
    ['spawn to ready', 1.5],
  ]);
  for (const r of result.ratios) expect(r.ratio).toBeCloseTo(r.cogsmith / r.bare, 10);
  expect(text).toMatch(/^memory after ready: bare [\d.]+ MB, Cogsmith [\d.]+ MB: \d\.\d{3}× \(target ≤ 1\.15×: (met|missed)\)$/m);
  expect(text).toMatch(/^peak memory under load: bare [\d.]+ MB, Cogsmith [\d.]+ MB: \d\.\d{3}× \(target ≤ 1\.15×: (met|missed)\)$/m);
  expect(text).toMatch(/^spawn to ready: bare \d+ ms, Cogsmith \d+ ms: \d\.\d{3}× \(target ≤ 1\.5×: (met|missed)\)$/m);
  expect(text).toMatch(/^\| 1 \| cogsmith \| \d+ ms \| [\d.]+ MB \| [\d.]+ MB/m);
}, 180_000);
