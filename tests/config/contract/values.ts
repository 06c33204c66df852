/** Contract: Value reads and writes, update, the atomic helpers, and JSON-only writes. */
import { describe, expect, it } from 'vitest';
import { guildAt, nonJsonValues, type ContractContext } from './context.js';

export function valueContract(ctx: ContractContext): void {
  describe('Value get/set/clear', () => {
    it('GIVEN nothing stored THEN get returns the fallback, else the registered default, else null', async () => {
      const config = ctx.conf();
      config.registerGuild({ prefix: '!' });
      const g = config.guild('1');
      expect(await g.prefix()).toBe('!');
      expect(await g.prefix.get('?')).toBe('?');
      expect(await g.getAttr('other').get()).toBeNull();
      expect(await g.getAttr('other').get(5)).toBe(5);
    });

    it('GIVEN a stored object WHEN the returned copy is mutated THEN nothing stored changes', async () => {
      const config = ctx.conf();
      config.registerGuild({ list: [] as number[], obj: null });
      const g = config.guild('1');
      await g.list.set([1, 2]);
      const got = (await g.list()) as number[];
      got.push(3);
      expect(await g.list()).toEqual([1, 2]);
      const defaults = (await config.guild('2').list()) as number[];
      defaults.push(1);
      expect(await config.guild('2').list()).toEqual([]);
    });

    it('GIVEN set(v) WHEN v is mutated afterwards THEN nothing stored changes', async () => {
      const config = ctx.conf();
      const v = { a: [1], b: { c: 1 } };
      await config.guild('1').getAttr('obj').set(v);
      v.a.push(2);
      v.b.c = 2;
      expect(await config.guild('1').getAttr('obj')()).toEqual({ a: [1], b: { c: 1 } });
      expect(await ctx.raw(config, guildAt('1', ['obj']))).toEqual({ a: [1], b: { c: 1 } });
    });

    it('GIVEN clear THEN reads fall back to defaults, and clearing nothing is a no-op', async () => {
      const config = ctx.conf();
      config.registerGuild({ prefix: '!' });
      const p = config.guild('1').prefix;
      await p.set('?');
      await p.clear();
      expect(await p()).toBe('!');
      await p.clear();
      await config.guild('never').prefix.clear();
      expect(await ctx.raw(config, guildAt('1', ['prefix']))).toBeUndefined();
    });

    it('GIVEN values of every JSON kind THEN they round-trip exactly', async () => {
      const config = ctx.conf();
      const g = config.global;
      const samples = ['', 'text ✓', 0, -1.5, 1e300, true, false, null, [], {}, [1, 'a', null, { b: [true] }], { 'key with spaces': 1, nested: { deep: [1] } }];
      for (const [i, sample] of samples.entries()) {
        await g.getAttr(`v${i}`).set(sample);
        expect(await g.getAttr(`v${i}`)()).toEqual(sample);
      }
    });
  });

  describe('update', () => {
    it('GIVEN a draft that is mutated THEN the change is written and the new value returned', async () => {
      const config = ctx.conf();
      config.registerGuild({ list: [1] });
      const list = config.guild('1').list;
      const out = await list.update((draft: unknown) => {
        (draft as number[]).push(2);
      });
      expect(out).toEqual([1, 2]);
      expect(await ctx.raw(config, guildAt('1', ['list']))).toEqual([1, 2]);
    });

    it('GIVEN fn returns a value (sync or async) THEN it replaces the draft', async () => {
      const config = ctx.conf();
      config.registerGuild({ n: 1, list: [1] });
      expect(await config.guild('1').n.update((n: unknown) => (n as number) + 1)).toBe(2);
      expect(await config.guild('1').list.update(async () => ['x'])).toEqual(['x']);
      expect(await config.guild('1').all()).toEqual({ n: 2, list: ['x'] });
    });

    it('GIVEN an unchanged draft THEN nothing is written', async () => {
      const config = ctx.conf();
      config.registerGuild({ list: [1] });
      await config.guild('1').list.update(() => {});
      expect(await ctx.raw(config, guildAt('1'))).toBeUndefined();
    });

    it('GIVEN fn changes the draft and then throws THEN the changes are written and the error rethrown, lock released', async () => {
      const config = ctx.conf();
      config.registerGuild({ obj: {} });
      const obj = config.guild('1').obj;
      const boom = new Error('boom');
      await expect(
        obj.update(async (draft: unknown) => {
          (draft as Record<string, number>).a = 1;
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await obj()).toEqual({ a: 1 });
      const release = await obj.getLock().acquire({ timeoutMs: 200 });
      await release();
    });

    it('GIVEN a non-object value and fn returns nothing THEN TypeError and no lock is left held', async () => {
      const config = ctx.conf();
      config.registerGuild({ n: 5 });
      const n = config.guild('1').n;
      await expect(n.update(() => {})).rejects.toThrow(TypeError);
      await expect(n.update(() => {})).rejects.toThrow(/path n/);
      const release = await n.getLock().acquire({ timeoutMs: 200 });
      await release();
      expect(await n()).toBe(5);
    });

    it('GIVEN update on a Group THEN the draft is what all() returns (defaults merged)', async () => {
      const config = ctx.conf();
      config.registerGuild({ a: 1, nested: { b: 2 } });
      const seen: unknown[] = [];
      const out = await config.guild('1').update((draft: unknown) => {
        seen.push(structuredClone(draft));
        (draft as { a: number }).a = 10;
      });
      expect(seen[0]).toEqual({ a: 1, nested: { b: 2 } });
      expect(out).toEqual({ a: 10, nested: { b: 2 } });
      expect(await config.guild('1').a()).toBe(10);
    });

    it('GIVEN 50 concurrent update increments on one value THEN it ends at exactly 50', async () => {
      const config = ctx.conf();
      config.registerGuild({ n: 0 });
      const n = config.guild('1').n;
      await Promise.all(
        Array.from({ length: 50 }, () =>
          n.update(async (v: unknown) => {
            await new Promise((r) => setImmediate(r));
            return (v as number) + 1;
          }),
        ),
      );
      expect(await n()).toBe(50);
      expect(await ctx.raw(config, guildAt('1', ['n']))).toBe(50);
    });
  });

  describe('atomic helpers', () => {
    it('GIVEN increment THEN it starts from the registered default and returns the new value', async () => {
      const config = ctx.conf();
      config.registerGuild({ n: 10, free: null });
      const g = config.guild('1');
      expect(await g.n.increment()).toBe(11);
      expect(await g.n.increment(5)).toBe(16);
      expect(await g.n.increment(-20)).toBe(-4);
      expect(await g.getAttr('free').increment(2)).toBe(2);
      expect(await ctx.raw(config, guildAt('1', ['n']))).toBe(-4);
    });

    it('GIVEN toggle THEN it flips from the registered default', async () => {
      const config = ctx.conf();
      config.registerGuild({ on: true });
      expect(await config.guild('1').on.toggle()).toBe(false);
      expect(await config.guild('1').on.toggle()).toBe(true);
      expect(await config.guild('2').getAttr('never').toggle()).toBe(true);
    });

    it('GIVEN append with maxLength THEN the newest items are kept', async () => {
      const config = ctx.conf();
      config.registerGuild({ list: [1, 2, 3] });
      const list = config.guild('1').list;
      expect(await list.append(4, { maxLength: 3 })).toEqual([2, 3, 4]);
      expect(await list.append({ x: 1 })).toEqual([2, 3, 4, { x: 1 }]);
      expect(await list()).toEqual([2, 3, 4, { x: 1 }]);
      expect(await config.guild('2').getAttr('fresh').append('a')).toEqual(['a']);
    });

    it('GIVEN a helper of the wrong kind for the default THEN a TypeError naming the path', async () => {
      const config = ctx.conf();
      config.registerGuild({ s: 'text' });
      await expect(config.guild('1').s.increment()).rejects.toThrow(/path s/);
      await expect(config.guild('1').s.append(1)).rejects.toThrow(TypeError);
      await expect(config.guild('1').s.toggle()).rejects.toThrow(TypeError);
    });

    it('GIVEN 50 concurrent increments THEN the value ends at exactly 50', async () => {
      const config = ctx.conf();
      config.registerGlobal({ hits: 0 });
      await Promise.all(Array.from({ length: 50 }, () => config.global.hits.increment()));
      expect(await config.global.hits()).toBe(50);
      expect(await ctx.raw(config, { scope: 'GLOBAL', keyCount: 0, primaryKeys: [], path: ['hits'] })).toBe(50);
    });

    it('GIVEN 30 concurrent appends THEN every item is kept', async () => {
      const config = ctx.conf();
      await Promise.all(Array.from({ length: 30 }, (_, i) => config.global.getAttr('log').append(i)));
      const log = (await config.global.getAttr('log')()) as number[];
      expect([...log].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    });
  });

  describe('JSON-only writes', () => {
    for (const [what, bad] of nonJsonValues()) {
      it(`GIVEN ${what} THEN set, setRaw, update, append and group.set all throw a TypeError naming the path, storing nothing`, async () => {
        const config = ctx.conf();
        config.registerGuild({ settings: { prefix: '!', list: [] as number[], obj: {} } });
        const g = config.guild('1');
        await expect(g.settings.prefix.set(bad as never)).rejects.toThrow(TypeError);
        await expect(g.settings.prefix.set({ inner: bad } as never)).rejects.toThrow(/path settings\.prefix/);
        await expect(g.setRaw('settings', 'x', bad)).rejects.toThrow(/settings\.x/);
        await expect(g.settings.list.update(() => [bad] as never)).rejects.toThrow(/path settings\.list/);
        await expect(
          g.settings.obj.update((draft: unknown) => {
            (draft as Record<string, unknown>).bad = bad;
          }),
        ).rejects.toThrow(TypeError);
        await expect(g.settings.list.append(bad as never)).rejects.toThrow(/path settings\.list/);
        await expect(g.settings.set({ prefix: bad } as never)).rejects.toThrow(TypeError);
        expect(await ctx.raw(config, guildAt('1'))).toBeUndefined();
        // The lock of the failed update was released.
        const release = await g.settings.list.getLock().acquire({ timeoutMs: 200 });
        await release();
      });
    }
  });
}
