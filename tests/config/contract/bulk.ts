/** Contract: bulk readers and clearers, and whole-namespace export/import. */
import { describe, expect, it } from 'vitest';
import { Config } from '../../../runtime/config/index.js';
import type { ContractContext } from './context.js';

export function bulkContract(ctx: ContractContext): void {
  describe('bulk readers', () => {
    it('GIVEN data in several scopes THEN allGuilds/allChannels/allRoles/allUsers list only ids with stored data, merged with defaults', async () => {
      const config = ctx.conf();
      config.registerGuild({ p: '!', s: { a: 1 } });
      config.registerChannel({ on: false });
      config.registerRole({ r: 0 });
      config.registerUser({ u: 0 });
      await config.guild('1').p.set('?');
      await config.guild('2').s.a.set(2);
      await config.channel('10').on.set(true);
      await config.role('20').r.set(1);
      await config.user('30').u.set(1);
      expect(await config.allGuilds()).toEqual({ '1': { p: '?', s: { a: 1 } }, '2': { p: '!', s: { a: 2 } } });
      expect(await config.allChannels()).toEqual({ '10': { on: true } });
      expect(await config.allRoles()).toEqual({ '20': { r: 1 } });
      expect(await config.allUsers()).toEqual({ '30': { u: 1 } });
    });

    it('GIVEN members in two guilds THEN allMembers() nests by guild and allMembers(guild) gives one guild', async () => {
      const config = ctx.conf();
      config.registerMember({ xp: 0, n: 1 });
      await config.memberFromIds('1', '2').xp.set(5);
      await config.memberFromIds('3', '4').xp.set(6);
      expect(await config.allMembers()).toEqual({ '1': { '2': { xp: 5, n: 1 } }, '3': { '4': { xp: 6, n: 1 } } });
      expect(await config.allMembers({ id: '3' })).toEqual({ '4': { xp: 6, n: 1 } });
      expect(await config.allMembers('9')).toEqual({});
    });

    it('GIVEN a custom group THEN allCustom returns its stored tree', async () => {
      const config = ctx.conf();
      config.initCustom('TAG', 1);
      config.registerCustom('TAG', { text: '', uses: 0 });
      await config.custom('TAG', 'hello').text.set('Hi!');
      expect(await config.allCustom('TAG')).toEqual({ hello: { text: 'Hi!' } });
    });
  });

  describe('bulk clearers', () => {
    async function seeded(): Promise<Config> {
      const config = ctx.conf();
      config.initCustom('TAG', 1);
      await config.global.getAttr('g').set(1);
      await config.guild('1').getAttr('x').set(1);
      await config.channel('1').getAttr('x').set(1);
      await config.role('1').getAttr('x').set(1);
      await config.user('1').getAttr('x').set(1);
      await config.memberFromIds('1', '2').getAttr('x').set(1);
      await config.memberFromIds('3', '4').getAttr('x').set(1);
      await config.custom('TAG', 't').getAttr('x').set(1);
      return config;
    }

    it('GIVEN data everywhere WHEN each clearer runs THEN only its scope is emptied', async () => {
      const config = await seeded();
      await config.clearAllGlobals();
      expect(await config.global.getAttr('g')()).toBeNull();
      expect(await config.allGuilds()).toEqual({ '1': { x: 1 } });
      await config.clearAllGuilds();
      expect(await config.allGuilds()).toEqual({});
      expect(await config.guild('1').getAttr('x')()).toBeNull();
      expect(await config.allChannels()).toEqual({ '1': { x: 1 } });
      await config.clearAllChannels();
      await config.clearAllRoles();
      await config.clearAllUsers();
      expect(await config.allChannels()).toEqual({});
      expect(await config.allRoles()).toEqual({});
      expect(await config.allUsers()).toEqual({});
      await config.clearAllMembers('1');
      expect(await config.allMembers()).toEqual({ '3': { '4': { x: 1 } } });
      await config.clearAllMembers();
      expect(await config.allMembers()).toEqual({});
      expect(await config.allCustom('TAG')).toEqual({ t: { x: 1 } });
      await config.clearAllCustom('TAG');
      expect(await config.allCustom('TAG')).toEqual({});
    });

    it('GIVEN data everywhere WHEN clearAll THEN nothing of the cog is left, and other cogs keep theirs', async () => {
      const other = ctx.conf();
      await other.guild('1').getAttr('keep').set(true);
      const config = await seeded();
      await config.clearAll();
      expect((await ctx.stored(config)).data).toEqual({});
      expect(await config.guild('1').getAttr('x')()).toBeNull();
      expect(await config.custom('TAG', 't').getAttr('x')()).toBeNull();
      expect(await other.guild('1').getAttr('keep')()).toBe(true);
    });
  });

  describe('export and import', () => {
    it('GIVEN a namespace with data THEN export holds every scope with its key counts, and import elsewhere restores it exactly', async () => {
      const source = ctx.conf();
      source.initCustom('PAIR', 2);
      await source.global.getAttr('a').set({ deep: [1, { x: null }] });
      await source.memberFromIds('1', '2').getAttr('xp').set(3);
      await source.custom('PAIR', 'p', 'q').getAttr('v').set('w');
      const exported = await ctx.driver().exportNamespace(source.namespace);
      expect(exported.keyCounts).toEqual({ GLOBAL: 0, MEMBER: 2, PAIR: 2 });
      expect(exported.data).toEqual({ GLOBAL: { a: { deep: [1, { x: null }] } }, MEMBER: { '1': { '2': { xp: 3 } } }, PAIR: { p: { q: { v: 'w' } } } });
      expect(await ctx.driver().namespaces()).toContainEqual(source.namespace);

      const target = ctx.conf();
      target.initCustom('PAIR', 2);
      await target.guild('9').getAttr('old').set(1);
      await ctx.driver().importNamespace({ ...exported, namespace: target.namespace });
      expect((await ctx.stored(target)).data).toEqual(exported.data);
      expect(await target.guild('9').getAttr('old')()).toBeNull();
      // Importing through the Config's store also drops cached documents.
      await target.store().importNamespace({ ...exported, namespace: target.namespace });
      expect(await target.memberFromIds('1', '2').getAttr('xp')()).toBe(3);
      expect(await target.custom('PAIR', 'p', 'q').getAttr('v')()).toBe('w');
    });
  });
}
