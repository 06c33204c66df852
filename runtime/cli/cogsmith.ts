/**
 * The `cogsmith` command: bin/cogsmith.mjs runs it through runtime/host/launch.mjs, so `npm install` puts it
 * on the PATH of a project depending on this package, and `npx cogsmith` works in this checkout (npm 11's
 * `npm exec` runs the root package's own `bin` when the name matches it, with no self-dependency needed).
 *
 * Subcommands (what Red-DiscordBot's `redbot-setup` and `redbot` do), instances in runtime/instances:
 *   setup, list, edit <instance>, delete <instance>, backup <instance> [folder], restore <archive>,
 *   convert <instance> --to json|postgres, start [<instance>], generate, new cog <name>,
 *   migrations status|run [<instance>], proxy (the shared REST rate limiter: runtime/cli/proxy.ts).
 *
 * Exit codes (runtime/core/exit-codes.ts): 0 done, 1 failed, 2 usage (unknown command or option: commander's
 * errors), 26 restart (from `start`), 78 configuration (unknown instance, bad name, a required flag missing
 * with --no-prompt, no token where one is needed, unreachable database). Each error is one line on stderr.
 * Secrets (token, database URL) are never printed.
 *
 * Decisions:
 * - The working directory is not changed: paths on the command line are the user's; project paths (the
 *   generated registry, cogs/, bot.config.yaml) come from PROJECT_ROOT, this package's folder.
 * - `setup --no-prompt` without `--token` is allowed (the token can come from DISCORD_TOKEN at start, and a
 *   sandbox needs none); `start <instance>` without a stored or DISCORD_TOKEN token exits 78 unless
 *   `--sandbox`. `start` without an instance keeps `npm start`'s fallback to the sandbox.
 * - `edit --owner` replaces the owners (repeat it for several); `--add-owner` / `--remove-owner` change one.
 * - `start --no-cogs` loads only the core cog (as Red's `--no-cogs` keeps its core commands), so an owner
 *   can still load cogs and shut down; `--load-cogs a,b` loads those as well as the instance's list.
 * - `--prefix` and `--owner` on `start` replace the stored values for that run only.
 * - `start --shard-count N|auto --processes P --shard-ids a,b` override `discord.shards`, `discord.processes`
 *   and `discord.shardIds` for that run (runtime/shards/flags.ts, shared with `npm start`); a bad value exits
 *   2 naming the flag. Several processes run under a supervisor with leases in PostgreSQL (runtime/shards).
 */
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { Writable } from 'node:stream';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { CogRegistry } from '../cogs/module.js';
import { EXIT_CODES } from '../core/exit-codes.js';
import { InstanceConfigError, loadInstanceConfig, type InstanceConfig } from '../instance/config.js';
import { createLogger, redact } from '../logging.js';
import { copyAll, importAll, openStorage, readBackup, writeBackup } from '../instances/data.js';
import { dataHome, instanceFolders } from '../instances/paths.js';
import type { LogLevel } from '../logging/levels.js';
import { INSTANCE_BACKENDS, instanceConfigOf, InstanceSettingsError, InstanceStore, validateInstanceName, type InstanceBackend, type InstanceSecrets, type InstanceSettings } from '../instances/store.js';
import { projectRoot } from '../support/project-root.js';
import { migrationCommand, runMigrationsCli, type MigrationCommandIo } from './migrations.js';
import { addProxyCommand } from './proxy.js';
import { applyShardFlags, parseProcesses, parseShardCount, parseShardIds, ShardFlagError } from '../shards/flags.js';
import { exitAfterLogs, loadInstance, loadRegistry, runInstance, setUpLogging, type EntryContext } from './start.js';

/**
 * The project's folder (the package root): its generated registry, cogs/ and bot.config.yaml. The nearest
 * folder up from this file that holds package.json: two up from the sources, three from the build in dist/.
 */
export const PROJECT_ROOT = projectRoot(import.meta.dirname);

/** A problem that ends the command with `code` and a one-line reason. */
class CliError extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

const configError = (message: string) => new CliError(message, EXIT_CODES.configuration);
const out = (line: string) => process.stdout.write(`${line}\n`);
const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];

/** Prompts on stdin/stdout with node:readline: lines are queued, so piped answers are never lost. */
class Prompter {
  private muted = false;
  private readonly rl: Interface;
  private readonly lines: AsyncIterator<string>;

  constructor() {
    const output = new Writable({
      write: (chunk, _encoding, done) => {
        if (!this.muted) process.stdout.write(chunk);
        done();
      },
    });
    this.rl = createInterface({ input: process.stdin, output, terminal: Boolean(process.stdin.isTTY) });
    this.lines = this.rl[Symbol.asyncIterator]();
  }

