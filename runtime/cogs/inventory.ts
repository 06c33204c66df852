/**
 * What is live, so a leak is visible: the loaded cogs with their version, Config namespace, listeners,
 * run-time commands, tasks and timers; the Config instances of the process; the listeners on the client
 * and on the runtime's event bus. The core cog's `debuginfo` shows it to owners; tests count it.
 */
import type { EventEmitter } from 'node:events';
import type { Client } from 'discord.js';
import { Config } from '../config/base.js';
import type { JobScheduler } from './jobs.js';
import type { CogModuleHost } from './module-host.js';
import type { TaskStatus } from './tasks.js';
import type { CogVersion } from './version.js';

export interface LiveCog {
  name: string;
  version: number;
  /** `<cogName>:<identifier>` of its Config. */
  namespace: string;
  listeners: number;
  commands: number;
  dynamicCommands: string[];
  tasks: TaskStatus[];
  /** Timers its tasks have armed. */
  timers: number;
}

export interface LiveInventory {
  /** Where code comes from (`vite`, `native`, `fixed`). */
  modules: string;
  cogs: LiveCog[];
  /** Every live Config namespace in this process. */
  configNamespaces: string[];
  /** Listeners on the discord.js client by event (the runtime's own included). */
  clientListeners: Record<string, number>;
  /** Listeners on the runtime's event bus by event. */
  runtimeListeners: Record<string, number>;
  /** Scheduled jobs known here, and the scheduler's timers. */
  jobs: { jobs: number; timers: number; running: number };
}

function listenerCounts(emitter: EventEmitter): Record<string, number> {
  const out: Record<string, number> = {};
  for (const event of emitter.eventNames()) if (typeof event === 'string') out[event] = emitter.listenerCount(event);
  return out;
}

/** Builds the inventory from the manager's parts. */
export function describeLive(parts: { versions: CogVersion[]; client: Client; runtimeEvents: EventEmitter; jobs: JobScheduler | undefined; modules: CogModuleHost }): LiveInventory {
  return {
    modules: parts.modules.kind,
    cogs: parts.versions.map((v) => {
      const config = v.handle.config as { namespace?: { cogName: string; identifier: string } } | null;
      return {
        name: v.name,
        version: v.version,
        namespace: config?.namespace ? `${config.namespace.cogName}:${config.namespace.identifier}` : `${v.spec.name}:${v.spec.identifier}`,
        listeners: v.listeners.count,
        commands: v.spec.commands.length,
        dynamicCommands: v.commands.names(),
        tasks: v.tasks.status(),
        timers: v.tasks.timers,
      };
    }),
    configNamespaces: Config.instances().map((c) => `${c.cogName}:${c.identifier}`).sort(),
    clientListeners: listenerCounts(parts.client as unknown as EventEmitter),
    runtimeListeners: listenerCounts(parts.runtimeEvents),
    jobs: parts.jobs?.stats() ?? { jobs: 0, timers: 0, running: 0 },
  };
}
