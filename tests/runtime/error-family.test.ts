import { describe, expect, it } from 'vitest';
import * as runtime from '../../runtime/index.js';
import * as config from '../../runtime/config/index.js';
import * as testing from '../../runtime/testing/index.js';
import { CogsmithError, ERROR_CODES } from '../../runtime/contract/errors.js';

/** The simulator's model of a Discord error response keeps Discord's own numeric `code`. */
const NOT_IN_FAMILY = new Set(['DiscordApiError']);

type ErrorClass = (new (...args: never[]) => Error) & { prototype: Error };
const exported: Record<string, unknown> = { ...runtime, ...config, ...testing };
const errorClasses: [string, ErrorClass][] = Object.entries(exported).flatMap(([name, value]) =>
  typeof value === 'function' && value.prototype instanceof Error ? [[name, value as ErrorClass] as [string, ErrorClass]] : [],
);

describe('the error family', () => {
  it('GIVEN the public modules THEN they export the error classes this test walks', () => {
    expect(errorClasses.map(([name]) => name)).toEqual(expect.arrayContaining(['BotStartError', 'CogLoadError', 'LockTimeoutError', 'UserInputError', 'CheckFailure']));
  });

  it.each(errorClasses.filter(([name]) => !NOT_IN_FAMILY.has(name) && name !== 'CogsmithError'))('GIVEN %s THEN it is a CogsmithError with a listed code and its class name', (name, cls) => {
    expect(cls.prototype).toBeInstanceOf(CogsmithError);
    const code = (cls as unknown as { code: string }).code;
    expect(ERROR_CODES).toContain(code);
    const error = Object.create(cls.prototype) as CogsmithError;
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
  });

  it('GIVEN two classes of the family THEN each has its own code, unless it refines its parent', () => {
    const byCode = new Map<string, string[]>();
    for (const [name, cls] of errorClasses) {
      if (NOT_IN_FAMILY.has(name)) continue;
      const own = Object.hasOwn(cls, 'code');
      if (!own) continue;
      const code = (cls as unknown as { code: string }).code;
      byCode.set(code, [...(byCode.get(code) ?? []), name]);
    }
    for (const [code, names] of byCode) expect({ code, names: names.length }).toEqual({ code, names: 1 });
  });

  it('GIVEN a lock timeout THEN callers can catch it by code, and the message keeps the location', () => {
    const error = new config.LockTimeoutError('Timed out', { cogName: 'Economy', scope: 'GUILD', primaryKeys: ['1'], path: ['balance'] });
    expect(error.code).toBe('CONFIG_LOCK_TIMEOUT');
    expect(runtime.hasErrorCode(error, 'CONFIG_LOCK_TIMEOUT')).toBe(true);
    expect(error).toBeInstanceOf(config.ConfigError);
    expect(error.name).toBe('LockTimeoutError');
    expect(error.message).toBe('Timed out (cog "Economy", scope GUILD, keys [1], path balance)');
    expect(String(error)).toBe('LockTimeoutError: Timed out (cog "Economy", scope GUILD, keys [1], path balance)');
  });
});
