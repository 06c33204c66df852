/** Contract: per-path locks, timeouts and lockAll. */
import { describe, expect, it } from 'vitest';
import { Config, LockTimeoutError } from '../../../runtime/config/index.js';
import type { ContractContext } from './context.js';

const tick = () => new Promise((r) => setTimeout(r, 5));

export function lockContract(ctx: ContractContext): void {
  describe('locks', () => {
    it('GIVEN getLock twice for one path THEN the same object; another path gets another lock', () => {
      const config = ctx.conf();
      config.registerGuild({ a: 1, b: 1 });
      expect(config.guild('1').a.getLock()).toBe(config.guild('1').a.getLock());
      expect(config.guild('1').a.getLock()).not.toBe(config.guild('1').b.getLock());
      expect(config.guild('1').a.getLock()).not.toBe(config.guild('2').a.getLock());
    });

    it('GIVEN a held lock WHEN acquire with a timeout THEN LockTimeoutError naming the path', async () => {
      const config = ctx.conf();
      config.registerGuild({ a: 1 });
      const lock = config.guild('1').a.getLock();
      const release = await lock.acquire();
      try {
        await expect(lock.acquire({ timeoutMs: 30 })).rejects.toThrow(LockTimeoutError);
        await expect(lock.runExclusive(() => 1, { timeoutMs: 30 })).rejects.toThrow(/scope GUILD.*path a/);
      } finally {
        await release();
      }
      // Timed-out waiters left the queue: the lock is free again.
      expect(await lock.runExclusive(() => 'ok', { timeoutMs: 100 })).toBe('ok');
    });

    it('GIVEN a task holding the lock THEN plain get and set still work (they never take the lock)', async () => {
      const config = ctx.conf();
      config.registerGuild({ a: 1 });
      const a = config.guild('1').a;
      await a.getLock().runExclusive(async () => {
        await a.set(2);
        expect(await a.get()).toBe(2);
      }, { timeoutMs: 1000 });
    });

    it('GIVEN runExclusive THEN tasks run one at a time and the lock is released when fn throws', async () => {
      const config = ctx.conf();
      const lock = config.guild('1').getAttr('a').getLock();
      let inside = 0;
      let most = 0;
      await Promise.all(
        Array.from({ length: 10 }, () =>
          lock.runExclusive(async () => {
            inside++;
            most = Math.max(most, inside);
            await tick();
            inside--;
          }),
        ),
      );
      expect(most).toBe(1);
      await expect(lock.runExclusive(() => { throw new Error('x'); })).rejects.toThrow('x');
      expect(await lock.runExclusive(() => 2, { timeoutMs: 100 })).toBe(2);
    });

    it('GIVEN two tasks locking the same pair in opposite orders with lockAll THEN both finish (no deadlock)', async () => {
      const config = ctx.conf();
      const a = config.guild('1').getAttr('a');
      const b = config.guild('1').getAttr('b');
      const order: string[] = [];
      await Promise.all([
        Config.lockAll([a, b], async () => {
          order.push('first');
          await tick();
        }, { timeoutMs: 2000 }),
        Config.lockAll([b, a], async () => {
          order.push('second');
          await tick();
        }, { timeoutMs: 2000 }),
      ]);
      expect(order.sort()).toEqual(['first', 'second']);
    });

    it('GIVEN lockAll WHEN fn throws THEN every lock is released', async () => {
      const config = ctx.conf();
      const a = config.guild('1').getAttr('a');
      const b = config.guild('2').getAttr('b');
      await expect(Config.lockAll([a, b], () => { throw new Error('no'); })).rejects.toThrow('no');
      const ra = await a.getLock().acquire({ timeoutMs: 100 });
      const rb = await b.getLock().acquire({ timeoutMs: 100 });
      await ra();
      await rb();
    });

    it('GIVEN update on a value THEN it waits for a task holding that value\'s lock', async () => {
      const config = ctx.conf();
      config.registerGuild({ n: 0 });
      const n = config.guild('1').n;
      const release = await n.getLock().acquire();
      let done = false;
      const pending = n.update((v: unknown) => (v as number) + 1).then(() => (done = true));
      await tick();
      expect(done).toBe(false);
      await release();
      await pending;
      expect(await n()).toBe(1);
    });
  });
}