  /** Asks once; an empty answer gives `fallback`. */
  async ask(question: string, fallback = ''): Promise<string> {
    process.stdout.write(`${question}${fallback ? ` [${fallback}]` : ''}: `);
    const next = await this.lines.next();
    if (next.done) throw configError('the input ended before every question was answered');
    return next.value.trim() || fallback;
  }

  /** Asks without echoing what is typed (on a terminal). */
  async secret(question: string): Promise<string> {
    this.muted = true;
    try {
      return await this.ask(question);
    } finally {
      this.muted = false;
      process.stdout.write('\n');
    }
  }

  /** Asks until `check` accepts the answer (it returns an error message or undefined). */
  async until(question: string, fallback: string, check: (answer: string) => string | undefined): Promise<string> {
    for (;;) {
      const answer = await this.ask(question, fallback);
      const problem = check(answer);
      if (!problem) return answer;
      out(`  ${problem}`);
    }
  }

  close(): void {
    this.rl.close();
  }
}

const problemOf = (check: () => unknown): string | undefined => {
  try {
    check();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
};

const SNOWFLAKE = /^[0-9]{15,21}$/;
function checkOwner(id: string): string {
  if (!SNOWFLAKE.test(id)) throw configError(`invalid owner "${id}": a Discord user id is 15 to 21 digits`);
  return id;
}

/** The cogs bot.config.yaml of the project lists: what a new instance loads unless setup is told otherwise. */
function projectCogs(): string[] {
  const file = join(PROJECT_ROOT, 'bot.config.yaml');
  return existsSync(file) ? loadInstanceConfig(file, {}).cogs : ['general'];
}

/** Every name in `cogs` is a cog of the generated registry; else a configuration error. */
function checkCogs(cogs: readonly string[], registry: CogRegistry): void {
  const unknown = cogs.filter((c) => !(c in registry));
  if (unknown.length) throw configError(`unknown cog${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (this project has: ${Object.keys(registry).sort().join(', ')})`);
}

/** An InstanceConfigError (schema problems of the settings) as one line. */
function oneLine(error: InstanceConfigError): string {
  return error.problems.map((p) => p.message).join('; ');
}

class Cli {
  readonly store = new InstanceStore();

  constructor(readonly context: EntryContext) {}

  settings(name: string): InstanceSettings {
    validateInstanceName(name);
    return this.store.get(name);
  }

  /** The InstanceConfig of an instance (its settings, secrets and the environment); problems exit 78. */
  config(settings: InstanceSettings, secrets: InstanceSecrets = this.store.secrets(settings.name), env: NodeJS.ProcessEnv = process.env): InstanceConfig {
    try {
      return instanceConfigOf(settings, secrets, env, this.store.settingsFile(settings.name));
    } catch (error) {
      if (error instanceof InstanceConfigError) throw configError(`instance ${settings.name}: ${oneLine(error)}`);
      throw error;
    }
  }

  /** Checks the storage can be opened (postgres reachable), then closes it. */
  async checkStorage(config: InstanceConfig): Promise<void> {
    const driver = await openStorage(config.storage);
    await driver.close();
  }

  /** Two instances on one PostgreSQL database would overwrite each other's data: refuse a URL another instance uses. */
  checkDatabaseFree(name: string, url: string): void {
    const same = (a: string, b: string) => {
      try {
        const [x, y] = [new URL(a), new URL(b)];
        return x.host === y.host && x.pathname === y.pathname;
      } catch {
        return a === b;
      }
    };
    for (const other of this.store.names()) {
      const theirs = other === name ? undefined : this.store.secrets(other).postgresUrl;
      if (theirs && same(theirs, url)) throw configError(`instance ${other} already keeps its data in that PostgreSQL database: give each instance its own`);
    }
  }

  registry(): Promise<CogRegistry> {
    return loadRegistry(this.context.modules);
  }

  async setup(options: SetupOptions): Promise<void> {
    const prompt = options.prompt ? new Prompter() : undefined;
    try {
      const need = (value: string | undefined, flag: string): string => {
        if (value === undefined) throw configError(`${flag} is required with --no-prompt`);
        return value;
      };
      const name = prompt
        ? await prompt.until('Instance name (letters A-z, digits, _ and -)', options.instanceName ?? '', (a) => problemOf(() => validateInstanceName(a)))
        : validateInstanceName(need(options.instanceName, '--instance-name'));
      validateInstanceName(name);
      if (this.store.has(name) && !options.overwrite) {
        const overwrite = prompt ? /^y(es)?$/i.test(await prompt.ask(`An instance named ${name} exists. Overwrite its settings? (y/N)`, 'n')) : false;
        if (!overwrite) throw configError(`instance ${name} already exists (use --overwrite to replace its settings, or choose another name)`);
      }
      const defaultPath = join(dataHome(), name);
      const dataPath = resolve(prompt ? await prompt.ask('Data folder', options.dataPath ?? defaultPath) : (options.dataPath ?? defaultPath));
      const backend = (
        prompt
          ? await prompt.until('Storage: json (files, no database) or postgres', options.backend ?? 'json', (a) =>
              (INSTANCE_BACKENDS as readonly string[]).includes(a) ? undefined : 'answer json or postgres',
            )
          : (options.backend ?? 'json')
      ) as InstanceBackend;
      let postgresUrl = options.postgresUrl;
      if (backend === 'postgres' && prompt) postgresUrl = (await prompt.secret('PostgreSQL URL (postgres://user:password@host/db; empty: embedded PostgreSQL in the data folder)')) || postgresUrl;
      const prefixes = prompt ? [await prompt.ask('Command prefix', options.prefix?.[0] ?? '!')] : (options.prefix ?? ['!']);
      const ownerText = prompt
        ? await prompt.until('Owner user id (empty: the application owner only)', options.owner?.join(',') ?? '', (a) => problemOf(() => list(a).forEach(checkOwner)))
        : (options.owner ?? []).join(',');
      const owners = list(ownerText).map(checkOwner);
      const token = prompt ? (await prompt.secret('Bot token (empty: set DISCORD_TOKEN when starting)')) || options.token : options.token;
      const cogs = options.cogs ?? projectCogs();
      checkCogs(cogs, await this.registry());
      const settings: InstanceSettings = { name, dataPath, backend, prefixes, owners, cogs, createdAt: new Date().toISOString() };
      applyOperatingFlags(settings, options);
      const secrets: InstanceSecrets = { ...(token ? { token } : {}), ...(postgresUrl ? { postgresUrl } : {}) };
      const config = this.config(settings, secrets, {}); // the settings as stored, validated
      if (postgresUrl) this.checkDatabaseFree(name, postgresUrl);
      if (config.storage.url) await this.checkStorage(config);
      this.store.save(settings, secrets);
      mkdirSync(join(dataHome(), 'cogs'), { recursive: true, mode: 0o700 });
      out(`Instance ${name} is set up: ${backend} storage, data in ${dataPath}, prefix ${prefixes.join(' ')}, cogs ${cogs.join(', ')}, token ${token ? 'stored' : 'not set (DISCORD_TOKEN at start)'}.`);
      out(`Settings: ${this.store.settingsFile(name)}. Start it with: cogsmith start ${name}`);
    } finally {
      prompt?.close();
    }
  }

  listInstances(): void {
    const names = this.store.names();
    if (names.length === 0) {
      out('No instances yet: run cogsmith setup.');
      return;
    }
    for (const name of names) {
      const s = this.store.get(name);
      const token = this.store.secrets(name).token ? 'token stored' : 'no token';
      out(`${name}\t${s.backend}\t${s.dataPath}\t${token}\tcogs: ${s.cogs.join(', ')}`);
    }
  }

  async edit(name: string, options: EditOptions): Promise<void> {
    const before = this.settings(name);
    const converting = options.backend !== undefined && options.backend !== before.backend;
    if (converting) await this.convert(name, { to: options.backend!, postgresUrl: options.postgresUrl });
    const settings = this.store.get(name);
    const secrets = this.store.secrets(name);
    // Without a conversion, a new URL points the instance at another database (its data is not moved).
    if (!converting && options.postgresUrl !== undefined) {
      if (options.postgresUrl) this.checkDatabaseFree(name, options.postgresUrl);
      secrets.postgresUrl = options.postgresUrl || undefined;
    }
    if (options.prefix) settings.prefixes = options.prefix;
    if (options.owner) settings.owners = options.owner.map(checkOwner);
    for (const id of options.addOwner ?? []) if (!settings.owners.includes(checkOwner(id))) settings.owners.push(id);
    if (options.removeOwner) settings.owners = settings.owners.filter((o) => !options.removeOwner!.includes(o));
    if (options.cogs) {
      checkCogs(options.cogs, await this.registry());
      settings.cogs = options.cogs;
    }
    if (options.token !== undefined) secrets.token = options.token || undefined;
    applyOperatingFlags(settings, options);
    if (options.dataPath) {
      const to = resolve(options.dataPath);
      if (options.copyData) {
        if (existsSync(to) && statSync(to).isDirectory() && !isEmptyDir(to)) throw configError(`${to} is not empty: choose an empty or new folder for --copy-data`);
        cpSync(settings.dataPath, to, { recursive: true });
      }
      settings.dataPath = to;
    }
    this.config(settings, secrets, {});
    let newName = name;
    if (options.name && options.name !== name) {
      newName = validateInstanceName(options.name);
      if (this.store.has(newName)) throw configError(`instance ${newName} already exists`);
    }
    this.store.save({ ...settings, name: newName }, secrets);
    if (newName !== name) this.store.remove(name);
    out(`Instance ${newName} updated.`);
  }

  async backup(name: string, folder: string | undefined): Promise<string> {
    const settings = this.settings(name);
    const secrets = this.store.secrets(name);
    const driver = await openStorage(this.config(settings, secrets).storage);
    try {
      const file = await writeBackup(resolve(folder ?? homedir()), settings, secrets, driver);
      out(`Backup of ${name}: ${file}`);
      return file;
    } finally {
      await driver.close();
    }
  }

  async restore(archive: string, options: RestoreOptions): Promise<void> {
    const backup = await readBackup(resolve(archive));
    try {
      const name = validateInstanceName(options.name ?? backup.settings.name);
      if (this.store.has(name) && !options.overwrite) throw configError(`instance ${name} already exists (use --overwrite, or --name to restore under another name)`);
      const dataPath = resolve(options.dataPath ?? (name === backup.settings.name ? backup.settings.dataPath : join(dataHome(), name)));
      if (existsSync(instanceFolders(dataPath).storage) && !isEmptyDir(instanceFolders(dataPath).storage) && !options.overwrite) {
        throw configError(`${dataPath} already holds data (use --overwrite, or --data-path to restore elsewhere)`);
      }
      const settings: InstanceSettings = { ...backup.settings, name, dataPath, ...(options.backend ? { backend: options.backend } : {}) };
      const secrets: InstanceSecrets = { ...backup.secrets };
      if (options.postgresUrl !== undefined) secrets.postgresUrl = options.postgresUrl || undefined;
      if (settings.backend === 'json') delete secrets.postgresUrl;
      if (secrets.postgresUrl) this.checkDatabaseFree(name, secrets.postgresUrl);
      const config = this.config(settings, secrets);
      mkdirSync(dataPath, { recursive: true, mode: 0o700 });
      if (existsSync(backup.filesDir)) cpSync(backup.filesDir, dataPath, { recursive: true });
      for (const folder of Object.values(instanceFolders(dataPath))) mkdirSync(folder, { recursive: true, mode: 0o700 });
      const driver = await openStorage(config.storage);
      try {
        const summary = await importAll(backup.exports, driver);
        this.store.save(settings, secrets);
        out(`Restored ${name} from ${archive}: ${summary.namespaces.length} namespaces, ${summary.documents} documents (${settings.backend}), data in ${dataPath}.`);
      } finally {
        await driver.close();
      }
    } finally {
      backup.cleanup();
    }
  }

  async convert(name: string, options: { to: InstanceBackend; postgresUrl?: string }): Promise<void> {
    const settings = this.settings(name);
    if (settings.backend === options.to) throw configError(`instance ${name} already uses ${options.to}`);
    const secrets = this.store.secrets(name);
    const target: InstanceSettings = { ...settings, backend: options.to };
    const targetSecrets: InstanceSecrets = { ...secrets };
    if (options.to === 'postgres' && options.postgresUrl) targetSecrets.postgresUrl = options.postgresUrl;
    if (options.to === 'postgres' && targetSecrets.postgresUrl) this.checkDatabaseFree(name, targetSecrets.postgresUrl);
    if (options.to === 'json') delete targetSecrets.postgresUrl;
    const from = await openStorage(this.config(settings, secrets).storage);
    try {
      const to = await openStorage(this.config(target, targetSecrets).storage);
      try {
        const summary = await copyAll(from, to);
        // Only now, with every namespace read back identical from the target, does the instance switch.
        this.store.save(target, targetSecrets);
        out(`Converted ${name} from ${settings.backend} to ${options.to}: ${summary.namespaces.length} namespaces, ${summary.documents} documents, verified. The ${settings.backend} data is left in place.`);
      } finally {
        await to.close();
      }
    } finally {
      await from.close();
    }
  }

  async delete(name: string, options: { backup?: boolean; backupDir?: string; dropDb?: boolean; yes?: boolean }): Promise<void> {
    const settings = this.settings(name);
    if (!options.yes) {
      const prompt = new Prompter();
      try {
        const answer = await prompt.ask(`Delete instance ${name}, its settings and its data folder ${settings.dataPath}? Type its name to confirm`);
        if (answer !== name) throw new CliError(`not deleted: the answer was not "${name}"`, EXIT_CODES.failure);
      } catch (error) {
        if (error instanceof CliError && error.code === EXIT_CODES.configuration) throw new CliError('not deleted: no confirmation (use --yes)', EXIT_CODES.failure);
        throw error;
      } finally {
        prompt.close();
      }
    }
    if (options.backup) await this.backup(name, options.backupDir);
    const config = this.config(settings);
    if (options.dropDb && config.storage.driver === 'postgres' && config.storage.url) {
      const driver = await openStorage(config.storage);
      try {
        for (const ns of await driver.namespaces()) await driver.importNamespace({ namespace: ns, keyCounts: {}, data: {} });
      } finally {
        await driver.close();
      }
      out(`Dropped ${name}'s data from the PostgreSQL database.`);
    }
    // Only what the instance keeps there goes (the folder too when nothing else is left in it): a data
    // folder pointed at a place holding other files loses none of them.
    for (const folder of Object.values(instanceFolders(settings.dataPath))) rmSync(folder, { recursive: true, force: true });
    if (isEmptyDir(settings.dataPath)) rmSync(settings.dataPath, { recursive: true, force: true });
    this.store.remove(name);
    const kept = config.storage.driver === 'postgres' && config.storage.url && !options.dropDb ? ' Its data in the PostgreSQL database is kept (--drop-db removes it).' : '';
    out(`Deleted instance ${name}.${kept}`);
  }

  /** The InstanceConfig `start` runs: an instance's, or the checkout's bot.config.yaml (as `npm start`). */
  startConfig(name: string | undefined, options: StartOptions): InstanceConfig {
    let config: InstanceConfig;
    if (name) {
      config = this.config(this.settings(name));
      if (!config.discord.token && !options.sandbox) {
        throw configError(`instance ${name} has no token: set DISCORD_TOKEN, or run cogsmith edit ${name} --token <token> (or start it with --sandbox)`);
      }
    } else {
      const explicit = options.config ?? process.env.COGSMITH_CONFIG?.trim();
      try {
        config = loadInstance(explicit || join(PROJECT_ROOT, 'bot.config.yaml'), Boolean(explicit), createLogger('cogsmith'));
      } catch (error) {
        if (error instanceof InstanceConfigError) throw new CliError(`the instance settings have problems: ${error.message.split('\n').join('; ')}`, EXIT_CODES.configuration);
        throw error;
      }
    }
    if (options.prefix) config.prefixes = options.prefix;
    if (options.owner) config.owners = options.owner.map(checkOwner);
    if (!options.cogs) config.cogs = config.cogs.filter((c) => c === 'core');
    for (const cog of options.loadCogs ?? []) if (!config.cogs.includes(cog)) config.cogs.push(cog);
    try {
      applyShardFlags(config, { shardCount: options.shardCount, processes: options.processes, shardIds: options.shardIds });
    } catch (error) {
      if (error instanceof ShardFlagError) throw new CliError(error.message, EXIT_CODES.usage);
      throw error;
    }
    return config;
  }

  async start(name: string | undefined, options: StartOptions): Promise<boolean> {
    if (options.debug && !process.env.COGSMITH_LOG_LEVEL) {
      process.env.COGSMITH_LOG_LEVEL = 'debug';
      setUpLogging();
    }
    const config = this.startConfig(name, options);
    if (options.dryRun) {
      checkCogs(config.cogs, await this.registry());
      await this.checkStorage(config);
      const where = !config.discord.token || options.sandbox ? 'the sandbox' : config.discord.api ? `the Discord API at ${config.discord.api}` : 'Discord';
      out(`Dry run: ${name ? `instance ${name}` : 'bot.config.yaml'} would connect to ${where} with cogs ${config.cogs.join(', ') || 'none'}; ${config.storage.driver} storage opens. Nothing was started.`);
      return false;
    }
    if (config.storage.url) await this.checkStorage(config);
    await runInstance(config, { sandbox: options.sandbox, watch: options.watch }, this.context);
    return true;
  }

  async migrations(command: 'status' | 'run', name: string | undefined, options: { dryRun?: boolean }): Promise<number> {
    const io: MigrationCommandIo = { out, err: (line) => process.stderr.write(`${line}\n`) };
    if (!name) return runMigrationsCli([command, ...(options.dryRun ? ['--dry-run'] : [])], () => this.registry(), io);
    const driver = await openStorage(this.config(this.settings(name)).storage);
    try {
      return await migrationCommand({ command, dryRun: Boolean(options.dryRun), sandbox: false }, await this.registry(), driver, io);
    } finally {
      await driver.close();
    }
  }
}

const isEmptyDir = (dir: string) => existsSync(dir) && statSync(dir).isDirectory() && readdirSync(dir).length === 0;

/**
 * `--metrics-port <port|off>`, `--metrics-host <host>` and `--log-level <level>` of setup and edit: the
 * instance's metrics endpoint and log level (bot.config.yaml's `metrics:` and `logging.level`). The values
 * are checked with the rest of the settings (the instance file's schema) before anything is saved.
 */
interface OperatingFlags {
  metricsPort?: string;
  metricsHost?: string;
  logLevel?: string;
}

/** Adds the flags `applyOperatingFlags` reads to a command (setup and edit). */
function operatingOptions(command: Command): void {
  command
    .option('--metrics-port <port>', 'serve /metrics, /healthz and /readyz on this port (off: no endpoint)')
    .option('--metrics-host <host>', 'where the metrics endpoint listens (default 127.0.0.1)')
    .option('--log-level <level>', 'debug, info, warn or error (COGSMITH_LOG_LEVEL still wins)');
}

function applyOperatingFlags(settings: InstanceSettings, options: OperatingFlags): void {
  if (options.metricsPort === 'off') delete settings.metrics;
  else if (options.metricsPort !== undefined) {
    if (!/^\d{1,5}$/.test(options.metricsPort)) throw configError(`--metrics-port must be a port number (0-65535) or off, got "${options.metricsPort}"`);
    settings.metrics = { ...settings.metrics, port: Number(options.metricsPort) };
  }
  if (options.metricsHost !== undefined) {
    if (!settings.metrics) throw configError('--metrics-host needs --metrics-port (the endpoint is off)');
    settings.metrics.host = options.metricsHost;
  }
  if (options.logLevel !== undefined) settings.logging = { ...settings.logging, level: options.logLevel as LogLevel };
}

interface SetupOptions extends OperatingFlags {
  prompt: boolean;
  instanceName?: string;
  dataPath?: string;
  backend?: InstanceBackend;
  postgresUrl?: string;
  prefix?: string[];
  owner?: string[];
  token?: string;
  cogs?: string[];
  overwrite?: boolean;
}

interface RestoreOptions {
  name?: string;
  dataPath?: string;
  overwrite?: boolean;
  backend?: InstanceBackend;
  postgresUrl?: string;
}

interface EditOptions extends OperatingFlags {
  name?: string;
  dataPath?: string;
  copyData?: boolean;
  backend?: InstanceBackend;
  postgresUrl?: string;
  prefix?: string[];
  owner?: string[];
  addOwner?: string[];
  removeOwner?: string[];
  token?: string;
  cogs?: string[];
}

interface StartOptions {
  dryRun?: boolean;
  cogs: boolean;
  loadCogs?: string[];
  prefix?: string[];
  owner?: string[];
  debug?: boolean;
  sandbox?: boolean;
  watch?: boolean;
  config?: string;
  shardCount?: number | 'auto';
  processes?: number;
  shardIds?: number[];
}

/** A sharding flag's parser for commander: a bad value is commander's usage error (exit 2) naming the flag. */
const shardFlag =
  <T>(parse: (value: string) => T) =>
  (value: string): T => {
    try {
      return parse(value);
    } catch (error) {
      if (error instanceof ShardFlagError) throw new InvalidArgumentError(error.message);
      throw error;
    }
  };

/** Runs `node runtime/host/launch.mjs --source <entry> ...args` in the project folder; returns its exit code. */
function runEntry(entry: string, args: string[]): number {
  // The generator is dev tooling, never part of the build: always its sources (as `npm run generate`).
  const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'runtime', 'host', 'launch.mjs'), '--source', entry, ...args], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  return result.status ?? EXIT_CODES.failure;
}

