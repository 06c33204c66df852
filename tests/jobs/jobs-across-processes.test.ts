/**
 * Scheduled jobs survive a restart and run once: real processes (tests/jobs/fixtures/job-process.ts)
 * schedule a job and stop; a new process on the same storage fires it; another finds nothing left. On a
 * shared PostgreSQL, two processes started together run it once between them. The PostgreSQL cases need a
 * real server (COGSMITH_TEST_POSTGRES_URL, set by CI): an embedded PGlite cannot be shared by processes.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const PG = process.env.COGSMITH_TEST_POSTGRES_URL;
const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

/** Runs job-process.ts and returns how many jobs had fired in storage when it stopped. */
function jobProcess(...args: string[]): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'runtime/host/launch.mjs'), 'tests/jobs/fixtures/job-process.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (out += c));
    child.on('exit', (code) => {
      const fired = /fired=(\d+)/.exec(out);
      if (code === 0 && fired) done(Number(fired[1]));
      else fail(new Error(`job-process ${args.join(' ')} exited ${code}:\n${out}`));
    });
  });
}

describe('jobs across processes', () => {
  it('GIVEN a job scheduled on json data WHEN the bot restarts in new processes THEN it fires once', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cogsmith-jobs-'));
    folders.push(folder);
    expect(await jobProcess('schedule', folder, '1500', 'json')).toBe(0);
    expect(await jobProcess('run', folder, '2500')).toBe(1);
    expect(await jobProcess('run', folder, '1000')).toBe(1);
  }, 90_000);

  it.skipIf(!PG)('GIVEN a job scheduled on PostgreSQL WHEN two processes start together on it THEN it runs once between them, and a restart does not run it again', async () => {
    const storage = `${PG}#jobs_${randomUUID().slice(0, 8)}`;
    expect(await jobProcess('schedule', storage, '1500', 'pg')).toBe(0);
    const [a, b] = await Promise.all([jobProcess('run', storage, '4000'), jobProcess('run', storage, '4000')]);
    // Each prints the count it saw when it stopped; the job ran once, so the later one saw 1.
    expect(Math.max(a, b)).toBe(1);
    expect(await jobProcess('run', storage, '1000')).toBe(1);
  }, 90_000);
});

if (!PG) console.log('jobs-across-processes: the PostgreSQL case is skipped: set COGSMITH_TEST_POSTGRES_URL to a real server (an embedded PGlite cannot be shared by processes).');
