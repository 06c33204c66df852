/**
 * A cog version's listeners: attached to the discord.js client for client events, or to the runtime's own
 * event bus for runtime events (RUNTIME_EVENTS, e.g. `messageWithoutCommand`). A listener's error — thrown
 * or rejected — is logged with an error id and kept for `traceback`; it never reaches the client's loop.
 */
import type { EventEmitter } from 'node:events';
import type { Client } from 'discord.js';
import { RUNTIME_EVENTS } from '../contract/enums.js';
import type { ListenerSpec } from '../contract/spec.js';
import { sourceOfEvent, type ErrorLog } from '../commands/error-log.js';
import type { CogHandle } from './module.js';

type AnyFunction = (...args: unknown[]) => unknown;

/** Where listeners go: the client, and the runtime's bus for its own events. */
export interface ListenerTargets {
  client: Client;
  runtimeEvents: EventEmitter;
  errorLog: ErrorLog;
  /**
   * Whether a runtime event reaches this cog's listener (e.g. a message from someone the cog's commands
   * would ignore: allow/block lists, ignored channels, the cog disabled there). Absent: every event does.
   */
  admit?(cog: string, event: string, args: readonly unknown[]): Promise<boolean>;
}

interface Attached {
  target: EventEmitter;
  event: string;
  fn: AnyFunction;
}

const isRuntimeEvent = (event: string) => (RUNTIME_EVENTS as readonly string[]).includes(event);

/** The listeners of one cog version; `attach` and `detach` are synchronous so a reload swaps them in one go. */
export class CogListeners {
  private attached: Attached[] = [];

  constructor(
    private readonly cog: string,
    private readonly specs: readonly ListenerSpec[],
    private readonly handlers: Record<string, AnyFunction>,
    private readonly handle: CogHandle<unknown>,
    private readonly targets: ListenerTargets,
  ) {}

  /** How many are attached now. */
  get count(): number {
    return this.attached.length;
  }

  attach(): void {
    for (const spec of this.specs) {
      const handler = this.handlers[spec.handler]!;
      const where = `listener ${this.cog}.${spec.handler} (${spec.event})`;
      const report = (error: unknown, args: unknown[]) => {
        const record = this.targets.errorLog.record(where, error, sourceOfEvent(args));
        this.handle.logger.error(`Error in ${where} (error id ${record.id})`, { error });
      };
      const runtime = isRuntimeEvent(spec.event);
      const target = (runtime ? this.targets.runtimeEvents : this.targets.client) as EventEmitter;
      const attached: Attached = { target, event: spec.event, fn: () => undefined };
      const call = (args: unknown[]) => {
        try {
          const result = handler.call(this.handlers, this.handle, ...args);
          if (result && typeof (result as PromiseLike<unknown>).then === 'function') Promise.resolve(result).catch((error: unknown) => report(error, args));
        } catch (error) {
          report(error, args);
        }
      };
      const admit = runtime ? this.targets.admit : undefined;
      let fired = false;
      const fire = (args: unknown[]) => {
        if (spec.once) {
          if (fired) return;
          fired = true;
          this.remove(attached);
        }
        call(args);
      };
      attached.fn = (...args: unknown[]) => {
        if (!admit) return fire(args);
        admit(this.cog, spec.event, args).then((admitted) => admitted && fire(args), (error: unknown) => report(error, args));
      };
      target.on(spec.event, attached.fn);
      this.attached.push(attached);
    }
  }

  detach(): void {
    for (const attached of [...this.attached]) this.remove(attached);
  }

  private remove(attached: Attached): void {
    attached.target.off(attached.event, attached.fn);
    this.attached = this.attached.filter((a) => a !== attached);
  }
}
