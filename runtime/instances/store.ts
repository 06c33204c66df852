/**
 * Instances: named bots of this project, each with its own settings and data (`cogsmith setup`, `list`,
 * `edit`, `delete`, `start`). Where the files are: ./paths.ts.
 *
 * - `instances/<name>.json`: the settings (data folder, storage driver, prefixes, owners, cogs). No secret.
 * - `instances/<name>.secrets.json`: the token and the PostgreSQL URL (it holds the password), written with
 *   mode 0600 in a folder of mode 0700, and never printed. DISCORD_TOKEN, COGSMITH_DISCORD_API and
 *   COGSMITH_POSTGRES_URL in the environment win over what is stored, as they do for `npm start`.
 *
 * Names follow Red-DiscordBot's `redbot-setup`: letters A-Z and a-z, digits, `_` and `-`, case-sensitive,
 * not empty (and here at most 64 characters, so the name stays a portable file name).
 * Files are written whole (a temporary file renamed over the old one): a crash leaves the old or the new.
 */
import type { LogLevel } from '../logging/levels.js';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInstanceConfig, type InstanceConfig } from '../instance/config.js';
import { registerSecret } from '../logging.js';
import { configHome, instanceFolders } from './paths.js';

type Env = Record<string, string | undefined>;

/** The storage drivers an instance may use. */
export const INSTANCE_BACKENDS = ['json', 'postgres'] as const;
export type InstanceBackend = (typeof INSTANCE_BACKENDS)[number];

/** What `instances/<name>.json` holds. */
export interface InstanceSettings {
  name: string;
  /** The instance's data folder (absolute): `data/`, `logs/`, `cogs/`. */
  dataPath: string;
  /** json, or postgres (at the stored or COGSMITH_POSTGRES_URL URL; without one, embedded PGlite in `data/pglite`). */
  backend: InstanceBackend;
  prefixes: string[];
  owners: string[];
  cogs: string[];
  createdAt: string;
  /** The metrics endpoint (/metrics, /healthz, /readyz), as bot.config.yaml's `metrics:`; absent: off. */
  metrics?: { port: number; host?: string };
  /** Log levels and the rotation of the instance's log file (`logs/cogsmith.log`), as bot.config.yaml's `logging:`. */
  logging?: { level?: LogLevel; loggers?: Record<string, LogLevel>; file?: { maxSize?: string; keep?: number } };
}

/** What `instances/<name>.secrets.json` holds. */
export interface InstanceSecrets {
  token?: string;
  postgresUrl?: string;
}

/** A problem with the instance settings: the command exits 78 (runtime/core/exit-codes.ts). */
export class InstanceSettingsError extends Error {}

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Throws InstanceSettingsError unless `name` is a valid instance name (Red's rule). */
export function validateInstanceName(name: string): string {
  if (!NAME.test(name)) {
    const shown = JSON.stringify(name);
    const why = name.length === 0 ? 'it is empty' : name.length > 64 ? 'it is longer than 64 characters' : 'it may contain only letters A-z, digits, _ and -';
    throw new InstanceSettingsError(`invalid instance name ${shown}: ${why}`);
  }
  return name;
}

/** Writes `text` to `file` through a temporary file in the same folder, with `mode`. */
function writeWhole(file: string, text: string, mode: number): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text, { mode });
  chmodSync(temp, mode); // the umask may have taken bits off
  renameSync(temp, file);
}

/** The instance settings in one config folder. */
export class InstanceStore {
  readonly folder: string;

  constructor(readonly env: Env = process.env) {
    this.folder = join(configHome(env), 'instances');
  }

  settingsFile(name: string): string {
    return join(this.folder, `${validateInstanceName(name)}.json`);
  }

  secretsFile(name: string): string {
    return join(this.folder, `${validateInstanceName(name)}.secrets.json`);
  }

  has(name: string): boolean {
    return existsSync(this.settingsFile(name));
  }

