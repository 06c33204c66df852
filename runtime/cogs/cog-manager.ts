/**
 * The registry of live cogs and the owner of their lifecycle. A load goes through the phases of
 * errors.ts in order — migrate (pending config migrations) → import → check → setup → register (commands
 * and listeners live) → onLoad → tasks start — and a phase that throws undoes the earlier ones, so
 * nothing of the cog stays attached; the error names the cog and the phase. An unload stops the tasks,
 * detaches everything, then runs onUnload.
 * Reloads are reloading.ts; dependency order is dependencies.ts; what is live is inventory.ts.
 *
 * One Config per cog namespace: a cog keeps the same Config (and its cache) across unloads, loads and
 * reloads; `releaseAll` forgets them when the bot stops.
 */
import { EventEmitter } from 'node:events';
import type { Client, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { CogSpec } from '../contract/spec.js';
import type { CommandIndex } from '../commands/index-of-commands.js';
import type { ErrorLog } from '../commands/error-log.js';
import type { ConfigDriver } from '../drivers/types.js';
import { Config } from '../config/config.js';
import type { Migration } from '../contract/migrations.js';
import { typeMismatches } from '../migrations/check.js';
import { MigrationError, migrateNamespace, migrationLabel } from '../migrations/runner.js';
import type { Logger } from '../logging.js';
import { withTimers, type Clock, type TimerClock } from '../support/clock.js';
import { checkImplementation, type AnyImplementation } from './check-implementation.js';
import { dependencyOrder, dependentsOf } from './dependencies.js';
import { CogDependencyError, CogLoadError, messageOf, type LifecyclePhase } from './errors.js';
import { describeLive, type LiveInventory } from './inventory.js';
import { JobScheduler } from './jobs.js';
import { fixedModuleHost, type CogModuleHost } from './module-host.js';
import type { CogRegistry, CogRegistryEntry, LoadedCog, UnloadReason } from './module.js';
import { reloadCog, type BuildExtras, type ReloadOutcome } from './reloading.js';
import { CogVersion } from './version.js';

export { CogDependencyError, CogLoadError, LIFECYCLE_PHASES, type LifecyclePhase } from './errors.js';
export type { LoadedCog } from './module.js';

export interface CogManagerOptions {
  /** The registry the bot starts with (generated/registry.ts, or one made in code). */
  registry: CogRegistry;
  /** Where fresh code comes from on a reload (default: the registry above, never re-imported). */
  modules?: CogModuleHost;
  client: Client;
  index: CommandIndex;
  errorLog: ErrorLog;
  logger: Logger;
  /** Makes (or returns the live) Config of a cog (see cog-config.ts). */
  configFor(spec: CogSpec): unknown | Promise<unknown>;
  /** Called for each cog Config when the bot stops (releaseAll). */
  releaseConfig?(config: unknown): void;
  /** Replaces a cog Config's registrations with a new spec's (a reload); returns the undo. */
  reregisterConfig?(config: unknown, spec: CogSpec): () => void;
  /** The time source of tasks and jobs (default: the system clock). */
  clock?: Clock;
  /** The bot's storage, for scheduled jobs (without it `cog.jobs` refuses). */
  driver?(): ConfigDriver | undefined;
  /** Whether a runtime event (e.g. `messageWithoutCommand`) reaches a cog's listener; see ListenerTargets.admit. */
  admitRuntimeEvent?(cog: string, event: string, args: readonly unknown[]): Promise<boolean>;
  /** A cog's run-time commands changed (slash sync and help follow). */
  onCommandsChanged?(cog: string, change: { added?: string; removed?: string }): void;
}

/** What `unload` may be asked. */
export interface UnloadOptions {
  /** Unload the cogs that depend on it first, instead of refusing. */
  cascade?: boolean;
  reason?: UnloadReason;
}

export class CogManager {
  private readonly loaded = new Map<string, CogVersion>();
  private readonly busy = new Set<string>();
  private readonly versions = new Map<string, number>();
  private readonly configs = new Map<string, unknown>();
  private registry: CogRegistry;
  readonly modules: CogModuleHost;
  readonly clock: TimerClock;
  /** The runtime's own events (RUNTIME_EVENTS) that cogs listen to, e.g. `messageWithoutCommand`. */
  readonly runtimeEvents = new EventEmitter();
  /** Scheduled jobs of every cog (present when the manager has storage). */
  readonly jobs: JobScheduler | undefined;

  constructor(private readonly options: CogManagerOptions) {
    this.registry = options.registry;
    this.modules = options.modules ?? fixedModuleHost(options.registry);
    this.clock = withTimers(options.clock);
    this.jobs = options.driver
      ? new JobScheduler({
          driver: options.driver,
          cog: (name) => this.loaded.get(name),
          loaded: () => this.names(),
          clock: this.clock,
          errorLog: options.errorLog,
          logger: options.logger.child('jobs'),
        })
      : undefined;
  }

  /** Names of the loaded cogs, in load order. */
  names(): string[] {
    return [...this.loaded.keys()];
  }

  has(name: string): boolean {
    return this.loaded.has(name);
  }

  get(name: string): LoadedCog | undefined {
    return this.loaded.get(name);
  }

  /** Every cog the registry knows (loaded or not), as of the last refresh. */
  available(): string[] {
    return Object.keys(this.registry).sort();
  }

  /** Reads the registry from disk again (when the code source can), so cogs created after start are known. */
  async discover(): Promise<string[]> {
    if (this.modules.reloadsCode) this.registry = await this.refresh([]);
    return this.available();
  }

  /** The registry as of the last refresh. */
  currentRegistry(): CogRegistry {
    return this.registry;
  }

  /** Every loaded cog's slash commands, in load order (the body of one bulk overwrite). */
  slashCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
    return [...this.loaded.values()].flatMap((cog) => cog.spec.slashCommands);
  }

  /** What is live: cogs, their Config namespaces, listeners, tasks, timers, run-time commands. */
  inventory(): LiveInventory {
    return describeLive({ versions: [...this.loaded.values()], client: this.options.client, runtimeEvents: this.runtimeEvents, jobs: this.jobs, modules: this.modules });
  }

  /**
   * The order to load `names` in so each cog's `dependsOn` comes first (cogs named only as dependencies
   * are included). Throws CogLoadError for an unknown cog or a dependency cycle.
   */
  loadOrder(names: readonly string[]): string[] {
    return dependencyOrder(names, (name) => this.registry[name]?.spec);
  }

  /**
   * Loads `name` (and first, any cog it depends on that is not loaded). All or nothing: a failing phase
   * undoes the earlier ones and throws a CogLoadError naming the cog and the phase.
   */
  async load(name: string): Promise<LoadedCog> {
    if (this.loaded.has(name) || this.busy.has(name)) throw new CogLoadError(name, `Cog "${name}" is already loaded.`);
    if (!Object.hasOwn(this.registry, name) && this.modules.reloadsCode) this.registry = await this.refresh([name]);
    this.entry(name); // an unknown cog is refused with the list of known ones
    for (const dependency of this.loadOrder([name])) {
      if (dependency === name || this.loaded.has(dependency)) continue;
      this.options.logger.info(`Loading cog ${dependency} first: ${name} depends on it`);
      await this.load(dependency);
    }
    this.busy.add(name);
    try {
      const version = await this.build(this.entry(name));
      this.loaded.set(name, version);
      try {
        this.options.index.add(name, version.spec.commands);
      } catch (error) {
        this.loaded.delete(name);
        await this.hook(version, 'onUnload', { reason: 'unload' }).catch((e) => this.options.logger.error(`Cog ${name}: onUnload after a failed load failed`, { error: e }));
        throw new CogLoadError(name, `Cog "${name}": registering its commands failed: ${messageOf(error)}`, { cause: error, phase: 'register' });
      }
      version.listeners.attach();
      try {
        await this.hook(version, 'onLoad');
      } catch (error) {
        this.detach(version);
        await this.hook(version, 'onUnload', { reason: 'unload' }).catch((e) => this.options.logger.error(`Cog ${name}: onUnload after a failed onLoad failed`, { error: e }));
        version.retire(`Cog ${name} failed to load.`);
        throw error;
      }
      version.tasks.start();
      await this.jobs?.cogLoaded(name);
      this.options.logger.info(`Loaded cog ${name}`);
      return version;
    } finally {
      this.busy.delete(name);
    }
  }

  /**
   * Unloads `name`: its tasks stop (signalled, awaited up to their stop timeout), its commands and listeners
   * go, then onUnload runs. Refused while loaded cogs depend on it, unless `cascade` unloads them first.
   */
  async unload(name: string, options: UnloadOptions = {}): Promise<string[]> {
    const version = this.loaded.get(name);
    if (!version) throw new CogLoadError(name, `Cog "${name}" is not loaded.`);
    const dependents = dependentsOf(name, [...this.loaded.values()].map((v) => v.spec));
    const unloaded: string[] = [];
    if (dependents.length > 0) {
      if (!options.cascade) {
        throw new CogDependencyError(name, dependents, `Cog "${name}" cannot be unloaded: ${dependents.join(', ')} ${dependents.length === 1 ? 'depends' : 'depend'} on it. Unload ${dependents.length === 1 ? 'it' : 'them'} first, or unload with cascade.`);
      }
      for (const dependent of [...dependents].reverse()) if (this.loaded.has(dependent)) unloaded.push(...(await this.unload(dependent, options)));
    }
    await this.teardown(version, options.reason ?? 'unload');
    this.options.logger.info(`Unloaded cog ${name}`);
    unloaded.push(name);
    return unloaded;
  }

  /**
   * Replaces `name` with the code and manifest on disk now (see reloading.ts): the new version is built and
   * set up beside the old one, swapped in at once, and the old one is torn down only once the new one's
   * onLoad has run. If anything fails the old version keeps running and the error is thrown.
   */
  async reload(name: string): Promise<ReloadOutcome> {
    if (this.busy.has(name)) throw new CogLoadError(name, `Cog "${name}" is being loaded or reloaded already.`);
    const old = this.loaded.get(name);
    if (!old) {
      if (this.modules.reloadsCode) this.registry = await this.refresh([name]);
      const loaded = await this.load(name);
      return { cog: loaded, previous: null, slashChanged: loaded.spec.slashCommands.length > 0, codeReloaded: this.modules.reloadsCode };
    }
    this.busy.add(name);
    try {
      const registry = await this.refresh([name]);
      const entry = registry[name];
      if (!entry) throw new CogLoadError(name, `Cog "${name}" is no longer in the registry (its manifest was removed?). It keeps running; unload it to stop it.`, { phase: 'import' });
      for (const dependency of dependencyOrder([name], (n) => registry[n]?.spec)) {
        if (dependency !== name && !this.loaded.has(dependency)) {
          this.registry = registry;
          await this.load(dependency);
        }
      }
      // Once the new version migrated the stored data, the old one must not keep running on it.
      let migrated = false;
      const outcome = await reloadCog({
        old,
        entry,
        build: (e, extra) => this.build(e, { ...extra, onMigrated: () => (migrated = true) }),
        hook: (v, hook, info) => this.hook(v, hook, info),
        reregister: (version, e) => this.options.reregisterConfig?.(version.handle.config, e.spec) ?? (() => undefined),
        index: this.options.index,
        install: (version) => this.loaded.set(name, version),
        teardown: (version) => this.teardown(version, 'reload', { keepIndex: true }),
        logger: this.options.logger,
      }).catch(async (error: unknown) => {
        if (!migrated || this.loaded.get(name) !== old) throw error;
        await this.teardown(old, 'unload');
        this.options.logger.warn(`Unloaded cog ${name}: its stored config was migrated by a reload that then failed`);
        const reason = error instanceof Error ? error.message.replace(/ ?The previous version is still running\.?/, '') : String(error);
        throw new CogLoadError(name, `${reason} Its stored config had already been migrated, so the previous version was unloaded instead of running on data it no longer matches; fix the error and load the cog again.`, { cause: error, phase: error instanceof CogLoadError ? error.phase : 'setup' });
      });
      this.registry = registry;
      await this.jobs?.cogLoaded(name);
      return { ...outcome, codeReloaded: this.modules.reloadsCode };
    } finally {
      this.busy.delete(name);
    }
  }

  /** Unloads every cog, dependents before what they depend on, newest first; errors are logged so every cog gets its onUnload. */
  async unloadAll(reason: UnloadReason = 'stop'): Promise<void> {
    for (const name of this.names().reverse()) {
      if (!this.loaded.has(name)) continue;
      await this.unload(name, { cascade: true, reason }).catch((error) => this.options.logger.error(`Unloading cog ${name} failed`, { error }));
    }
  }

  /** Forgets the Config of every cog this manager loaded (the bot stops). */
  releaseAll(): void {
    for (const config of this.configs.values()) this.options.releaseConfig?.(config);
    this.configs.clear();
  }

  private entry(name: string): CogRegistryEntry {
    const entry = Object.hasOwn(this.registry, name) ? this.registry[name] : undefined;
    if (entry) return entry;
    const known = Object.keys(this.registry).sort().join(', ') || 'none';
    throw new CogLoadError(name, `No cog named "${name}" in the registry (known: ${known}). Run \`npm run generate\` after adding a cog.`);
  }

  private async refresh(cogs: readonly string[]): Promise<CogRegistry> {
    try {
      return await this.modules.refresh(cogs);
    } catch (error) {
      const cog = cogs[0] ?? 'registry';
      throw new CogLoadError(cog, `Cog "${cog}": importing its code failed: ${messageOf(error)}`, { cause: error, phase: 'import' });
    }
  }

  /**
   * Runs the cog's pending config migrations (runtime/migrations) on the bot's storage. A failure — a step
   * that cannot apply, an `up` that throws (MigrationNotImplementedError for a stub), edited history — is a
   * CogLoadError in the `migrate` phase naming the cog, the migration and the cause; nothing was written.
   */
  private async migrate(entry: CogRegistryEntry): Promise<number> {
    if (!entry.migrations) return 0;
    const name = entry.spec.name;
    let migrations: readonly Migration[];
    try {
      migrations = (await entry.migrations()).migrations;
    } catch (error) {
      throw new CogLoadError(name, `Cog "${name}": importing its migrations failed: ${messageOf(error)}`, { cause: error, phase: 'migrate' });
    }
    if (migrations.length === 0) return 0;
    const driver = this.options.driver?.() ?? Config.defaultDriver;
    if (!driver) throw new CogLoadError(name, `Cog "${name}" has config migrations but the bot has no storage to run them on.`, { phase: 'migrate' });
    try {
      const result = await migrateNamespace({ driver, namespace: { cogName: name, identifier: String(entry.spec.identifier) }, migrations, check: (data) => typeMismatches(entry.spec.config, data) });
      for (const { migration, steps } of result.migrations) {
        const documents = steps.reduce((sum, s) => sum + s.documents, 0);
        this.options.logger.info(`Cog ${name}: applied config migration ${migrationLabel(migration)} (${documents} document change(s))`);
      }
      return result.migrations.length;
    } catch (error) {
      const message = error instanceof MigrationError ? error.message : `Cog "${name}": running its config migrations failed: ${messageOf(error)}`;
      throw new CogLoadError(name, `${message} The cog was not loaded.`, { cause: error, phase: 'migrate' });
    }
  }

  /**
   * Import → check → migrate → setup: a version that is ready to go live but has attached nothing. The code
   * is imported and checked before the stored data is migrated, so code that cannot load never leaves data
   * migrated under a version that keeps running (see `reload`). Importing must not use Config.
   */
  private async build(entry: CogRegistryEntry, extra: Partial<BuildExtras> = {}): Promise<CogVersion> {
    const name = entry.spec.name;
    let implementation: unknown;
    try {
      implementation = (await entry.load()).default;
    } catch (error) {
      throw new CogLoadError(name, `Cog "${name}": importing its handlers failed: ${messageOf(error)}`, { cause: error, phase: 'import' });
    }
    checkImplementation(entry, implementation);
    if ((await this.migrate(entry)) > 0) extra.onMigrated?.();
    const { handedOver } = extra.prepare ? await extra.prepare() : { handedOver: undefined };
    let config = this.configs.get(name);
    if (config === undefined) {
      config = await this.options.configFor(entry.spec);
      this.configs.set(name, config);
    }
    const number = (this.versions.get(name) ?? 0) + 1;
    const { logger, index, errorLog, client } = this.options;
    const version = new CogVersion({
      spec: entry.spec,
      implementation: implementation as AnyImplementation,
      ...(entry.userData ? { userData: entry.userData } : {}),
      version: number,
      config,
      logger: logger.child(`cog:${name}`),
      clock: this.clock,
      index,
      errorLog,
      targets: { client, runtimeEvents: this.runtimeEvents, errorLog, ...(this.options.admitRuntimeEvent ? { admit: this.options.admitRuntimeEvent } : {}) },
      jobs: this.jobs,
      handedOver,
      inheritedCommands: extra.inheritedCommands,
      onCommandsChanged: (change) => this.options.onCommandsChanged?.(name, change),
    });
    await this.hook(version, 'setup');
    this.versions.set(name, number);
    return version;
  }

  /** Runs a lifecycle hook; a throw becomes a CogLoadError naming the cog and the phase. */
  private async hook(version: CogVersion, hook: 'setup' | 'onLoad' | 'onUnload' | 'handOver', info?: { reason: UnloadReason }): Promise<unknown> {
    const fn = version.implementation[hook] as ((...args: unknown[]) => unknown) | undefined;
    if (!fn) return undefined;
    try {
      return await fn.call(version.implementation, version.handle, ...(info ? [info] : []));
    } catch (error) {
      const phase: LifecyclePhase = hook;
      throw new CogLoadError(version.name, `Cog "${version.name}": ${hook} failed: ${messageOf(error)}`, { cause: error, phase });
    }
  }

  /** Takes a version's commands and listeners off (synchronously). */
  private detach(version: CogVersion): void {
    if (this.loaded.get(version.name) === version) this.loaded.delete(version.name);
    version.listeners.detach();
    version.commands.removeAll();
    this.options.index.remove(version.name);
  }

  /** Stops a version for good: tasks, then commands and listeners (unless a reload already swapped them), then onUnload. */
  private async teardown(version: CogVersion, reason: UnloadReason, options: { keepIndex?: boolean } = {}): Promise<void> {
    if (options.keepIndex) version.listeners.detach();
    else this.detach(version);
    if (!options.keepIndex) this.jobs?.cogUnloaded(version.name);
    await version.tasks.stop();
    try {
      await this.hook(version, 'onUnload', { reason });
    } finally {
      version.retire(`Cog ${version.name} was ${reason === 'reload' ? 'replaced by a reload' : reason === 'stop' ? 'stopped with the bot' : 'unloaded'}.`);
    }
  }
}
