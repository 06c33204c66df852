/**
 * The postgres driver's shared cooldowns and slots (runtime/drivers/postgres/limits.ts) on their own: the
 * same answers as the in-process CooldownStore for a seeded random run, one admission per window under
 * concurrent takes from two drivers, slots held up to the limit and handed on, closed windows swept, and a
 * database that stops answering failing the command with a clear message instead of running it. On the
 * test server (COGSMITH_TEST_POSTGRES_URL) when set, else an embedded PGlite (one process, same SQL).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CooldownStore } from '../../runtime/commands/cooldowns.js';
import { CommandLimits } from '../../runtime/commands/limits.js';
import type { BucketSource } from '../../runtime/commands/buckets.js';
import type { CommandSpec } from '../../runtime/contract/spec.js';
import type { PostgresLimits } from '../../runtime/drivers/postgres/limits.js';
import type { PostgresDriver } from '../../runtime/drivers/postgres/index.js';
import { cleanupDrivers, freshSchema, makeDriver, testUrl } from '../config/fixtures/pg-env.js';
import { CuttableProxy } from '../config/fixtures/pg-proxy.js';
import { prng } from '../helpers/prng.js';

afterAll(cleanupDrivers);

function limitsOf(driver: PostgresDriver): PostgresLimits {
  return driver.sharedLimits() as PostgresLimits;
}

describe('shared cooldown windows', () => {
  it('GIVEN a seeded random run of takes WHEN taken from the shared store and from CooldownStore THEN every answer and retry time is the same', async () => {
    const driver = makeDriver();
    await driver.open();
    const shared = driver.sharedLimits();
    const clock = { t: 1_800_000_000_000, now() { return this.t; } };
    const local = new CooldownStore(clock);
    const random = prng(12);
    const keys = ['a|user:1', 'a|user:2', 'b|guild:9', 'c|global'];
    for (let i = 0; i < 400; i++) {
      clock.t += Math.floor(random() * 4_000);
      const key = keys[Math.floor(random() * keys.length)]!;
      const rate = 1 + (key.length % 3);
      const per = 5_000 + (key.charCodeAt(0) % 3) * 2_500;
      const expected = local.take(key, rate, per);
      const got = await shared.takeWindow(key, rate, per, clock.now());
      expect(got, `take ${i} of ${key} at ${clock.t}`).toEqual(expected.ok ? { ok: true } : { ok: false, retryAt: expected.retryAt });
    }
  }, 60_000);

  it('GIVEN two drivers on one schema WHEN 40 takes of a rate-3 window race THEN exactly 3 are admitted, all refusals naming the same retry time', async () => {
    const schema = freshSchema('race');
    const a = makeDriver({ schema });
    const b = testUrl ? makeDriver({ schema }) : a; // PGlite: one instance per schema
    await Promise.all([a.open(), b.open()]);
    const now = 1_900_000_000_000;
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).sharedLimits().takeWindow('race|global', 3, 60_000, now)));
    expect(results.filter((r) => r.ok)).toHaveLength(3);
    expect(new Set(results.filter((r) => !r.ok).map((r) => (r as { retryAt: number }).retryAt))).toEqual(new Set([now + 60_000]));
  });

  it('GIVEN closed windows WHEN a take comes a minute of bot time later THEN the closed rows are swept and open ones stay', async () => {
    const driver = makeDriver();
    await driver.open();
    const limits = limitsOf(driver);
    const t0 = 2_000_000_000_000;
    for (let i = 0; i < 5; i++) await limits.takeWindow(`old|user:${i}`, 1, 1_000, t0);
    await limits.takeWindow('long|user:1', 1, 3_600_000, t0);
    expect((await limits.counts()).cooldowns).toBe(6);
    expect(await limits.sweepCooldowns(t0 + 60_000)).toBe(5);
    expect((await limits.counts()).cooldowns).toBe(1);
  });
});

describe('shared max-concurrency slots', () => {
  it('GIVEN a limit of 2 WHEN three runs ask THEN two hold slots, the third is refused, and a release lets it in', async () => {
    const driver = makeDriver();
    await driver.open();
    const limits = limitsOf(driver);
    const first = await limits.tryAcquireSlot('busy|guild:1', 2);
    const second = await limits.tryAcquireSlot('busy|guild:1', 2);
    expect(first && second).toBeTruthy();
    expect(await limits.tryAcquireSlot('busy|guild:1', 2)).toBeNull();
    expect(await limits.tryAcquireSlot('busy|guild:2', 2)).not.toBeNull(); // another bucket
    await first!.release();
    await first!.release(); // twice is harmless
    expect(await limits.tryAcquireSlot('busy|guild:1', 2)).not.toBeNull();
    expect(await limits.tryAcquireSlot('busy|guild:1', 2)).toBeNull();
  });

  it('GIVEN a held slot WHEN its lease lapses without renewal THEN another driver takes it over, and renewals keep a long run holding', async () => {
    const schema = freshSchema('lease');
    const holder = makeDriver({ schema, limits: { leaseMs: 300, renewMs: 100 } });
    const other = testUrl ? makeDriver({ schema, limits: { leaseMs: 300, renewMs: 100 } }) : holder;
    await Promise.all([holder.open(), other.open()]);
    const held = await limitsOf(holder).tryAcquireSlot('long|global', 1);
    expect(held).not.toBeNull();
    await new Promise((r) => setTimeout(r, 900)); // three leases long: renewed all along
    expect(await limitsOf(other).tryAcquireSlot('long|global', 1)).toBeNull();
    await held!.release();
    expect(await limitsOf(other).tryAcquireSlot('long|global', 1)).not.toBeNull();
  });
});

describe('a database failure during a take', () => {
  it.skipIf(!testUrl)('GIVEN the database unreachable WHEN a cooldown command is entered THEN it is refused as unavailable with a clear message, nothing thrown', async () => {
    const target = new URL(testUrl!);
    const proxy = new CuttableProxy({ host: target.hostname, port: Number(target.port || 5432) });
    await proxy.start();
    const via = new URL(testUrl!);
    via.hostname = '127.0.0.1';
    via.port = String(proxy.port);
    const driver = makeDriver({ url: via.toString(), schema: freshSchema('down'), pool: { max: 2, connectionTimeoutMillis: 1_000 } });
    try {
      await driver.open();
      const errors: unknown[] = [];
      const logger = { error: (_m: string, meta?: { error?: unknown }) => errors.push(meta?.error), warn: () => undefined } as never;
      const limits = new CommandLimits({ shared: () => driver.sharedLimits(), logger });
      const command = { path: ['payday'], cooldown: { rate: 1, perMs: 60_000, bucket: 'user' } } as unknown as CommandSpec;
      const source = { author: { id: '1' }, member: null, guild: null, channel: null } as unknown as BucketSource;
      expect(await limits.enter('econ', command, source)).toMatchObject({ admitted: true });
      expect(await limits.enter('econ', command, source)).toMatchObject({ admitted: false, reason: 'cooldown' });
      await proxy.cut();
      const refused = await limits.enter('econ', command, source);
      expect(refused).toEqual({
        admitted: false,
        reason: 'unavailable',
        message: "`payday` cannot run right now: its cooldown could not be checked (the bot's storage did not answer). Try again in a moment.",
      });
      expect(String((errors[0] as Error).message)).toContain('takeCooldown');
    } finally {
      await proxy.cut();
    }
  }, 30_000);
});

if (!testUrl) console.log('shared-limits-store: on an embedded PGlite (one process); set COGSMITH_TEST_POSTGRES_URL for two drivers on a real server and the unreachable-database case.');
