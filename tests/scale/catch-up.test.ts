/**
 * The postgres driver's catchUp (runtime/drivers/types.ts): once it resolves, every change another driver
 * committed before the call has reached this driver's invalidation listeners — the guarantee that lets a
 * process's cache answer the next command with what another process just wrote. Two drivers in this
 * process stand for two processes (each has its own pool, listener and origin). Needs a real server.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Invalidation } from '../../runtime/drivers/types.js';
import { cleanupDrivers, freshSchema, makeDriver, testUrl } from '../config/fixtures/pg-env.js';

afterAll(cleanupDrivers);

const ns = { cogName: 'Scale', identifier: '7' };

describe.skipIf(!testUrl)('catchUp', () => {
  it('GIVEN 200 writes through A WHEN B catches up after each one THEN B has heard of each before catchUp resolves', async () => {
    const schema = freshSchema('catchup');
    const a = makeDriver({ schema });
    const b = makeDriver({ schema });
    const heard = new Set<string>();
    b.onInvalidate((change: Invalidation) => heard.add(change.primaryKeys.join('/')));
    await Promise.all([a.listening(), b.listening()]);
    const missed: number[] = [];
    for (let i = 0; i < 200; i++) {
      await a.set(ns, { scope: 'USER', keyCount: 1, primaryKeys: [String(1000 + i)], path: ['note'] }, `n${i}`);
      await b.catchUp();
      if (!heard.has(String(1000 + i))) missed.push(i);
    }
    expect(missed).toEqual([]);
  });

  it('GIVEN calls in one turn THEN they share one ping; a driver without listeners resolves at once', async () => {
    const schema = freshSchema('catchup2');
    const quiet = makeDriver({ schema });
    await quiet.open();
    await quiet.catchUp(); // nobody listens: nothing to wait for
    const b = makeDriver({ schema });
    b.onInvalidate(() => undefined);
    await b.listening();
    const [x, y] = [b.catchUp(), b.catchUp()];
    expect(x).toBe(y);
    await Promise.all([x, y]);
  });
});

if (!testUrl) console.log('catch-up: skipped: set COGSMITH_TEST_POSTGRES_URL (notifications cross sessions of a real server; PGlite is one session).');
