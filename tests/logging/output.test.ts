/**
 * The process's log output (runtime/logging/output.ts) through the runtime's logger: JSON lines captured
 * from pino's real destination, readable colour lines, levels per logger, and the token and database
 * password never written — in messages, fields, errors and their causes, or objects the logger cannot see into.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeLogging, configureLogging, createLogger, registerSecret, resolveLoggingSettings, type LoggingOptions, type LogRecord } from '../../runtime/logging.js';
import { Capture, DATABASE_URL, PASSWORD, secretsIn, TOKEN } from './helpers.js';

beforeAll(() => {
  registerSecret(TOKEN);
  registerSecret(DATABASE_URL);
});

afterEach(async () => {
  await closeLogging();
});

function capture(options: LoggingOptions, env: Record<string, string> = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  configureLogging(resolveLoggingSettings(options, env, { isTTY: false }), { stdout, stderr });
  return { stdout, stderr };
}

/** A class instance the logger copies by reference: only the line's own redaction can catch its field. */
class Connection {
  constructor(readonly url: string) {}
  toJSON() {
    return { url: this.url };
  }
}

describe('JSON lines', () => {
  it('GIVEN json THEN each record is one JSON line with level, time, logger, message and fields', () => {
    const { stdout } = capture({ format: 'json', instance: 'demo' });
    createLogger('cogsmith').child('bot').info('Ready', { guilds: 2, big: 12n });
    const [line] = stdout.json();
    expect(line).toMatchObject({ level: 30, logger: 'cogsmith:bot', msg: 'Ready', guilds: 2, instance: 'demo', pid: process.pid });
    expect(new Date(line!.time).toISOString()).toBe(line!.time);
    expect(line!.big).toBe(12);
  });

  it('GIVEN cog:economy at debug THEN its debug lines are written and other loggers stay at info', () => {
    const { stdout } = capture({ format: 'json' }, { COGSMITH_LOG_LEVEL: 'info,cog:economy=debug' });
    const bot = createLogger('cogsmith').child('bot');
    bot.debug('bot detail');
    bot.child('cog:economy').debug('economy detail');
    bot.child('cog:economy').child('jobs').debug('economy job detail');
    bot.child('cog:shop').debug('shop detail');
    bot.child('cog:shop').info('shop news');
    expect(stdout.json().map((l) => [l.logger, l.level, l.msg])).toEqual([
      ['cogsmith:bot:cog:economy', 20, 'economy detail'],
      ['cogsmith:bot:cog:economy:jobs', 20, 'economy job detail'],
      ['cogsmith:bot:cog:shop', 30, 'shop news'],
    ]);
  });

  it('GIVEN a token and a database password in a message, fields, an error, its cause and an object THEN no line contains them', () => {
    const { stdout } = capture({ format: 'json' });
    const log = createLogger('cogsmith').child('bot');
    const cause = new Error(`could not connect to ${DATABASE_URL}`);
    const error = Object.assign(new Error(`login failed with ${TOKEN}`, { cause }), { code: 'E_LOGIN', token: TOKEN });
    log.error(`Login with ${TOKEN} failed; password ${PASSWORD}`, { error, attempt: { token: TOKEN, url: DATABASE_URL, list: [PASSWORD] }, connection: new Connection(DATABASE_URL) });
    log.warn('Unregistered token-shaped text', { text: 'ODk5OTk5OTk5OTk5OTk5OTk5.YaBcDe.zyxwvutsrqponmlkjihgfedcba98765' });
    const text = stdout.text;
    expect(secretsIn(text)).toEqual([]);
    expect(text).not.toContain('ODk5OTk5OTk5OTk5OTk5OTk5.YaBcDe');
    const [line] = stdout.json();
    expect(line!.msg).toBe('Login with [redacted] failed; password [redacted]');
    expect(line!.error).toMatchObject({ type: 'Error', message: 'login failed with [redacted]', code: 'E_LOGIN', token: '[redacted]' });
    expect(line!.error.cause).toMatchObject({ message: 'could not connect to postgres://cogsmith:[redacted]@db.internal:5432/bot' });
    expect(line!.error.stack).toContain('login failed with [redacted]');
    expect(line!.attempt).toEqual({ token: '[redacted]', url: 'postgres://cogsmith:[redacted]@db.internal:5432/bot', list: ['[redacted]'] });
    expect(line!.connection).toEqual({ url: 'postgres://cogsmith:[redacted]@db.internal:5432/bot' });
  });

  it('GIVEN fields named as the line\'s own THEN they are kept beside them', () => {
    const { stdout } = capture({ format: 'json' });
    createLogger('x').info('m', { level: 'high', msg: 'other' });
    expect(stdout.json()[0]).toMatchObject({ level: 30, msg: 'm', _level: 'high', _msg: 'other' });
  });
});

