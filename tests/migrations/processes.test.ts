/**
 * Four real processes starting at once on one PostgreSQL database run each migration exactly once: the
 * advisory lock is held from reading the record to writing the result, so the three that wait find
 * nothing pending. Needs a real server (COGSMITH_TEST_POSTGRES_URL): an embedded PGlite cannot be shared
 * by processes.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATION_RECORD_SCOPE } from '../../runtime/contract/migrations.js';
import { PostgresDriver } from '../../runtime/drivers/postgres/index.js';
import { dropSchema, freshSchema, testUrl } from '../config/fixtures/pg-env.js';

const ROOT = resolve(import.meta.dirname, '../..');
const schema = freshSchema('mig4');
afterAll(() => dropSchema(schema));

function migrateProcess(url: string): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'runtime/host/launch.mjs'), 'tests/migrations/fixtures/migrate-process.ts', url, schema], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (out += c));
    child.on('exit', (code) => {
      const applied = /applied=(\d+)/.exec(out);
      if (code === 0 && applied) done(Number(applied[1]));
      else fail(new Error(`migrate-process exited ${code}:\n${out}`));
    });
  });
}

describe('migrations across processes', () => {
  it.skipIf(!testUrl)('GIVEN four processes starting at once on one PostgreSQL WHEN each runs the pending migrations THEN each migration runs exactly once', async () => {
    const ns = { cogName: 'Shop', identifier: '1' };
    const setup = new PostgresDriver({ url: testUrl, schema });
    await setup.set(ns, { scope: 'GLOBAL', keyCount: 0, primaryKeys: [], path: [] }, { runs: 0 });
    await setup.set(ns, { scope: 'GUILD', keyCount: 1, primaryKeys: ['g1'], path: [] }, { v0: 'value' });
    try {
      const applied = await Promise.all([1, 2, 3, 4].map(() => migrateProcess(testUrl!)));
      expect(applied.reduce((a, b) => a + b, 0)).toBe(2);
      const { data } = await setup.exportNamespace(ns);
      expect(data.GLOBAL).toEqual({ runs: 2 });
      expect(data.GUILD).toEqual({ g1: { v2: 'value' } });
      expect((data[MIGRATION_RECORD_SCOPE] as { applied: { number: number }[] }).applied.map((a) => a.number)).toEqual([1, 2]);
    } finally {
      await setup.close();
    }
  }, 120_000);
});

if (!testUrl) console.log('migrations across processes: skipped: set COGSMITH_TEST_POSTGRES_URL to a real server (an embedded PGlite cannot be shared by processes).');
