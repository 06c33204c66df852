/**
 * The json driver's own promises: coalesced durable flushes, a kept last good copy, corrupt files that
 * stop start-up untouched, and one writer per data folder.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CannotSetSubfieldError, Config, CorruptDataError, DataFolderLockedError, JsonDriver } from '../../runtime/config/index.js';
import { LOCK_FILE, lockFileName } from '../../runtime/drivers/json/folder-lock.js';
import { createLogger, type LogRecord } from '../../runtime/logging.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'cogsmith-json-'));
  cleanups.push(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

function track(driver: JsonDriver): JsonDriver {
  cleanups.push(() => driver.close());
  return driver;
}

let cogs = 0;
function configOn(driver: JsonDriver, name = `Durable${++cogs}`): Config {
  const config = Config.getConf({ cogName: name, identifier: 7, driver });
  cleanups.push(async () => Config.release(config));
  return config;
}

function readStored(file: string): { data: Record<string, Record<string, Record<string, unknown>>> } {
  return JSON.parse(readFileSync(file, 'utf8'));
}

describe('json driver: coalesced durable writes', () => {
  it('GIVEN 1000 concurrent sets across 1000 guilds THEN far fewer flushes run, and each set resolves only once its data is in the file', async () => {
    const driver = track(new JsonDriver({ path: await tempFolder() }));
    const config = configOn(driver);
    config.registerGuild({ n: 0 });
    await config.guild('0').n.set(-1); // the file exists before the burst
    const before = { ...driver.stats };
    const file = driver.fileOf(config.namespace);
    const notOnDisk: number[] = [];
    await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        config.guild(String(i)).n.set(i).then(() => {
          // Read the file itself (not the driver) the moment this write is acknowledged.
          if (readStored(file).data.GUILD![String(i)]?.n !== i) notOnDisk.push(i);
        }),
      ),
    );
    const flushes = driver.stats.flushes - before.flushes;
    expect(notOnDisk).toEqual([]);
    expect(flushes).toBeGreaterThanOrEqual(1);
    expect(flushes).toBeLessThanOrEqual(20);
    // Every flush fsyncs the temp file and the folder.
    expect(driver.stats.fsyncs - before.fsyncs).toBeGreaterThanOrEqual(2 * flushes);
    expect(driver.stats.writes - before.writes).toBe(1000);
  });

  it('GIVEN writes arriving while a flush runs THEN they share the next flush and resolve after it', async () => {
    const driver = track(new JsonDriver({ path: await tempFolder() }));
    const config = configOn(driver);
    const file = driver.fileOf(config.namespace);
    const first = config.global.getAttr('a').set(1);
    await new Promise((r) => setImmediate(r)); // the first flush has started
    const late = Array.from({ length: 50 }, (_, i) => config.global.getAttr(`b${i}`).set(i).then(() => readStored(file).data.GLOBAL![`b${i}`]));
    await first;
    expect(await Promise.all(late)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(driver.stats.flushes).toBeLessThanOrEqual(3);
  });

  it('GIVEN data written and the driver closed THEN a new driver on the folder reads it back, from a human-readable file', async () => {
    const folder = await tempFolder();
    const driver = new JsonDriver({ path: folder });
    const config = configOn(driver, 'Reopen');
    await config.guild('1').getAttr('prefix').set('?');
    await config.memberFromIds('1', '2').getAttr('xp').increment(3);
    await driver.close();
    Config.release(config);

    const again = track(new JsonDriver({ path: folder }));
    const reopened = configOn(again, 'Reopen');
    expect(await reopened.guild('1').getAttr('prefix')()).toBe('?');
    expect(await reopened.memberFromIds('1', '2').getAttr('xp')()).toBe(3);
    const text = await readFile(join(folder, 'Reopen.7.json'), 'utf8');
    expect(text).toContain('\n  "namespace": {\n    "cogName": "Reopen"');
    expect(await again.namespaces()).toEqual([{ cogName: 'Reopen', identifier: '7' }]);
  });

  it('GIVEN a second flush THEN <file>.bak holds the previous good version', async () => {
    const driver = track(new JsonDriver({ path: await tempFolder() }));
    const config = configOn(driver);
    await config.global.getAttr('v').set(1);
    await config.global.getAttr('v').set(2);
    const file = driver.fileOf(config.namespace);
    expect(readStored(file).data.GLOBAL!.v).toBe(2);
    expect(readStored(`${file}.bak`).data.GLOBAL!.v).toBe(1);
  });

  it('GIVEN a temp file left by a crash THEN open removes it and keeps the real file', async () => {
    const folder = await tempFolder();
    const driver = new JsonDriver({ path: folder });
    await configOn(driver, 'Tmp').global.getAttr('v').set(1);
    await driver.close();
    await writeFile(join(folder, 'Tmp.7.json.999.tmp'), '{"half": ');
    const again = track(new JsonDriver({ path: folder }));
    await again.open();
    expect((await readdir(folder)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect((await again.exportNamespace({ cogName: 'Tmp', identifier: '7' })).data).toEqual({ GLOBAL: { v: 1 } });
  });

  it('GIVEN the disk refuses a flush THEN the writes in it are rejected, not acknowledged', async () => {
    const folder = await tempFolder();
    const driver = track(new JsonDriver({ path: folder }));
    const config = configOn(driver);
    await config.global.getAttr('a').set(1);
    // The data folder disappears under the driver: the temp file cannot even be created.
    await rm(folder, { recursive: true, force: true });
    await expect(config.global.getAttr('b').set(2)).rejects.toThrow(/ENOENT/);
  });

  it('GIVEN a write that throws while a flush is in progress THEN the writes of that flush stay in memory and reach the file', async () => {
    const folder = await tempFolder();
    const driver = track(new JsonDriver({ path: folder }));
    const ns = { cogName: 'Midflush', identifier: '7' };
    const at = (...path: string[]) => ({ scope: 'GLOBAL', keyCount: 0, primaryKeys: [], path });
    await driver.set(ns, at('scalar'), 5);
    const inFlight = driver.set(ns, at('a'), 1);
    // Two turns: the flush holding `a` has started.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    await expect(driver.set(ns, at('scalar', 'below'), 1)).rejects.toThrow(CannotSetSubfieldError);
    await inFlight;
    await driver.set(ns, at('b'), 2);
    expect(await driver.get(ns, at())).toEqual({ scalar: 5, a: 1, b: 2 });
    expect(readStored(driver.fileOf(ns)).data.GLOBAL).toEqual({ scalar: 5, a: 1, b: 2 });
  });

  it('GIVEN close while writes are pending THEN close waits for them to be on disk', async () => {
    const folder = await tempFolder();
    const driver = new JsonDriver({ path: folder });
    const config = configOn(driver, 'Closing');
    const writes = Array.from({ length: 20 }, (_, i) => config.global.getAttr(`k${i}`).set(i));
    await new Promise((r) => setImmediate(r));
    await driver.close();
    await Promise.all(writes);
    expect(Object.keys(readStored(join(folder, 'Closing.7.json')).data.GLOBAL!)).toHaveLength(20);
  });
});

describe('json driver: corrupt files', () => {
  async function corruptFolder(withBackup: boolean): Promise<{ folder: string; file: string; garbage: string }> {
    const folder = await tempFolder();
    const driver = new JsonDriver({ path: folder });
    const config = configOn(driver, 'Corrupt');
    await config.global.getAttr('v').set(1);
    if (withBackup) await config.global.getAttr('v').set(2);
    await driver.close();
    Config.release(config);
    const file = join(folder, 'Corrupt.7.json');
    const garbage = '{"format": "cogsmith-config/1", "namespace": {"cogN\u0000';
    await writeFile(file, garbage);
    return { folder, file, garbage };
  }

  it('GIVEN a corrupt file THEN open rejects naming the file and its last good copy, and the file is untouched', async () => {
    const { folder, file, garbage } = await corruptFolder(true);
    const driver = track(new JsonDriver({ path: folder }));
    const error = await driver.open().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptDataError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain(`${file}.bak`);
    expect(await readFile(file, 'utf8')).toBe(garbage);
    expect(readStored(`${file}.bak`).data.GLOBAL!.v).toBe(1);

    // A Config on it fails at first access too, and writes nothing.
    const config = configOn(driver, 'Corrupt');
    await expect(config.global.getAttr('v')()).rejects.toThrow(CorruptDataError);
    await expect(config.global.getAttr('v').set(3)).rejects.toThrow(/Corrupt\.7\.json/);
    expect(await readFile(file, 'utf8')).toBe(garbage);
  });

  it('GIVEN a corrupt file without a backup THEN the message says there is none', async () => {
    const { folder } = await corruptFolder(false);
    const driver = track(new JsonDriver({ path: folder }));
    await expect(driver.open()).rejects.toThrow(/no last good copy/);
  });

  it('GIVEN the corrupt file is repaired from its backup THEN start-up succeeds (the failed start released the folder)', async () => {
    const { folder, file } = await corruptFolder(true);
    const driver = track(new JsonDriver({ path: folder }));
    await expect(driver.open()).rejects.toThrow(CorruptDataError);
    await writeFile(file, await readFile(`${file}.bak`, 'utf8'));
    await driver.open();
    expect((await driver.exportNamespace({ cogName: 'Corrupt', identifier: '7' })).data).toEqual({ GLOBAL: { v: 1 } });
  });
});

describe('json driver: one writer per data folder', () => {
  it('GIVEN a driver holding the folder WHEN a second driver opens it THEN it refuses with a clear message', async () => {
    const folder = await tempFolder();
    const first = track(new JsonDriver({ path: folder }));
    await first.open();
    const second = track(new JsonDriver({ path: folder }));
    await expect(second.open()).rejects.toThrow(DataFolderLockedError);
    await expect(second.open()).rejects.toThrow(/already open/);
    await first.close();
    await second.open();
  });

  it('GIVEN a lock file of another live process (of an older version: never refreshed, an hour old) THEN open refuses, naming the process and the lock file', async () => {
    const folder = await tempFolder();
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    cleanups.push(async () => void sleeper.kill('SIGKILL'));
    await writeFile(join(folder, LOCK_FILE), JSON.stringify({ pid: sleeper.pid, hostname: hostname(), startedAt: new Date().toISOString() }));
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(join(folder, LOCK_FILE), anHourAgo, anHourAgo);
    const driver = track(new JsonDriver({ path: folder }));
    const error = await driver.open().then(() => undefined, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(DataFolderLockedError);
    expect(error!.message).toContain(`process ${sleeper.pid}`);
    expect(error!.message).toContain(join(folder, LOCK_FILE));
    expect(error!.message).toMatch(/Two processes must not write one data folder/);
  });

  it('GIVEN a stale lock file of a dead process THEN open takes it over and says so in the log', async () => {
    const folder = await tempFolder();
    const dead = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((r) => dead.on('exit', r));
    await writeFile(join(folder, LOCK_FILE), JSON.stringify({ pid: dead.pid, hostname: hostname(), startedAt: new Date().toISOString() }));
    const records: LogRecord[] = [];
    const driver = track(new JsonDriver({ path: folder, logger: createLogger('test', { sink: (r) => records.push(r) }) }));
    await driver.open();
    expect(records.some((r) => r.level === 'warn' && r.message.includes(`stale lock`) && r.message.includes(String(dead.pid)))).toBe(true);
    // The stale lock (generation 0, the old name) is superseded by generation 1, then removed.
    expect(JSON.parse(await readFile(join(folder, lockFileName(1)), 'utf8')).pid).toBe(process.pid);
    expect((await readdir(folder)).includes(LOCK_FILE)).toBe(false);
    await driver.close();
    // Released: left in place, marked so, and taken at once by the next driver.
    expect(JSON.parse(await readFile(join(folder, lockFileName(1)), 'utf8')).released).toBe(true);
    const next = track(new JsonDriver({ path: folder }));
    await next.open();
    expect(JSON.parse(await readFile(join(folder, lockFileName(2)), 'utf8')).pid).toBe(process.pid);
    expect((await readdir(folder)).filter((name) => name.startsWith(LOCK_FILE))).toEqual([lockFileName(2)]);
  });
});
