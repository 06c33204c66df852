/**
 * Latency of the postgres config driver's `set` and `increment` against a bare `pg` upsert of the same
 * row, side by side in one run (interleaved, so drift hits all alike). Prints p50 / mean / p95 and the
 * driver/bare ratios, against the bare upsert run plainly and as a prepared statement. Measured, not asserted.
 *
 *   npx vite-node bench/config/postgres.ts        (COGSMITH_TEST_POSTGRES_URL or the local default server)
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { PostgresDriver } from '../../runtime/drivers/postgres/index.js';
import type { Address } from '../../runtime/drivers/types.js';

const url = process.env.COGSMITH_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';
const iterations = Number(process.env.BENCH_ITERATIONS ?? 2000);
const warmup = 200;
const schema = `bench_config_${process.pid}`;

const ns = { cogName: 'Economy', identifier: '42' };
const at: Address = { scope: 'MEMBER', keyCount: 2, primaryKeys: ['1000', '2000'], path: ['coins'] };

const driver = new PostgresDriver({ url, schema, pool: { max: 4 } });
await driver.open(); // creates the schema and table the bare queries use too
const bare = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });

// The bare baseline: one hand-written upsert of the same row, no path checks, no NOTIFY, no drizzle;
// run plain (parsed on every call) and as a named prepared statement (as the driver runs its statements).
const SET_SQL = `insert into config_documents (cog_name, identifier, scope, key_path, primary_keys, data)
     values ($1, $2, 'MEMBER', '4:10004:2000', '{1000,2000}', jsonb_build_object('coins', $3::jsonb))
     on conflict (cog_name, identifier, scope, key_path) do update set data = jsonb_set(config_documents.data, '{coins}', $3::jsonb, true)`;
const INCREMENT_SQL = `insert into config_documents (cog_name, identifier, scope, key_path, primary_keys, data)
       values ($1, $2, 'MEMBER', '4:10004:2000', '{1000,2000}', '{"coins": 1}')
       on conflict (cog_name, identifier, scope, key_path) do update
         set data = jsonb_set(config_documents.data, '{coins}', to_jsonb(coalesce((config_documents.data->>'coins')::float8, 0) + 1), true)
       returning data->'coins' as coins`;
const bareSet = (value: number, name?: string) => bare.query({ name, text: SET_SQL, values: [ns.cogName, ns.identifier, JSON.stringify(value)] });
const bareIncrement = async (name?: string) => (await bare.query({ name, text: INCREMENT_SQL, values: [ns.cogName, ns.identifier] })).rows[0].coins;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

interface Stats {
  p50: number;
  mean: number;
  p95: number;
}
function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: pick(0.5), mean: samples.reduce((a, b) => a + b, 0) / samples.length, p95: pick(0.95) };
}

type Variant = (i: number) => Promise<unknown>;

/** Runs the variants interleaved (rotating who goes first, so none always runs on a warmer connection). */
async function compare(name: string, variants: Record<'driver' | 'bare' | 'prepared', Variant>) {
  const entries = Object.entries(variants) as Array<[keyof typeof variants, Variant]>;
  for (let i = 0; i < warmup; i++) for (const [, run] of entries) await run(i);
  const samples = { driver: [] as number[], bare: [] as number[], prepared: [] as number[] };
  for (let i = 0; i < iterations; i++) {
    for (let j = 0; j < entries.length; j++) {
      const [key, run] = entries[(i + j) % entries.length]!;
      samples[key].push(await time(() => run(i)));
    }
  }
  return { name, driver: stats(samples.driver), bare: stats(samples.bare), prepared: stats(samples.prepared) };
}

try {
  const results = [
    await compare('set', { driver: (i) => driver.set(ns, at, i), bare: (i) => bareSet(i), prepared: (i) => bareSet(i, 'bench_set') }),
    await compare('increment', { driver: () => driver.increment(ns, at, 1, 0), bare: () => bareIncrement(), prepared: () => bareIncrement('bench_inc') }),
  ];
  const ms = (n: number) => n.toFixed(3).padStart(7);
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`.padStart(6);
  console.log(`postgres config driver vs a bare pg upsert of the same row — ${iterations} iterations each, ${url.replace(/:[^:@/]*@/, '@')}`);
  console.log('times in ms; ratio = driver / bare (plain query) and driver / bare (prepared statement)');
  console.log('op        | stat |  driver |    bare | prepared | driver/bare | driver/prepared');
  for (const r of results) {
    for (const stat of ['p50', 'mean', 'p95'] as const) {
      console.log(
        `${r.name.padEnd(9)} | ${stat.padEnd(4)} | ${ms(r.driver[stat])} | ${ms(r.bare[stat])} |  ${ms(r.prepared[stat])} |      ${ratio(r.driver[stat], r.bare[stat])} |          ${ratio(r.driver[stat], r.prepared[stat])}`,
      );
    }
  }
} finally {
  await driver.close();
  await bare.query(`drop schema if exists "${schema}" cascade`);
  await bare.end();
}