/**
 * `cogsmith new cog <name>`: cogs/<name>/cog.yaml with one hybrid command `<name>` (a random identifier, as
 * Red's cogs pick theirs), cogs/<name>/handlers.ts answering it, and tests/cogs/<name>.test.ts checking the
 * answer on the simulator; then the generator runs. If the generator refuses the manifest (a name taken by
 * another cog's command, say), what was created is removed again.
 */
async function newCog(name: string): Promise<number> {
  if (!/^[a-z][a-z0-9_]{0,31}$/.test(name)) throw configError(`invalid cog name "${name}": lower case letters, digits and _, starting with a letter (at most 32)`);
  const dir = join(PROJECT_ROOT, 'cogs', name);
  const testFile = join(PROJECT_ROOT, 'tests', 'cogs', `${name}.test.ts`);
  if (existsSync(dir)) throw configError(`cogs/${name} already exists`);
  if (existsSync(testFile)) throw configError(`tests/cogs/${name}.test.ts already exists`);
  const { newCogFiles } = await import('../../generator/new-cog.js');
  const files = newCogFiles(name, randomInt(1_000_000, 2_147_483_647));
  for (const [path, text] of Object.entries(files)) {
    if (path.startsWith('tests/')) continue; // written once the generator accepted the manifest
    mkdirSync(dirname(join(PROJECT_ROOT, path)), { recursive: true });
    writeFileSync(join(PROJECT_ROOT, path), text);
  }
  const code = runEntry('generator/cli.ts', []);
  if (code !== 0) {
    rmSync(dir, { recursive: true, force: true });
    runEntry('generator/cli.ts', []); // generated/ back to the cogs that remain
    process.stderr.write(`cogsmith: the generator refused the new cog ${name}; nothing was added\n`);
    return EXIT_CODES.failure;
  }
  mkdirSync(dirname(testFile), { recursive: true });
  writeFileSync(testFile, files[`tests/cogs/${name}.test.ts`]!);
  out(`New cog ${name}: cogs/${name}/cog.yaml, cogs/${name}/handlers.ts, tests/cogs/${name}.test.ts. Add it to an instance's cogs (or bot.config.yaml) to load it; run its test with npx vitest run tests/cogs/${name}.test.ts`);
  return 0;
}

