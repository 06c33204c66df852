/**
 * `npm start`: runs the bot of this project.
 *
 * - With a Discord token (the environment variable DISCORD_TOKEN, else `discord.token` in the instance
 *   file) it connects to Discord — or to whatever `discord.api` / COGSMITH_DISCORD_API points at.
 * - Without one, or with `--sandbox`, it starts the sandbox: the Discord simulator on 127.0.0.1 with a
 *   sample guild, the bot connected to it, and a chat in the terminal to talk to the bot.
 * - With `--watch` (`npm run dev`) it also watches cogs/ and regenerates and reloads a cog whose files are
 *   saved, keeping the running version when the change is broken (runtime/dev/watcher.ts).
 *
 * Which instance file: `--config <file>`, else the environment variable COGSMITH_CONFIG, else
 * `bot.config.yaml` in the working directory (when that default is missing, the built-in defaults are used).
 * Data goes where the file's `storage:` says; the sandbox keeps its own in `<storage.path>/sandbox`. To run
 * with a throw-away data folder (as the tests do), point COGSMITH_CONFIG at a file whose `storage.path` is
 * a temporary folder. `COGSMITH_SANDBOX_PORT` fixes the simulator's port (default: a free one).
 *
 * Logging (runtime/logging.ts): COGSMITH_LOG_LEVEL (`info,cog:economy=debug`), COGSMITH_LOG_FORMAT (`json`,
 * `pretty`, `auto`: pretty on a terminal), COGSMITH_LOG_FILE (+ _SIZE, _KEEP) for a rotated file of JSON lines;
 * a bad value exits 78 (configuration) naming the variable. The sandbox prints its chat and log lines readably, whatever the
 * format. An uncaught exception is logged and printed redacted and exits 1 (runtime/process-handlers.ts).
 * The instance file's `logging:` block gives the same settings (the environment wins); its `metrics:
 * { port }` serves /metrics, /healthz and /readyz while the bot runs (runtime/metrics). Its `discord.restProxy`
 * sends the bot's REST through a shared rate limiter: one at `url`, or one started here on `port` (runtime/rest-proxy).
 *
 * The token is never printed. A bad instance file prints its `file:line:col` problems and exits 78; an unknown argument exits 2.
 * Sharding (runtime/shards): `--shard-count N|auto`, `--processes P` and `--shard-ids a,b` override
 * `discord.shards`, `discord.processes` and `discord.shardIds`; a bad value exits 2 naming the flag. With more
 * than one process (or pinned shards on PostgreSQL, or `discord.leases`) this process becomes the host's
 * supervisor (runtime/shards/supervisor.ts); on json storage that is refused with exit 78 before anything
 * connects (runtime/shards/plan.ts).
 * Ctrl+C / SIGTERM stop the bot cleanly (each cog's onUnload runs) and exit 0. The core cog's `shutdown`
 * exits 0 and `restart` exits 26, so a process manager restarts on 26 only (runtime/core/exit-codes.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Bot } from '../bot.js';
import type { CogRegistry } from '../cogs/module.js';
import type { CogModuleHost } from '../cogs/module-host.js';
import { createInstanceConfig, InstanceConfigError, loadInstanceConfig, type InstanceConfig } from '../instance/config.js';
import { closeLogging, configureLogging, createLogger, LoggingSettingsError, redact, resolveLoggingSettings, type Logger, type LoggingOptions } from '../logging.js';
import { logProcessFailures } from '../process-handlers.js';
import { EXIT_CODES } from '../core/exit-codes.js';
import { BotFatalError } from '../discord/fatal-close.js';
import type { Sandbox } from '../sandbox/session.js';
import type { ProxyChild } from '../rest-proxy/child.js';
import { applyShardFlags, parseProcesses, parseShardCount, parseShardIds, ShardFlagError, type ShardFlags } from '../shards/flags.js';
import { processPlan, ShardPlanError } from '../shards/plan.js';

const USAGE = `Usage: npm start [-- --sandbox] [-- --watch] [-- --config <file>] [-- --shard-count N|auto --processes P | --shard-ids a,b]
  --sandbox             start the local sandbox even when a Discord token is set
  --watch               regenerate and reload a cog when its files are saved (npm run dev)
  --config <file>       the instance file (default: $COGSMITH_CONFIG, else bot.config.yaml)
  --shard-count N|auto  the bot's shard count (discord.shards)
  --processes P         split the shards into P processes, leases in PostgreSQL (discord.processes)
  --shard-ids a,b       run exactly these shards in one process (discord.shardIds)`;

interface Args {
  sandbox: boolean;
  watch: boolean;
  config?: string;
  help: boolean;
  shards: ShardFlags;
}

/** The sharding flags and their parsers (runtime/shards/flags.ts). */
const SHARD_FLAGS = {
  '--shard-count': (flags: ShardFlags, value: string) => (flags.shardCount = parseShardCount(value)),
  '--processes': (flags: ShardFlags, value: string) => (flags.processes = parseProcesses(value)),
  '--shard-ids': (flags: ShardFlags, value: string) => (flags.shardIds = parseShardIds(value)),
} as const;

