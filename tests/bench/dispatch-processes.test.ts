/**
 * The dispatch-across-processes benchmark, run for real at a tiny size: the Cogsmith bot through its
 * supervisor (4 shards in 1 and 2 processes, on PostgreSQL) answering a flood of `!ping`s. It checks each
 * run answered every message with the process tree it should have (the supervisor plus P processes) and that
 * the side-by-side table is printed; nothing here asserts on speed. It needs a real PostgreSQL server
 * (COGSMITH_TEST_POSTGRES_URL, set by CI): the supervisor's processes share one database.
 */
import { expect, it } from 'vitest';
import { DEFAULT_DISPATCH_PROCESSES_OPTIONS, runDispatchProcessesBenchmark } from '../../bench/scale/lib/dispatch-processes.js';

const PG = process.env.COGSMITH_TEST_POSTGRES_URL;
if (!PG) console.log('dispatch-processes bench smoke test skipped: set COGSMITH_TEST_POSTGRES_URL to a real PostgreSQL server (the supervisor needs one several processes share).');

it.skipIf(!PG)('GIVEN 4 shards WHEN the benchmark runs them in 1 and 2 processes THEN every run answers its flood with the supervisor and P processes, and the table is printed', async () => {
  const lines: string[] = [];
  const runs = await runDispatchProcessesBenchmark({ ...DEFAULT_DISPATCH_PROCESSES_OPTIONS, messages: 200, warmup: 20, processes: [1, 2], bare: false, postgresUrl: PG! }, (line) => lines.push(line));
  expect(runs.map((r) => [r.variant, r.processes, r.treeSize, r.messages])).toEqual([
    ['cogsmith', 1, 2, 200],
    ['cogsmith', 2, 3, 200],
  ]);
  for (const run of runs) expect(run.cpuMicrosPerMessage).toBeGreaterThan(0);
  expect(lines.join('\n')).toMatch(/^\| Cogsmith 2 processes \| 2 \(3\) \| [\d,]+ \| [\d.]+× \|/m);
}, 300_000);