  /** Every instance's name, sorted. */
  names(): string[] {
    if (!existsSync(this.folder)) return [];
    return readdirSync(this.folder)
      .filter((f) => f.endsWith('.json') && !f.endsWith('.secrets.json'))
      .map((f) => f.slice(0, -'.json'.length))
      .filter((n) => NAME.test(n))
      .sort();
  }

  /** The settings of `name`; InstanceSettingsError when there is no such instance or its file is broken. */
  get(name: string): InstanceSettings {
    const file = this.settingsFile(name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      const known = this.names();
      throw new InstanceSettingsError(`unknown instance "${name}" (${known.length ? `instances: ${known.join(', ')}` : 'none set up yet: run cogsmith setup'})`);
    }
    try {
      return JSON.parse(text) as InstanceSettings;
    } catch (error) {
      throw new InstanceSettingsError(`${file} is not valid JSON (${(error as Error).message})`);
    }
  }

  /** The stored secrets of `name` (none when the file is missing). */
  secrets(name: string): InstanceSecrets {
    const file = this.secretsFile(name);
    if (!existsSync(file)) return {};
    let secrets: InstanceSecrets;
    try {
      secrets = JSON.parse(readFileSync(file, 'utf8')) as InstanceSecrets;
    } catch {
      throw new InstanceSettingsError(`${file} is not valid JSON`); // never quote its content
    }
    registerSecret(secrets.token);
    registerSecret(secrets.postgresUrl);
    return secrets;
  }

  /** Writes the settings and (when given) the secrets of an instance, and makes its data folders. */
  save(settings: InstanceSettings, secrets?: InstanceSecrets): void {
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    chmodSync(this.folder, 0o700);
    writeWhole(this.settingsFile(settings.name), `${JSON.stringify(settings, null, 2)}\n`, 0o600);
    if (secrets) this.saveSecrets(settings.name, secrets);
    for (const folder of Object.values(instanceFolders(settings.dataPath))) mkdirSync(folder, { recursive: true, mode: 0o700 });
    chmodSync(settings.dataPath, 0o700);
  }

  /** Replaces the stored secrets of an instance (mode 0600); no secret left: the file goes. */
  saveSecrets(name: string, secrets: InstanceSecrets): void {
    const kept = Object.fromEntries(Object.entries(secrets).filter(([, v]) => typeof v === 'string' && v.length > 0));
    const file = this.secretsFile(name);
    if (Object.keys(kept).length === 0) rmSync(file, { force: true });
    else writeWhole(file, `${JSON.stringify(kept, null, 2)}\n`, 0o600);
  }

  /** Removes the settings and secrets of an instance (not its data folder). */
  remove(name: string): void {
    rmSync(this.settingsFile(name), { force: true });
    rmSync(this.secretsFile(name), { force: true });
  }

  /** Renames an instance's files (the caller has checked `to` is free). */
  rename(from: string, to: string): void {
    const settings = { ...this.get(from), name: validateInstanceName(to) };
    const secrets = this.secrets(from);
    this.save(settings, secrets);
    this.remove(from);
  }
}

/**
 * The InstanceConfig `cogsmith start` runs an instance with: its settings and secrets, with DISCORD_TOKEN,
 * COGSMITH_DISCORD_API and COGSMITH_POSTGRES_URL from `env` on top, and its log file in `logs/`.
 */
export function instanceConfigOf(settings: InstanceSettings, secrets: InstanceSecrets, env: Env, source: string): InstanceConfig {
  const folders = instanceFolders(settings.dataPath);
  return createInstanceConfig(
    {
      prefixes: settings.prefixes,
      owners: settings.owners,
      cogs: settings.cogs,
      discord: secrets.token ? { token: secrets.token } : {},
      storage: { driver: settings.backend, path: folders.storage, ...(secrets.postgresUrl ? { url: secrets.postgresUrl } : {}) },
      logging: { ...settings.logging, file: { ...settings.logging?.file, path: join(folders.logs, 'cogsmith.log') } },
      ...(settings.metrics ? { metrics: settings.metrics } : {}),
      source,
    },
    env,
  );
}
