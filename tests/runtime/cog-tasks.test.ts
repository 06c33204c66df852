/**
 * Background tasks (the manifest's `tasks:`): started after onLoad, timed by the injected clock (the tests
 * move a ManualClock, they never sleep for the schedule), never overlapping, a failing run logged with an
 * error id while the next still happens, and stopped — signalled, awaited, or abandoned with a warning —
 * when the cog unloads.
 */
import { Client } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createCogConfig, releaseCogConfig } from '../../runtime/cogs/cog-config.js';
import { CogManager } from '../../runtime/cogs/cog-manager.js';
import type { CogImplementation, TaskRun } from '../../runtime/cogs/module.js';
import type { CogSpec, TaskSpec } from '../../runtime/contract/spec.js';
import { ErrorLog } from '../../runtime/commands/error-log.js';
import { CommandIndex } from '../../runtime/commands/index-of-commands.js';
import { Config, MemoryDriver } from '../../runtime/config/index.js';
import { createLogger, type LogRecord } from '../../runtime/logging.js';
import { ManualClock } from '../../runtime/testing/clock.js';

const MIN = 60_000;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.destroy();
  for (const config of Config.instances()) Config.release(config);
});

function task(name: string, extra: Partial<TaskSpec> = {}): TaskSpec {
  return { name, description: name, atStart: false, stopTimeoutMs: 1000, ...extra };
}

function setup(tasks: TaskSpec[], handlers: Record<string, (cog: unknown, run: TaskRun) => unknown>, extra: Partial<CogImplementation> = {}) {
  const client = new Client({ intents: [] });
  clients.push(client);
  const clock = new ManualClock();
  const errorLog = new ErrorLog(20);
  const logs: LogRecord[] = [];
  const spec: CogSpec = { name: 'ticker', identifier: 88, description: '', dataStatement: '', source: 'x', commands: [], listeners: [], config: { custom: {} }, slashCommands: [], tasks };
  const implementation = { commands: {}, tasks: handlers, ...extra } as CogImplementation;
  const driver = new MemoryDriver();
  const manager = new CogManager({
    registry: { ticker: { spec, load: async () => ({ default: implementation }) } },
    client,
    index: new CommandIndex(),
    errorLog,
    logger: createLogger('test', { sink: (r) => logs.push(r), level: 'debug' }),
    configFor: (s) => createCogConfig(s, driver),
    releaseConfig: releaseCogConfig,
    clock,
  });
  return { manager, clock, errorLog, logs };
}

describe('background tasks', () => {
  it('GIVEN a task every 10 minutes WHEN 35 minutes pass THEN it ran 3 times, each at its due time', async () => {
    const runs: { at: number; count: number; dueAt: number }[] = [];
    const { manager, clock } = setup([task('prune', { everyMs: 10 * MIN })], { prune: (_cog, run) => void runs.push({ at: clock.now(), count: run.count, dueAt: run.dueAt }) });
    await manager.load('ticker');
    const start = clock.now();
    expect(runs).toEqual([]);
    await clock.advance(35 * MIN);
    expect(runs.map((r) => r.count)).toEqual([0, 1, 2]);
    expect(runs.map((r) => r.at - start)).toEqual([10 * MIN, 20 * MIN, 30 * MIN]);
    expect(runs.map((r) => r.dueAt)).toEqual(runs.map((r) => r.at));
  });

  it('GIVEN a start-up task and a periodic one with atStart THEN both run right after onLoad, only the periodic one again', async () => {
    const order: string[] = [];
    const { manager, clock } = setup(
      [task('warm', { atStart: true }), task('poll', { everyMs: MIN, atStart: true })],
      { warm: () => void order.push('warm'), poll: () => void order.push('poll') },
      { onLoad: () => void order.push('onLoad') },
    );
    await manager.load('ticker');
    await clock.advance(0);
    expect(order).toEqual(['onLoad', 'warm', 'poll']);
    await clock.advance(3 * MIN);
    expect(order).toEqual(['onLoad', 'warm', 'poll', 'poll', 'poll', 'poll']);
  });

  it('GIVEN a run that throws THEN it is logged with an error id kept for traceback, and the next run still happens', async () => {
    let n = 0;
    const { manager, clock, errorLog, logs } = setup([task('flaky', { everyMs: MIN })], {
      flaky: () => {
        n++;
        if (n === 1) throw new Error('first run broke');
      },
    });
    await manager.load('ticker');
    await clock.advance(2 * MIN);
    expect(n).toBe(2);
    const record = errorLog.recent()[0]!;
    expect(record.where).toBe('task ticker.flaky');
    expect(logs.some((l) => l.level === 'error' && l.message.includes(record.id) && l.message.includes('Task ticker.flaky failed'))).toBe(true);
    expect(manager.inventory().cogs[0]!.tasks[0]!.lastError).toEqual({ id: record.id, message: 'first run broke' });
  });

  it('GIVEN a run slower than its period THEN runs never overlap: the next one starts after it ends', async () => {
    let running = 0;
    let most = 0;
    let finish!: () => void;
    let runs = 0;
    const { manager, clock } = setup([task('slow', { everyMs: MIN })], {
      slow: async () => {
        runs++;
        running++;
        most = Math.max(most, running);
        if (runs === 1) await new Promise<void>((resolve) => (finish = resolve));
        running--;
      },
    });
    await manager.load('ticker');
    await clock.advance(5 * MIN); // the first run starts at 1 min and is still going
    expect(runs).toBe(1);
    finish();
    await clock.advance(0);
    await clock.advance(2 * MIN);
    expect(most).toBe(1);
    expect(runs).toBeGreaterThanOrEqual(3);
  });

  it('GIVEN a running task WHEN the cog unloads THEN its signal is aborted, the run is awaited, and nothing runs or waits afterwards', async () => {
    let aborted = false;
    let runs = 0;
    const { manager, clock } = setup([task('watch', { everyMs: MIN })], {
      watch: (_cog, run) => {
        runs++;
        return new Promise<void>((resolve) => run.signal.addEventListener('abort', () => ((aborted = true), resolve()), { once: true }));
      },
    });
    await manager.load('ticker');
    await clock.advance(MIN);
    expect(manager.inventory().cogs[0]!.tasks[0]!.running).toBe(true);
    await manager.unload('ticker');
    expect(aborted).toBe(true);
    expect(clock.timers).toBe(0);
    await clock.advance(10 * MIN);
    expect(runs).toBe(1);
  });

  it('GIVEN a run that ignores its signal WHEN the cog unloads THEN it is abandoned after the stop timeout with a warning', async () => {
    const { manager, clock, logs } = setup([task('stubborn', { everyMs: MIN, stopTimeoutMs: 30 })], { stubborn: () => new Promise(() => undefined) });
    await manager.load('ticker');
    await clock.advance(MIN);
    await manager.unload('ticker');
    expect(logs.some((l) => l.level === 'warn' && l.message === 'Task ticker.stubborn did not stop within 30 ms of being signalled: abandoned (it may still be running).')).toBe(true);
    expect(manager.has('ticker')).toBe(false);
  });

  it('GIVEN a task declared in the manifest but missing from the handlers THEN the cog does not load (check phase)', async () => {
    const { manager } = setup([task('ghost', { everyMs: MIN })], {});
    await expect(manager.load('ticker')).rejects.toMatchObject({ phase: 'check', message: expect.stringContaining('the task "ghost" its manifest declares is missing from its handlers (tasks.ghost).') });
  });
});