/** Parses the command line; throws with the usage on anything unknown. */
function parseArgs(argv: readonly string[]): Args {
  const args: Args = { sandbox: false, watch: false, help: false, shards: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (Object.hasOwn(SHARD_FLAGS, name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new ShardFlagError(name, 'a value after it', '');
      SHARD_FLAGS[name as keyof typeof SHARD_FLAGS](args.shards, value);
    } else if (arg === '--sandbox') args.sandbox = true;
    else if (arg === '--watch') args.watch = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else if (arg === '--config' && argv[i + 1] !== undefined) args.config = argv[++i];
    else if (arg.startsWith('--config=')) args.config = arg.slice('--config='.length);
    else throw new Error(`Unknown argument "${arg}".\n${USAGE}`);
  }
  return args;
}

/** The instance file `npm start` reads: `file`, else bot.config.yaml (built-in defaults when that default is missing). */
export function loadInstance(file: string, explicit: boolean, logger: Logger): InstanceConfig {
  // The instance folder's .env (after the project's, read by the launcher; variables already set win).
  const dotenv = join(dirname(resolve(file)), '.env');
  if (existsSync(dotenv)) process.loadEnvFile(dotenv);
  if (!explicit && !existsSync(file)) {
    logger.warn(`${file} not found: using the default instance settings (prefix !, json storage in ./data, cog general).`);
    return createInstanceConfig({}, process.env);
  }
  return loadInstanceConfig(file);
}

/** The generated registry, through the module host when there is one. */
export async function loadRegistry(modules: CogModuleHost | undefined): Promise<CogRegistry> {
  try {
    return modules ? await modules.refresh([]) : (await import('../../generated/registry.js')).registry;
  } catch (error) {
    throw new Error(`Could not load generated/registry.ts (${(error as Error).message}). Run \`npm run generate\` first.`, { cause: error });
  }
}

/** Ends the process once the log (its file included) is written out. */
export async function exitAfterLogs(code: number): Promise<never> {
  await closeLogging();
  process.exit(code);
}

/**
 * Sets up the process's log output: the settings given (an instance's `logging:` block, relative paths from
 * `baseDir`) with the environment on top. A bad value ends the process with its message (exit 78, configuration).
 */
export function setUpLogging(options: LoggingOptions = {}, baseDir?: string): void {
  try {
    configureLogging(resolveLoggingSettings(options, process.env, baseDir ? { baseDir } : {}));
  } catch (error) {
    if (!(error instanceof LoggingSettingsError)) throw error;
    process.stderr.write(`The logging settings have a problem: ${redact(error.message)}\n`);
    process.exit(EXIT_CODES.configuration);
  }
}

/** Stops what is running once, however many signals arrive; a second Ctrl+C while stopping exits at once. */
function onShutdown(logger: Logger, stop: () => Promise<void>): (reason: string, exitCode?: number) => Promise<never> {
  let stopping: Promise<never> | undefined;
  const shutdown = (reason: string, exitCode: number = EXIT_CODES.shutdown): Promise<never> =>
    (stopping ??= (async () => {
      logger.info(`Stopping (${reason})...`);
      let code = exitCode;
      try {
        await stop();
        logger.info('Stopped.');
      } catch (error) {
        logger.error('Stopping failed', { error });
        code = EXIT_CODES.failure;
      }
      return exitAfterLogs(code);
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(130);
      void shutdown(signal);
    });
  }
  return shutdown;
}

/**
 * `--watch`: regenerates and reloads cogs as their files are saved. Only with a module host that re-imports
 * code (the launcher's); the generator is imported here, so a production start never loads it.
 */
async function watchCogs(bot: Bot, modules: CogModuleHost | undefined, logger: Logger): Promise<(() => Promise<void>) | undefined> {
  if (!modules?.reloadsCode) {
    logger.warn('--watch needs the bot to run under runtime/host/launch.mjs (npm run dev): not watching.');
    return undefined;
  }
  const [{ DevWatcher }, { generate }] = await Promise.all([import('../dev/watcher.js'), import('../../generator/generate.js')]);
  const watcher = new DevWatcher({ root: process.cwd(), bot, logger: logger.child('dev'), generate: (root, options) => generate({ root, ...options }) });
  watcher.start();
  return () => watcher.stop();
}

async function runDiscord(instance: InstanceConfig, registry: CogRegistry, logger: Logger, modules: CogModuleHost | undefined, watch: boolean): Promise<void> {
  const from = process.env.DISCORD_TOKEN?.trim() ? 'the DISCORD_TOKEN environment variable' : `discord.token in ${instance.source ?? 'the instance settings'}`;
  const where = instance.discord.api ? `the Discord API at ${instance.discord.api}` : 'Discord';
  // `discord.restProxy.port`: the shared REST proxy as a child process, before the bot's first request (runtime/rest-proxy/child.ts).
  let proxy: ProxyChild | undefined;
  if (instance.discord.restProxy?.port !== undefined && !instance.discord.restProxy.url) {
    try {
      proxy = await (await import('../rest-proxy/child.js')).startConfiguredProxy(instance, logger);
    } catch (error) {
      logger.error(`Could not start the REST proxy: ${(error as Error).message}`);
      return exitAfterLogs(EXIT_CODES.failure);
    }
  }
  const through = instance.discord.restProxy?.url ? ` through the REST proxy at ${instance.discord.restProxy.url}` : '';
  logger.info(`Discord mode: connecting to ${where}${through} with the token from ${from}.`);
  const bot = new Bot({ instance, registry, modules, logger: logger.child('bot') });
  let stopRequested = false;
  let stopWatching: (() => Promise<void>) | undefined;
  let metrics: { close(): Promise<void> } | undefined;
  const shutdown = onShutdown(logger, async () => {
    stopRequested = true;
    await stopWatching?.();
    await bot.stop();
    await metrics?.close();
    await proxy?.stop();
  });
  void proxy?.exited.then((code) => {
    if (stopRequested) return;
    logger.error(`The REST proxy stopped (exit code ${code}): the bot's REST has nowhere to go.`);
    void shutdown('the REST proxy stopped', EXIT_CODES.failure);
  });
  if (instance.metrics) {
    // Loaded only when asked for: a bot without `metrics:` never imports prom-client.
    const { MetricsServer } = await import('../metrics/index.js');
    try {
      const server = await MetricsServer.start(bot, instance.metrics);
      metrics = server;
      logger.info(`Metrics: http://${instance.metrics.host ?? '127.0.0.1'}:${server.port}/metrics (and /healthz, /readyz).`);
    } catch (error) {
      logger.error(`Could not serve metrics on port ${instance.metrics.port}: ${(error as Error).message}`);
      return exitAfterLogs(EXIT_CODES.failure);
    }
  }
  // The core cog's shutdown / restart: exit 0 or 26 (runtime/core/exit-codes.ts) for the process manager.
  bot.on('exitRequested', ({ kind, code }) => void shutdown(`${kind} requested by an owner`, code));
  // Discord refused the token or the intents for good (runtime/discord/fatal-close.ts): exit 78, the reason logged.
  bot.on('fatal', (error) => void shutdown('Discord closed the connection for good', error.exitCode));
  try {
    await bot.start();
  } catch (error) {
    if (stopRequested) return; // Ctrl+C while connecting: the shutdown handler exits
    logger.error(`Could not start the bot: ${(error as Error).message}`);
    await bot.stop().catch(() => undefined);
    return exitAfterLogs(error instanceof BotFatalError ? error.exitCode : EXIT_CODES.failure);
  }
  const failed = bot.failedCogs.size ? ` (failed: ${[...bot.failedCogs.keys()].join(', ')})` : '';
  logger.info(`Ready: logged in to ${where} as ${bot.client.user?.tag ?? 'the bot'}, in ${bot.client.guilds.cache.size} guild(s), cogs: ${bot.cogs.names().join(', ') || 'none'}${failed}. Press Ctrl+C to stop.`);
  if (watch) stopWatching = await watchCogs(bot, modules, logger);
}

async function runSandbox(instance: InstanceConfig, registry: CogRegistry, forced: boolean, modules: CogModuleHost | undefined, watch: boolean): Promise<void> {
  // Imported here: the simulator behind the sandbox is never loaded by a bot connecting to Discord.
  const [{ Sandbox }, { ChatTerminal }] = await Promise.all([import('../sandbox/session.js'), import('../sandbox/terminal.js')]);
  let sandbox: Sandbox | undefined;
  const terminal = new ChatTerminal({ input: process.stdin, output: process.stdout, secrets: () => (sandbox ? [sandbox.sim.token] : []) });
  const logger = createLogger('cogsmith', { sink: terminal.logSink });
  const botLogger = createLogger('bot', { sink: terminal.logSink });
  const why = forced ? '--sandbox was given, so no connection to Discord is made' : 'no Discord token is set';
  logger.info(`Sandbox mode: ${why}. The bot runs against a local Discord simulator and you talk to it here.`);
  if (!forced) logger.info('To connect to real Discord, set the environment variable DISCORD_TOKEN (or discord.token in bot.config.yaml) and run npm start again.');
  let stopWatching: (() => Promise<void>) | undefined;
  const shutdown = onShutdown(logger, async () => {
    await stopWatching?.();
    await sandbox?.stop();
  });
  const port = process.env.COGSMITH_SANDBOX_PORT ? Number(process.env.COGSMITH_SANDBOX_PORT) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`COGSMITH_SANDBOX_PORT must be a port number, got "${process.env.COGSMITH_SANDBOX_PORT}".`);
  try {
    sandbox = await Sandbox.start({ instance, registry, modules, print: (lines) => terminal.print(lines), logger: botLogger, echoInput: !terminal.interactive, port });
  } catch (error) {
    logger.error(`Could not start the sandbox: ${(error as Error).message}`, { error });
    return exitAfterLogs(EXIT_CODES.failure);
  }
  logger.info(`Sandbox: simulator at ${sandbox.sim.apiUrl}; the bot is ready.`);
  if (watch) stopWatching = await watchCogs(sandbox.bot, modules, logger);
  terminal.print(sandbox.welcome());
  await terminal.run(sandbox);
  await shutdown('the chat ended');
}

