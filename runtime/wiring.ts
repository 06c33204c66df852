/**
 * The wiring of a Bot: every service it is made of, built once and connected to the others. runtime/bot.ts
 * holds the bot's lifecycle (start, run, stop, sync) and reads these parts; nothing here starts anything.
 *
 * What the parts need from the running bot (the storage driver once it is open, loading a cog, the ready
 * time) they ask of `BotWiringHost`, so the order of construction does not matter.
 */
import type { Client, ClientOptions, Message } from 'discord.js';
import { CogManager } from './cogs/cog-manager.js';
import { createCogConfig, releaseCogConfig, reregisterCogConfig } from './cogs/cog-config.js';
import type { CogModuleHost } from './cogs/module-host.js';
import type { ReloadOutcome } from './cogs/reloading.js';
import type { CogRegistry } from './cogs/module.js';
import { Dispatcher } from './commands/dispatcher.js';
import type { Clock } from './commands/clock.js';
import { CommandLimits } from './commands/limits.js';
import type { CoreSettings } from './context/core-settings.js';
import type { ContextServices } from './context/services.js';
import { attachReplyGate, ReplyGate } from './context/backpressure.js';
import { ErrorLog } from './commands/error-log.js';
import { CommandIndex } from './commands/index-of-commands.js';
import { CommandPipeline } from './commands/pipeline/pipeline.js';
import { disabledStep } from './commands/pipeline/disabled-step.js';
import { guildOnlyStep } from './commands/guild-only.js';
import { manifestStep } from './permissions/manifest-checks.js';
import { CommandSettings } from './commands/command-settings.js';
import { ComponentRouter } from './context/components/router.js';
import { InvokeHooks } from './commands/hooks.js';
import { registerHelpSource } from './help/source.js';
import { sendHelp } from './help/send.js';
import { createDiscordClient } from './discord/client.js';
import type { ConfigDriver } from './drivers/types.js';
import type { InstanceConfig } from './instance/config.js';
import type { Logger } from './logging.js';
import type { Config } from './config/base.js';
import { DataRequests } from './gdpr/requests.js';
import { Privileges, privilegeStep } from './permissions/privileges.js';
import { AuditLog } from './permissions/audit-log.js';
import { AccessSettings } from './permissions/access-settings.js';
import { accessOutcome, accessStep } from './permissions/access-check.js';
import { RuleStore } from './permissions/rule-store.js';
import { attachServices } from './services.js';
import type { ExitKind } from './core/exit-codes.js';
import type { PrefixStore } from './core/prefixes.js';
import { attachCoreServices } from './core/services.js';
import type { ShardHealthOptions, ShardHealthRow } from './shards/health.js';
import type { CrossShard } from './shards/cross-shard.js';
import type { ShardStatusOptions } from './shards/status-reporter.js';

export interface BotOptions {
  instance: InstanceConfig;
  /** The generated registry (`generated/registry.ts`) or a hand-made one in tests. */
  registry: CogRegistry;
  /**
   * Where a reload gets fresh code (runtime/cogs/module-host.ts). `npm start` and `npm run dev` pass the
   * Vite module runner's; without one, reloads run the lifecycle again on the same code.
   */
  modules?: CogModuleHost;
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
  /** Shard health thresholds (runtime/shards/health.ts); tests shorten them. */
  shardHealth?: ShardHealthOptions;
  /** How often the shard status table is written on PostgreSQL, and when a row is stale (runtime/shards/status-reporter.ts). */
  shardStatus?: ShardStatusOptions;
  /** The time source of cooldowns (default: the system clock); tests inject one to move time without sleeping. */
  clock?: Clock;
  /** How long pagination buttons stay after the last press, in ms. Default 120 000. */
  paginationTimeoutMs?: number;
}

