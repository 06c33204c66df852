/**
 * Connection loss: errors name the operation and the address, the pool recovers once the server is
 * reachable again, and nothing is left half-written.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresDriver, PostgresDriverError } from '../../runtime/drivers/postgres/index.js';
import { safeAddress } from '../../runtime/drivers/postgres/node.js';
import { adminQuery, cleanupDrivers, freshSchema, makeDriver, testUrl } from './fixtures/pg-env.js';
import { CuttableProxy } from './fixtures/pg-proxy.js';

const ns = { cogName: 'Economy', identifier: '42' };
const member = (g: string, u: string, ...path: string[]) => ({ scope: 'MEMBER', keyCount: 2, primaryKeys: [g, u], path });

afterAll(cleanupDrivers);

describe('postgres driver connection errors', () => {
  it('GIVEN a url with a password THEN messages show the address without it', () => {
    expect(safeAddress('postgres://bot:s3cret-pass@db.internal:6543/cogs?sslmode=require')).toBe('postgres://bot@db.internal:6543/cogs');
  });

  it('GIVEN nothing listens at the address WHEN opening THEN a PostgresDriverError names open and the address', async () => {
    const driver = new PostgresDriver({ url: 'postgres://postgres:pw@127.0.0.1:1/test', schema: 'cfg_unreachable' });
    try {
      const error = (await driver.get(ns, member('1', '2')).catch((e: unknown) => e)) as PostgresDriverError;
      expect(error).toBeInstanceOf(PostgresDriverError);
      expect(error.operation).toBe('open');
      expect(error.connectionLost).toBe(true);
      expect(error.message).toContain('open failed on postgres://postgres@127.0.0.1:1/test');
      expect(error.message).not.toContain('pw');
    } finally {
      await driver.close();
    }
  });
});

// Killing and cutting server connections needs a real server (PGlite has no connections to lose).
describe.skipIf(!testUrl)('postgres driver after losing its connections', () => {
  it('GIVEN the backends are terminated WHEN the next calls run THEN they succeed on fresh connections (or fail clearly) and the pool recovers', async () => {
    const app = `cogsmith-loss-${randomBytes(4).toString('hex')}`;
    const driver = makeDriver({ pool: { application_name: app, max: 3 } });
    await driver.set(ns, member('1', '2'), { coins: 10 });
    const killed = await adminQuery(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1`, [app]);
    expect(killed.length).toBeGreaterThan(0);

    // get is idempotent: retried once on a fresh connection.
    expect(await driver.get(ns, member('1', '2'))).toEqual({ coins: 10 });
    await adminQuery(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1`, [app]);
    // increment is not retried (it could apply twice); it either succeeds or says clearly what failed.
    const outcome = await driver.increment(ns, member('1', '2', 'coins'), 1, 0).catch((e: unknown) => e);
    if (outcome instanceof Error) {
      expect(outcome).toBeInstanceOf(PostgresDriverError);
      expect(outcome.message).toMatch(/increment failed on postgres:\/\/[^ ]*127\.0\.0\.1:5432/);
      expect(outcome.message).toContain('Economy');
    } else expect(outcome).toBe(11);
    // Whatever happened, the pool works again and the value is whole: 10 or 11, never a broken document.
    const after = (await driver.get(ns, member('1', '2'))) as { coins: number };
    expect([10, 11]).toContain(after.coins);
    expect(await driver.increment(ns, member('1', '2', 'coins'), 1, 0)).toBe(after.coins + 1);
  });

  it('GIVEN the server becomes unreachable THEN calls fail naming operation and address; once reachable again the same driver works', async () => {
    const target = new URL(testUrl!);
    const proxy = new CuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    await proxy.start();
    try {
      const viaProxy = new URL(testUrl!);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      const schema = freshSchema('proxy');
      const driver = makeDriver({ url: viaProxy.toString(), schema, pool: { max: 2, connectionTimeoutMillis: 2_000 } });
      await driver.set(ns, member('1', '2'), { coins: 1 });

      await proxy.cut();
      const failures = await Promise.all([
        driver.get(ns, member('1', '2')).catch((e: unknown) => e),
        driver.set(ns, member('1', '2', 'coins'), 99).catch((e: unknown) => e),
        driver.increment(ns, member('1', '2', 'coins'), 1, 0).catch((e: unknown) => e),
      ]);
      for (const [error, operation] of [[failures[0], 'get'], [failures[1], 'set'], [failures[2], 'increment']] as const) {
        expect(error).toBeInstanceOf(PostgresDriverError);
        expect((error as PostgresDriverError).operation).toBe(operation);
        expect((error as PostgresDriverError).connectionLost).toBe(true);
        expect((error as Error).message).toContain(`${operation} failed on postgres://postgres@127.0.0.1:${proxy.port}/`);
      }

      await proxy.start();
      expect(await driver.get(ns, member('1', '2'))).toEqual({ coins: 1 });
      expect(await driver.increment(ns, member('1', '2', 'coins'), 1, 0)).toBe(2);
    } finally {
      await proxy.cut();
    }
  });

  it('GIVEN a multi-document write is interrupted THEN nothing of it is stored (one transaction)', async () => {
    const app = `cogsmith-tx-${randomBytes(4).toString('hex')}`;
    const driver = makeDriver({ pool: { application_name: app, max: 2 } });
    const scope = { scope: 'MEMBER', keyCount: 2, primaryKeys: ['7'], path: [] };
    await driver.set(ns, scope, { '1': { coins: 1 }, '2': { coins: 2 } });
    // A large replacement; its backend is killed while it runs, from another connection.
    const big: Record<string, { coins: number }> = {};
    for (let i = 0; i < 20_000; i++) big[String(i)] = { coins: i };
    const write = driver.set(ns, scope, big).catch((e: unknown) => e);
    for (let i = 0; i < 200; i++) {
      const rows = await adminQuery(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and state <> 'idle' and query ilike 'insert%'`, [app]);
      if (rows.length > 0) break;
    }
    await write;
    const stored = (await driver.get(ns, scope)) as Record<string, unknown>;
    // Either the old two documents or all 20000 (if the retry ran to completion), never a mix.
    expect([2, 20_000]).toContain(Object.keys(stored).length);
  });
});
