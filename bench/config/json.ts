/**
 * Json driver benchmark (run: npx vite-node bench/config/json.ts).
 *
 * 1. 1,000 concurrent `set`s across 1,000 guilds, through Config, on the coalescing JsonDriver, against a
 *    reference with Red's strategy in the same run: every single write rewrites and fsyncs the whole file
 *    (same durability: temp file + fsync + rename + folder fsync), one write at a time.
 * 2. Cached reads of a guild value through Config (no driver I/O after the first read).
 * Figures are printed, not asserted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { JsonObject } from '../../runtime/contract/spec.js';
import { Config, JsonDriver } from '../../runtime/config/index.js';
import { replaceFileDurably, type DurabilityStats } from '../../runtime/drivers/json/durable.js';

const WRITES = 1000;
const ROUNDS = 3;
const READS = 200_000;

/** Red's JSON driver strategy: one lock per file, each write rewrites and fsyncs the whole file. */
class WholeFilePerWrite {
  private data: JsonObject = {};
  private queue: Promise<void> = Promise.resolve();
  readonly stats: DurabilityStats = { flushes: 0, fsyncs: 0, bytesWritten: 0 };
  constructor(private readonly file: string) {}

  set(guild: string, value: number): Promise<void> {
    const run = this.queue.then(async () => {
      const doc = (this.data[guild] ??= {}) as JsonObject;
      doc.n = value;
      await replaceFileDurably(this.file, JSON.stringify({ data: { GUILD: this.data } }, null, 2), { stats: this.stats });
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'cogsmith-bench-json-'));
  try {
    const coalesced: number[] = [];
    const reference: number[] = [];
    let flushesPerRound = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Coalescing JsonDriver, through Config.
      const driver = new JsonDriver({ path: join(root, `json-${round}`) });
      const config = Config.getConf({ cogName: `Bench${round}`, identifier: 1, driver });
      config.registerGuild({ n: 0 });
      await config.global.getAttr('warm').set(true);
      const flushesBefore = driver.stats.flushes;
      let start = performance.now();
      await Promise.all(Array.from({ length: WRITES }, (_, i) => config.guild(String(i)).n.set(round * WRITES + i)));
      coalesced.push(WRITES / ((performance.now() - start) / 1000));
      flushesPerRound = driver.stats.flushes - flushesBefore;
      await driver.close();
      Config.release(config);

      // Reference: one whole-file durable rewrite per write.
      const red = new WholeFilePerWrite(join(root, `red-${round}.json`));
      start = performance.now();
      await Promise.all(Array.from({ length: WRITES }, (_, i) => red.set(String(i), round * WRITES + i)));
      reference.push(WRITES / ((performance.now() - start) / 1000));
    }
    const best = (xs: number[]) => Math.max(...xs);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

    console.log(`\nConfig json driver: ${fmt(WRITES)} concurrent sets across ${fmt(WRITES)} guilds (${ROUNDS} rounds)`);
    console.log(`  coalescing JsonDriver        median ${fmt(median(coalesced)).padStart(9)} writes/s   best ${fmt(best(coalesced))}   (${flushesPerRound} durable flushes for ${WRITES} writes)`);
    console.log(`  whole file per write (Red)   median ${fmt(median(reference)).padStart(9)} writes/s   best ${fmt(best(reference))}   (${WRITES} durable flushes)`);
    console.log(`  ratio (median)               ${(median(coalesced) / median(reference)).toFixed(1)}x`);

    // Cached reads.
    const driver = new JsonDriver({ path: join(root, 'reads') });
    const config = Config.getConf({ cogName: 'BenchReads', identifier: 1, driver });
    config.registerGuild({ settings: { prefix: '!' } });
    await Promise.all(Array.from({ length: 1000 }, (_, i) => config.guild(String(i)).settings.prefix.set(`p${i}`)));
    for (let i = 0; i < 1000; i++) await config.guild(String(i)).settings.prefix();
    const statsBefore = { ...config.store().stats };
    const start = performance.now();
    for (let i = 0; i < READS; i++) await config.guild(String(i % 1000)).settings.prefix();
    const seconds = (performance.now() - start) / 1000;
    const misses = config.store().stats.misses - statsBefore.misses;
    console.log(`\nCached reads of a guild value through Config (1,000 guilds, ${fmt(READS)} awaited reads of cfg.guild(id).settings.prefix())`);
    console.log(`  accessor chain each time   ${fmt(READS / seconds).padStart(9)} reads/s   (${(seconds * 1e6 / READS).toFixed(2)} µs per read, ${misses} cache misses)`);
    const kept = config.guild('500').settings.prefix;
    const keptStart = performance.now();
    for (let i = 0; i < READS; i++) await kept();
    const keptSeconds = (performance.now() - keptStart) / 1000;
    console.log(`  one Value kept             ${fmt(READS / keptSeconds).padStart(9)} reads/s   (${(keptSeconds * 1e6 / READS).toFixed(2)} µs per read)`);
    await driver.close();
    Config.release(config);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