export function buildProgram(cli: Cli, exit: (code: number) => void): Command {
  const version = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const program = new Command('cogsmith').description('Set up, run and look after Cogsmith bot instances.').version(version, '-V, --version').exitOverride().showHelpAfterError(false);
  const backend = () => new Option('--backend <backend>', 'storage: json or postgres').choices(INSTANCE_BACKENDS);

  program
    .command('setup')
    .description('Create an instance (asks for each setting unless --no-prompt)')
    .option('--no-prompt', 'ask nothing: take every setting from the flags')
    .option('--instance-name <name>', 'the name (letters A-z, digits, _ and -)')
    .option('--data-path <folder>', 'the data folder (default: <data home>/<name>)')
    .addOption(backend())
    .option('--postgres-url <url>', 'the PostgreSQL database (default for postgres: embedded, in the data folder)')
    .option('--prefix <prefix>', 'a command prefix (repeat for several; default !)', collect)
    .option('--owner <id>', 'a bot owner user id (repeat for several)', collect)
    .option('--token <token>', 'the bot token (or DISCORD_TOKEN when starting)')
    .option('--cogs <a,b>', "the cogs to load (default: bot.config.yaml's list)", list)
    .option('--overwrite', 'replace the settings of an existing instance of that name')
    .action((options: SetupOptions) => cli.setup(options));
  operatingOptions(program.commands.at(-1)!);

  program
    .command('list')
    .description('List the instances')
    .action(() => cli.listInstances());

  program
    .command('edit <instance>')
    .description("Change an instance's settings")
    .option('--name <name>', 'rename it')
    .option('--data-path <folder>', 'point it at another data folder')
    .option('--copy-data', 'with --data-path: copy the data folder there first')
    .addOption(backend().default(undefined))
    .option('--postgres-url <url>', 'the PostgreSQL database URL (empty: embedded)')
    .option('--prefix <prefix>', 'replace the prefixes (repeat for several)', collect)
    .option('--owner <id>', 'replace the owners (repeat for several)', collect)
    .option('--add-owner <id>', 'add an owner', collect)
    .option('--remove-owner <id>', 'remove an owner', collect)
    .option('--token <token>', 'replace the token (empty: remove it)')
    .option('--cogs <a,b>', 'replace the cogs it loads', list)
    .action((name: string, options: EditOptions) => cli.edit(name, options));
  operatingOptions(program.commands.at(-1)!);

  program
    .command('delete <instance>')
    .description('Delete an instance: its settings and its data (data/, logs/, cogs/ in its data folder)')
    .option('--backup', 'make a backup first')
    .option('--backup-dir <folder>', 'where the backup goes (default: your home folder)')
    .option('--drop-db', "postgres: also remove the instance's data from the database")
    .option('-y, --yes', 'do not ask for confirmation')
    .action((name: string, options: { backup?: boolean; backupDir?: string; dropDb?: boolean; yes?: boolean }) => cli.delete(name, options));

  program
    .command('backup <instance> [folder]')
    .description('Write one .tar.gz with the instance settings and all its data (default folder: your home)')
    .action(async (name: string, folder: string | undefined) => void (await cli.backup(name, folder)));

  program
    .command('restore <archive>')
    .description('Create an instance from a backup')
    .option('--name <name>', 'restore under another name')
    .option('--data-path <folder>', 'restore into another data folder')
    .option('--overwrite', 'replace an existing instance of that name')
    .addOption(new Option('--backend <backend>', "restore onto this storage (default: the backup's)").choices(INSTANCE_BACKENDS))
    .option('--postgres-url <url>', 'restore into this PostgreSQL database (empty: embedded)')
    .action((archive: string, options: RestoreOptions) => cli.restore(archive, options));

  program
    .command('convert <instance>')
    .description("Move an instance's data to another storage; it switches only after the copy is verified")
    .addOption(new Option('--to <backend>', 'json or postgres').choices(INSTANCE_BACKENDS).makeOptionMandatory())
    .option('--postgres-url <url>', 'the PostgreSQL database (default: the stored URL, else embedded)')
    .action((name: string, options: { to: InstanceBackend; postgresUrl?: string }) => cli.convert(name, options));

  program
    .command('start [instance]')
    .description("Run an instance (without one: the project's bot.config.yaml, as npm start)")
    .option('--dry-run', 'check the settings, cogs and storage, then exit 0 before logging in')
    .option('--no-cogs', 'load only the core cog')
    .option('--load-cogs <a,b>', 'load these cogs as well', list)
    .option('--prefix <prefix>', 'use this prefix for this run (repeat for several)', collect)
    .option('--owner <id>', 'use this owner for this run (repeat for several)', collect)
    .option('--debug', 'log at debug level (unless COGSMITH_LOG_LEVEL is set)')
    .option('--sandbox', 'run in the sandbox even when a token is set')
    .option('--watch', 'regenerate and reload cogs as their files are saved')
    .option('--config <file>', 'without an instance: the instance file (default: $COGSMITH_CONFIG, else bot.config.yaml)')
    .option('--shard-count <n>', "the bot's shard count: a whole number or auto (discord.shards)", shardFlag(parseShardCount))
    .option('--processes <p>', 'split the shards into P processes; needs PostgreSQL (discord.processes)', shardFlag(parseProcesses))
    .option('--shard-ids <a,b>', 'run exactly these shards in one process (discord.shardIds)', shardFlag(parseShardIds))
    .action(async (name: string | undefined, options: StartOptions) => {
      if (!(await cli.start(name, options))) exit(EXIT_CODES.shutdown);
    });

  program
    .command('generate')
    .description('Run the generator (cog manifests → generated/)')
    .option('--check', 'write nothing; exit 1 when anything is stale')
    .action((options: { check?: boolean }) => exit(runEntry('generator/cli.ts', options.check ? ['--check'] : [])));

  program
    .command('new')
    .description('Create something new')
    .command('cog <name>')
    .description('A cog: manifest, handlers and a test')
    .action(async (name: string) => exit(await newCog(name)));

  const migrations = program.command('migrations').description("Config migrations of an instance (without one: bot.config.yaml's storage)");
  migrations
    .command('status [instance]')
    .description('Applied and pending migrations per cog')
    .action(async (name: string | undefined) => exit(await cli.migrations('status', name, {})));
  migrations
    .command('run [instance]')
    .description('Apply the pending migrations')
    .option('--dry-run', 'print what each would change; write nothing')
    .action(async (name: string | undefined, options: { dryRun?: boolean }) => exit(await cli.migrations('run', name, options)));

  addProxyCommand(program, exit);
  return program;
}

/** Run by runtime/host/launch.mjs (through bin/cogsmith.mjs) with the command line and the module host. */
export async function main(argv: readonly string[], context: EntryContext = {}): Promise<void> {
  setUpLogging();
  let exitCode: number | undefined;
  const program = buildProgram(new Cli(context), (code) => (exitCode = code));
  let running = false;
  try {
    await program.parseAsync([...argv], { from: 'user' });
    running = (argv[0] === 'start' || argv[0] === 'proxy') && exitCode === undefined;
  } catch (error) {
    if (error instanceof CommanderError) exitCode = error.exitCode === 0 ? 0 : EXIT_CODES.usage;
    else if (error instanceof CliError) exitCode = fail(error.message, error.code);
    else if (error instanceof InstanceSettingsError) exitCode = fail(error.message, EXIT_CODES.configuration);
    else exitCode = fail((error as Error)?.message ?? String(error), EXIT_CODES.failure);
  }
  if (!running) await exitAfterLogs(exitCode ?? 0);
}

/** Prints the one-line reason (secrets redacted); returns the code. */
function fail(message: string, code: number): number {
  process.stderr.write(`cogsmith: ${redact(message.split('\n')[0]!)}\n`);
  return code;
}
