/**
 * Process-wide parts of Config that the per-driver contract cannot cover: the default driver, lockAll
 * over Lock objects, and partial groups refusing named children.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Config, ConfigError, ConfigInstanceConflictError, MemoryDriver } from '../../runtime/config/index.js';

const made: Config[] = [];
afterEach(() => {
  made.splice(0).forEach((c) => Config.release(c));
  Config.setDefaultDriver(undefined);
});

describe('Config defaults and registry', () => {
  it('GIVEN no driver anywhere THEN the first access fails with a ConfigError that says what to do', async () => {
    const config = Config.getConf({ cogName: 'NoDriver', identifier: 1 });
    made.push(config);
    expect(() => config.store()).toThrow(ConfigError);
    await expect(config.global.getAttr('x')()).rejects.toThrow(/setDefaultDriver/);
  });

  it('GIVEN a default driver set after getConf THEN the Config uses it; an explicit driver wins', async () => {
    const config = Config.getConf({ cogName: 'LateDriver', identifier: 1 });
    made.push(config);
    const fallback = new MemoryDriver();
    Config.setDefaultDriver(fallback);
    expect(Config.defaultDriver).toBe(fallback);
    await config.global.getAttr('x').set(1);
    expect((await fallback.exportNamespace(config.namespace)).data).toEqual({ GLOBAL: { x: 1 } });

    const own = new MemoryDriver();
    const explicit = Config.getConf({ cogName: 'OwnDriver', identifier: 1, driver: own });
    made.push(explicit);
    await explicit.global.getAttr('y').set(2);
    expect((await own.exportNamespace(explicit.namespace)).data).toEqual({ GLOBAL: { y: 2 } });
    expect(await fallback.namespaces()).toEqual([config.namespace]);
  });

  it('GIVEN one namespace on one driver THEN every getConf returns the same Config; another driver gets its own', () => {
    const driver = new MemoryDriver();
    const first = Config.getConf({ cogName: 'Same', identifier: 7, driver });
    made.push(first);
    expect(Config.getConf({ cogName: 'Same', identifier: 7, driver })).toBe(first);
    expect(Config.getConf({ cogName: 'Same', identifier: '7', driver })).toBe(first);
    const other = Config.getConf({ cogName: 'Same', identifier: 7, driver: new MemoryDriver() });
    made.push(other);
    expect(other).not.toBe(first);
    expect(Config.instances()).toEqual(expect.arrayContaining([first, other]));
  });

  it('GIVEN a live Config WHEN asked again with another forceRegistration THEN ConfigInstanceConflictError, not the first instance', () => {
    const driver = new MemoryDriver();
    const config = Config.getConf({ cogName: 'Strict', identifier: 8, driver, forceRegistration: true });
    made.push(config);
    expect(() => Config.getConf({ cogName: 'Strict', identifier: 8, driver, forceRegistration: false })).toThrow(ConfigInstanceConflictError);
    expect(() => Config.getConf({ cogName: 'Strict', identifier: 8, driver, forceRegistration: false })).toThrow(/forceRegistration true, not false/);
    expect(Config.getConf({ cogName: 'Strict', identifier: 8, driver })).toBe(config);
  });

  it('GIVEN reregister with a changed manifest THEN the new defaults replace the old ones, and the undo puts them back', async () => {
    const config = Config.forCog({ name: 'Rereg', identifier: 9, config: { global: { a: 1, gone: true }, custom: { T: { keys: ['k'], defaults: { n: 0 } } } } }, new MemoryDriver());
    made.push(config);
    const undo = config.reregister({ global: { a: 2, added: 'x' }, custom: { T: { keys: ['k', 'j'], defaults: { n: 5 } } } });
    expect(await config.global.all()).toEqual({ a: 2, added: 'x' });
    expect(await config.custom('T', 'one', 'two').all()).toEqual({ n: 5 });
    undo();
    expect(await config.global.all()).toEqual({ a: 1, gone: true });
    expect(await config.custom('T', 'one').all()).toEqual({ n: 0 });
  });

  it('GIVEN forCog without a driver THEN it uses the default driver', async () => {
    const driver = new MemoryDriver();
    Config.setDefaultDriver(driver);
    const config = Config.forCog({ name: 'FromSpec', identifier: 5, config: { global: { n: 1 }, custom: {} } });
    made.push(config);
    expect(await config.global.n.increment()).toBe(2);
    expect(await driver.namespaces()).toEqual([{ cogName: 'FromSpec', identifier: '5' }]);
  });

  it('GIVEN lockAll over Lock objects (and duplicates) THEN it takes each once and releases them', async () => {
    const config = Config.getConf({ cogName: 'Locks', identifier: 1, driver: new MemoryDriver() });
    made.push(config);
    const a = config.guild('1').getAttr('a');
    const lock = a.getLock();
    expect(await Config.lockAll([lock, a, config.guild('2')], () => 'done', { timeoutMs: 100 })).toBe('done');
    await (await lock.acquire({ timeoutMs: 100 }))();
    await expect(Config.lockAll([{} as never], () => 1)).rejects.toThrow(TypeError);
  });

  it('GIVEN a partial group THEN a named child is refused (use getRaw/setRaw)', () => {
    const config = Config.getConf({ cogName: 'Partial', identifier: 1, driver: new MemoryDriver() });
    made.push(config);
    config.initCustom('PAIR', 2);
    expect(() => config.custom('PAIR', 'a').child).toThrow(/partial group.*getRaw/);
  });

  it('GIVEN a Group WHEN a property is assigned THEN TypeError (groups are read-only views)', () => {
    const config = Config.getConf({ cogName: 'ReadOnly', identifier: 1, driver: new MemoryDriver() });
    made.push(config);
    expect(() => {
      (config.guild('1') as unknown as Record<string, unknown>).prefix = '!';
    }).toThrow(TypeError);
  });
});