/** What the parts ask of the running bot. */
export interface BotWiringHost {
  readonly logger: Logger;
  /** The Config driver, once start opened it (or the one given in the options). */
  driver(): ConfigDriver | undefined;
  /** The core namespace's Config (privileges, data requests, access settings, rules, audit log). */
  coreConfig(): Config;
  loadCog(name: string): Promise<unknown>;
  unloadCog(name: string, cascade?: boolean): Promise<string[]>;
  reloadCog(name: string): Promise<ReloadOutcome>;
  /** Reads the registry from disk again (a cog added after start). */
  discoverCogs(): Promise<void>;
  prefixes(): PrefixStore | undefined;
  coreSettings(): CoreSettings | undefined;
  readyAt(): number | null;
  /** Every gateway shard of this process with its health (runtime/shards/health.ts). */
  shards(): ShardHealthRow[];
  /** Questions about every server and shard of the bot, from any shard (runtime/shards/cross-shard.ts). */
  crossShard(): CrossShard;
  requestExit(kind: ExitKind): void;
  emit(event: string, ...args: unknown[]): void;
}

/** The services a Bot is made of. */
export interface BotParts {
  client: Client;
  commands: CommandIndex;
  errors: ErrorLog;
  cogs: CogManager;
  privileges: Privileges;
  dataRequests: DataRequests;
  audit: AuditLog;
  rules: RuleStore;
  access: AccessSettings;
  limits: CommandLimits;
  pipeline: CommandPipeline;
  hooks: InvokeHooks;
  commandSettings: CommandSettings;
  components: ComponentRouter;
  dispatcher: Dispatcher;
}

