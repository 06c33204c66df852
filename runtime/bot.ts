/**
 * The Bot: one discord.js Client, the loaded cogs, and the command intake between them.
 *
 *   const bot = new Bot({ instance: loadInstanceConfig(), registry });
 *   await bot.start();   // login, wait for ready, load cogs, one bulk overwrite of slash commands
 *   await bot.stop();    // onUnload for each cog, then the client is destroyed
 */
import { EventEmitter } from 'node:events';
import { Routes, type Client, type ClientOptions, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { CogManager, type LoadedCog } from './cogs/cog-manager.js';
import { createCogConfig, releaseCogConfig } from './cogs/cog-config.js';
import type { CogRegistry } from './cogs/module.js';
import type { CommandSpec } from './cogs/spec.js';
import { Dispatcher } from './commands/dispatcher.js';
import { ErrorLog, type ErrorRecord } from './commands/error-log.js';
import { CommandIndex } from './commands/index-of-commands.js';
import { createDiscordClient } from './discord/client.js';
import type { ConfigDriver } from './drivers/types.js';
import type { InstanceConfig } from './instance/config.js';
import { createStorageDriver } from './instance/storage.js';
import { createLogger, registerSecret, type Logger } from './logging.js';

export interface BotOptions {
  instance: InstanceConfig;
  /** The generated registry (`generated/registry.ts`) or a hand-made one in tests. */
  registry: CogRegistry;
  /** Overrides the instance's token (which already prefers DISCORD_TOKEN). */
  token?: string;
  /** Overrides the instance's REST base URL, e.g. a simulator's `http://127.0.0.1:PORT/api`. */
  apiUrl?: string;
  logger?: Logger;
  /** The Config driver; without one the bot opens the instance's `storage` driver (and closes it on stop). */
  driver?: ConfigDriver;
  /** How many recent errors to keep for lookup by id. Default 50. */
  errorLogSize?: number;
  /**
   * Slash commands: defer automatically when a handler has not answered after this many ms, so slow handlers
   * do not miss Discord's 3-second deadline. Default 2500; 0 turns it off.
   */
  slashAutoDeferMs?: number;
  /** Extra discord.js Client options (cache limits, REST tuning such as a simulator's higher rate limit). */
  clientOptions?: Partial<ClientOptions>;
}

/** Events a Bot emits. */
export interface BotEvents {
  ready: [];
  cogLoaded: [cog: LoadedCog];
  cogUnloaded: [name: string];
  commandRun: [info: { cog: string; command: CommandSpec; kind: 'text' | 'slash' }];
  commandError: [info: { cog: string; command: CommandSpec; record: ErrorRecord }];
  slashCommandsSynced: [commands: RESTPostAPIChatInputApplicationCommandsJSONBody[]];
}

/** The bot could not start; the message says why and never contains the token. */
export class BotStartError extends Error {
  override readonly name = 'BotStartError';
}

export class Bot extends EventEmitter<BotEvents> {
  readonly client: Client;
  readonly cogs: CogManager;
  readonly commands = new CommandIndex();
  readonly errors: ErrorLog;
  readonly logger: Logger;
  readonly instance: InstanceConfig;
  /** Cogs listed in the instance that failed to load at start, with the reason. */
  readonly failedCogs = new Map<string, Error>();
  private readonly token: string | undefined;
  private readonly dispatcher: Dispatcher;
  private driver: ConfigDriver | undefined;
  private readonly ownsDriver: boolean;
  private state: 'new' | 'starting' | 'ready' | 'stopping' | 'stopped' = 'new';
  private readyPromise: Promise<void> | undefined;
  /** Aborted by stop() during start, so a start waiting for Discord gives up instead of hanging. */
  private readonly starting = new AbortController();

  constructor(options: BotOptions) {
    super();
    this.instance = options.instance;
    this.logger = options.logger ?? createLogger('bot');
    this.token = options.token ?? options.instance.discord.token;
    registerSecret(this.token);
    this.driver = options.driver;
    this.ownsDriver = options.driver === undefined;
    this.errors = new ErrorLog(options.errorLogSize ?? 50);
    this.client = createDiscordClient({
      intents: options.instance.discord.intents,
      apiUrl: options.apiUrl ?? options.instance.discord.api,
      shards: options.instance.discord.shards,
      extra: options.clientOptions,
    });
    this.cogs = new CogManager({
      registry: options.registry,
      client: this.client,
      index: this.commands,
      errorLog: this.errors,
      logger: this.logger,
      configFor: (spec) => createCogConfig(spec, this.driver),
      releaseConfig: releaseCogConfig,
    });
    this.dispatcher = new Dispatcher({
      index: this.commands,
      cogs: this.cogs,
      errorLog: this.errors,
      logger: this.logger.child('commands'),
      prefixes: options.instance.prefixes,
      mentionPrefix: options.instance.mentionPrefix,
      autoDeferMs: options.slashAutoDeferMs,
      emit: (event, ...args) => (this.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args),
    });
  }

  /** True once start() has finished and until stop(). */
  get isReady(): boolean {
    return this.state === 'ready';
  }

  /** Resolves when the bot is ready (at once if it already is). */
  waitUntilReady(): Promise<void> {
    if (this.state === 'ready') return Promise.resolve();
    if (!this.readyPromise) throw new BotStartError('The bot has not been started: call bot.start() first.');
    return this.readyPromise;
  }

  /** Logs in, waits for ready, loads the instance's cogs and syncs slash commands once. */
  start(): Promise<void> {
    if (this.state !== 'new') throw new BotStartError(`The bot cannot start: it is ${this.state}.`);
    this.state = 'starting';
    this.readyPromise = this.run();
    return this.readyPromise;
  }

  private async run(): Promise<void> {
    if (!this.token) {
      this.state = 'stopped';
      throw new BotStartError('No Discord token: set the environment variable DISCORD_TOKEN (or discord.token in bot.config.yaml).');
    }
    this.attachClientEvents();
    this.warnAboutIntents();
    if (!this.driver) this.driver = await createStorageDriver(this.instance.storage);
    const aborted = new Promise<never>((_, reject) => {
      const signal = this.starting.signal;
      signal.addEventListener('abort', () => reject(new BotStartError('The bot was stopped while starting.')), { once: true });
    });
    aborted.catch(() => undefined); // only observed through the race below
    const ready = new Promise<void>((resolve) => this.client.once('clientReady', () => resolve()));
    try {
      await Promise.race([this.client.login(this.token).then(() => ready), aborted]);
    } catch (error) {
      if (error instanceof BotStartError) throw error;
      await this.shutdownClient();
      this.state = 'stopped';
      const reason = error instanceof Error ? error.message : String(error);
      throw new BotStartError(`Could not log in to Discord: ${reason}`, { cause: error });
    }
    this.logger.info(`Logged in as ${this.client.user?.tag ?? 'unknown'}`);
    for (const name of this.instance.cogs) {
      try {
        await this.cogs.load(name);
        this.emit('cogLoaded', this.cogs.get(name)!);
      } catch (error) {
        this.failedCogs.set(name, error as Error);
        this.logger.error(`Cog ${name} was not loaded: ${(error as Error).message}`, { error });
      }
    }
    await this.syncSlashCommands();
    this.state = 'ready';
    this.emit('ready');
  }

  /** Replaces every global slash command with the loaded cogs' ones in one bulk overwrite. */
  async syncSlashCommands(): Promise<RESTPostAPIChatInputApplicationCommandsJSONBody[]> {
    const application = this.client.application;
    if (!application) throw new BotStartError('Slash commands can only be synced once the client is ready.');
    const body = this.cogs.slashCommands();
    // The generated JSON goes out as it is (no camelCase round trip through discord.js builders).
    await this.client.rest.put(Routes.applicationCommands(application.id), { body });
    this.logger.info(`Synced ${body.length} slash command(s)`);
    this.emit('slashCommandsSynced', body);
    return body;
  }

  /** Loads a cog at run time and syncs slash commands (pass `{ sync: false }` to batch several). */
  async loadCog(name: string, options: { sync?: boolean } = {}): Promise<LoadedCog> {
    const cog = await this.cogs.load(name);
    this.failedCogs.delete(name);
    this.emit('cogLoaded', cog);
    if ((options.sync ?? true) && this.client.isReady() && cog.spec.slashCommands.length > 0) await this.syncSlashCommands();
    return cog;
  }

  /** Unloads a cog at run time and syncs slash commands (pass `{ sync: false }` to batch several). */
  async unloadCog(name: string, options: { sync?: boolean } = {}): Promise<void> {
    const hadSlash = (this.cogs.get(name)?.spec.slashCommands.length ?? 0) > 0;
    await this.cogs.unload(name);
    this.emit('cogUnloaded', name);
    if ((options.sync ?? true) && this.client.isReady() && hadSlash) await this.syncSlashCommands();
  }

  /** Unloads every cog (each gets onUnload), destroys the client and closes a driver the bot opened. */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    if (this.state === 'starting') {
      this.starting.abort();
      await this.readyPromise?.catch(() => undefined);
    }
    this.state = 'stopping';
    await this.cogs.unloadAll();
    await this.shutdownClient();
    this.state = 'stopped';
  }

  private async shutdownClient(): Promise<void> {
    await this.client.destroy().catch((error) => this.logger.warn('Destroying the client failed', { error }));
    // Only after destroy: the 'error' listener must stay until the connection is gone.
    this.client.removeAllListeners();
    if (this.ownsDriver && this.driver) {
      const driver = this.driver;
      this.driver = undefined;
      await driver.close().catch((error: unknown) => this.logger.warn('Closing the config driver failed', { error }));
    }
  }

  /** Text commands cannot work without the intents that deliver messages and their content: say so once. */
  private warnAboutIntents(): void {
    const intents = new Set(this.instance.discord.intents);
    if (!intents.has('GuildMessages') && !intents.has('DirectMessages')) {
      this.logger.warn('Neither GuildMessages nor DirectMessages is among the intents: text commands will never arrive (slash commands still work).');
    } else if (this.instance.prefixes.length > 0 && !intents.has('MessageContent')) {
      this.logger.warn('MessageContent is not among the intents: Discord hides message text, so only the mention prefix can work for text commands.');
    }
  }

  private attachClientEvents(): void {
    const log = this.logger.child('discord');
    this.client.on('messageCreate', (message) => void this.dispatcher.handleMessage(message));
    this.client.on('interactionCreate', (interaction) => void this.dispatcher.handleInteraction(interaction));
    // Without an 'error' listener an EventEmitter error would crash the process.
    this.client.on('error', (error) => log.error('Client error', { error }));
    this.client.on('shardError', (error, shardId) => log.error(`Shard ${shardId} error`, { error }));
    this.client.on('warn', (message) => log.warn(message));
    this.client.on('shardDisconnect', (event, shardId) => log.warn(`Shard ${shardId} disconnected (${event.code})`));
  }
}
