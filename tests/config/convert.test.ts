/**
 * convert(): json → postgres → json with nothing lost (every scope and a custom group), idempotent,
 * limited to chosen namespaces on request, and loud when a target does not keep what it was given.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '../../runtime/config/config.js';
import { ConversionMismatchError, convert } from '../../runtime/config/convert.js';
import { JsonDriver } from '../../runtime/drivers/json/index.js';
import { MemoryDriver } from '../../runtime/drivers/memory.js';
import type { ConfigDriver, NamespaceExport } from '../../runtime/drivers/types.js';
import { cleanupDrivers, makeDriver, testUrl } from './fixtures/pg-env.js';

let dir: string;
const opened: ConfigDriver[] = [];
const json = (name: string): JsonDriver => {
  const d = new JsonDriver({ path: join(dir, name) });
  opened.push(d);
  return d;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cogsmith-convert-'));
});
afterAll(async () => {
  for (const d of opened.splice(0)) await d.close();
  await cleanupDrivers();
  await rm(dir, { recursive: true, force: true });
});

/** Fills a namespace through Config: every built-in scope plus a custom group with 3 keys. */
async function fill(driver: ConfigDriver, cogName: string, identifier: number): Promise<void> {
  const config = Config.getConf({ cogName, identifier, driver });
  try {
    config.registerGlobal({ version: 1, motd: 'hi' });
    config.registerGuild({ prefix: '!', settings: { colors: { accent: 'blue' } } });
    config.registerChannel({ muted: false });
    config.registerRole({ color: 0 });
    config.registerUser({ balance: 0, history: [] });
    config.registerMember({ coins: 0, tags: [] });
    config.initCustom('Trades', 3);
    config.registerCustom('Trades', { amount: 0 });
    await config.global.version.set(7);
    await config.guildFromId('111').settings.colors.accent.set('red ☃');
    await config.guildFromId('222').prefix.set('?');
    await config.channel({ id: '333' }).muted.set(true);
    await config.role({ id: '444' }).color.set(0xff00ff);
    await config.userFromId('555').history.append({ at: 1, what: 'joined' });
    await config.userFromId('556').balance.increment(12.5);
    await config.memberFromIds('111', '555').coins.set(40);
    await config.memberFromIds('111', '556').tags.set(['a', 'b']);
    await config.memberFromIds('222', '555').coins.set(-3);
    await config.custom('Trades', 'a', 'b', 'c').amount.set(9);
    await config.custom('Trades', 'a', 'x', 'y').setRaw('extra', 'nested', { deep: [1, { two: null }] });
  } finally {
    Config.release(config);
  }
}

const scopes = (e: NamespaceExport) => Object.keys(e.data).sort();

describe(`convert between json and postgres (${testUrl ? 'PostgreSQL' : 'PGlite'})`, () => {
  it('GIVEN a namespace with every scope and a custom group WHEN json → postgres → json THEN the export is identical', async () => {
    const source = json('source');
    await fill(source, 'Economy', 42);
    await fill(source, 'Levels', 7);
    const original = await source.exportNamespace({ cogName: 'Economy', identifier: '42' });
    expect(scopes(original)).toEqual(['CHANNEL', 'GLOBAL', 'GUILD', 'MEMBER', 'ROLE', 'Trades', 'USER']);
    expect(original.keyCounts).toEqual({ GLOBAL: 0, GUILD: 1, CHANNEL: 1, ROLE: 1, USER: 1, MEMBER: 2, Trades: 3 });

    const pg = makeDriver();
    const there = await convert(source, pg);
    expect(there.namespaces.map((n) => n.namespace)).toEqual([{ cogName: 'Economy', identifier: '42' }, { cogName: 'Levels', identifier: '7' }]);
    // GLOBAL 1, GUILD 2, CHANNEL 1, ROLE 1, USER 2, MEMBER 3, Trades 2 documents.
    expect(there.namespaces[0]!.documents).toEqual({ GLOBAL: 1, GUILD: 2, CHANNEL: 1, ROLE: 1, USER: 2, MEMBER: 3, Trades: 2 });
    expect(there.documents).toBe(24);

    const back = json('back');
    await convert(pg, back);
    for (const ns of await source.namespaces()) expect(await back.exportNamespace(ns)).toEqual(await source.exportNamespace(ns));
    expect(await back.namespaces()).toEqual(await source.namespaces());

    // And Config reads the converted data with its registered defaults, as before.
    const config = Config.getConf({ cogName: 'Economy', identifier: 42, driver: pg });
    try {
      config.registerGuild({ prefix: '!', settings: { colors: { accent: 'blue' } } });
      config.registerMember({ coins: 0, tags: [] });
      expect(await config.guildFromId('111').all()).toEqual({ prefix: '!', settings: { colors: { accent: 'red ☃' } } });
      expect(await config.memberFromIds('111', '556').tags()).toEqual(['a', 'b']);
    } finally {
      Config.release(config);
    }
  });

  it('GIVEN a converted target WHEN converting again THEN nothing changes (idempotent) and stale target data of the namespace is replaced', async () => {
    const source = json('again');
    await fill(source, 'Economy', 42);
    const pg = makeDriver();
    await pg.set({ cogName: 'Economy', identifier: '42' }, { scope: 'GUILD', keyCount: 1, primaryKeys: ['999'], path: [] }, { stale: true });
    const first = await convert(source, pg);
    const after = await pg.exportNamespace({ cogName: 'Economy', identifier: '42' });
    expect(after).toEqual(await source.exportNamespace({ cogName: 'Economy', identifier: '42' }));
    const second = await convert(source, pg);
    expect(second).toEqual(first);
    expect(await pg.exportNamespace({ cogName: 'Economy', identifier: '42' })).toEqual(after);
  });

  it('GIVEN a list of namespaces THEN only those are converted', async () => {
    const source = new MemoryDriver();
    await fill(source, 'Economy', 42);
    await fill(source, 'Levels', 7);
    const pg = makeDriver();
    const summary = await convert(source, pg, { namespaces: [{ cogName: 'Levels', identifier: '7' }] });
    expect(summary.namespaces.map((n) => n.namespace.cogName)).toEqual(['Levels']);
    expect(await pg.namespaces()).toEqual([{ cogName: 'Levels', identifier: '7' }]);
  });

  it('GIVEN a target that loses data on import THEN convert fails naming the namespace instead of reporting success', async () => {
    class LossyDriver extends MemoryDriver {
      override async importNamespace(data: NamespaceExport): Promise<void> {
        const { Trades: _dropped, ...rest } = data.data;
        await super.importNamespace({ ...data, data: rest });
      }
    }
    const source = new MemoryDriver();
    await fill(source, 'Economy', 42);
    const error = await convert(source, new LossyDriver()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConversionMismatchError);
    expect((error as Error).message).toContain('Economy');
  });

  it('refuses to convert a driver into itself', async () => {
    const d = new MemoryDriver();
    await expect(convert(d, d)).rejects.toThrow(/same driver/);
  });
});
