import { describe, expect, it } from 'vitest';
import { createLogger, type LogRecord } from '../../runtime/logging.js';
import { logProcessFailures } from '../../runtime/process-handlers.js';

describe('logProcessFailures', () => {
  it('GIVEN installed WHEN a promise rejects unhandled THEN it is logged, and uninstalling removes the handler', async () => {
    const records: LogRecord[] = [];
    const before = process.listenerCount('unhandledRejection');
    const uninstall = logProcessFailures(createLogger('cli', { sink: (r) => records.push(r) }));
    try {
      expect(process.listenerCount('unhandledRejection')).toBe(before + 1);
      process.emit('unhandledRejection', new Error('lost'), Promise.resolve());
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ level: 'error', message: 'Unhandled promise rejection' });
      expect((records[0]!.extra?.error as Error).message).toBe('lost');
    } finally {
      uninstall();
    }
    expect(process.listenerCount('unhandledRejection')).toBe(before);
  });
});
