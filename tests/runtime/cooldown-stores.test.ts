/** The cooldown and concurrency stores on their own: windows, retry times, queueing, bounded memory. */
import { describe, expect, it } from 'vitest';
import { ConcurrencyStore } from '../../runtime/commands/concurrency.js';
import { CooldownStore } from '../../runtime/commands/cooldowns.js';
import { relativeTimestamp } from '../../runtime/commands/limits.js';

function fakeClock(start = 1_700_000_000_000) {
  return { t: start, now() { return this.t; } };
}

describe('CooldownStore', () => {
  it('GIVEN rate 2 per 10 s THEN the third run in the window is refused until the window closes', () => {
    const clock = fakeClock();
    const store = new CooldownStore(clock);
    expect(store.take('k', 2, 10_000)).toEqual({ ok: true });
    clock.t += 4000;
    expect(store.take('k', 2, 10_000)).toEqual({ ok: true });
    expect(store.take('k', 2, 10_000)).toEqual({ ok: false, retryAt: 1_700_000_010_000, retryAfterMs: 6000 });
    clock.t += 5999;
    expect(store.take('k', 2, 10_000).ok).toBe(false);
    clock.t += 1;
    expect(store.take('k', 2, 10_000)).toEqual({ ok: true });
  });

  it('GIVEN thousands of buckets whose windows closed THEN the next sweep drops them (memory stays bounded)', () => {
    const clock = fakeClock();
    const store = new CooldownStore(clock);
    for (let i = 0; i < 5000; i++) store.take(`user:${i}`, 1, 1000);
    expect(store.size).toBeLessThanOrEqual(5000);
    clock.t += 1000;
    for (let i = 0; i < 600; i++) store.take(`late:${i}`, 1, 1000);
    // Every closed window went at the sweep; only recent ones remain.
    expect(store.size).toBeLessThanOrEqual(600);
  });

  it('reset forgets windows by prefix', () => {
    const store = new CooldownStore(fakeClock());
    store.take('a|user:1', 1, 1000);
    store.take('b|user:1', 1, 1000);
    store.reset('a|');
    expect(store.take('a|user:1', 1, 1000).ok).toBe(true);
    expect(store.take('b|user:1', 1, 1000).ok).toBe(false);
  });
});

describe('ConcurrencyStore', () => {
  it('GIVEN limit 1 without wait THEN a second run is refused until the first releases, and the empty bucket is dropped', () => {
    const store = new ConcurrencyStore();
    const first = store.acquire('k', 1, false);
    expect(typeof first).toBe('function');
    expect(store.acquire('k', 1, false)).toBeNull();
    (first as () => void)();
    expect(store.size).toBe(0);
    expect(typeof store.acquire('k', 1, false)).toBe('function');
  });

  it('GIVEN limit 1 with wait THEN waiters run one after another in arrival order', async () => {
    const store = new ConcurrencyStore();
    const order: string[] = [];
    const first = store.acquire('k', 1, true) as () => void;
    const second = (store.acquire('k', 1, true) as Promise<() => void>).then((release) => (order.push('second'), release));
    const third = (store.acquire('k', 1, true) as Promise<() => void>).then((release) => (order.push('third'), release));
    await Promise.resolve();
    expect(order).toEqual([]);
    first();
    const releaseSecond = await second;
    expect(order).toEqual(['second']);
    expect(store.active('k')).toBe(1);
    releaseSecond();
    releaseSecond(); // twice is harmless
    (await third)();
    expect(order).toEqual(['second', 'third']);
    expect(store.size).toBe(0);
  });
});

describe('relativeTimestamp', () => {
  it('rounds up to the next second so "retry at" is never early', () => {
    expect(relativeTimestamp(1_700_000_010_000)).toBe('<t:1700000010:R>');
    expect(relativeTimestamp(1_700_000_010_001)).toBe('<t:1700000011:R>');
  });
});