/** What the launcher (runtime/host/launch.mjs) gives the entry point. */
export interface EntryContext {
  /** Where reloads get fresh code (the Vite module runner's host, or the native one on the build). */
  modules?: CogModuleHost;
  /** Which code runs (the compiled build or the sources) and the line saying so and why. */
  launch?: { mode: 'build' | 'source'; note: string };
}

/** `npm start`: run by runtime/host/launch.mjs with the command-line arguments and the module host. */
export async function main(argv: readonly string[], context: EntryContext = {}): Promise<void> {
  // The environment's logging settings until the instance file is read (its problems are logged too).
  setUpLogging();
  const logger = createLogger('cogsmith');
  logProcessFailures(logger);
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(EXIT_CODES.usage);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const explicit = args.config ?? process.env.COGSMITH_CONFIG?.trim();
  let instance: InstanceConfig;
  try {
    instance = loadInstance(explicit || 'bot.config.yaml', Boolean(explicit), logger);
  } catch (error) {
    if (!(error instanceof InstanceConfigError)) throw error;
    process.stderr.write(`The instance settings have problems:\n${error.message}\n`);
    process.exit(EXIT_CODES.configuration);
  }
  try {
    applyShardFlags(instance, args.shards);
  } catch (error) {
    if (!(error instanceof ShardFlagError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(EXIT_CODES.usage);
  }
  await runInstance(instance, { sandbox: args.sandbox, watch: args.watch }, context);
}

/** How `runInstance` runs the bot: `npm start`'s flags (and `cogsmith start`'s). */
export interface RunOptions {
  /** Start the sandbox even when a token is set. */
  sandbox?: boolean;
  /** Regenerate and reload cogs as their files are saved (needs the launcher's module host). */
  watch?: boolean;
}

/**
 * Runs the bot of an instance: its `logging:` block applied (the environment still on top), the generated
 * registry loaded, then the sandbox when there is no token (or `sandbox` is set), else Discord. What
 * `npm start` does once it has read the instance file, and what `cogsmith start` does with an instance's
 * settings (runtime/instances).
 */
export async function runInstance(instance: InstanceConfig, options: RunOptions = {}, context: EntryContext = {}): Promise<void> {
  // The instance's `logging:` block, with the environment still on top (relative paths from its folder).
  if (instance.logging) setUpLogging(instance.logging, instance.source ? dirname(instance.source) : undefined);
  // Which code runs (the compiled build, or the sources and why): for `npm start` and `cogsmith start` alike.
  if (context.launch) createLogger('cogsmith').info(context.launch.note);
  const registry = await loadRegistry(context.modules);
  const watch = options.watch ?? false;
  const sandbox = options.sandbox || !instance.discord.token;
  let plan: 'here' | 'supervisor' = 'here';
  try {
    if (!sandbox) plan = processPlan(instance);
  } catch (error) {
    if (!(error instanceof ShardPlanError)) throw error;
    createLogger('cogsmith').error(error.message);
    return exitAfterLogs(EXIT_CODES.configuration);
  }
  try {
    if (sandbox) await runSandbox(instance, registry, options.sandbox ?? false, context.modules, watch);
    else if (plan === 'supervisor') {
      // Imported here: a bot in one process never loads the supervisor or the lease client.
      const { runSupervisor } = await import('../shards/supervisor.js');
      return exitAfterLogs(await runSupervisor({ instance, logger: createLogger('shards') }));
    } else await runDiscord(instance, registry, createLogger('cogsmith'), context.modules, watch);
  } catch (error) {
    createLogger('cogsmith').error(`The bot failed: ${(error as Error).message ?? String(error)}`, { error });
    return exitAfterLogs(EXIT_CODES.failure);
  }
}
