/**
 * The runtime objects stand behind the generated, typed accessors (runtime/config/typed.ts): they are
 * cast to Value<T>/Group<T>/Lock, so every member declared there must really exist with that meaning.
 */
import { afterEach, describe, expect, expectTypeOf, it } from 'vitest';
import { Config, MemoryDriver, type Group, type Lock, type Value } from '../../runtime/config/index.js';

interface GuildSettings {
  prefix: string;
  count: number;
  enabled: boolean;
  tags: string[];
}
/** What the generator emits for a guild group: one typed child per registered key. */
interface TypedGuild extends Group<GuildSettings> {
  prefix: Value<string>;
  count: Value<number>;
  enabled: Value<boolean>;
  tags: Value<string[]>;
}

const made: Config[] = [];
afterEach(() => made.splice(0).forEach((c) => Config.release(c)));

function typedGuild(): TypedGuild {
  const config = Config.getConf({ cogName: 'Typed', identifier: 1, driver: new MemoryDriver() });
  made.push(config);
  config.registerGuild({ prefix: '!', count: 0, enabled: false, tags: [] });
  return config.guild('1') as unknown as TypedGuild;
}

describe('typed accessors over the runtime objects', () => {
  it('GIVEN a Value THEN every member of typed Value exists and works', async () => {
    const g = typedGuild();
    for (const member of ['get', 'set', 'clear', 'update', 'getLock', 'increment', 'toggle', 'append'] as const) {
      expect(typeof g.count[member], member).toBe('function');
    }
    await g.prefix.set('?');
    expect(await g.prefix()).toBe('?');
    expect(await g.count.increment(2)).toBe(2);
    expect(await g.enabled.toggle()).toBe(true);
    expect(await g.tags.append('a', { maxLength: 5 })).toEqual(['a']);
    expect(await g.tags.update((t) => [...t, 'b'])).toEqual(['a', 'b']);
    await g.prefix.clear();
    expect(await g.prefix.get()).toBe('!');
    expectTypeOf(g.count.increment).returns.resolves.toBeNumber();
    expectTypeOf(g.prefix.get).returns.resolves.toBeString();
  });

  it('GIVEN a Group THEN every member of typed Group exists and works', async () => {
    const g = typedGuild();
    for (const member of ['get', 'all', 'set', 'clear', 'update', 'getLock', 'getAttr', 'getRaw', 'setRaw', 'clearRaw'] as const) {
      expect(typeof g[member], member).toBe('function');
    }
    expect(g.defaults).toEqual({ prefix: '!', count: 0, enabled: false, tags: [] });
    await g.setRaw('prefix', '$');
    expect(await g.getRaw('prefix')).toBe('$');
    expect(await g.getRaw('missing', { default: 1 })).toBe(1);
    await g.clearRaw('prefix');
    expect((await g.all()).prefix).toBe('!');
    expect(await g.update((d) => ({ ...d, count: 3 }))).toMatchObject({ count: 3 });
    expect(await g.getAttr('count').get()).toBe(3);
    expectTypeOf(g.all).returns.resolves.toEqualTypeOf<GuildSettings>();
  });

  it('GIVEN a Lock THEN acquire returns a release function and runExclusive returns fn\'s result', async () => {
    const lock: Lock = typedGuild().count.getLock();
    const release = await lock.acquire({ timeoutMs: 100 });
    expect(typeof release).toBe('function');
    await release();
    expect(await lock.runExclusive(async () => 42)).toBe(42);
  });
});
