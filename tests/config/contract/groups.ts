/** Contract: Group reads and writes, raw access, partial groups. */
import { describe, expect, it } from 'vitest';
import { CannotSetSubfieldError, MissingKeyError } from '../../../runtime/config/index.js';
import { guildAt, type ContractContext } from './context.js';

export function groupContract(ctx: ContractContext): void {
  describe('Group all/set', () => {
    it('GIVEN stored data THEN all() deep-merges defaults (stored wins, missing keys at any depth from defaults, unregistered stored keys kept)', async () => {
      const config = ctx.conf();
      config.registerGuild({ a: 1, nested: { x: 1, y: { z: 1 } } });
      const g = config.guild('1');
      await g.setRaw('nested', 'y', 'w', 5);
      await g.setRaw('extra', 'kept');
      await g.a.set(2);
      expect(await g.all()).toEqual({ a: 2, nested: { x: 1, y: { z: 1, w: 5 } }, extra: 'kept' });
      expect(await g()).toEqual(await g.all());
      expect(await g.nested()).toEqual({ x: 1, y: { z: 1, w: 5 } });
    });

    it('GIVEN a call-site fallback THEN it replaces the registered defaults for that call', async () => {
      const config = ctx.conf();
      config.registerGuild({ a: 1, b: 1 });
      await config.guild('1').a.set(2);
      expect(await config.guild('1').all({ b: 9, c: 3 })).toEqual({ a: 2, b: 9, c: 3 });
      expect(await config.guild('1').get({ c: 3 })).toEqual({ a: 2, c: 3 });
    });

    it('GIVEN group.set(obj) THEN the whole stored document is replaced and reads still merge defaults', async () => {
      const config = ctx.conf();
      config.registerGuild({ a: 1, b: 1 });
      const g = config.guild('1');
      await g.setRaw('old', 1);
      await g.set({ b: 2 });
      expect(await ctx.raw(config, guildAt('1'))).toEqual({ b: 2 });
      expect(await g.all()).toEqual({ a: 1, b: 2 });
    });

    it('GIVEN group.set with a non-object THEN TypeError', async () => {
      const config = ctx.conf();
      config.registerGuild({ g: { x: 1 } });
      await expect(config.guild('1').set(5 as never)).rejects.toThrow(TypeError);
      await expect(config.guild('1').g.set([1] as never)).rejects.toThrow(/path g/);
    });

    it('GIVEN all() result mutated THEN nothing stored changes', async () => {
      const config = ctx.conf();
      config.registerGuild({ list: [1] });
      const all = await config.guild('1').all();
      (all.list as number[]).push(2);
      expect(await config.guild('1').list()).toEqual([1]);
    });

    it('GIVEN group.clear THEN the document is gone and defaults show', async () => {
      const config = ctx.conf();
      config.registerGuild({ a: 1 });
      await config.guild('1').a.set(2);
      await config.guild('1').clear();
      expect(await config.guild('1').all()).toEqual({ a: 1 });
      expect(await ctx.raw(config, guildAt('1'))).toBeUndefined();
      expect(await config.allGuilds()).toEqual({});
    });
  });

  describe('raw access', () => {
    it('GIVEN getRaw THEN the nested value is merged with defaults along the path', async () => {
      const config = ctx.conf();
      config.registerGuild({ s: { a: 1, b: { c: 1 } } });
      const g = config.guild('1');
      expect(await g.getRaw('s', 'b', 'c')).toBe(1);
      await g.setRaw('s', 'b', 'd', 2);
      expect(await g.getRaw('s', 'b')).toEqual({ c: 1, d: 2 });
      expect(await g.getRaw('s')).toEqual({ a: 1, b: { c: 1, d: 2 } });
      expect(await g.getRaw('s', 'nothing', { default: 'dflt' })).toBe('dflt');
      expect(await g.s.getRaw('a')).toBe(1);
    });

    it('GIVEN nothing stored and no default THEN getRaw throws MissingKeyError naming the path', async () => {
      const config = ctx.conf();
      await expect(config.guild('1').getRaw('x', 'y')).rejects.toThrow(MissingKeyError);
      await expect(config.guild('1').getRaw('x', 'y')).rejects.toThrow(/scope GUILD.*keys \[1\].*path x\.y/);
    });

    it('GIVEN a stored non-object THEN setting below it throws CannotSetSubfieldError and reading below it counts as missing', async () => {
      const config = ctx.conf();
      const g = config.guild('1');
      await g.setRaw('leaf', 5);
      await g.setRaw('list', [1, 2]);
      await expect(g.setRaw('leaf', 'x', 1)).rejects.toThrow(CannotSetSubfieldError);
      await expect(g.setRaw('leaf', 'x', 'y', 1)).rejects.toThrow(/cog "Contract.*scope GUILD.*leaf/);
      await expect(g.setRaw('list', '0', 1)).rejects.toThrow(CannotSetSubfieldError);
      await expect(g.getRaw('leaf', 'x')).rejects.toThrow(MissingKeyError);
      await expect(g.getRaw('list', '0')).rejects.toThrow(MissingKeyError);
      expect(await g.getRaw('leaf', 'x', { default: 0 })).toBe(0);
      expect(await ctx.raw(config, guildAt('1'))).toEqual({ leaf: 5, list: [1, 2] });
    });

    it('GIVEN clearRaw THEN that path is removed and defaults show again', async () => {
      const config = ctx.conf();
      config.registerGuild({ s: { a: 1 } });
      const g = config.guild('1');
      await g.setRaw('s', 'a', 5);
      await g.setRaw('s', 'other', 1);
      await g.clearRaw('s', 'a');
      expect(await g.getRaw('s')).toEqual({ a: 1, other: 1 });
      await g.clearRaw('no', 'such', 'path');
    });

    it('GIVEN forceRegistration THEN raw access still reaches unregistered paths', async () => {
      const config = ctx.conf({ forceRegistration: true });
      await config.guild('1').setRaw('free', 'form', 1);
      expect(await config.guild('1').getRaw('free', 'form')).toBe(1);
      await config.guild('1').clearRaw('free');
    });

    it('GIVEN raw keys named like API members THEN they are plain data', async () => {
      const config = ctx.conf();
      await config.guild('1').setRaw('tags', 'then', 'x');
      expect(await config.guild('1').getRaw('tags')).toEqual({ then: 'x' });
    });
  });

  describe('partial groups', () => {
    it('GIVEN a custom group with fewer keys THEN getRaw/setRaw fill the missing primary keys from the leading path parts', async () => {
      const config = ctx.conf();
      config.initCustom('RANK', 2);
      config.registerCustom('RANK', { color: 'red' });
      const partial = config.custom('RANK', 'g1');
      await partial.setRaw('gold', 'color', 'gold');
      expect(await config.custom('RANK', 'g1', 'gold').color()).toBe('gold');
      expect(await partial.getRaw('gold', 'color')).toBe('gold');
      expect(await partial.getRaw('silver', 'color')).toBe('red');
      expect(await config.custom('RANK').getRaw('g1', 'gold', 'color')).toBe('gold');
      await partial.clearRaw('gold', 'color');
      expect(await config.custom('RANK', 'g1', 'gold').color()).toBe('red');
    });

    it('GIVEN a partial group set THEN every document under that prefix is replaced', async () => {
      const config = ctx.conf();
      config.initCustom('RANK', 2);
      config.registerCustom('RANK', { color: 'red' });
      await config.custom('RANK', 'g1', 'a').color.set('blue');
      await config.custom('RANK', 'g2', 'a').color.set('green');
      await config.custom('RANK', 'g1').set({ b: { color: 'white' }, c: {} });
      expect(await config.allCustom('RANK')).toEqual({ g1: { b: { color: 'white' }, c: {} }, g2: { a: { color: 'green' } } });
      expect(await config.custom('RANK', 'g1').all()).toEqual({ b: { color: 'white' }, c: { color: 'red' } });
      await expect(config.custom('RANK', 'g1').set({ b: 5 } as never)).rejects.toThrow(TypeError);
    });

    it('GIVEN the member scope with one key THEN it is a partial group over that guild', async () => {
      const config = ctx.conf();
      config.registerMember({ xp: 0 });
      await config.memberFromIds('1', '2').xp.set(5);
      await config.memberFromIds('1', '3').xp.set(6);
      expect(await config.allMembers('1')).toEqual({ '2': { xp: 5 }, '3': { xp: 6 } });
    });
  });
}
