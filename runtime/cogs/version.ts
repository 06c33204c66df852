/**
 * One loaded version of a cog: its code, its handle, and what it has attached to the bot (listeners,
 * run-time commands, background tasks). A cog has one version at a time, except during a reload, when the
 * new one is built beside the old one and swapped in. Building a version attaches nothing; `attach` and
 * `detach` are synchronous so a swap is atomic with respect to incoming events.
 */
import type { CogSpec } from '../contract/spec.js';
import type { CommandIndex } from '../commands/index-of-commands.js';
import type { ErrorLog } from '../commands/error-log.js';
import type { Logger } from '../logging.js';
import type { TimerClock } from '../support/clock.js';
import type { AnyImplementation } from './check-implementation.js';
import { DynamicCommands } from './dynamic-commands.js';
import type { JobScheduler } from './jobs.js';
import { CogListeners, type ListenerTargets } from './listeners.js';
import type { CogHandle, CogJobs, LoadedCog, UserDataModule } from './module.js';
import { CogTasks } from './tasks.js';

export interface CogVersionParts {
  spec: CogSpec;
  implementation: AnyImplementation;
  userData?: UserDataModule;
  version: number;
  config: unknown;
  logger: Logger;
  clock: TimerClock;
  index: CommandIndex;
  errorLog: ErrorLog;
  targets: ListenerTargets;
  jobs: JobScheduler | undefined;
  /** What the previous version handed over (a reload), else undefined. */
  handedOver?: unknown;
  /** Run-time commands of the previous version that stay live until this version's onLoad has run. */
  inheritedCommands?: Iterable<string>;
  onCommandsChanged?(change: { added?: string; removed?: string }): void;
}

const noJobs = (cog: string): CogJobs => {
  const refuse = () => Promise.reject(new Error(`Cog ${cog}: scheduled jobs need the bot's storage (this cog manager has none).`));
  return { schedule: refuse, list: refuse, cancel: refuse };
};

export class CogVersion implements LoadedCog {
  readonly name: string;
  readonly spec: CogSpec;
  readonly implementation: AnyImplementation;
  readonly userData?: UserDataModule;
  readonly version: number;
  readonly handle: CogHandle<unknown>;
  readonly listeners: CogListeners;
  readonly commands: DynamicCommands;
  readonly tasks: CogTasks;
  private readonly abort = new AbortController();

  constructor(parts: CogVersionParts) {
    const { spec, implementation } = parts;
    this.name = spec.name;
    this.spec = spec;
    this.implementation = implementation;
    if (parts.userData) this.userData = parts.userData;
    this.version = parts.version;
    this.commands = new DynamicCommands(spec.name, parts.index, new Set(parts.inheritedCommands ?? []), parts.onCommandsChanged);
    const specs = () => this.spec.jobs ?? [];
    this.handle = Object.freeze({
      name: spec.name,
      config: parts.config,
      client: parts.targets.client,
      logger: parts.logger,
      handedOver: parts.handedOver,
      signal: this.abort.signal,
      clock: parts.clock,
      commands: this.commands,
      jobs: parts.jobs ? parts.jobs.jobsOf(spec.name, specs) : noJobs(spec.name),
    });
    this.listeners = new CogListeners(spec.name, spec.listeners, (implementation.listeners ?? {}) as never, this.handle, parts.targets);
    this.tasks = new CogTasks({
      cog: spec.name,
      specs: spec.tasks ?? [],
      handlers: (implementation.tasks ?? {}) as never,
      handle: this.handle,
      clock: parts.clock,
      errorLog: parts.errorLog,
      logger: parts.logger,
    });
  }

  /** Ends this version's signal (it is being torn down). */
  retire(reason: string): void {
    this.abort.abort(new Error(reason));
  }
}
