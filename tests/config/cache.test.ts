/**
 * The read cache in front of every driver: hot reads cost no driver I/O, writes go through it, and
 * invalidations, partial writes and racing reads never leave it stale.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { JsonValue } from '../../runtime/contract/spec.js';
import { CachedStore, Config, LockLostError, MemoryDriver } from '../../runtime/config/index.js';
import { DerivedCache, deepFreeze } from '../../runtime/config/derived.js';
import type { Address, Invalidation, Namespace } from '../../runtime/drivers/types.js';

/** A memory driver that counts its calls, can hold reads back, and can announce changes like postgres does. */
class InstrumentedDriver extends MemoryDriver {
  readonly calls: Record<string, number> = {};
  private listeners = new Set<(change: Invalidation) => void>();
  holdReads: Promise<void> | undefined;

  private count(name: string) {
    this.calls[name] = (this.calls[name] ?? 0) + 1;
  }
  override async get(ns: Namespace, at: Address): Promise<JsonValue | undefined> {
    this.count('get');
    const value = await super.get(ns, at);
    if (this.holdReads) await this.holdReads;
    return value;
  }
  override async set(ns: Namespace, at: Address, value: JsonValue): Promise<void> {
    this.count('set');
    return super.set(ns, at, value);
  }
  onInvalidate(listener: (change: Invalidation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  /** What another process would do: change the data and notify. */
  async changeElsewhere(ns: Namespace, at: Address, value: JsonValue): Promise<void> {
    await super.set(ns, at, value);
    for (const listener of this.listeners) listener({ namespace: ns, scope: at.scope, primaryKeys: at.primaryKeys });
  }
}

const made: Config[] = [];
afterEach(() => made.splice(0).forEach((c) => Config.release(c)));
let n = 0;
function setup() {
  const driver = new InstrumentedDriver();
  const config = Config.getConf({ cogName: `Cache${++n}`, identifier: 1, driver });
  made.push(config);
  config.registerGuild({ prefix: '!', settings: { a: 1, b: 2 } });
  return { driver, config };
}

describe('read cache', () => {
  it('GIVEN a value read once THEN further reads of that document do no driver I/O', async () => {
    const { driver, config } = setup();
    await config.guild('1').prefix.set('?');
    const getsBefore = driver.calls.get ?? 0;
    expect(await config.guild('1').prefix()).toBe('?');
    for (let i = 0; i < 100; i++) {
      expect(await config.guild('1').prefix()).toBe('?');
      expect(await config.guild('1').settings.a()).toBe(1);
      expect(await config.guild('1').all()).toEqual({ prefix: '?', settings: { a: 1, b: 2 } });
    }
    expect((driver.calls.get ?? 0) - getsBefore).toBeLessThanOrEqual(1);
    expect(config.store().stats.hits).toBeGreaterThanOrEqual(300);
  });

  it('GIVEN a cached document WHEN written THEN the write goes to the driver and the next read sees it without I/O', async () => {
    const { driver, config } = setup();
    await config.guild('1').prefix();
    const gets = driver.calls.get;
    await config.guild('1').settings.a.set(10);
    await config.guild('1').settings.b.increment(5);
    await config.guild('1').getAttr('log').append('x');
    expect(await config.guild('1').all()).toEqual({ prefix: '!', settings: { a: 10, b: 7 }, log: ['x'] });
    expect(driver.calls.get).toBe(gets);
    expect(await driver.get(config.namespace, { scope: 'GUILD', keyCount: 1, primaryKeys: ['1'], path: [] })).toEqual({ settings: { a: 10, b: 7 }, log: ['x'] });
  });

  it('GIVEN another process changes a document and the driver announces it THEN the cache drops it and reads the new value', async () => {
    const { driver, config } = setup();
    expect(await config.guild('1').prefix()).toBe('!');
    const at: Address = { scope: 'GUILD', keyCount: 1, primaryKeys: ['1'], path: ['prefix'] };
    await driver.changeElsewhere(config.namespace, at, '$');
    expect(await config.guild('1').prefix()).toBe('$');
  });

  it('GIVEN a change that is not announced THEN the cached value is served (proving reads come from the cache)', async () => {
    const { driver, config } = setup();
    expect(await config.guild('1').prefix()).toBe('!');
    await MemoryDriver.prototype.set.call(driver, config.namespace, { scope: 'GUILD', keyCount: 1, primaryKeys: ['1'], path: ['prefix'] }, '$');
    expect(await config.guild('1').prefix()).toBe('!');
  });

  it('GIVEN a partial write (clearAllGuilds) THEN cached documents under it are dropped', async () => {
    const { config } = setup();
    await config.guild('1').prefix.set('?');
    expect(await config.guild('1').prefix()).toBe('?');
    await config.clearAllGuilds();
    expect(await config.guild('1').prefix()).toBe('!');
    await config.guild('2').prefix.set('%');
    await config.clearAll();
    expect(await config.guild('2').prefix()).toBe('!');
  });

  it('GIVEN a read in flight WHEN a write completes before it THEN the stale read is not cached', async () => {
    const { driver, config } = setup();
    let letGo!: () => void;
    driver.holdReads = new Promise((r) => (letGo = r));
    const staleRead = config.guild('1').prefix();
    await new Promise((r) => setImmediate(r));
    driver.holdReads = undefined;
    await config.guild('1').prefix.set('new');
    letGo();
    expect(await staleRead).toBe('!');
    expect(await config.guild('1').prefix()).toBe('new');
  });

  it('GIVEN more documents than the cache holds THEN the least recently used are dropped and re-read', async () => {
    const driver = new InstrumentedDriver();
    const store = new CachedStore(driver, { maxDocuments: 2 });
    const ns = { cogName: 'Lru', identifier: '1' };
    const at = (id: string): Address => ({ scope: 'GUILD', keyCount: 1, primaryKeys: [id], path: [] });
    for (const id of ['1', '2', '3']) await store.get(ns, at(id));
    const gets = driver.calls.get!;
    await store.get(ns, at('3'));
    expect(driver.calls.get).toBe(gets);
    await store.get(ns, at('1'));
    expect(driver.calls.get).toBe(gets + 1);
  });
});

describe('derived values (DerivedCache over the namespace generation)', () => {
  it('GIVEN a derived value THEN it is computed once per generation: a write here, an announced change elsewhere or a new Config recompute it', async () => {
    const { driver, config } = setup();
    let computed = 0;
    let current = config;
    const derived = new DerivedCache<string>(() => current);
    const prefix = () =>
      derived.get('prefix', async () => {
        computed++;
        return (await config.guild('1').prefix()) as string;
      });
    expect(await prefix()).toBe('!');
    expect(await prefix()).toBe('!');
    expect(computed).toBe(1);
    await config.guild('1').prefix.set('?');
    expect(await prefix()).toBe('?');
    expect(computed).toBe(2);
    await driver.changeElsewhere(config.namespace, { scope: 'GUILD', keyCount: 1, primaryKeys: ['1'], path: [] }, { prefix: '$' });
    expect(await prefix()).toBe('$');
    expect(computed).toBe(3);
    // Another namespace's writes leave it alone.
    const other = setup().config;
    await other.guild('1').prefix.set('#');
    expect(await prefix()).toBe('$');
    expect(computed).toBe(3);
    current = other; // the bot hands out a new Config after a restart
    await prefix();
    expect(computed).toBe(4);
  });

  it('GIVEN a write that lands while the value is computed THEN the result is not reused afterwards', async () => {
    const { driver, config } = setup();
    const derived = new DerivedCache<string>(() => config);
    let release!: () => void;
    driver.holdReads = new Promise((resolve) => (release = resolve));
    const slow = derived.get('prefix', async () => (await config.guild('1').prefix()) as string);
    const write = config.guild('1').prefix.set('?'); // starts while the read is held
    release();
    driver.holdReads = undefined;
    await Promise.all([slow, write]);
    expect(await derived.get('prefix', async () => (await config.guild('1').prefix()) as string)).toBe('?');
  });

  it('GIVEN a computation that fails THEN it is not remembered; deepFreeze makes shared results read-only', async () => {
    const { config } = setup();
    const derived = new DerivedCache<{ list: number[] }>(() => config);
    await expect(derived.get('k', async () => Promise.reject(new Error('driver down')))).rejects.toThrow('driver down');
    const value = await derived.get('k', async () => deepFreeze({ list: [1, 2] }));
    expect(value).toEqual({ list: [1, 2] });
    expect(() => value.list.push(3)).toThrow(TypeError);
  });
});

describe('update() on a driver with a cross-process lock but no exclusive()', () => {
  /** A driver whose lock holds across processes (as a third-party driver's might); its release can report a lost lock. */
  class LockingDriver extends InstrumentedDriver {
    held = 0;
    loseNext = false;
    async acquireLock(): Promise<() => Promise<void>> {
      this.held++;
      const lose = this.loseNext;
      this.loseNext = false;
      return async () => {
        this.held--;
        if (lose) throw new LockLostError('The lock was lost while it was held');
      };
    }
  }

  it('GIVEN another process changed the value THEN update takes the lock, reads past the cache, releases; a lost lock is reported', async () => {
    const driver = new LockingDriver();
    const config = Config.getConf({ cogName: `Cache${++n}`, identifier: 1, driver });
    made.push(config);
    config.registerGuild({ count: 0 });
    const count = config.guild('1').count;
    await count.set(1);
    expect(await count()).toBe(1); // cached
    // Another process writes and no invalidation arrives (yet): the cache still says 1.
    await driver.set(config.namespace, { scope: 'GUILD', keyCount: 1, primaryKeys: ['1'], path: ['count'] }, 5);
    expect(await count()).toBe(1);
    driver.calls.get = 0;
    expect(await count.update((c: number) => c + 1)).toBe(6);
    expect(driver.calls.get).toBeGreaterThan(0);
    expect(driver.held).toBe(0);
    driver.loseNext = true;
    await expect(count.update((c: number) => c + 1)).rejects.toThrow(LockLostError);
    expect(driver.held).toBe(0);
  });
});
