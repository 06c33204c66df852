/**
 * The postgres driver, method by method, on real PostgreSQL when COGSMITH_TEST_POSTGRES_URL is set and
 * on an embedded PGlite otherwise. Each run works in its own schema and drops it afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CannotSetSubfieldError, LockTimeoutError } from '../../runtime/config/errors.js';
import type { Address, Namespace } from '../../runtime/drivers/types.js';
import { defineConfigContract } from './contract.js';
import { adminQuery, cleanupDrivers, dropSchema, freshSchema, makeDriver, testUrl } from './fixtures/pg-env.js';
import { keyPathRange } from '../../runtime/drivers/postgres/keys.js';
import { PostgresDriver as Driver } from '../../runtime/drivers/postgres/index.js';

const ns: Namespace = { cogName: 'Economy', identifier: '42' };
const other: Namespace = { cogName: 'Economy', identifier: '43' };
const member = (g: string, u: string, ...path: string[]): Address => ({ scope: 'MEMBER', keyCount: 2, primaryKeys: [g, u], path });
const guild = (g: string, ...path: string[]): Address => ({ scope: 'GUILD', keyCount: 1, primaryKeys: [g], path });
const global = (...path: string[]): Address => ({ scope: 'GLOBAL', keyCount: 0, primaryKeys: [], path });

let driver: Driver;

beforeAll(async () => {
  driver = makeDriver();
  await driver.open();
});
afterAll(cleanupDrivers);

describe(`PostgresDriver on ${testUrl ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('GIVEN an opened driver WHEN opened again THEN nothing happens (open is idempotent)', async () => {
    await driver.open();
    await driver.set(ns, global('opened'), true);
    expect(await driver.get(ns, global('opened'))).toBe(true);
  });

  it('GIVEN nothing stored WHEN reading THEN undefined, and a stored JSON null is null', async () => {
    expect(await driver.get(ns, guild('1', 'nothing'))).toBeUndefined();
    await driver.set(ns, guild('1', 'empty'), null);
    expect(await driver.get(ns, guild('1', 'empty'))).toBeNull();
  });

  it('GIVEN a deep path WHEN set THEN the parent objects are created, in SQL, next to what was there', async () => {
    await driver.set(ns, guild('2', 'settings'), { prefix: '!' });
    await driver.set(ns, guild('2', 'settings', 'colors', 'accent'), 'red');
    expect(await driver.get(ns, guild('2'))).toEqual({ settings: { prefix: '!', colors: { accent: 'red' } } });
    expect(await driver.get(ns, guild('2', 'settings', 'colors'))).toEqual({ accent: 'red' });
  });

  it('GIVEN every JSON kind WHEN stored and read THEN it round-trips exactly (arrays stay arrays)', async () => {
    // JSON text, so "__proto__" is an own key (an object literal would set the prototype instead).
    const text = '{"s":"ü ☃ \\"q\\"","n":-1.5,"big":9007199254740991,"t":true,"f":false,"z":null,"a":[1,[2,{"b":[]}],"x"],"o":{},"__proto__":{"p":1},"0":"zero"}';
    await driver.set(ns, global('kinds'), JSON.parse(text));
    const read = (await driver.get(ns, global('kinds'))) as Record<string, unknown>;
    // jsonb keeps its own key order; content is what must survive.
    expect(read).toEqual(JSON.parse(text));
    expect(Object.keys(read).sort()).toEqual(Object.keys(JSON.parse(text)).sort());
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect(read['__proto__']).toEqual({ p: 1 });
  });

  it('GIVEN a stored non-object WHEN setting below it THEN CannotSetSubfieldError, and nothing changes', async () => {
    await driver.set(ns, member('5', '6'), { coins: 3, list: [1, 2], nothing: null });
    for (const path of [['coins', 'x'], ['list', '0'], ['list', 'x', 'y'], ['nothing', 'x']]) {
      const error = await driver.set(ns, member('5', '6', ...path), 1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CannotSetSubfieldError);
      expect((error as Error).message).toContain('Economy');
      expect((error as Error).message).toContain('MEMBER');
    }
    expect(await driver.get(ns, member('5', '6'))).toEqual({ coins: 3, list: [1, 2], nothing: null });
  });

  it('GIVEN a stored non-object WHEN reading below it THEN it counts as missing (arrays are not indexed)', async () => {
    await driver.set(ns, member('5', '7'), { coins: 3, list: ['a', 'b'], text: 'abc' });
    expect(await driver.get(ns, member('5', '7', 'coins', 'x'))).toBeUndefined();
    expect(await driver.get(ns, member('5', '7', 'list', '0'))).toBeUndefined();
    expect(await driver.get(ns, member('5', '7', 'text', '0'))).toBeUndefined();
    expect(await driver.get(ns, member('5', '7', 'missing', 'deeper'))).toBeUndefined();
  });

  it('GIVEN a document WHEN clearing a path THEN only that key goes; clearing it again or below a non-object is a no-op', async () => {
    await driver.set(ns, guild('3'), { a: { b: 1, c: 2 }, list: [1, 2] });
    await driver.clear(ns, guild('3', 'a', 'b'));
    await driver.clear(ns, guild('3', 'a', 'b'));
    await driver.clear(ns, guild('3', 'list', '0'));
    await driver.clear(ns, guild('3', 'nope', 'deeper'));
    expect(await driver.get(ns, guild('3'))).toEqual({ a: { c: 2 }, list: [1, 2] });
  });

  it('GIVEN a document WHEN its last key is cleared THEN the document is gone (as on every driver)', async () => {
    await driver.set(ns, guild('4', 'only'), 1);
    await driver.clear(ns, guild('4', 'only'));
    expect(await driver.get(ns, guild('4'))).toBeUndefined();
    await driver.set(ns, guild('4b'), { x: 1 });
    await driver.clear(ns, guild('4b'));
    expect(await driver.get(ns, guild('4b'))).toBeUndefined();
  });

  it('GIVEN members of two guilds WHEN reading a partial MEMBER key (guild id only) THEN only that guild, keyed by user', async () => {
    await driver.set(ns, member('77', '1'), { coins: 1 });
    await driver.set(ns, member('77', '2'), { coins: 2 });
    // '770' starts with the characters of '77': the encoded prefix must not match it.
    await driver.set(ns, member('770', '1'), { coins: 70 });
    await driver.set(ns, member('7', '77'), { coins: 7 });
    const partial: Address = { scope: 'MEMBER', keyCount: 2, primaryKeys: ['77'], path: [] };
    expect(await driver.get(ns, partial)).toEqual({ '1': { coins: 1 }, '2': { coins: 2 } });
    expect(await driver.get(ns, { ...partial, primaryKeys: ['nobody'] })).toBeUndefined();
  });

  it('GIVEN keys with separators, digits and non-ASCII WHEN reading by prefix THEN only exact key prefixes match', async () => {
    const trade = (...keys: string[]): Address => ({ scope: 'Trades', keyCount: 2, primaryKeys: keys, path: [] });
    await driver.set(ns, trade('a', 'b:c'), { n: 1 });
    await driver.set(ns, trade('a:b', 'c'), { n: 2 });
    await driver.set(ns, trade('1:a', 'x'), { n: 3 });
    await driver.set(ns, trade('1', 'a'), { n: 4 });
    await driver.set(ns, trade('ü☃', '𝄞'), { n: 5 });
    expect(await driver.get(ns, trade('a'))).toEqual({ 'b:c': { n: 1 } });
    expect(await driver.get(ns, trade('a:b'))).toEqual({ c: { n: 2 } });
    expect(await driver.get(ns, trade('1'))).toEqual({ a: { n: 4 } });
    expect(await driver.get(ns, trade('1:a'))).toEqual({ x: { n: 3 } });
    expect(await driver.get(ns, trade('ü☃'))).toEqual({ '𝄞': { n: 5 } });
  });

  it('GIVEN a scope WHEN reading it with no keys THEN every document nested by keys', async () => {
    const d = makeDriver();
    await d.set(ns, member('1', '2'), { a: 1 });
    await d.set(ns, member('1', '3'), { a: 2 });
    await d.set(ns, member('4', '2'), { a: 3 });
    expect(await d.get(ns, { scope: 'MEMBER', keyCount: 2, primaryKeys: [], path: [] })).toEqual({
      '1': { '2': { a: 1 }, '3': { a: 2 } },
      '4': { '2': { a: 3 } },
    });
  });

  it('GIVEN a partial key WHEN set THEN every document under it is replaced, and others are untouched', async () => {
    await driver.set(ns, member('88', '1'), { coins: 1 });
    await driver.set(ns, member('88', '2'), { coins: 2 });
    await driver.set(ns, member('880', '1'), { coins: 3 });
    await driver.set(ns, { scope: 'MEMBER', keyCount: 2, primaryKeys: ['88'], path: [] }, { '3': { coins: 30 }, '1': { coins: 10 } });
    expect(await driver.get(ns, { scope: 'MEMBER', keyCount: 2, primaryKeys: ['88'], path: [] })).toEqual({ '1': { coins: 10 }, '3': { coins: 30 } });
    expect(await driver.get(ns, member('880', '1'))).toEqual({ coins: 3 });
  });

  it('GIVEN a partial set whose value is not keyed by primary keys THEN TypeError and nothing is half-written', async () => {
    const d = makeDriver();
    await d.set(ns, member('89', '1'), { coins: 1 });
    const scope: Address = { scope: 'MEMBER', keyCount: 2, primaryKeys: [], path: [] };
    await expect(d.set(ns, scope, { '89': { '2': { coins: 2 } }, '90': 5 })).rejects.toThrow(/primary keys at MEMBER.*90/);
    expect(await d.get(ns, scope)).toEqual({ '89': { '1': { coins: 1 } } });
  });

  it('GIVEN a multi-batch replacement that the database rejects halfway THEN nothing of it is stored (one transaction)', async () => {
    const scope: Address = { scope: 'MEMBER', keyCount: 2, primaryKeys: ['95'], path: [] };
    await driver.set(ns, scope, { '1': { coins: 1 } });
    const big: Record<string, { coins: number; note?: string }> = {};
    for (let i = 0; i < 1500; i++) big[String(i)] = { coins: i };
    // jsonb cannot hold U+0000: the second batch of inserts fails after the first went in.
    big['1400'] = { coins: 0, note: 'nul \u0000 here' };
    const error = await driver.set(ns, scope, big).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/set failed on .*Unicode/);
    expect(await driver.get(ns, scope)).toEqual({ '1': { coins: 1 } });
  });

  it('GIVEN a partial key WHEN cleared THEN every document under that prefix goes, and only those', async () => {
    await driver.set(ns, member('99', '1'), { coins: 1 });
    await driver.set(ns, member('99', '2'), { coins: 2 });
    await driver.set(ns, member('990', '1'), { coins: 3 });
    await driver.clear(ns, { scope: 'MEMBER', keyCount: 2, primaryKeys: ['99'], path: [] });
    expect(await driver.get(ns, { scope: 'MEMBER', keyCount: 2, primaryKeys: ['99'], path: [] })).toBeUndefined();
    expect(await driver.get(ns, member('990', '1'))).toEqual({ coins: 3 });
  });

  it('increment starts from `start`, adds in the database and returns the new value (floats as in JavaScript)', async () => {
    expect(await driver.increment(ns, member('10', '1', 'stats', 'coins'), 5, 100)).toBe(105);
    expect(await driver.increment(ns, member('10', '1', 'stats', 'coins'), -10, 100)).toBe(95);
    expect(await driver.get(ns, member('10', '1'))).toEqual({ stats: { coins: 95 } });
    expect(await driver.increment(ns, global('ratio'), 0.1, 0.2)).toBe(0.1 + 0.2);
    await driver.set(ns, global('nulled'), null);
    expect(await driver.increment(ns, global('nulled'), 1, 7)).toBe(8);
  });

  it('increment on a stored non-number is a TypeError; below a non-object a CannotSetSubfieldError', async () => {
    await driver.set(ns, member('10', '2'), { name: 'x', n: 1 });
    await expect(driver.increment(ns, member('10', '2', 'name'), 1, 0)).rejects.toThrow(TypeError);
    await expect(driver.increment(ns, member('10', '2', 'n', 'deeper'), 1, 0)).rejects.toThrow(CannotSetSubfieldError);
    expect(await driver.get(ns, member('10', '2'))).toEqual({ name: 'x', n: 1 });
  });

  it('toggle flips from `start` and returns the new value; a non-boolean is a TypeError', async () => {
    expect(await driver.toggle(ns, guild('20', 'enabled'), false)).toBe(true);
    expect(await driver.toggle(ns, guild('20', 'enabled'), false)).toBe(false);
    expect(await driver.toggle(ns, guild('20', 'other'), true)).toBe(false);
    await driver.set(ns, guild('20', 'text'), 'yes');
    await expect(driver.toggle(ns, guild('20', 'text'), false)).rejects.toThrow(TypeError);
  });

  it('append starts from `start`, keeps the newest `maxLength` items and appends arrays as one item', async () => {
    expect(await driver.append(ns, guild('30', 'log'), 4, [1, 2, 3], 3)).toEqual([2, 3, 4]);
    expect(await driver.append(ns, guild('30', 'log'), [5, 6], [])).toEqual([2, 3, 4, [5, 6]]);
    expect(await driver.append(ns, guild('30', 'log'), { seven: 7 }, [], 2)).toEqual([[5, 6], { seven: 7 }]);
    expect(await driver.append(ns, guild('30', 'none'), 'x', [], 0)).toEqual([]);
    expect(await driver.get(ns, guild('30', 'log'))).toEqual([[5, 6], { seven: 7 }]);
    await driver.set(ns, guild('30', 'n'), 1);
    await expect(driver.append(ns, guild('30', 'n'), 1, [])).rejects.toThrow(TypeError);
  });

  it('namespaces() lists every namespace with data, and only those', async () => {
    const d = makeDriver();
    expect(await d.namespaces()).toEqual([]);
    await d.set(ns, global('x'), 1);
    await d.set(other, guild('1', 'x'), 1);
    expect(await d.namespaces()).toEqual([ns, other]);
    await d.clear(other, guild('1'));
    expect(await d.namespaces()).toEqual([ns]);
  });

  it('exportNamespace / importNamespace: every scope and a custom group, with key counts; import replaces', async () => {
    const d = makeDriver();
    await d.set(ns, global(), { version: 2 });
    await d.set(ns, guild('1'), { prefix: '?' });
    await d.set(ns, member('1', '2'), { coins: 5 });
    await d.set(ns, { scope: 'Stocks', keyCount: 3, primaryKeys: ['a', 'b', 'c'], path: ['held'] }, 10);
    const exported = await d.exportNamespace(ns);
    expect(exported).toEqual({
      namespace: ns,
      keyCounts: { GLOBAL: 0, GUILD: 1, MEMBER: 2, Stocks: 3 },
      data: { GLOBAL: { version: 2 }, GUILD: { '1': { prefix: '?' } }, MEMBER: { '1': { '2': { coins: 5 } } }, Stocks: { a: { b: { c: { held: 10 } } } } },
    });
    const target = makeDriver();
    await target.set(ns, guild('999'), { stale: true });
    await target.importNamespace(exported);
    expect(await target.exportNamespace(ns)).toEqual(exported);
    await target.importNamespace({ namespace: ns, keyCounts: {}, data: {} });
    expect(await target.namespaces()).toEqual([]);
  });

  it('GIVEN a malformed export WHEN imported THEN TypeError and the stored namespace is untouched', async () => {
    const d = makeDriver();
    await d.set(ns, guild('1'), { kept: true });
    await expect(d.importNamespace({ namespace: ns, keyCounts: { GUILD: 1 }, data: { GUILD: { '2': {} }, USER: {} } })).rejects.toThrow(/key count/);
    await expect(d.importNamespace({ namespace: ns, keyCounts: { MEMBER: 2 }, data: { MEMBER: { '1': 5 } } })).rejects.toThrow(TypeError);
    expect(await d.get(ns, guild('1'))).toEqual({ kept: true });
  });

  it('acquireLock excludes a second holder until release, and times out with LockTimeoutError', async () => {
    const release = await driver.acquireLock(ns, 'GUILD/1/coins', 1_000);
    const error = await driver.acquireLock(ns, 'GUILD/1/coins', 50).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as Error).message).toContain('Economy');
    expect(await driver.acquireLock(ns, 'GUILD/1/coins', 0).catch((e: unknown) => e)).toBeInstanceOf(LockTimeoutError);
    // Another key and another namespace are independent locks.
    await (await driver.acquireLock(ns, 'GUILD/2/coins', 50))();
    await (await driver.acquireLock(other, 'GUILD/1/coins', 50))();
    const waiting = driver.acquireLock(ns, 'GUILD/1/coins', 10_000);
    await release();
    await (await waiting)();
  });

  it('acquireLock serializes read-modify-write sequences of concurrent tasks', async () => {
    const at = guild('40', 'counter');
    const task = async () => {
      for (let i = 0; i < 10; i++) {
        const release = await driver.acquireLock(ns, 'GUILD/40/counter', 10_000);
        try {
          const n = ((await driver.get(ns, at)) as number | undefined) ?? 0;
          await new Promise((r) => setImmediate(r));
          await driver.set(ns, at, n + 1);
        } finally {
          await release();
        }
      }
    };
    await Promise.all([task(), task(), task(), task()]);
    expect(await driver.get(ns, at)).toBe(40);
  });

  it('rejects an invalid schema name at construction, naming it', () => {
    expect(() => makeDriver({ schema: 'Bad-Name; drop' })).toThrow(/schema "Bad-Name; drop"/);
  });

  it('a closed driver refuses work with an error naming the operation', async () => {
    const d = makeDriver();
    await d.open();
    await d.close();
    await expect(d.get(ns, global('x'))).rejects.toThrow(/open failed.*closed/);
  });
});

// EXPLAIN needs a query on the driver's table from outside the driver: a real server's second connection.
// Advisory locks hold a pooled connection each; PGlite's in-process locks have no pool to exhaust.
describe.skipIf(!testUrl)('postgres advisory locks under load', () => {
  it('GIVEN every lock connection is busy WHEN another lock is asked for THEN LockTimeoutError (not a connection error), and it is granted once one frees', async () => {
    const d = makeDriver({ pool: { max: 2 } }); // the lock pool then holds 20 connections
    const held = [];
    for (let i = 0; i < 20; i++) held.push(await d.acquireLock(ns, `busy/${i}`, 5_000));
    // Plain reads and writes do not wait on the lock connections.
    await d.set(ns, global('during'), 1);
    expect(await d.get(ns, global('during'))).toBe(1);
    expect(await d.acquireLock(ns, 'busy/extra', 100).catch((e: unknown) => e)).toBeInstanceOf(LockTimeoutError);
    const waiting = d.acquireLock(ns, 'busy/extra', 10_000);
    await held.pop()!();
    await (await waiting)();
    for (const release of held) await release();
  });
});

describe.skipIf(!testUrl)('postgres driver schema', () => {
  it('GIVEN many members WHEN a partial MEMBER key (guild only) is read THEN the primary key index serves the prefix range', async () => {
    const schema = freshSchema('explain');
    const d = makeDriver({ schema });
    const docs: Record<string, Record<string, { coins: number }>> = {};
    for (let g = 0; g < 50; g++) {
      docs[String(g)] = {};
      for (let u = 0; u < 40; u++) docs[String(g)]![String(u)] = { coins: u };
    }
    await d.set(ns, { scope: 'MEMBER', keyCount: 2, primaryKeys: [], path: [] }, docs);
    await adminQuery(`analyze "${schema}".config_documents`);
    const range = keyPathRange(['7']);
    const plan = await adminQuery<{ 'QUERY PLAN': string }>(
      `explain select data from "${schema}".config_documents where cog_name = $1 and identifier = $2 and scope = 'MEMBER' and key_path >= $3 and key_path < $4`,
      [ns.cogName, ns.identifier, range.from, range.to],
    );
    const text = plan.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index (Only )?Scan using config_documents_pk|Bitmap Index Scan on config_documents_pk/);
    expect(text).toContain('key_path >=');
    expect(Object.keys((await d.get(ns, { scope: 'MEMBER', keyCount: 2, primaryKeys: ['7'], path: [] })) as object)).toHaveLength(40);
  });
});

// The shared Config contract, on its own schema.
const contractSchema = freshSchema('contract');
defineConfigContract(
  testUrl ? 'postgres' : 'postgres (PGlite)',
  async () => new Driver({ url: testUrl, schema: contractSchema, pool: { max: 4 } }),
  async () => dropSchema(contractSchema),
);
