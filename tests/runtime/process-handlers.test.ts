import { describe, expect, it } from 'vitest';
import { createLogger, registerSecret, type LogRecord } from '../../runtime/logging.js';
import { crashReport, logProcessFailures } from '../../runtime/process-handlers.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB';
const PASSWORD = 'hunter2-swordfish-9';

/** What Node does with an exception nothing caught. */
const emitUncaught = (error: unknown) => (process.emit as (event: string, ...args: unknown[]) => boolean)('uncaughtException', error, 'uncaughtException');

/** Runs `body` with the process's uncaughtException listeners (the test runner's) set aside. */
async function withoutOtherListeners(body: () => Promise<void>): Promise<void> {
  const others = process.listeners('uncaughtException');
  const exitCode = process.exitCode;
  process.removeAllListeners('uncaughtException');
  try {
    await body();
  } finally {
    process.removeAllListeners('uncaughtException');
    for (const listener of others) process.on('uncaughtException', listener);
    process.exitCode = exitCode;
  }
}

describe('logProcessFailures', () => {
  it('GIVEN installed WHEN a promise rejects unhandled THEN it is logged redacted and the process goes on; uninstalling removes the handlers', async () => {
    registerSecret(PASSWORD);
    const records: LogRecord[] = [];
    const before = process.listenerCount('unhandledRejection');
    const exits: number[] = [];
    const uninstall = logProcessFailures(createLogger('cli', { sink: (r) => records.push(r) }), { exit: (code) => exits.push(code) });
    try {
      expect(process.listenerCount('unhandledRejection')).toBe(before + 1);
      process.emit('unhandledRejection', new Error(`lost ${PASSWORD}`), Promise.resolve());
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ level: 'error', message: 'Unhandled promise rejection' });
      expect((records[0]!.extra?.error as Error).message).toBe('lost [redacted]');
      expect(exits).toEqual([]);
    } finally {
      uninstall();
    }
    expect(process.listenerCount('unhandledRejection')).toBe(before);
  });

  it('GIVEN no other listener WHEN an exception is uncaught THEN it is logged, printed redacted as Node would, the log flushed, then exit 1', async () => {
    await withoutOtherListeners(async () => {
      const records: LogRecord[] = [];
      const printed: string[] = [];
      const order: string[] = [];
      let exited!: (code: number) => void;
      const exit = new Promise<number>((done) => (exited = done));
      logProcessFailures(createLogger('cli', { sink: (r) => records.push(r) }), {
        stderr: { write: (text: string) => printed.push(text) },
        flush: async () => void order.push('flush'),
        exit: (code) => {
          order.push('exit');
          exited(code);
        },
      });
      emitUncaught(new Error(`timer broke with ${TOKEN}`));
      expect(await exit).toBe(1);
      expect(order).toEqual(['flush', 'exit']);
      expect(process.exitCode).toBe(1);
      expect(records.map((r) => [r.level, r.message, (r.extra?.error as Error).message])).toEqual([['error', 'Uncaught exception', 'timer broke with [redacted]']]);
      expect(printed.join('')).toMatch(/^Error: timer broke with \[redacted\]\n {4}at [^]*\n\nNode\.js v\d+\.\d+\.\d+\n$/);
      expect(printed.join('')).not.toContain(TOKEN);
    });
  });

  it('GIVEN another uncaughtException listener THEN the exception is only logged and the process goes on, as Node would', async () => {
    await withoutOtherListeners(async () => {
      const records: LogRecord[] = [];
      const exits: number[] = [];
      const printed: string[] = [];
      logProcessFailures(createLogger('cli', { sink: (r) => records.push(r) }), { exit: (code) => exits.push(code), stderr: { write: (t: string) => printed.push(t) } });
      process.on('uncaughtException', () => undefined);
      emitUncaught(new Error('handled elsewhere'));
      expect(records.map((r) => r.message)).toEqual(['Uncaught exception']);
      expect(exits).toEqual([]);
      expect(printed).toEqual([]);
    });
  });

  it('GIVEN a thrown value that is not an Error THEN the report shows it as Node does, redacted', () => {
    expect(crashReport(`bad ${TOKEN}`)).toBe(`Uncaught 'bad [redacted]'\n\nNode.js ${process.version}\n`);
  });
});
