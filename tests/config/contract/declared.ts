/**
 * Contract: a cog's Config (Config.forCog) knows its manifest. Unknown names are errors with a
 * did-you-mean (force registration, unless the manifest opts out), and every write to a declared field
 * is checked against its type; a refused write stores nothing. `bigint` fields hold any whole number as
 * decimal text.
 */
import { describe, expect, it } from 'vitest';
import { ConfigValueTypeError, MissingKeyError, UnregisteredKeyError } from '../../../runtime/config/index.js';
import type { ConfigSpec } from '../../../runtime/contract/spec.js';
import { guildAt, type ContractContext } from './context.js';

const spec: ConfigSpec = {
  guild: { count: 0, owner: null, ids: [], settings: { prefix: '!', limit: 5 }, big: '0', wait: 1000, since: { at: 0, by: '1' } },
  member: { level: 1 },
  custom: { Tags: { keys: ['guildId', 'name'], defaults: { uses: 0, author: '1' }, types: { uses: { type: 'integer' }, author: { type: 'snowflake' } } } },
  types: {
    guild: {
      count: { type: 'integer' },
      owner: { type: 'snowflake', nullable: true },
      ids: { type: 'array', items: { type: 'snowflake' } },
      settings: { group: { prefix: { type: 'string' }, limit: { type: 'integer' } } },
      big: { type: 'bigint' },
      wait: { type: 'duration' },
      since: { type: 'object', fields: { at: { type: 'integer' }, by: { type: 'snowflake' } } },
    },
    member: { level: { type: 'integer' } },
  },
};

