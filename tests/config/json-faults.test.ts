/**
 * The json driver under real faults, each found by trying it as a user or admin would:
 * - a full disk (a child process under a file-size limit, so flushes fail with a real EFBIG): a failed
 *   write changes nothing in memory, in Config's cache or on disk, and leaves no temp file;
 * - many processes taking over a stale lock at the same moment: exactly one wins, every time, and no
 *   one ever reads a half-written lock;
 * - a restart on a new host name after a crash: the dead holder's lock is taken over after its lease,
 *   while a live holder on another host (heartbeat running, in a second process) keeps the folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DataFolderLockedError, JsonDriver } from '../../runtime/config/index.js';
import { LOCK_FILE, lockFileName } from '../../runtime/drivers/json/folder-lock.js';
import { createLogger, type LogRecord } from '../../runtime/logging.js';

const require = createRequire(import.meta.url);
const viteNode = join(require.resolve('vite-node/package.json'), '..', 'dist', 'cli.mjs');
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'cogsmith-json-faults-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

/** A child process whose stdout lines can be awaited. */
class Child {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  private waiters: Array<() => void> = [];
  stderr = '';

  constructor(readonly process: ChildProcess) {
    let buffer = '';
    process.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      this.lines.push(...parts);
      for (const wake of this.waiters.splice(0)) wake();
    });
    process.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => process.on('exit', (code) => {
      for (const wake of this.waiters.splice(0)) wake();
      resolve(code);
    }));
    cleanups.push(() => void process.kill('SIGKILL'));
  }

  /** The first line matching `test`; rejects if the process exits first. */
  async line(test: (line: string) => boolean): Promise<string> {
    for (;;) {
      const found = this.lines.find(test);
      if (found !== undefined) return found;
      if (this.process.exitCode !== null || this.process.signalCode !== null) throw new Error(`child exited without the expected line; stderr: ${this.stderr.slice(-2000)}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }
}

function holder(folder: string, host: string, leaseMs: number, heartbeatMs: number): Child {
  return new Child(spawn(process.execPath, [viteNode, fixture('json-lock-holder.ts'), folder, host, String(leaseMs), String(heartbeatMs)], { stdio: ['pipe', 'pipe', 'pipe'] }));
}

interface Outcome {
  ok: boolean;
  code?: string;
  value?: unknown;
}

describe('json driver: a full disk', () => {
  it('GIVEN flushes that fail with a real EFBIG (a child under ulimit -f) THEN failed writes change nothing in memory, cache or file, and leave no temp file', { timeout: 60_000 }, async () => {
    const folder = await tempFolder();
    // 64 KiB per file: the big value (200 kB) can never be written; everything else fits. Node ignores
    // SIGXFSZ, so the write fails with EFBIG instead of killing the process.
    const child = new Child(spawn('bash', ['-c', `ulimit -f 64 && exec "${process.execPath}" "${viteNode}" "${fixture('json-disk-full.ts')}" "${folder}" 200000`], { stdio: ['ignore', 'pipe', 'pipe'] }));
    const line = await child.line((l) => l.startsWith('{'));
    expect(await child.exited).toBe(0);
    const report = JSON.parse(line) as Record<string, any>;

    expect(report.first.ok).toBe(true);
    // The too-big write is reported as failed, with the disk's own error...
    expect(report.big).toMatchObject({ ok: false, code: 'EFBIG' });
    // ...and left nothing behind: not in reads (through Config's cache), not as a temp file.
    expect(report.afterBig).toEqual({ reads: { prefix: '?', blob: null, count: 5 }, leftovers: [] });
    // Writes sharing the failed flush fail with it (the admin sees "Something went wrong") and take no effect.
    expect(Object.values(report.batch as Record<string, Outcome>).map((o) => o.ok)).toEqual([false, false, false]);
    expect(report.afterBatch).toEqual({ reads: { prefix: '?', blob: null, count: 5 }, leftovers: [] });
    // Writes issued while a failing flush ran are each either acknowledged and kept, or rejected and absent.
    expect(report.during.failing.ok).toBe(false);
    const later = report.during.later as Outcome[];
    later.forEach((o, i) => {
      if (o.ok) {
        expect(o.value).toBe(i + 1);
        expect(report.final.later[i]).toBe(i + 1);
        expect(report.final.disk[`later${i}`]).toEqual({ count: i + 1 });
      } else {
        expect(report.final.later[i]).toBe(0);
        expect(report.final.disk[`later${i}`]).toBeUndefined();
      }
    });
    // The next unrelated write saves only what was acknowledged: none of the failed values reach the file.
    expect(report.unrelated.ok).toBe(true);
    expect(report.final.reads).toEqual({ prefix: '?', blob: null, count: 5 });
    expect(report.final.disk['1']).toEqual({ prefix: '?', count: 5 });
    expect(report.final.disk['2']).toEqual({ prefix: '$' });
    expect(report.final.leftovers).toEqual([]);
    expect(report.afterClose.leftovers).toEqual([]);

    // A later start (space back) reads exactly the acknowledged data.
    const driver = new JsonDriver({ path: folder });
    cleanups.push(() => driver.close());
    const exported = await driver.exportNamespace({ cogName: 'DiskFull', identifier: '1' });
    expect((exported.data.GUILD as Record<string, unknown>)['1']).toEqual({ prefix: '?', count: 5 });
    expect((await readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('json driver: taking over a stale lock', () => {
  const ROUNDS = 5;
  const RACERS = 6;

  it(`GIVEN ${RACERS} processes taking over a stale lock at the same moment, ${ROUNDS} rounds THEN exactly one wins each round and the others are refused by name`, { timeout: 180_000 }, async () => {
    const folder = await tempFolder();
    // Round 1 races over a lock of a dead process (the old file name); each later round over the lock
    // the previous winner left when it was killed.
    await writeFile(join(folder, LOCK_FILE), JSON.stringify({ pid: 999_999_999, hostname: hostname(), startedAt: new Date().toISOString() }));
    for (let round = 0; round < ROUNDS; round++) {
      const racers = Array.from({ length: RACERS }, () => holder(folder, '-', 30_000, 1_000));
      await Promise.all(racers.map((r) => r.line((l) => l === 'ready')));
      for (const r of racers) r.process.stdin!.write('go\n');
      const results = await Promise.all(racers.map((r) => r.line((l) => l === 'won' || l.startsWith('refused '))));
      const winners = racers.filter((_, i) => results[i] === 'won');
      expect(winners, `round ${round + 1}: ${results.join(' | ')}`).toHaveLength(1);
      const winner = winners[0]!;
      for (const result of results.filter((r) => r !== 'won')) {
        // Refused because the winner holds it: never "cannot be read", never a second winner.
        expect(result).toContain(`in use by process ${winner.process.pid}`);
      }
      // The winner crashes: its lock becomes the next round's stale lock.
      winner.process.kill('SIGKILL');
      await winner.exited;
      for (const r of racers) if (r !== winner) r.process.stdin!.write('stop\n');
      await Promise.all(racers.map((r) => r.exited));
    }
    const locks = (await readdir(folder)).filter((name) => name.startsWith(LOCK_FILE));
    expect(locks).toEqual([lockFileName(ROUNDS)]);
  });
});

describe('json driver: a restart on a new host name', () => {
  it('GIVEN the lock of a dead process on another host THEN open takes it over after the lease, with a warning', async () => {
    const folder = await tempFolder();
    await writeFile(join(folder, LOCK_FILE), JSON.stringify({ pid: 999_999, hostname: 'old-container', startedAt: new Date().toISOString() }) + '\n');
    const records: LogRecord[] = [];
    const driver = new JsonDriver({ path: folder, lock: { leaseMs: 1_000, heartbeatMs: 100, hostname: 'new-container' }, logger: createLogger('test', { sink: (r) => records.push(r) }) });
    cleanups.push(() => driver.close());
    const started = performance.now();
    await driver.open();
    // Watched for a whole lease before being judged stale.
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(records.some((r) => r.level === 'warn' && r.message.includes('process 999999 on host old-container') && r.message.includes('not refreshed'))).toBe(true);
    await driver.set({ cogName: 'Host', identifier: '1' }, { scope: 'GLOBAL', keyCount: 0, primaryKeys: [], path: ['v'] }, 1);
  });

  it('GIVEN a lock on this host whose pid is running but which was not refreshed for a lease (a reused pid) THEN it is taken over at once', async () => {
    const folder = await tempFolder();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    cleanups.push(() => void sleeper.kill('SIGKILL'));
    const file = join(folder, lockFileName(3));
    await writeFile(file, JSON.stringify({ pid: sleeper.pid, hostname: hostname(), startedAt: new Date().toISOString(), token: 'old', leaseMs: 1_000 }) + '\n');
    const old = new Date(Date.now() - 60_000);
    await utimes(file, old, old);
    const records: LogRecord[] = [];
    const driver = new JsonDriver({ path: folder, lock: { leaseMs: 1_000, heartbeatMs: 100 }, logger: createLogger('test', { sink: (r) => records.push(r) }) });
    cleanups.push(() => driver.close());
    await driver.open();
    expect(records.some((r) => r.level === 'warn' && r.message.includes(`process ${sleeper.pid}: it was not refreshed`))).toBe(true);
    expect((await readdir(folder)).filter((name) => name.startsWith(LOCK_FILE))).toEqual([lockFileName(4)]);
  });

  it('GIVEN a lock file that cannot be read (left half-written by an older version) THEN it is watched for a lease and taken over, not refused forever', async () => {
    const folder = await tempFolder();
    await writeFile(join(folder, LOCK_FILE), '{"pid": 12');
    const driver = new JsonDriver({ path: folder, lock: { leaseMs: 500, heartbeatMs: 100 }, logger: createLogger('test', { sink: () => undefined }) });
    cleanups.push(() => driver.close());
    await driver.open();
    expect((await readdir(folder)).filter((name) => name.startsWith(LOCK_FILE))).toEqual([lockFileName(1)]);
  });

  it('GIVEN a live holder on another host (a second process, heartbeat running) THEN open refuses, naming it; once it stops, open succeeds at once', { timeout: 60_000 }, async () => {
    const folder = await tempFolder();
    // Generous margins: the holder refreshes every 200 ms, the lease is 5 s.
    const live = holder(folder, 'host-a', 5_000, 200);
    await live.line((l) => l === 'ready');
    live.process.stdin!.write('go\n');
    expect(await live.line((l) => l === 'won' || l.startsWith('refused'))).toBe('won');

    const driver = new JsonDriver({ path: folder, lock: { leaseMs: 5_000, heartbeatMs: 200, hostname: 'host-b' }, logger: createLogger('test', { sink: () => undefined }) });
    cleanups.push(() => driver.close());
    const error = await driver.open().then(() => undefined, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(DataFolderLockedError);
    expect(error!.message).toContain(`in use by process ${live.process.pid} on host host-a`);
    // Several processes on one bot's data is what PostgreSQL is for: the message says so.
    expect(error!.message).toContain('to run the bot in several processes (shards across processes or hosts), use the PostgreSQL driver');

    live.process.stdin!.write('stop\n');
    expect(await live.exited).toBe(0);
    const started = performance.now();
    await driver.open();
    // A released lock is not watched: it is free at once.
    expect(performance.now() - started).toBeLessThan(4_000);
  });

  it('GIVEN a holder whose lock another process took over THEN its next writes are refused, saying so', async () => {
    const folder = await tempFolder();
    const driver = new JsonDriver({ path: folder, lock: { leaseMs: 1_000, heartbeatMs: 50 }, logger: createLogger('test', { sink: () => undefined }) });
    cleanups.push(() => driver.close());
    const ns = { cogName: 'Lost', identifier: '1' };
    const at = { scope: 'GLOBAL', keyCount: 0, primaryKeys: [], path: ['v'] };
    await driver.set(ns, at, 1);
    // Another process (on another host) judged it stale and took generation 2.
    await writeFile(join(folder, lockFileName(2)), JSON.stringify({ pid: 4242, hostname: 'elsewhere', startedAt: new Date().toISOString(), token: 'theirs' }) + '\n');
    let refused: Error | undefined;
    for (let i = 0; i < 400 && !refused; i++) {
      refused = await driver.set(ns, at, 2).then(() => undefined, (e: unknown) => e as Error);
      if (!refused) await new Promise((r) => setTimeout(r, 25));
    }
    expect(refused).toBeInstanceOf(DataFolderLockedError);
    expect(refused!.message).toMatch(/taken over by process 4242 on host elsewhere/);
  });
});
