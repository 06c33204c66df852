/**
 * What every part of the Config contract suite shares: the driver under test, a fresh Config per test
 * (a unique cog name, so tests never see each other's data), and a way to see what the driver stored.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { ConfigSpec, JsonValue } from '../../../runtime/contract/spec.js';
import { Config, type GetConfOptions } from '../../../runtime/config/index.js';
import type { Address, ConfigDriver, NamespaceExport } from '../../../runtime/drivers/types.js';

export interface ContractContext {
  /** The driver under test (shared by the suite). */
  driver(): ConfigDriver;
  /** A fresh Config on the driver; released after the test. */
  conf(options?: Partial<GetConfOptions>): Config;
  /** A fresh cog Config on the driver, registered from a spec's `config` (Config.forCog); released after the test. */
  cog(config: ConfigSpec): Config;
  /** What the driver holds for the Config's namespace (read past the cache). */
  stored(config: Config): Promise<NamespaceExport>;
  /** The document or value the driver holds at an address (read past the cache). */
  raw(config: Config, at: Address): Promise<JsonValue | undefined>;
}

let counter = 0;

/** Sets up the shared driver and per-test Configs for one contract run. */
export function contractContext(
  name: string,
  makeDriver: () => Promise<ConfigDriver>,
  cleanup?: (driver: ConfigDriver) => Promise<void>,
): ContractContext {
  let driver: ConfigDriver | undefined;
  const made: Config[] = [];
  beforeAll(async () => {
    driver = await makeDriver();
    await driver.open();
  });
  afterEach(() => {
    for (const config of made.splice(0)) Config.release(config);
  });
  afterAll(async () => {
    if (!driver) return;
    await driver.close();
    await cleanup?.(driver);
  });
  const current = () => {
    if (!driver) throw new Error(`The ${name} driver is not open`);
    return driver;
  };
  return {
    driver: current,
    conf(options = {}) {
      counter++;
      const config = Config.getConf({
        cogName: `Contract_${name}_${process.pid}_${counter}`,
        identifier: 260_000 + counter,
        driver: current(),
        ...options,
      });
      made.push(config);
      return config;
    },
    cog(config) {
      counter++;
      const made_ = Config.forCog({ name: `Contract_${name}_${process.pid}_${counter}`, identifier: 260_000 + counter, config }, current());
      made.push(made_);
      return made_;
    },
    stored: (config) => current().exportNamespace(config.namespace),
    raw: (config, at) => current().get(config.namespace, at),
  };
}

/** Values that are not JSON, each with a name for test titles. */
export function nonJsonValues(): [string, unknown][] {
  const cycle: Record<string, unknown> = { a: 1 };
  cycle.self = cycle;
  class Thing {
    x = 1;
  }
  return [
    ['a Map', new Map([['a', 1]])],
    ['a Set', new Set([1])],
    ['a class instance', new Thing()],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a bigint', 10n],
    ['a function', () => 1],
    ['a cycle', cycle],
    ['a Date', new Date(0)],
    ['undefined inside an object', { a: undefined }],
  ];
}

/** A full address of a guild document, for reading past the cache. */
export function guildAt(id: string, path: string[] = []): Address {
  return { scope: 'GUILD', keyCount: 1, primaryKeys: [id], path };
}
