/** Contract: the registry, registration, defaults and key normalization. */
import { describe, expect, it } from 'vitest';
import {
  Config,
  ConfigError,
  CustomGroupError,
  InvalidKeyError,
  RegistrationConflictError,
  UnregisteredKeyError,
} from '../../../runtime/config/index.js';
import { guildAt, nonJsonValues, type ContractContext } from './context.js';

export function registrationContract(ctx: ContractContext): void {
  describe('registry', () => {
    it('GIVEN getConf twice for one namespace THEN the same instance comes back, listed in instances()', () => {
      const a = ctx.conf();
      const b = Config.getConf({ cogName: a.cogName, identifier: Number(a.identifier) });
      expect(b).toBe(a);
      expect(Config.instances()).toContain(a);
      expect(a.identifier).toBe(String(a.identifier));
      expect(typeof a.identifier).toBe('string');
    });

    it('GIVEN release WHEN getConf again THEN a new instance is built and the data is still there', async () => {
      const a = ctx.conf();
      a.registerGlobal({ n: 0 });
      await a.global.n.set(5);
      Config.release(a);
      expect(Config.instances()).not.toContain(a);
      const b = Config.getConf({ cogName: a.cogName, identifier: a.identifier, driver: ctx.driver() });
      try {
        expect(b).not.toBe(a);
        expect(await b.global.getAttr('n').get()).toBe(5);
      } finally {
        Config.release(b);
      }
    });

    it('GIVEN an identifier that is not an integer THEN getConf throws a TypeError', () => {
      expect(() => Config.getConf({ cogName: 'X', identifier: 1.5 })).toThrow(TypeError);
      expect(() => Config.getConf({ cogName: 'X', identifier: 'abc' })).toThrow(/identifier/);
    });

    it('GIVEN a cog spec WHEN forCog THEN every scope and custom group is registered and initialised', async () => {
      const probe = ctx.conf();
      Config.release(probe);
      const config = Config.forCog(
        {
          name: probe.cogName,
          identifier: probe.identifier,
          config: {
            guild: { prefix: '!', settings: { enabled: true } },
            member: { xp: 0 },
            custom: { RANK: { keys: ['guild', 'rank'], defaults: { color: 'red' } } },
          },
        },
        ctx.driver(),
      );
      try {
        expect(await config.guild('1').prefix()).toBe('!');
        expect(await config.memberFromIds('1', '2').xp()).toBe(0);
        expect(await config.custom('RANK', '1', 'gold').color()).toBe('red');
      } finally {
        Config.release(config);
      }
    });
  });

  describe('registration', () => {
    it('GIVEN registered defaults WHEN the object given is mutated afterwards THEN the defaults do not change', async () => {
      const config = ctx.conf();
      const defaults = { settings: { prefix: '!', list: [1] } };
      config.registerGuild(defaults);
      defaults.settings.prefix = '?';
      defaults.settings.list.push(2);
      expect(await config.guild('1').settings.prefix()).toBe('!');
      expect(await config.guild('1').settings.list()).toEqual([1]);
    });

    it('GIVEN two registrations of a scope THEN they merge deeply and a later leaf wins', async () => {
      const config = ctx.conf();
      config.registerGuild({ a: 1, nested: { x: 1, y: 1 } });
      config.registerGuild({ b: 2, nested: { y: 2, z: 3 } });
      expect(await config.guild('1').all()).toEqual({ a: 1, b: 2, nested: { x: 1, y: 2, z: 3 } });
    });

    it('GIVEN a Value WHEN a Group is registered at its name (or the reverse) THEN RegistrationConflictError naming the path, nothing changed', async () => {
      const config = ctx.conf();
      config.registerGuild({ a: 1, g: { x: 1 } });
      expect(() => config.registerGuild({ a: { b: 1 } })).toThrow(RegistrationConflictError);
      expect(() => config.registerGuild({ ok: 5, g: 2 })).toThrow(/path g\b/);
      expect(() => config.registerGuild({ g: { x: { deep: 1 } } })).toThrow(/cog "Contract.*scope GUILD.*path g\.x/);
      // The failed calls registered nothing, not even their valid parts.
      expect(await config.guild('1').all()).toEqual({ a: 1, g: { x: 1 } });
    });

    it('GIVEN an object default THEN it is a Group; any other default is a Value', async () => {
      const config = ctx.conf();
      config.registerGlobal({ group: {}, list: [1, 2], nothing: null });
      expect(typeof config.global.group.getRaw).toBe('function');
      expect(await config.global.group()).toEqual({});
      expect(config.global.list.getRaw).toBeUndefined();
      expect(await config.global.list()).toEqual([1, 2]);
      expect(await config.global.nothing()).toBeNull();
    });

    for (const name of ['get', 'set', 'clear', 'all', 'update', 'getRaw', 'setRaw', 'clearRaw', 'getLock', 'getAttr', 'increment', 'toggle', 'append', 'defaults', 'then', 'constructor']) {
      it(`GIVEN the reserved name "${name}" at the top or deep down THEN registration throws InvalidKeyError naming it`, () => {
        const config = ctx.conf();
        expect(() => config.registerGuild({ [name]: 1 })).toThrow(InvalidKeyError);
        expect(() => config.registerMember({ a: { b: { [name]: 1 } } })).toThrow(new RegExp(`"${name}".*path a\\.b\\.${name}`));
      });
    }

    it('GIVEN an empty key THEN registration throws InvalidKeyError', () => {
      const config = ctx.conf();
      expect(() => config.registerGlobal({ '': 1 })).toThrow(InvalidKeyError);
      expect(() => config.registerGlobal({ a: { '': 1 } })).toThrow(InvalidKeyError);
    });

    for (const [what, bad] of nonJsonValues()) {
      it(`GIVEN ${what} in registered defaults THEN registration throws a TypeError naming where`, () => {
        const config = ctx.conf();
        expect(() => config.registerGuild({ settings: { bad } } as never)).toThrow(TypeError);
        expect(() => config.registerGuild({ settings: { bad } } as never)).toThrow(/scope GUILD.*settings\.bad/);
      });
    }

    it('GIVEN group.defaults THEN it is a deep copy of that group\'s defaults (the whole document for a scope)', () => {
      const config = ctx.conf();
      config.registerGuild({ a: 1, g: { list: [1] } });
      const scope = config.guild('1').defaults;
      expect(scope).toEqual({ a: 1, g: { list: [1] } });
      (scope.g as { list: number[] }).list.push(2);
      expect(config.guild('1').g.defaults).toEqual({ list: [1] });
    });
  });

  describe('children', () => {
    it('GIVEN forceRegistration WHEN an unregistered child is read THEN the property access throws UnregisteredKeyError', () => {
      const config = ctx.conf({ forceRegistration: true });
      config.registerGuild({ known: 1 });
      expect(() => config.guild('1').unknown).toThrow(UnregisteredKeyError);
      expect(() => config.guild('1').getAttr('unknown')).toThrow(/"unknown".*scope GUILD.*path unknown/);
      expect(() => config.guild('1').known).not.toThrow();
    });

    it('GIVEN no forceRegistration WHEN an unregistered child is read THEN it is a Value whose default is null', async () => {
      const config = ctx.conf();
      const value = config.guild('1').getAttr('whatever');
      expect(await value()).toBeNull();
      await value.set(3);
      expect(await config.guild('1').whatever()).toBe(3);
    });

    it('GIVEN a Group or Value THEN it is not thenable, so awaiting it by mistake returns it unchanged', async () => {
      const config = ctx.conf();
      config.registerGuild({ a: 1 });
      const group = config.guild('1');
      expect((group as unknown as { then?: unknown }).then).toBeUndefined();
      expect((group.a as { then?: unknown }).then).toBeUndefined();
      expect(await (group as unknown as Promise<unknown>)).toBe(group);
    });

    it('GIVEN getAttr with an empty or reserved name THEN InvalidKeyError', () => {
      const config = ctx.conf();
      expect(() => config.guild('1').getAttr('')).toThrow(InvalidKeyError);
      expect(() => config.guild('1').getAttr('then')).toThrow(InvalidKeyError);
    });
  });

  describe('keys', () => {
    it('GIVEN a string, bigint, safe integer or object with id THEN they address the same document', async () => {
      const config = ctx.conf();
      config.registerGuild({ n: 0 });
      await config.guild(123456789012345678n).n.set(1);
      expect(await config.guild('123456789012345678').n()).toBe(1);
      expect(await config.guild({ id: '123456789012345678' }).n()).toBe(1);
      expect(await config.guildFromId(123456789012345678n).n()).toBe(1);
      await config.guild(42).n.set(2);
      expect(await config.guildFromId('42').n()).toBe(2);
      expect(await ctx.raw(config, guildAt('42'))).toEqual({ n: 2 });
    });

    it('GIVEN a member object THEN it addresses (guild.id, id), like memberFromIds', async () => {
      const config = ctx.conf();
      config.registerMember({ xp: 0 });
      await config.member({ id: '2', guild: { id: '1' } }).xp.set(7);
      expect(await config.memberFromIds(1, 2n).xp()).toBe(7);
      expect(await config.allMembers('1')).toEqual({ '2': { xp: 7 } });
    });

    it('GIVEN an unsafe number or a boolean THEN the accessor call itself throws a TypeError', () => {
      const config = ctx.conf();
      expect(() => config.guild(2 ** 60)).toThrow(TypeError);
      expect(() => config.guild(1.5)).toThrow(TypeError);
      expect(() => config.guild(true as never)).toThrow(TypeError);
      expect(() => config.user({ id: 2 ** 60 } as never)).toThrow(TypeError);
      expect(() => config.memberFromIds('1', false as never)).toThrow(TypeError);
      expect(() => config.member({ id: '1' } as never)).toThrow(TypeError);
      expect(() => config.channel(null as never)).toThrow(TypeError);
    });

    it('GIVEN an empty-string key THEN InvalidKeyError', () => {
      const config = ctx.conf();
      expect(() => config.guild('')).toThrow(InvalidKeyError);
      expect(() => config.role({ id: '' })).toThrow(InvalidKeyError);
      config.initCustom('C', 1);
      expect(() => config.custom('C', '')).toThrow(InvalidKeyError);
    });
  });

  describe('custom groups', () => {
    it('GIVEN a custom group used before initCustom THEN CustomGroupError naming it', () => {
      const config = ctx.conf();
      expect(() => config.custom('RANK', '1')).toThrow(CustomGroupError);
      expect(() => config.custom('RANK', '1')).toThrow(/RANK/);
      return expect(config.allCustom('RANK')).rejects.toThrow(CustomGroupError);
    });

    it('GIVEN initCustom again THEN the same count is a no-op and another count throws', () => {
      const config = ctx.conf();
      config.initCustom('RANK', 2);
      expect(() => config.initCustom('RANK', 2)).not.toThrow();
      expect(() => config.initCustom('RANK', 3)).toThrow(CustomGroupError);
    });

    it('GIVEN more keys than the group has THEN CustomGroupError', () => {
      const config = ctx.conf();
      config.initCustom('RANK', 1);
      expect(() => config.custom('RANK', 'a', 'b')).toThrow(CustomGroupError);
    });

    it('GIVEN registerCustom THEN documents of the group read its defaults', async () => {
      const config = ctx.conf();
      config.initCustom('RANK', 2);
      config.registerCustom('RANK', { color: 'red', perks: { xp: 1 } });
      expect(await config.custom('RANK', 'g', 'gold').all()).toEqual({ color: 'red', perks: { xp: 1 } });
      await config.custom('RANK', 'g', 'gold').perks.xp.set(5);
      expect(await config.custom('RANK', 'g', 'gold').perks()).toEqual({ xp: 5 });
    });
  });

  describe('errors', () => {
    it('GIVEN every Config error class THEN it extends ConfigError and carries its location', () => {
      const config = ctx.conf({ forceRegistration: true });
      try {
        void config.guild('9').nope;
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        expect(error).toBeInstanceOf(UnregisteredKeyError);
        const e = error as UnregisteredKeyError;
        expect(e.cogName).toBe(config.cogName);
        expect(e.scope).toBe('GUILD');
        expect(e.path).toEqual(['nope']);
        expect(e.name).toBe('UnregisteredKeyError');
      }
    });
  });
}