/** Builds and connects every part of a Bot. */
export function wireBot(options: BotOptions, host: BotWiringHost): BotParts {
  const { instance, registry } = options;
  const logger = host.logger;
  const commands = new CommandIndex();
  const clock = options.clock;
  const errors = new ErrorLog({ capacity: options.errorLogSize ?? 50, now: clock ? () => clock.now() : Date.now });
  const client = createDiscordClient({
    intents: instance.discord.intents,
    apiUrl: options.apiUrl ?? instance.discord.api,
    // An explicit apiUrl (the sandbox's simulator, a test's) goes straight there; else the proxy, when set.
    ...(options.apiUrl || !instance.discord.restProxy?.url ? {} : { restProxy: instance.discord.restProxy.url }),
    shards: instance.discord.shards,
    shardIds: instance.discord.shardIds,
    extra: options.clientOptions,
  });
  const cogs = new CogManager({
    registry,
    modules: options.modules,
    client,
    index: commands,
    errorLog: errors,
    logger,
    configFor: (spec) => createCogConfig(spec, host.driver()),
    releaseConfig: releaseCogConfig,
    reregisterConfig: reregisterCogConfig,
    clock: options.clock,
    driver: () => host.driver(),
    onCommandsChanged: (cog, change) => host.emit('commandsChanged', { cog, ...change }),
    // A message that is not a command reaches a cog only where that cog's commands would: lists, ignores, disabled cogs.
    admitRuntimeEvent: async (cog, event, [message]) => {
      const m = message as Message;
      const outcome = (await access.cogDisabled(cog, m.guildId ?? null)) ? 'cogDisabled' : await accessOutcome({ settings: access, privileges }, { user: m.author, member: m.member, guild: m.guild, channel: m.channel });
      if (outcome !== 'allowed') logger.debug(`${event} of message ${m.id} not passed to cog ${cog}: ${outcome}`);
      return outcome === 'allowed';
    },
  });
  const privileges = new Privileges({
    client,
    owners: instance.owners,
    ownersFromApplication: instance.ownersFromApplication,
    teamMembersAreOwners: instance.teamMembersAreOwners,
    config: () => host.coreConfig(),
    logger: logger.child('permissions'),
  });
  const dataRequests = new DataRequests({
    loaded: () => cogs.names().map((name) => cogs.get(name)!),
    registry: () => cogs.currentRegistry(),
    jobs: cogs.jobs,
    settings: () => host.coreConfig(),
    logger: logger.child('data-requests'),
  });
  const audit = new AuditLog(() => host.coreConfig());
  const rules = new RuleStore({
    config: () => host.coreConfig(),
    required: (cog, command) => privileges.required(cogs.get(cog)?.spec, command),
    isOwner: (userId) => privileges.isOwner(userId),
    audit,
    cogExists: (name) => cogs.get(name) !== undefined,
    findCommand: (words) => commands.find(words),
  });
  const access = new AccessSettings(() => host.coreConfig(), commands);
  // "Owner" means one thing: the cooldown bypass asks the same directory as privileges (configured and application owners).
  // Shared by every process on the storage when the driver keeps them (postgres), else in this process.
  const limits = new CommandLimits({
    clock: cogs.clock,
    isOwner: (userId) => privileges.isOwner(userId),
    ownersBypass: instance.cooldowns.ownersBypass,
    shared: () => host.driver()?.sharedLimits?.(),
    logger: logger.child('limits'),
  });
  const hooks = new InvokeHooks();
  const commandSettings = new CommandSettings(() => host.driver());
  const components = new ComponentRouter({ logger: logger.child('components'), errorLog: errors });

  const replies = new ReplyGate(instance.replies, logger.child('replies'));
  attachReplyGate(client, replies);
  const contextServices: ContextServices = {
    settings: () => host.coreSettings(),
    replies,
    components,
    paginationTimeoutMs: options.paginationTimeoutMs,
    sendHelp: (ctx) => sendHelp(ctx, { command: ctx.command, cog: commands.find(ctx.command.path)?.cog ?? '' }),
  };
  // The check pipeline: each step by name; they run in the one order of CHECK_STEPS (commands/pipeline/steps.ts).
  const pipeline = new CommandPipeline({
    steps: {
      disabled: disabledStep(commands.disabled, access),
      access: accessStep({ settings: access, privileges }),
      guildOnly: guildOnlyStep,
      manifest: manifestStep({ cog: (name) => cogs.get(name), privilegeOf: (ctx) => privileges.privilegeOf(ctx.member ?? ctx.author, ctx.guild) }),
      privilege: privilegeStep(privileges, cogs),
      rules: rules.step,
    },
    cogs,
    services: contextServices,
    logger: logger.child('checks'),
  });
  attachServices(client, { privileges, dataRequests, audit, rules, access, pipeline, cogs, components });
  attachCoreServices(client, {
    loaded: () => cogs.names(),
    available: () => cogs.available(),
    discover: async () => {
      await host.discoverCogs();
      return cogs.available();
    },
    loadCog: async (name) => void (await host.loadCog(name)),
    unloadCog: (name, cascade) => host.unloadCog(name, cascade),
    reloadCog: (name) => host.reloadCog(name),
    inventory: () => cogs.inventory(),
    error: (id) => errors.get(id),
    recentErrors: (limit) => errors.recent(limit),
    prefixes: () => host.prefixes(),
    settings: () => host.coreSettings(),
    readyAt: () => host.readyAt(),
    shards: () => host.shards(),
    crossShard: () => host.crossShard(),
    requestExit: (kind) => host.requestExit(kind),
  });
  registerHelpSource(client, {
    index: commands,
    cogDescription: (cog) => cogs.get(cog)?.spec.description,
    canRun: (ctx, command, cog) => pipeline.canRun(ctx, command, cog),
    settings: commandSettings,
    defaultPrefix: () => instance.prefixes[0] ?? '/',
  });
  const dispatcher = new Dispatcher({
    pipeline,
    hooks,
    settings: commandSettings,
    index: commands,
    cogs,
    errorLog: errors,
    logger: logger.child('commands'),
    prefixes: instance.prefixes,
    prefixesFor: async (guildId) => (await host.prefixes()?.forGuild(guildId)) ?? instance.prefixes,
    mentionPrefix: instance.mentionPrefix,
    autoDeferMs: options.slashAutoDeferMs,
    catchUp: () => host.driver()?.catchUp?.() ?? Promise.resolve(),
    limits,
    components,
    services: contextServices,
    emit: (event, ...args) => host.emit(event, ...args),
    passOn: (message) => void cogs.runtimeEvents.emit('messageWithoutCommand', message),
  });
  return { client, commands, errors, cogs, privileges, dataRequests, audit, rules, access, limits, pipeline, hooks, commandSettings, components, dispatcher };
}
