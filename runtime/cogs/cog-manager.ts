/**
 * The registry of loaded cogs: loads a cog from the generated registry (setup → commands and listeners
 * → onLoad), unloads it (commands and listeners off → onUnload), and keeps listener errors from ever
 * reaching the client's event loop.
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import { predicateNames } from '../permissions/manifest-checks.js';
import type { Client, ClientEvents, RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { CommandIndex } from '../commands/index-of-commands.js';
import type { ErrorLog } from '../commands/error-log.js';
import type { Logger } from '../logging.js';
import type { CogHandle, CogImplementation, CogRegistry } from './module.js';
import type { CogSpec, CommandSpec } from '../contract/spec.js';

/** A cog that could not be loaded or unloaded; the message names the cog and the cause. */
export class CogLoadError extends CogsmithError {
  static override readonly code: ErrorCode = 'COG_LOAD';
  constructor(
    readonly cog: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

type AnyFunction = (...args: unknown[]) => unknown;

interface AttachedListener {
  event: string;
  fn: AnyFunction;
}

/** One cog that is live. */
export interface LoadedCog {
  readonly name: string;
  readonly spec: CogSpec;
  readonly implementation: CogImplementation<Record<string, unknown>, Record<string, unknown>, unknown>;
  readonly handle: CogHandle<unknown>;
}

interface CogState extends LoadedCog {
  listeners: AttachedListener[];
}

export interface CogManagerOptions {
  registry: CogRegistry;
  client: Client;
  index: CommandIndex;
  errorLog: ErrorLog;
  logger: Logger;
  /** Makes the cog's config object (see cog-config.ts). */
  configFor(spec: CogSpec): unknown | Promise<unknown>;
  /** Called when a cog's config is no longer used. */
  releaseConfig?(config: unknown): void;
}

function* walkCommands(commands: readonly CommandSpec[]): Generator<CommandSpec> {
  for (const c of commands) {
    yield c;
    yield* walkCommands(c.subcommands);
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class CogManager {
  private readonly loaded = new Map<string, CogState>();
  private readonly busy = new Set<string>();

  constructor(private readonly options: CogManagerOptions) {}

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

  /** Every loaded cog's slash commands, in load order (the body of one bulk overwrite). */
  slashCommands(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
    return [...this.loaded.values()].flatMap((cog) => cog.spec.slashCommands);
  }

  /** Loads `name` from the registry: setup, then commands and listeners, then onLoad. All or nothing. */
  async load(name: string): Promise<LoadedCog> {
    const { registry, logger } = this.options;
    const entry = Object.hasOwn(registry, name) ? registry[name] : undefined;
    if (!entry) {
      const known = Object.keys(registry).sort().join(', ') || 'none';
      throw new CogLoadError(name, `No cog named "${name}" in the registry (known: ${known}). Run \`npm run generate\` after adding a cog.`);
    }
    if (this.loaded.has(name) || this.busy.has(name)) throw new CogLoadError(name, `Cog "${name}" is already loaded.`);
    this.busy.add(name);
    try {
      let implementation: CogState['implementation'];
      try {
        const module = await entry.load();
        implementation = module.default as CogState['implementation'];
      } catch (error) {
        throw new CogLoadError(name, `Cog "${name}": importing its handlers failed: ${messageOf(error)}`, { cause: error });
      }
      this.checkImplementation(entry.spec, implementation);
      const config = await this.options.configFor(entry.spec);
      const unavailable = (what: string) => () => {
        throw new CogLoadError(name, `Cog "${name}": ${what} are not available in this build of the runtime yet.`);
      };
      const handle: CogHandle<unknown> = {
        name,
        config,
        client: this.options.client,
        logger: logger.child(`cog:${name}`),
        handedOver: undefined,
        signal: new AbortController().signal,
        clock: { now: () => Date.now() },
        commands: { add: unavailable('run-time commands'), remove: unavailable('run-time commands'), names: () => [] },
        jobs: { schedule: unavailable('scheduled jobs'), list: unavailable('scheduled jobs'), cancel: unavailable('scheduled jobs') },
      };
      const state: CogState = { name, spec: entry.spec, implementation, handle, listeners: [] };

      await this.runHook(state, 'setup');
      try {
        this.options.index.add(name, entry.spec.commands);
      } catch (error) {
        await this.runHook(state, 'onUnload').catch((e) => logger.error(`Cog ${name}: onUnload after a failed load failed`, { error: e }));
        throw new CogLoadError(name, messageOf(error), { cause: error });
      }
      this.attachListeners(state);
      try {
        await this.runHook(state, 'onLoad');
      } catch (error) {
        this.detach(state);
        await this.runHook(state, 'onUnload').catch((e) => logger.error(`Cog ${name}: onUnload after a failed onLoad failed`, { error: e }));
        throw error;
      }
      this.loaded.set(name, state);
      logger.info(`Loaded cog ${name}`);
      return state;
    } finally {
      this.busy.delete(name);
    }
  }

  /** Unloads `name`: its commands and listeners stop first, then onUnload runs. */
  async unload(name: string): Promise<void> {
    const state = this.loaded.get(name);
    if (!state) throw new CogLoadError(name, `Cog "${name}" is not loaded.`);
    this.loaded.delete(name);
    this.detach(state);
    try {
      await this.runHook(state, 'onUnload');
    } finally {
      this.options.releaseConfig?.(state.handle.config);
      this.options.logger.info(`Unloaded cog ${name}`);
    }
  }

  /** Unloads every cog (newest first); errors are logged so every cog gets its onUnload. */
  async unloadAll(): Promise<void> {
    for (const name of this.names().reverse()) {
      await this.unload(name).catch((error) => this.options.logger.error(`Unloading cog ${name} failed`, { error }));
    }
  }

  private checkImplementation(spec: CogSpec, implementation: unknown): asserts implementation is CogState['implementation'] {
    const fail = (why: string) => {
      throw new CogLoadError(spec.name, `Cog "${spec.name}" (${spec.source}): ${why}`);
    };
    if (typeof implementation !== 'object' || implementation === null) fail('its handlers module has no default export object.');
    const impl = implementation as CogState['implementation'];
    const commands = (impl.commands ?? {}) as Record<string, unknown>;
    for (const command of walkCommands(spec.commands)) {
      if (command.handler !== null && typeof commands[command.handler] !== 'function') {
        fail(`the handler "${command.handler}" for command \`${command.path.join(' ')}\` is missing from its handlers.`);
      }
    }
    const listeners = (impl.listeners ?? {}) as Record<string, unknown>;
    for (const listener of spec.listeners) {
      if (typeof listeners[listener.handler] !== 'function') fail(`the listener "${listener.handler}" for event ${listener.event} is missing from its handlers.`);
    }
    const predicates = (impl.checks ?? {}) as Record<string, unknown>;
    for (const name of predicateNames(spec.commands)) {
      if (typeof predicates[name] !== 'function') fail(`the check "${name}" its manifest names is missing from its handlers (checks.${name}).`);
    }
    for (const hook of ['setup', 'onLoad', 'onUnload', 'beforeInvoke', 'afterInvoke', 'onCommandError'] as const) {
      if (impl[hook] !== undefined && typeof impl[hook] !== 'function') fail(`${hook} must be a function.`);
    }
  }

  private async runHook(state: CogState, hook: 'setup' | 'onLoad' | 'onUnload'): Promise<void> {
    const fn = state.implementation[hook];
    if (!fn) return;
    try {
      await (fn as (cog: CogHandle<unknown>, info: { reason: 'unload' }) => unknown).call(state.implementation, state.handle, { reason: 'unload' });
    } catch (error) {
      throw new CogLoadError(state.name, `Cog "${state.name}": ${hook} failed: ${messageOf(error)}`, { cause: error });
    }
  }

  private attachListeners(state: CogState): void {
    const listeners = (state.implementation.listeners ?? {}) as Record<string, AnyFunction>;
    for (const spec of state.spec.listeners) {
      const handler = listeners[spec.handler]!;
      const where = `listener ${state.name}.${spec.handler} (${spec.event})`;
      const report = (error: unknown) => {
        const record = this.options.errorLog.record(where, error);
        state.handle.logger.error(`Error in ${where} (error id ${record.id})`, { error });
      };
      const attached: AttachedListener = { event: spec.event, fn: () => undefined };
      attached.fn = (...args: unknown[]) => {
        if (spec.once) this.removeListener(state, attached);
        try {
          const result = handler.call(listeners, state.handle, ...args);
          if (result && typeof (result as PromiseLike<unknown>).then === 'function') Promise.resolve(result).catch(report);
        } catch (error) {
          report(error);
        }
      };
      this.options.client.on(spec.event as keyof ClientEvents, attached.fn as never);
      state.listeners.push(attached);
    }
  }

  private removeListener(state: CogState, attached: AttachedListener): void {
    this.options.client.off(attached.event as keyof ClientEvents, attached.fn as never);
    state.listeners = state.listeners.filter((l) => l !== attached);
  }

  private detach(state: CogState): void {
    for (const listener of [...state.listeners]) this.removeListener(state, listener);
    this.options.index.remove(state.name);
  }
}
