/**
 * The logging settings: the options object (an instance's `logging:` block), the environment on top, the
 * defaults, and a clear error naming the option or variable for each bad value; levels by logger name.
 */
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { levelFor } from '../../runtime/logging/levels.js';
import { LoggingSettingsError, parseLevelSpec, resolveLoggingSettings } from '../../runtime/logging/settings.js';

const tty = { isTTY: true, baseDir: '/srv/bot' };
const piped = { isTTY: false, baseDir: '/srv/bot' };

describe('resolveLoggingSettings', () => {
  it('GIVEN nothing THEN info everywhere, pretty on a terminal and JSON lines when piped, no file', () => {
    expect(resolveLoggingSettings({}, {}, tty)).toEqual({ levels: { default: 'info', loggers: {} }, format: 'pretty', file: null });
    expect(resolveLoggingSettings({}, {}, piped).format).toBe('json');
    expect(resolveLoggingSettings({ format: 'json' }, {}, tty).format).toBe('json');
    expect(resolveLoggingSettings({ format: 'pretty' }, {}, piped).format).toBe('pretty');
  });

  it('GIVEN options and the environment THEN the environment wins: its bare level replaces, its named levels add', () => {
    const settings = resolveLoggingSettings(
      { level: 'warn', loggers: { config: 'debug', 'cog:shop': 'error' }, format: 'pretty', instance: 'demo' },
      { COGSMITH_LOG_LEVEL: 'info, cog:economy=debug ,cog:shop=warn', COGSMITH_LOG_FORMAT: 'json' },
      tty,
    );
    expect(settings).toEqual({ levels: { default: 'info', loggers: { config: 'debug', 'cog:shop': 'warn', 'cog:economy': 'debug' } }, format: 'json', file: null, instance: 'demo' });
    expect(resolveLoggingSettings({ level: 'warn' }, { COGSMITH_LOG_LEVEL: 'cog:economy=debug' }, tty).levels.default).toBe('warn');
  });

  it('GIVEN a log file THEN a relative path is taken from the instance folder (the working directory for the variable), with size and count', () => {
    expect(resolveLoggingSettings({ file: { path: 'logs/bot.log' } }, {}, piped).file).toEqual({ path: join('/srv/bot', 'logs/bot.log'), maxSize: '10M', keep: 5 });
    expect(resolveLoggingSettings({ file: { path: '/var/log/bot.log', maxSize: '500k', keep: 2 } }, {}, piped).file).toEqual({ path: '/var/log/bot.log', maxSize: '500K', keep: 2 });
    const env = { COGSMITH_LOG_FILE: 'here.log', COGSMITH_LOG_FILE_SIZE: '1G', COGSMITH_LOG_FILE_KEEP: '9' };
    expect(resolveLoggingSettings({ file: { path: 'logs/bot.log', keep: 2 } }, env, piped).file).toEqual({ path: resolve('here.log'), maxSize: '1G', keep: 9 });
    expect(resolveLoggingSettings({ file: { path: 'logs/bot.log' } }, { COGSMITH_LOG_FILE: 'off' }, piped).file).toBeNull();
    expect(resolveLoggingSettings({ file: { path: 'logs/bot.log' } }, { COGSMITH_LOG_FILE: '' }, piped).file).toBeNull();
  });

  it.each([
    [{}, { COGSMITH_LOG_LEVEL: 'verbose' }, 'COGSMITH_LOG_LEVEL: `verbose` is not a level (debug, info, warn, error).'],
    [{}, { COGSMITH_LOG_LEVEL: 'info,warn' }, 'COGSMITH_LOG_LEVEL: two default levels (`info` and `warn`); name the logger of one as `name=level`.'],
    [{}, { COGSMITH_LOG_LEVEL: 'cog economy=debug' }, 'COGSMITH_LOG_LEVEL: `cog economy` is not a logger name (words joined by `:`, such as `cog:economy`).'],
    [{}, { COGSMITH_LOG_LEVEL: 'cog:economy=loud' }, 'COGSMITH_LOG_LEVEL (cog:economy): `loud` is not a level (debug, info, warn, error).'],
    [{}, { COGSMITH_LOG_FORMAT: 'xml' }, 'COGSMITH_LOG_FORMAT: `xml` is not a format (json, pretty, auto).'],
    [{ format: 'yaml' }, {}, 'logging.format: `yaml` is not a format (json, pretty, auto).'],
    [{ level: 'loud' }, {}, 'logging.level: `loud` is not a level (debug, info, warn, error).'],
    [{ loggers: { 'cog:shop': 'chatty' } }, {}, 'logging.loggers.cog:shop: `chatty` is not a level (debug, info, warn, error).'],
    [{ file: { path: 'a.log', maxSize: '10 MB' } }, {}, 'logging.file.maxSize: `10 MB` is not a size (a whole number then B, K, M or G, such as 10M).'],
    [{ file: { path: 'a.log', keep: 0 } }, {}, 'logging.file.keep: `0` is not a whole number of files of at least 1.'],
    [{}, { COGSMITH_LOG_FILE: 'a.log', COGSMITH_LOG_FILE_KEEP: 'many' }, 'COGSMITH_LOG_FILE_KEEP: `many` is not a whole number of files of at least 1.'],
    [{}, { COGSMITH_LOG_FILE: 'a.log', COGSMITH_LOG_FILE_SIZE: '0M' }, 'COGSMITH_LOG_FILE_SIZE: `0M` is not a size (a whole number then B, K, M or G, such as 10M).'],
  ])('GIVEN %j and %j THEN a LoggingSettingsError says what and where', (options, env, message) => {
    let thrown: unknown;
    try {
      resolveLoggingSettings(options as never, env, piped);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LoggingSettingsError);
    expect(thrown).toMatchObject({ code: 'LOGGING_SETTINGS', message });
  });
});

describe('levels by logger name', () => {
  const rules = { default: 'info' as const, ...parseLevelSpec('cog:economy=debug,bot=warn,cog=error,discord=debug') };

  it('GIVEN cog:economy at debug THEN the economy cog and its children log debug while the rest stays at the default', () => {
    expect(levelFor(rules, 'cogsmith:bot:cog:economy')).toBe('debug');
    expect(levelFor(rules, 'cogsmith:bot:cog:economy:jobs')).toBe('debug');
    expect(levelFor(rules, 'cogsmith')).toBe('info');
    expect(levelFor(rules, 'config:json')).toBe('info');
  });

  it('GIVEN several rules naming a logger THEN the longest wins, then the deepest', () => {
    expect(levelFor(rules, 'cogsmith:bot:commands')).toBe('warn');
    expect(levelFor(rules, 'cogsmith:bot:cog:shop')).toBe('error'); // `cog` is deeper than `bot`
    expect(levelFor(rules, 'cogsmith:bot:discord')).toBe('debug');
    expect(levelFor(rules, 'cogsmith:bot:cog:economyplus')).toBe('error'); // whole segments only
  });
});
