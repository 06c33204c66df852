/**
 * The Bot: one discord.js Client, the loaded cogs, and the command intake between them.
 *
 *   const bot = new Bot({ instance: loadInstanceConfig(), registry });
 *   await bot.start();   // login, wait for ready, load cogs, sync slash commands (only scopes that changed)
 *   await bot.stop();    // onUnload for each cog, then the client is destroyed
 */
import { EventEmitter } from 'node:events';
import { Events, type Client, type Guild, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { CogManager } from './cogs/cog-manager.js';
import type { LoadedCog } from './cogs/module.js';
import type { ReloadOutcome } from './cogs/reloading.js';
import type { CommandSpec } from './contract/spec.js';
import type { CommandCompletedInfo, CommandDeniedInfo, Dispatcher } from './commands/dispatcher.js';
import type { CommandLimits } from './commands/limits.js';
import { CoreSettings } from './context/core-settings.js';
import type { ComponentRouter } from './context/components/router.js';
import type { ErrorLog, ErrorRecord } from './commands/error-log.js';
import type { CommandIndex } from './commands/index-of-commands.js';
import type { CommandPipeline } from './commands/pipeline/pipeline.js';
import type { CommandCheck } from './commands/pipeline/steps.js';
import type { CommandSettings } from './commands/command-settings.js';
import type { InvokeHooks, InvokeHook } from './commands/hooks.js';
import type { RunnableHandler } from './commands/invoke.js';
import { dropUnknownResolved } from './commands/slash-resolved.js';
import { guardGateway } from './discord/gateway-guard.js';
import { composeSlashCommands, type SyncScope } from './commands/slash-sync/snapshot.js';
import { SlashSyncStore } from './commands/slash-sync/store.js';
import { SlashSyncer, type SlashSyncReport } from './commands/slash-sync/sync.js';
import type { ConfigDriver } from './drivers/types.js';
import type { InstanceConfig } from './instance/config.js';
import { createStorageDriver } from './instance/storage.js';
import { createLogger, registerSecret, type Logger } from './logging.js';
import { Config } from './config/base.js';
import type { DataRequests } from './gdpr/requests.js';
import type { Privilege } from './permissions/levels.js';
import type { Privileges, PrivilegeSubject } from './permissions/privileges.js';
import { corePrivilegeConfig } from './permissions/roles.js';
import type { AuditLog } from './permissions/audit-log.js';
import type { AccessSettings } from './permissions/access-settings.js';
import type { RuleStore } from './permissions/rule-store.js';
import { CogsmithError, type ErrorCode } from './contract/errors.js';
import { EXIT_CODES, type ExitKind } from './core/exit-codes.js';
import { BotFatalError, fatalLoginError, isFatalCloseCode } from './discord/fatal-close.js';
import { PrefixStore } from './core/prefixes.js';
import { wireBot, type BotOptions } from './wiring.js';
import { ShardHealthMonitor } from './shards/health.js';
import { CrossShard } from './shards/cross-shard.js';
import { ShardStatusReporter, thisProcess, type ShardStatusOptions } from './shards/status-reporter.js';
import { sqlDatabaseOf } from './shards/status-rows.js';

export type { BotOptions } from './wiring.js';

/** Events a Bot emits. */
export interface BotEvents {
  ready: [];
  cogLoaded: [cog: LoadedCog];
  cogUnloaded: [name: string];
  /** A cog was reloaded (the new version is live). */
  cogReloaded: [outcome: ReloadOutcome];
  commandRun: [info: { cog: string; command: CommandSpec; kind: 'text' | 'slash' }];
  commandError: [info: { cog: string; command: CommandSpec; record: ErrorRecord }];
  /** A check refused a command (privilege, rules, lists, disabled…); `reason` is null when it was silent. */
  commandDenied: [info: CommandDeniedInfo];
  /** An invocation is over, whatever its outcome (ok, refused, badInput, limited, failed), with its duration. */
  commandCompleted: [info: CommandCompletedInfo];
  /** One bulk overwrite was sent to `scope` (`global` or `guild:<id>`); an empty list means the scope was cleared. */
  /** A command was added or removed at run time (slash commands need a sync to follow). */
  commandsChanged: [change: { cog: string; added?: string; removed?: string }];
  slashCommandsSynced: [commands: RESTPostAPIChatInputApplicationCommandsJSONBody[], scope: SyncScope];
  /** The owner asked to shut down or restart (core cog); `npm start` stops the bot and exits with `code`. */
  exitRequested: [request: { kind: ExitKind; code: number }];
  /** A malformed gateway event was dropped before discord.js saw it (runtime/discord/gateway-guard.ts). */
  gatewayEventDropped: [info: { event: string }];
  /**
   * Discord closed the gateway with a code no reconnect cures (4004 token, 4014 intents, ...; see
   * runtime/discord/fatal-close.ts) after the bot was ready. With no listener the bot stops itself; `npm start`
   * stops it and exits with `error.exitCode` (78). During start, `start()` rejects with the error instead.
   */
  fatal: [error: BotFatalError];
}

/** The bot could not start; the message says why and never contains the token. */
export class BotStartError extends CogsmithError {
  static override readonly code: ErrorCode = 'BOT_START';
}

export class Bot extends EventEmitter<BotEvents> {
  readonly client: Client;
  readonly cogs: CogManager;
  readonly commands: CommandIndex;
  readonly errors: ErrorLog;
  readonly logger: Logger;
  readonly instance: InstanceConfig;
  /** Cogs listed in the instance that failed to load at start, with the reason. */
  readonly failedCogs = new Map<string, Error>();
  private readonly token: string | undefined;
  private readonly dispatcher: Dispatcher;
  /** The check pipeline every command passes (runtime/commands/pipeline); help, autocomplete and `permissions canrun` ask it too. */
  readonly pipeline: CommandPipeline;
  /** Global before/after invoke hooks (see addBeforeInvokeHook). */
  readonly hooks: InvokeHooks;
  /** The command framework's settings in the core namespace ("did you mean", help). */
  readonly commandSettings: CommandSettings;
  /** Cooldowns and max concurrency of every command. */
  readonly limits: CommandLimits;
  /** Routes button presses and select-menu choices by custom id (runtime/README.md "Components"). */
  readonly components: ComponentRouter;
  /** Every gateway shard of this process: status, latency, last ACK, reconnects, problems (runtime/shards/health.ts). */
  readonly shardHealth: ShardHealthMonitor;
  /** Server count, server list, leave and every shard's state, right from any shard (runtime/shards/cross-shard.ts). */
  readonly crossShard: CrossShard;
  /** Writes this process's shards to the shard status table; only on PostgreSQL (runtime/shards/status-table.ts). */
  private statusReporter: ShardStatusReporter | undefined;
  private readonly shardStatusOptions: ShardStatusOptions | undefined;
  private core: CoreSettings | undefined;
  private prefixStore: PrefixStore | undefined;
  private readyAt: number | null = null;
  /** Privilege levels: owners, admin and mod roles per guild (runtime/permissions). */
  readonly privileges: Privileges;
  /** End-user data requests: delete or export a user's data in every loaded cog (runtime/gdpr). */
  readonly dataRequests: DataRequests;
  /** Who changed which access setting, when (runtime/permissions/audit-log.ts). */
  readonly audit: AuditLog;
  /** Allow/block lists, ignored guilds and channels, disabled commands and cogs, stored in Config. */
  readonly access: AccessSettings;
  /** Allow/deny permission rules (runtime/permissions/RULES.md). */
  readonly rules: RuleStore;
  private privilegeConfig: Config | undefined;
  private driver: ConfigDriver | undefined;
  private readonly ownsDriver: boolean;
  /** `failed`: a fatal gateway close after ready (runtime/discord/fatal-close.ts); stop() still cleans up. */
  private state: 'new' | 'starting' | 'ready' | 'failed' | 'stopping' | 'stopped' = 'new';
  private readyPromise: Promise<void> | undefined;
  /** Aborted by stop() during start, so a start waiting for Discord gives up instead of hanging. */
  private readonly starting = new AbortController();
  /** Set by a fatal gateway close (runtime/discord/fatal-close.ts); a start still connecting rejects with it. */
  private fatalError: BotFatalError | undefined;
  private onFatalDuringStart: ((error: BotFatalError) => void) | undefined;
  /** Opened on the first slash sync (the driver may only exist after start), closed on stop. */
  private slashSync: { syncer: SlashSyncer; store: SlashSyncStore | null } | undefined;

  constructor(options: BotOptions) {
    super();
    this.instance = options.instance;
    this.logger = options.logger ?? createLogger('bot');
    this.token = options.token ?? options.instance.discord.token;
    registerSecret(this.token);
    this.driver = options.driver;
    this.ownsDriver = options.driver === undefined;
    const parts = wireBot(options, {
      logger: this.logger,
      driver: () => this.driver,
      coreConfig: () => this.corePrivilegeConfig(),
      loadCog: (name) => this.loadCog(name),
      unloadCog: (name, cascade) => this.unloadCog(name, { cascade }),
      reloadCog: (name) => this.reloadCog(name),
      discoverCogs: async () => void (await this.cogs.discover()),
      prefixes: () => this.prefixes(),
      coreSettings: () => this.coreSettings(),
      readyAt: () => this.readyAt,
      shards: () => this.shardHealth.rows(),
      crossShard: () => this.crossShard,
      requestExit: (kind) => this.requestExit(kind),
      emit: (event, ...args) => void (this.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args),
    });
    this.client = parts.client;
    this.commands = parts.commands;
    this.errors = parts.errors;
    this.cogs = parts.cogs;
    this.privileges = parts.privileges;
    this.dataRequests = parts.dataRequests;
    this.audit = parts.audit;
    this.rules = parts.rules;
    this.access = parts.access;
    this.limits = parts.limits;
    this.pipeline = parts.pipeline;
    this.hooks = parts.hooks;
    this.commandSettings = parts.commandSettings;
    this.components = parts.components;
    this.dispatcher = parts.dispatcher;
    this.shardHealth = new ShardHealthMonitor(this.client, this.logger.child('shards'), options.shardHealth);
    this.shardStatusOptions = options.shardStatus;
    this.crossShard = new CrossShard(this.client, () => this.statusReporter);
  }

  /** Adds a hook that runs before every command (before the cog's own); returns a function that removes it. */
  addBeforeInvokeHook(hook: InvokeHook): () => void {
    return this.hooks.addBefore(hook);
  }

  /** Adds a hook that runs after every command that started, also a failed one (after the cog's own). */
  addAfterInvokeHook(hook: InvokeHook): () => void {
    return this.hooks.addAfter(hook);
  }

  /** Adds a global check, run after every other step of the pipeline (see CommandCheck); returns a function that removes it. */
  addCheck(check: CommandCheck): () => void {
    return this.pipeline.addCheck(check);
  }

  /**
   * Adds a top-level command to a loaded cog at run time: `handler` runs it (or, for a group, maps each
   * handler key of the tree to its function); slash and hybrid commands need their `slash` JSON. Slash
   * sync picks the change up through `commands.slashBodiesOf` on its next run (`commandsChanged` says when).
   * Commands added this way go when their cog unloads.
   */
  addCommand(cog: string, command: CommandSpec, handler: RunnableHandler | Readonly<Record<string, RunnableHandler>>, slash?: RESTPostAPIChatInputApplicationCommandsJSONBody): void {
    const handlers = typeof handler === 'function' ? (command.handler === null ? {} : { [command.handler]: handler }) : handler;
    this.commands.addCommand(cog, command, handlers, slash);
    this.emit('commandsChanged', { cog, added: command.name });
  }

  /** Removes a top-level command (declared or added) by name; false when there is none. */
  removeCommand(path: string | readonly string[]): boolean {
    const removed = this.commands.removeCommand(path);
    if (removed) this.emit('commandsChanged', { cog: removed.cog, removed: removed.command.name });
    return removed !== undefined;
  }

  /** The runtime's own settings (embeds wanted, embed colour) under the `Core` namespace; undefined before start opened storage. */
  coreSettings(): CoreSettings | undefined {
    if (!this.core && this.driver) this.core = new CoreSettings(this.driver);
    return this.core;
  }

  /** Global and per-guild command prefixes kept in Config (core cog's `set prefix`); undefined before start opened storage. */
  prefixes(): PrefixStore | undefined {
    if (!this.prefixStore && this.driver) this.prefixStore = new PrefixStore(this.driver, this.instance.prefixes);
    return this.prefixStore;
  }

  /**
   * Asks the process to stop (exit code 0) or restart (26, runtime/core/exit-codes.ts): emits `exitRequested`,
   * which `npm start` answers by stopping the bot and exiting with the code. Without a listener the bot just stops.
   */
  requestExit(kind: ExitKind): void {
    const code = EXIT_CODES[kind];
    this.logger.info(`${kind === 'restart' ? 'Restart' : 'Shutdown'} requested (exit code ${code})`);
    if (!this.emit('exitRequested', { kind, code })) void this.stop();
  }

  /** The highest privilege someone holds: none, mod, admin, guildOwner (in `guild` or the member's guild) or owner. */
  privilegeOf(who: PrivilegeSubject, guild?: Guild | null): Promise<Privilege> {
    return this.privileges.privilegeOf(who, guild);
  }

  private corePrivilegeConfig(): Config {
    if (!this.driver) throw new BotStartError('Privileges and data requests need storage: start the bot first.');
    this.privilegeConfig ??= corePrivilegeConfig(this.driver);
    return this.privilegeConfig;
  }

  /** The Config driver the bot uses (its own or the one it was given); undefined before start opened storage. */
  get storageDriver(): ConfigDriver | undefined {
    return this.driver;
  }

  /** True once start() has finished and until stop(). */
  get isReady(): boolean {
    return this.state === 'ready';
  }

  /** Resolves when the bot is ready (at once if it already is); rejects with the BotFatalError after a fatal gateway close. */
  waitUntilReady(): Promise<void> {
    if (this.fatalError) return Promise.reject(this.fatalError);
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
    // Storage first, before any connection: a json data folder another process holds (its lock), a corrupt
    // file or an unreachable database refuses the start before the bot logs in and loads cogs.
    await this.openStorage();
    if (this.starting.signal.aborted) throw new BotStartError('The bot was stopped while starting.');
    this.attachClientEvents();
    this.shardHealth.start();
    await this.startShardStatus();
    this.warnAboutIntents();
    const aborted = new Promise<never>((_, reject) => {
      const signal = this.starting.signal;
      signal.addEventListener('abort', () => reject(new BotStartError('The bot was stopped while starting.')), { once: true });
      this.onFatalDuringStart = reject;
    });
    aborted.catch(() => undefined); // only observed through the race below
    const ready = new Promise<void>((resolve) => this.client.once('clientReady', () => resolve()));
    try {
      await Promise.race([this.client.login(this.token).then(() => ready), aborted]);
    } catch (error) {
      if (error instanceof BotStartError) throw error;
      await this.shutdownClient();
      this.state = 'stopped';
      // A refused token or intents: the one-line reason with the fix, not discord.js's words.
      const fatal = this.fatalError ?? fatalLoginError(error);
      if (fatal) throw fatal;
      const reason = error instanceof Error ? error.message : String(error);
      throw new BotStartError(`Could not log in to Discord: ${reason}`, { cause: error });
    } finally {
      this.onFatalDuringStart = undefined;
    }
    this.logger.info(`Logged in as ${this.client.user?.tag ?? 'unknown'}`);
    for (const name of this.startOrder()) {
      if (this.cogs.has(name)) continue; // loaded already as another cog's dependency
      const before = new Set(this.cogs.names());
      try {
        await this.cogs.load(name);
      } catch (error) {
        this.failedCogs.set(name, error as Error);
        this.logger.error(`Cog ${name} was not loaded: ${(error as Error).message}`, { error });
      }
      for (const loaded of this.cogs.names()) if (!before.has(loaded)) this.emit('cogLoaded', this.cogs.get(loaded)!);
    }
    await this.cogs.jobs?.start();
    await this.syncSlashCommands();
    this.state = 'ready';
    this.readyAt = Date.now();
    this.emit('ready');
  }

  /**
   * Syncs the loaded cogs' slash commands to the scopes of `discord.syncMode` (global, or each dev guild):
   * one bulk overwrite per scope whose hash differs from what was last synced (kept in Config), none when
   * nothing changed; `{ force: true }` sends every scope anyway. A failed request is logged and reported,
   * not thrown, and is retried on the next sync.
   */
  async syncSlashCommands(options: { force?: boolean } = {}): Promise<SlashSyncReport> {
    const application = this.client.application;
    if (!application) throw new BotStartError('Slash commands can only be synced once the client is ready.');
    // Each cog's generated commands, with those added or removed at run time (the command index keeps both).
    const commands = composeSlashCommands(
      this.cogs.names().map((name) => ({ name, slashCommands: this.commands.slashBodiesOf(name, this.cogs.get(name)!.spec.slashCommands) })),
    );
    const { syncMode, devGuilds } = this.instance.discord;
    return this.slashSyncer().sync(application.id, commands, { syncMode, devGuilds }, options);
  }

  private slashSyncer(): SlashSyncer {
    if (this.slashSync) return this.slashSync.syncer;
    let store: SlashSyncStore | null = null;
    try {
      if (this.driver) store = SlashSyncStore.open(this.driver);
    } catch (error) {
      this.logger.warn(`Slash sync state cannot be kept (${(error as Error).message}): every start sends every scope`, { error });
    }
    const syncer = new SlashSyncer({
      rest: this.client.rest,
      store,
      logger: this.logger.child('slash-sync'),
      onOverwrite: (commands, scope) => this.emit('slashCommandsSynced', commands, scope),
    });
    this.slashSync = { syncer, store };
    return syncer;
  }

  /**
   * The instance's cogs in dependency order (each after what it `dependsOn`); a cog the registry does not
   * know, or a dependency circle, is recorded in `failedCogs` and the others still load.
   */
  private startOrder(): string[] {
    const order: string[] = [];
    for (const name of this.instance.cogs) {
      try {
        for (const n of this.cogs.loadOrder([name])) if (!order.includes(n)) order.push(n);
      } catch (error) {
        if (!order.includes(name)) order.push(name); // load() reports it with the known cogs
        this.logger.debug(`Load order of ${name}: ${(error as Error).message}`);
      }
    }
    return order;
  }

  /**
   * Loads a cog at run time (and first any cog it depends on) and syncs slash commands (pass `{ sync: false }`
   * to batch several). A cog created and generated after start is found when the bot's code source reads
   * from disk (`npm start`, `npm run dev`).
   */
  async loadCog(name: string, options: { sync?: boolean } = {}): Promise<LoadedCog> {
    const before = new Set(this.cogs.names());
    const cog = await this.cogs.load(name);
    const added = this.cogs.names().filter((n) => !before.has(n));
    for (const n of added) {
      this.failedCogs.delete(n);
      this.emit('cogLoaded', this.cogs.get(n)!);
    }
    // A cog without slash commands cannot change any hash: skip the store round trip.
    const slash = added.some((n) => (this.cogs.get(n)?.spec.slashCommands.length ?? 0) > 0);
    if ((options.sync ?? true) && this.client.isReady() && slash) await this.syncSlashCommands();
    return cog;
  }

  /**
   * Unloads a cog at run time and syncs slash commands (pass `{ sync: false }` to batch several). Refused
   * (CogDependencyError naming them) while loaded cogs depend on it, unless `cascade` unloads them first.
   * Returns every cog it unloaded.
   */
  async unloadCog(name: string, options: { sync?: boolean; cascade?: boolean } = {}): Promise<string[]> {
    const slashBefore = JSON.stringify(this.cogs.slashCommands());
    const unloaded = await this.cogs.unload(name, { cascade: options.cascade });
    for (const n of unloaded) this.emit('cogUnloaded', n);
    if ((options.sync ?? true) && this.client.isReady() && JSON.stringify(this.cogs.slashCommands()) !== slashBefore) await this.syncSlashCommands();
    return unloaded;
  }

  /**
   * Reloads a cog with the code and manifest on disk now, atomically (runtime/cogs/reloading.ts): if anything
   * fails the old version keeps running and the error (a CogLoadError naming the phase) is thrown. Slash
   * commands: at most one bulk overwrite, and none when the cog's commands did not change.
   */
  async reloadCog(name: string, options: { sync?: boolean } = {}): Promise<ReloadOutcome> {
    const outcome = await this.cogs.reload(name);
    this.failedCogs.delete(name);
    this.emit('cogReloaded', outcome);
    if ((options.sync ?? true) && this.client.isReady() && outcome.slashChanged) await this.syncSlashCommands();
    return outcome;
  }

  /** Unloads every cog (each gets onUnload), destroys the client and closes a driver the bot opened. */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return;
    if (this.state === 'starting') {
      this.starting.abort();
      await this.readyPromise?.catch(() => undefined);
    }
    this.state = 'stopping';
    this.shardHealth.stop();
    await this.cogs.jobs?.stop();
    await this.cogs.unloadAll('stop');
    this.cogs.releaseAll();
    this.components.close();
    await this.shutdownClient();
    this.state = 'stopped';
  }

  private async shutdownClient(): Promise<void> {
    // While the driver is still open: the rows say this process stopped.
    await this.statusReporter?.stop();
    await this.client.destroy().catch((error) => this.logger.warn('Destroying the client failed', { error }));
    this.slashSync?.store?.close();
    this.slashSync = undefined;
    this.core?.release();
    this.core = undefined;
    this.prefixStore = undefined;
    if (this.privilegeConfig) Config.release(this.privilegeConfig);
    this.privilegeConfig = undefined;
    // Only after destroy: the 'error' listener must stay until the connection is gone.
    this.client.removeAllListeners();
    if (this.ownsDriver && this.driver) {
      const driver = this.driver;
      this.driver = undefined;
      await driver.close().catch((error: unknown) => this.logger.warn('Closing the config driver failed', { error }));
    }
  }

  /** Opens the Config driver (the instance's, or the one given); a failure stops the start with its reason. */
  private async openStorage(): Promise<void> {
    if (!this.driver) this.driver = await createStorageDriver(this.instance.storage);
    try {
      await this.driver.open();
    } catch (error) {
      if (this.ownsDriver) this.driver = undefined; // its open() released what it took
      this.state = 'stopped';
      throw new BotStartError(`Could not open the storage: ${(error as Error).message}`, { cause: error });
    }
  }

  /** On PostgreSQL: report this process's shards to the shard status table (listening before login, so the first ready is written). */
  private async startShardStatus(): Promise<void> {
    const db = sqlDatabaseOf(this.driver);
    if (!db || this.statusReporter) return;
    // Loaded only on PostgreSQL: the table's SQL needs drizzle-orm, which a bot on json storage never loads.
    const { ShardStatusTable } = await import('./shards/status-table.js');
    const table = new ShardStatusTable(db, () => this.client.user?.id ?? null);
    this.statusReporter = new ShardStatusReporter(this.client, this.shardHealth, table, thisProcess(), this.logger.child('shard-status'), this.shardStatusOptions);
    this.statusReporter.start();
  }

  /** A shard closed with a code no reconnect cures: reject a start in progress, else emit `fatal` (or stop). */
  private fatalClose(code: number, shardId: number): void {
    if (this.fatalError || this.state === 'stopping' || this.state === 'stopped') return;
    const error = new BotFatalError(code, shardId);
    this.fatalError = error;
    if (this.onFatalDuringStart) return this.onFatalDuringStart(error); // start() rejects with it: its caller says why
    this.logger.error(error.message);
    this.state = 'failed'; // no longer ready: /readyz and isReady say so until it is stopped
    if (!this.emit('fatal', error)) void this.stop();
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
    // First of the raw listeners: a malformed event is dropped before anything reads it (discord/gateway-guard.ts).
    guardGateway(this.client, { logger: log, dropped: (event) => this.emit('gatewayEventDropped', { event }) });
    this.client.on('messageCreate', (message) => void this.dispatcher.handleMessage(message));
    // Before discord.js builds an interaction from a packet (and caches what it names): see slash-resolved.ts.
    (this.client as unknown as EventEmitter).on(Events.Raw, (packet: unknown) => dropUnknownResolved(this.client, packet));
    this.client.on('interactionCreate', (interaction) => void this.dispatcher.handleInteraction(interaction));
    // A deleted message (or channel) takes its buttons along: end the sessions behind them.
    this.client.on('messageDelete', (message) => this.components.messagesDeleted([message.id]));
    this.client.on('messageDeleteBulk', (messages) => this.components.messagesDeleted(messages.keys()));
    this.client.on('channelDelete', (channel) => this.components.channelDeleted(channel.id));
    // Without an 'error' listener an EventEmitter error would crash the process.
    this.client.on('error', (error) => log.error('Client error', { error }));
    this.client.on('shardError', (error, shardId) => log.error(`Shard ${shardId} error`, { error }));
    this.client.on('warn', (message) => log.warn(message));
    // A close no reconnect cures ends the bot (runtime/discord/fatal-close.ts); the shard monitor logs every disconnect.
    this.client.on('shardDisconnect', (event, shardId) => {
      if (isFatalCloseCode(event.code)) this.fatalClose(event.code, shardId);
    });
  }
}