export function declaredContract(ctx: ContractContext): void {
  describe('a cog Config: force registration', () => {
    it('GIVEN a name the manifest does not declare WHEN read THEN UnregisteredKeyError names cog, scope and name, with a did-you-mean', () => {
      const config = ctx.cog(spec);
      expect(() => config.guild("1").countt).toThrow(UnregisteredKeyError);
      expect(() => config.guild("1").countt).toThrow(/"countt" was never registered; did you mean "count"\?.*scope GUILD.*path countt/);
      expect(() => config.guild('1').settings.zzzzzz).toThrow(/registered here: "prefix", "limit"/);
      expect(() => config.member({ id: '2', guild: { id: '1' } }).levell).toThrow(/did you mean "level"/);
    });

    it('GIVEN a manifest that opts out (forceRegistration false) THEN an unknown name reads null', async () => {
      const config = ctx.cog({ ...spec, forceRegistration: false });
      expect(await config.guild("1").countt()).toBeNull();
    });
  });

  describe('a cog Config: writes are checked against the declared types', () => {
    it('GIVEN an integer field THEN 1.5 and 2**63 are refused naming cog, scope and path, and nothing is stored', async () => {
      const config = ctx.cog(spec);
      const count = config.guild('1').count;
      await expect(count.set(1.5)).rejects.toThrow(ConfigValueTypeError);
      await expect(count.set(1.5)).rejects.toThrow(/value 1\.5 does not match type `integer`.*cog "Contract_.*scope GUILD.*path count/);
      await expect(count.set(2 ** 63)).rejects.toThrow(/lose precision; use type `bigint`/);
      await expect(count.set('3')).rejects.toThrow(ConfigValueTypeError);
      expect(await ctx.raw(config, guildAt('1'))).toBeUndefined();
      await count.set(Number.MAX_SAFE_INTEGER);
      expect(await count()).toBe(Number.MAX_SAFE_INTEGER);
    });

    it('GIVEN an integer at 2^53−1 WHEN incremented past it THEN refused and the stored value is unchanged', async () => {
      const config = ctx.cog(spec);
      const count = config.guild('1').count;
      await count.set(Number.MAX_SAFE_INTEGER - 1);
      expect(await count.increment(1)).toBe(Number.MAX_SAFE_INTEGER);
      await expect(count.increment(1)).rejects.toThrow(/passes 2\^53−1/);
      await expect(count.increment(0.5)).rejects.toThrow(/needs a whole number/);
      expect(await ctx.raw(config, guildAt('1', ['count']))).toBe(Number.MAX_SAFE_INTEGER);
    });

    it('GIVEN a snowflake field THEN only strings of digits are stored, null only where nullable', async () => {
      const config = ctx.cog(spec);
      const g = config.guild('1');
      await expect(g.owner.set('someone')).rejects.toThrow(/does not match type `snowflake/);
      await expect(g.owner.set(123456789012345680)).rejects.toThrow(/must be a quoted string of digits/);
      await g.owner.set('123456789012345678');
      await g.owner.set(null);
      expect(await g.owner()).toBeNull();
      await expect(g.count.set(null)).rejects.toThrow(/null is not allowed here \(the type is `integer`, not nullable\)/);
      await expect(g.ids.append('x')).rejects.toThrow(/Cannot append this: item "x" does not match type `snowflake/);
      await g.ids.append('42');
      await expect(g.ids.set(['1', 2])).rejects.toThrow(/path ids\.1/);
      expect(await g.ids()).toEqual(['42']);
    });

    it('GIVEN group and raw writes THEN declared fields inside them are checked too (set, setRaw, update, partial groups)', async () => {
      const config = ctx.cog(spec);
      const g = config.guild('1');
      await expect(g.settings.set({ prefix: 1 })).rejects.toThrow(/path settings\.prefix/);
      await expect(g.set({ settings: { limit: 'many' } })).rejects.toThrow(/path settings\.limit/);
      await expect(g.setRaw('settings', 'limit', 2.5)).rejects.toThrow(/path settings\.limit/);
      await expect(g.setRaw('settings', 'oops')).rejects.toThrow(/declares a group here/);
      await expect(g.since.set({ at: 1 })).rejects.toThrow(/missing the field `by`/);
      await expect(g.setRaw('since', 'at', 'now')).rejects.toThrow(/path since\.at/);
      await expect(g.settings.update((draft: { limit: unknown }) => { draft.limit = -0.5; })).rejects.toThrow(/path settings\.limit/);
      await expect(config.guild('1').setRaw('wait', -1)).rejects.toThrow(/whole milliseconds, not negative/);
      await expect(config.custom('Tags', '1').set({ hello: { uses: 'x' } })).rejects.toThrow(/scope Tags, keys \[1, hello\], path uses/);
      await expect(config.custom('Tags').setRaw('1', 'hello', 'author', 'me')).rejects.toThrow(/snowflake/);
      expect(await ctx.raw(config, guildAt('1'))).toBeUndefined();
      await g.settings.set({ prefix: '?', limit: 3, extra: 'undeclared places are not checked' });
      await config.custom('Tags', '1', 'hello').uses.increment(2);
      expect(await g.settings.limit()).toBe(3);
      expect(await config.custom('Tags', '1', 'hello').uses()).toBe(2);
    });

    it('GIVEN a bigint field THEN any whole number is stored exactly as decimal text, increments are exact', async () => {
      const config = ctx.cog(spec);
      const big = config.guild('1').big;
      await big.set(2n ** 63n);
      expect(await big()).toBe('9223372036854775808');
      expect(await ctx.raw(config, guildAt('1', ['big']))).toBe('9223372036854775808');
      expect(await big.increment(1)).toBe('9223372036854775809');
      expect(await big.increment(10n ** 30n)).toBe((2n ** 63n + 1n + 10n ** 30n).toString());
      await expect(big.set(1.5)).rejects.toThrow(/does not match type `bigint`/);
      await expect(big.set('12a')).rejects.toThrow(/does not match type `bigint`/);
      await big.set('007');
      expect(await big()).toBe('7');
      await expect(config.guild('1').settings.limit.set(Number.NaN)).rejects.toThrow(/value NaN does not match type `integer`/);
      await config.guild('2').big.set(7);
      expect(await config.guild('2').big.increment(-8)).toBe('-1');
      expect(await config.guild('3').big.increment()).toBe('1');
    });

    it('GIVEN toggle or increment on a field of another type THEN refused', async () => {
      const config = ctx.cog(spec);
      await expect(config.guild('1').settings.prefix.increment()).rejects.toThrow(/increment\(\) needs a number field; this one is `string`/);
      await expect(config.guild('1').count.toggle()).rejects.toThrow(/toggle\(\) needs a boolean field/);
    });
  });

  describe('getRaw on custom groups', () => {
    it('GIVEN a document replaced by one without a key WHEN getRaw with every primary key THEN MissingKeyError, however the keys are split', async () => {
      const config = ctx.conf();
      config.registerCustom('G', { a: 1 });
      config.initCustom('G', 2);
      const replacements: [string, () => Promise<void>][] = [
        ['a partial group set', () => config.custom('G', 'k1').set({ k2: { y: 2 } })],
        ['a whole-tree set', () => config.custom('G').set({ k1: { k2: { y: 2 } } })],
        ['a document set', () => config.custom('G', 'k1', 'k2').set({ y: 2 })],
        ['a raw set of the document', () => config.custom('G').setRaw('k1', 'k2', { y: 2 })],
      ];
      for (const [how, replace] of replacements) {
        await config.custom('G', 'k1', 'k2').setRaw('x', 5);
        expect(await config.custom('G', 'k1', 'k2').getRaw('x')).toBe(5);
        await replace();
        for (const read of [() => config.custom('G', 'k1', 'k2').getRaw('x'), () => config.custom('G', 'k1').getRaw('k2', 'x'), () => config.custom('G').getRaw('k1', 'k2', 'x')]) {
          await expect(read(), how).rejects.toThrow(MissingKeyError);
        }
        expect(await config.custom('G', 'k1', 'k2').getRaw('a'), how).toBe(1);
      }
    });
  });
}
