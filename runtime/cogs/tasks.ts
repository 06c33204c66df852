/**
 * Background tasks of one cog version (the manifest's `tasks:`). They start after onLoad: a start-up task
 * (`atStart`) runs at once, a periodic one every `everyMs` on the bot's clock (the first periodic run one
 * period after start). Runs never overlap: the next is scheduled when one ends, at its due time or at once
 * if that has passed (missed periods are not caught up). A run that throws is logged with an error id
 * (kept for `traceback`) and the next run still happens. Stopping signals the running run's AbortSignal,
 * waits up to the task's `stopTimeoutMs`, then abandons it with a warning.
 */
import type { TaskSpec } from '../contract/spec.js';
import type { ErrorLog } from '../commands/error-log.js';
import type { Logger } from '../logging.js';
import type { TimerClock, TimerHandle } from '../support/clock.js';
import type { CogHandle, TaskHandler } from './module.js';

/** What `debuginfo` and tests see of a task. */
export interface TaskStatus {
  name: string;
  everyMs: number | null;
  /** Runs started so far (by this version). */
  runs: number;
  running: boolean;
  /** When the next run is due (ms since 1970), or null when none is scheduled. */
  nextAt: number | null;
  /** The last failed run: its error id and message. */
  lastError: { id: string; message: string } | null;
}

interface TaskState {
  spec: TaskSpec;
  runs: number;
  timer?: TimerHandle;
  nextAt: number | null;
  running?: Promise<void>;
  controller?: AbortController;
  lastError: TaskStatus['lastError'];
}

export interface CogTasksOptions {
  cog: string;
  specs: readonly TaskSpec[];
  handlers: Record<string, TaskHandler<CogHandle<unknown>>>;
  handle: CogHandle<unknown>;
  clock: TimerClock;
  errorLog: ErrorLog;
  logger: Logger;
}

export class CogTasks {
  private readonly states: TaskState[];
  private stopped = false;
  private started = false;

  constructor(private readonly options: CogTasksOptions) {
    this.states = options.specs.map((spec) => ({ spec, runs: 0, nextAt: null, lastError: null }));
  }

  /** Starts every task (after onLoad). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    const now = this.options.clock.now();
    for (const state of this.states) {
      if (state.spec.atStart) void this.run(state, now);
      else if (state.spec.everyMs !== undefined) this.schedule(state, now + state.spec.everyMs);
    }
  }

  /** Pending wake-ups (one per periodic task between runs). */
  get timers(): number {
    return this.states.filter((s) => s.timer !== undefined).length;
  }

  /** Runs going on now. */
  get running(): number {
    return this.states.filter((s) => s.running !== undefined).length;
  }

  status(): TaskStatus[] {
    return this.states.map((s) => ({
      name: s.spec.name,
      everyMs: s.spec.everyMs ?? null,
      runs: s.runs,
      running: s.running !== undefined,
      nextAt: s.nextAt,
      lastError: s.lastError,
    }));
  }

  /** Stops every task: no new runs; running ones are signalled and awaited up to their stop timeout. Returns the abandoned ones. */
  async stop(): Promise<string[]> {
    this.stopped = true;
    const abandoned: string[] = [];
    await Promise.all(
      this.states.map(async (state) => {
        state.timer?.cancel();
        state.timer = undefined;
        state.nextAt = null;
        const running = state.running;
        if (!running) return;
        state.controller?.abort(new Error(`Cog ${this.options.cog} is stopping its task ${state.spec.name}.`));
        let timeout: NodeJS.Timeout | undefined;
        const gaveUp = await Promise.race([
          running.then(() => false),
          new Promise<boolean>((resolve) => (timeout = setTimeout(() => resolve(true), state.spec.stopTimeoutMs))),
        ]);
        clearTimeout(timeout);
        if (gaveUp) {
          abandoned.push(state.spec.name);
          this.options.logger.warn(`Task ${this.options.cog}.${state.spec.name} did not stop within ${state.spec.stopTimeoutMs} ms of being signalled: abandoned (it may still be running).`);
        }
      }),
    );
    return abandoned;
  }

  private schedule(state: TaskState, at: number): void {
    state.nextAt = at;
    state.timer = this.options.clock.setTimer(at - this.options.clock.now(), () => {
      state.timer = undefined;
      void this.run(state, at);
    });
  }

  private async run(state: TaskState, dueAt: number): Promise<void> {
    if (this.stopped) return;
    const { cog, handlers, handle, errorLog, logger, clock } = this.options;
    const controller = new AbortController();
    state.controller = controller;
    state.nextAt = null;
    const count = state.runs++;
    const handler = handlers[state.spec.name]!;
    state.running = (async () => {
      try {
        await handler.call(handlers, handle, { signal: controller.signal, dueAt, count });
      } catch (error) {
        const record = errorLog.record(`task ${cog}.${state.spec.name}`, error);
        state.lastError = { id: record.id, message: error instanceof Error ? error.message : String(error) };
        logger.error(`Task ${cog}.${state.spec.name} failed (error id ${record.id}); it runs again at its next time`, { error });
      }
    })();
    await state.running;
    state.running = undefined;
    state.controller = undefined;
    if (this.stopped || state.spec.everyMs === undefined) return;
    this.schedule(state, Math.max(dueAt + state.spec.everyMs, clock.now()));
  }
}
