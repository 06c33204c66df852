import { describe, expect, it } from 'vitest';
import { Dispatcher } from '../../runtime/commands/dispatcher.js';
import { ErrorLog } from '../../runtime/commands/error-log.js';
import { CommandIndex } from '../../runtime/commands/index-of-commands.js';
import { createLogger, type LogRecord } from '../../runtime/logging.js';

function dispatcher(records: LogRecord[]) {
  return new Dispatcher({
    index: new CommandIndex(),
    cogs: { get: () => undefined },
    errorLog: new ErrorLog(),
    logger: createLogger('test', { sink: (r) => records.push(r) }),
    prefixes: ['!'],
    mentionPrefix: true,
  });
}

describe('Dispatcher on malformed events', () => {
  it('GIVEN events with missing parts WHEN handled THEN nothing throws and nothing is logged as an error', async () => {
    const records: LogRecord[] = [];
    const d = dispatcher(records);
    for (const event of [null, undefined, {}, { author: null, content: '!ping' }, { author: { bot: false }, content: 42 }, { author: { bot: true }, content: '!ping' }]) {
      await expect(d.handleMessage(event as never)).resolves.toBeUndefined();
    }
    for (const event of [null, undefined, {}, { isChatInputCommand: () => false }]) {
      await expect(d.handleInteraction(event as never)).resolves.toBeUndefined();
    }
    expect(records.filter((r) => r.level === 'error')).toEqual([]);
  });

  it('GIVEN an event that breaks deeper WHEN handled THEN it is logged, not thrown', async () => {
    const records: LogRecord[] = [];
    const d = dispatcher(records);
    const broken = { author: { bot: false }, content: '!ping', get client(): never { throw new Error('no client'); } };
    await expect(d.handleMessage(broken as never)).resolves.toBeUndefined();
    expect(records.map((r) => r.message)).toEqual(['Dropped a message the runtime could not handle']);
  });
});
