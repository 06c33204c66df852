/**
 * An instance's Config data as a whole: open its driver, check it is reachable, copy it to another driver
 * (`cogsmith convert`), and write or read it as one .tar.gz (`cogsmith backup` / `restore`).
 *
 * A backup holds `backup.json` (format, instance name, backend, namespaces), `settings.json`,
 * `secrets.json` when the instance has secrets (so the archive is written with mode 0600), `config/<n>.json`:
 * every namespace exported by the driver (json and postgres alike, so a backup restores onto either), and
 * `files/`: the rest of the data folder (logs/, cogs/), without the storage folder `data/` (its content is
 * in `config/`; the sandbox's throw-away data in `data/sandbox` is not kept). Archives are made with `tar`.
 */
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tar from 'tar';
import { convert, MemoryDriver, type ConversionSummary } from '../config/index.js';
import type { ConfigDriver, NamespaceExport } from '../drivers/types.js';
import type { InstanceConfig } from '../instance/config.js';
import { createStorageDriver } from '../instance/storage.js';
import { redact } from '../logging.js';
import { instanceFolders } from './paths.js';
import { InstanceSettingsError, type InstanceSecrets, type InstanceSettings } from './store.js';

const FORMAT = 1;

/** Opens the driver of `storage`; an unreachable database or a folder in use is an InstanceSettingsError (exit 78). */
export async function openStorage(storage: InstanceConfig['storage']): Promise<ConfigDriver> {
  const driver = await createStorageDriver(storage);
  try {
    await driver.open();
  } catch (error) {
    await driver.close().catch(() => undefined);
    const where = storage.driver === 'postgres' ? (storage.url ? 'the PostgreSQL database' : `the embedded PostgreSQL in ${join(storage.path, 'pglite')}`) : storage.path;
    throw new InstanceSettingsError(`cannot open the ${storage.driver} storage (${where}): ${redact(firstLine(error))}`);
  }
  return driver;
}

const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split('\n')[0]!;

/** Every namespace of an open driver, exported. */
export async function exportAll(driver: ConfigDriver): Promise<NamespaceExport[]> {
  const out: NamespaceExport[] = [];
  for (const ns of await driver.namespaces()) out.push(await driver.exportNamespace(ns));
  return out;
}

/**
 * Makes `to` hold exactly what `from` holds: convert() copies and verifies every namespace, then the
 * namespaces only `to` had (from an earlier conversion) are emptied, so nothing stale comes back.
 */
export async function copyAll(from: ConfigDriver, to: ConfigDriver): Promise<ConversionSummary> {
  const summary = await convert(from, to);
  const kept = new Set(summary.namespaces.map((n) => `${n.namespace.cogName}\u0000${n.namespace.identifier}`));
  for (const ns of await to.namespaces()) {
    if (!kept.has(`${ns.cogName}\u0000${ns.identifier}`)) await to.importNamespace({ namespace: ns, keyCounts: {}, data: {} });
  }
  return summary;
}

export interface BackupContents {
  settings: InstanceSettings;
  secrets: InstanceSecrets;
  exports: NamespaceExport[];
}

/** Writes the backup of an instance to `<folder>/<name>-<time>.tar.gz` (mode 0600); returns its path. */
export async function writeBackup(folder: string, settings: InstanceSettings, secrets: InstanceSecrets, driver: ConfigDriver): Promise<string> {
  const staging = mkdtempSync(join(tmpdir(), 'cogsmith-backup-'));
  try {
    const exports = await exportAll(driver);
    mkdirSync(join(staging, 'config'));
    exports.forEach((e, i) => writeFileSync(join(staging, 'config', `${i}.json`), JSON.stringify(e)));
    writeFileSync(join(staging, 'backup.json'), JSON.stringify({ format: FORMAT, instance: settings.name, backend: settings.backend, createdAt: new Date().toISOString(), namespaces: exports.length }, null, 2));
    writeFileSync(join(staging, 'settings.json'), JSON.stringify(settings, null, 2));
    if (Object.keys(secrets).length > 0) writeFileSync(join(staging, 'secrets.json'), JSON.stringify(secrets), { mode: 0o600 });
    const storage = resolve(instanceFolders(settings.dataPath).storage);
    mkdirSync(join(staging, 'files'));
    if (existsSync(settings.dataPath)) {
      for (const entry of readdirSync(settings.dataPath)) {
        const from = join(settings.dataPath, entry);
        if (resolve(from) !== storage) cpSync(from, join(staging, 'files', entry), { recursive: true });
      }
    }
    mkdirSync(folder, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = resolve(folder, `${settings.name}-${stamp}.tar.gz`);
    // Owner-only from the first byte (it holds the secrets); tar then writes into the file as it is.
    writeFileSync(file, '', { mode: 0o600 });
    chmodSync(file, 0o600);
    try {
      await tar.create({ gzip: true, file, cwd: staging, portable: true }, readdirSync(staging));
    } catch (error) {
      rmSync(file, { force: true });
      throw error;
    }
    return file;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Reads a backup archive; `files/` is extracted into a temporary folder the caller moves and removes. */
export async function readBackup(archive: string): Promise<BackupContents & { filesDir: string; cleanup(): void }> {
  if (!existsSync(archive)) throw new InstanceSettingsError(`no backup archive at ${archive}`);
  const staging = mkdtempSync(join(tmpdir(), 'cogsmith-restore-'));
  const cleanup = () => rmSync(staging, { recursive: true, force: true });
  try {
    await tar.extract({ file: archive, cwd: staging, strict: true });
    const manifestFile = join(staging, 'backup.json');
    if (!existsSync(manifestFile)) throw new InstanceSettingsError(`${archive} is not a cogsmith backup (no backup.json)`);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { format: number };
    if (manifest.format !== FORMAT) throw new InstanceSettingsError(`${archive}: backup format ${manifest.format} is not supported (this version reads ${FORMAT})`);
    const settings = JSON.parse(readFileSync(join(staging, 'settings.json'), 'utf8')) as InstanceSettings;
    const secretsFile = join(staging, 'secrets.json');
    const secrets = existsSync(secretsFile) ? (JSON.parse(readFileSync(secretsFile, 'utf8')) as InstanceSecrets) : {};
    const configDir = join(staging, 'config');
    const exports = readdirSync(configDir)
      .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
      .map((f) => JSON.parse(readFileSync(join(configDir, f), 'utf8')) as NamespaceExport);
    return { settings, secrets, exports, filesDir: join(staging, 'files'), cleanup };
  } catch (error) {
    cleanup();
    if (error instanceof InstanceSettingsError) throw error;
    throw new InstanceSettingsError(`cannot read the backup ${archive}: ${firstLine(error)}`);
  }
}

/** Imports a backup's namespaces into an open driver, verified (through convert() from memory). */
export async function importAll(exports: NamespaceExport[], to: ConfigDriver): Promise<ConversionSummary> {
  const memory = new MemoryDriver();
  await memory.open();
  for (const e of exports) await memory.importNamespace(e);
  return copyAll(memory, to);
}