describe('a logger with its own sink', () => {
  it('GIVEN secrets in the message and fields THEN the record the sink gets is redacted, errors kept as their class', () => {
    const records: LogRecord[] = [];
    class LoginError extends Error {
      override name = 'LoginError';
    }
    const error = new LoginError(`bad token ${TOKEN}`);
    createLogger('sandbox', { sink: (r) => records.push(r) }).warn(`token ${TOKEN}`, { error, nested: { url: DATABASE_URL } });
    const [record] = records;
    expect(record!.message).toBe('token [redacted]');
    expect(record!.extra!.error).toBeInstanceOf(LoginError);
    expect((record!.extra!.error as Error).message).toBe('bad token [redacted]');
    expect(record!.extra!.nested).toEqual({ url: 'postgres://cogsmith:[redacted]@db.internal:5432/bot' });
    expect(error.message).toBe(`bad token ${TOKEN}`); // the caller's error is not changed
  });
});

/** Runs `body` with FORCE_COLOR and NO_COLOR as given (undefined: unset), then puts them back. */
function withColorEnv(values: { FORCE_COLOR?: string; NO_COLOR?: string }, body: () => void): void {
  const saved = { FORCE_COLOR: process.env.FORCE_COLOR, NO_COLOR: process.env.NO_COLOR };
  const put = (v: typeof values) => {
    for (const name of ['FORCE_COLOR', 'NO_COLOR'] as const) {
      if (v[name] === undefined) delete process.env[name];
      else process.env[name] = v[name];
    }
  };
  put(values);
  try {
    body();
  } finally {
    put(saved);
  }
}

describe('readable lines', () => {
  it('GIVEN pretty THEN time, level, logger and message on a line, the stack indented, warnings and errors on stderr, redacted', () => withColorEnv({}, () => {
    const { stdout, stderr } = capture({ format: 'pretty' });
    const log = createLogger('cogsmith');
    log.info(`hello ${TOKEN}`, { guilds: 2 });
    log.error('broke', { error: new Error(`with ${PASSWORD}`) });
    expect(stdout.lines()).toEqual([expect.stringMatching(/^\d\d:\d\d:\d\d\.\d{3} INFO  \[cogsmith\] hello \[redacted\]$/), '    {"guilds":2}']);
    const err = stderr.lines();
    expect(err[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ERROR \[cogsmith\] broke$/);
    expect(err[1]).toBe('    Error: with [redacted]');
    expect(err[2]).toMatch(/^ {4}at /);
    expect(secretsIn(stdout.text + stderr.text)).toEqual([]);
    expect(stdout.text + stderr.text).not.toContain('\u001b[');
  }));

  it('GIVEN FORCE_COLOR THEN the level and logger are coloured; NO_COLOR wins', () => {
    withColorEnv({ FORCE_COLOR: '1' }, () => {
      const { stdout } = capture({ format: 'pretty' });
      createLogger('cogsmith').info('coloured');
      expect(stdout.text).toContain('\u001b[32mINFO \u001b[39m');
      expect(stdout.text).toContain('\u001b[36m[cogsmith]\u001b[39m');
    });
    withColorEnv({ FORCE_COLOR: '1', NO_COLOR: '1' }, () => {
      const { stdout } = capture({ format: 'pretty' });
      createLogger('cogsmith').info('plain');
      expect(stdout.text).not.toContain('\u001b[');
    });
  });
});
