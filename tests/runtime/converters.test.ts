import { Client } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { parseBoolean } from '../../runtime/commands/converters/boolean.js';
import { checkValue } from '../../runtime/commands/converters/check-value.js';
import { convertMember, convertRole } from '../../runtime/commands/converters/mentionables.js';
import { parseInteger, parseNumber } from '../../runtime/commands/converters/numbers.js';
import { UserInputError } from '../../runtime/commands/errors.js';
import { option } from './fixtures/specs.js';

/** Runs `fn` and returns the UserInputError it throws. */
function failure(fn: () => unknown): UserInputError {
  try {
    fn();
  } catch (error) {
    if (error instanceof UserInputError) return error;
    throw error;
  }
  throw new Error('expected a UserInputError');
}

describe('integer converter', () => {
  const amount = option('amount', 'integer');

  it('accepts whole numbers with a sign', () => {
    expect(parseInteger(amount, '42')).toBe(42);
    expect(parseInteger(amount, '-7')).toBe(-7);
    expect(parseInteger(amount, '+3')).toBe(3);
    expect(Object.is(parseInteger(amount, '-0'), 0)).toBe(true);
  });

  it.each(['abc', '1.5', '1e3', '', '0x10', '١٢'])('rejects %j with the exact message', (raw) => {
    const error = failure(() => parseInteger(amount, raw));
    expect(error.identifier).toBe('integerInvalid');
    expect(error.message).toBe(`\`amount\` must be a whole number, got \`${raw === '' ? ' ' : raw}\`.`);
    expect(error.context).toMatchObject({ option: 'amount', raw });
  });

  it('rejects integers beyond the safe range', () => {
    const error = failure(() => parseInteger(amount, '9007199254740993'));
    expect(error.identifier).toBe('integerUnsafe');
    expect(error.message).toBe('`amount` must be a whole number between -9007199254740991 and 9007199254740991, got `9007199254740993`.');
  });

  it('applies min and max', () => {
    const bounded = option('amount', 'integer', { min: 1, max: 10 });
    expect(parseInteger(bounded, '10')).toBe(10);
    expect(failure(() => parseInteger(bounded, '0')).message).toBe('`amount` must be at least 1, got `0`.');
    expect(failure(() => parseInteger(bounded, '11')).message).toBe('`amount` must be at most 10, got `11`.');
  });

  it('shows hostile input harmlessly: no backticks, shortened', () => {
    const error = failure(() => parseInteger(amount, '`@everyone`' + 'x'.repeat(200)));
    expect(error.message).not.toContain('``');
    expect(error.message.length).toBeLessThan(150);
  });
});

describe('number converter', () => {
  const ratio = option('ratio', 'number', { min: 0, max: 1 });

  it('accepts decimals and exponents', () => {
    expect(parseNumber(ratio, '0.5')).toBe(0.5);
    expect(parseNumber(ratio, '.25')).toBe(0.25);
    expect(parseNumber(ratio, '1e-1')).toBe(0.1);
  });

  it.each(['NaN', 'Infinity', 'abc', '0x1', '1,5', ''])('rejects %j', (raw) => {
    const error = failure(() => parseNumber(ratio, raw));
    expect(error.identifier).toBe('numberInvalid');
    expect(error.message).toMatch(/^`ratio` must be a number, got `.*`\.$/);
  });

  it('rejects numbers too large to be finite', () => {
    expect(failure(() => parseNumber(option('x', 'number'), '1e400')).identifier).toBe('numberInvalid');
  });

  it('applies bounds', () => {
    expect(failure(() => parseNumber(ratio, '1.5')).message).toBe('`ratio` must be at most 1, got `1.5`.');
  });
});

describe('boolean converter', () => {
  const flag = option('flag', 'boolean');
  it.each(['yes', 'Y', 'TRUE', 't', '1', 'on', 'enable', 'Enabled'])('reads %j as true', (raw) => expect(parseBoolean(flag, raw)).toBe(true));
  it.each(['no', 'N', 'false', 'f', '0', 'OFF', 'disable', 'disabled'])('reads %j as false', (raw) => expect(parseBoolean(flag, raw)).toBe(false));
  it('rejects anything else with the exact message', () => {
    const error = failure(() => parseBoolean(flag, 'maybe'));
    expect(error.identifier).toBe('booleanInvalid');
    expect(error.message).toBe('`flag` must be yes or no (or true/false, on/off, enable/disable, 1/0), got `maybe`.');
  });
});

describe('string checks', () => {
  it('counts characters, not UTF-16 units, for lengths', () => {
    const name = option('name', 'string', { minLength: 2, maxLength: 3 });
    expect(checkValue(name, '👍👍👍')).toBe('👍👍👍');
    expect(failure(() => checkValue(name, 'a')).message).toBe('`name` must be at least 2 characters long, got 1.');
    expect(failure(() => checkValue(name, 'abcd')).message).toBe('`name` must be at most 3 characters long, got 4.');
  });

  it('accepts a choice by value or by name (any case) and returns the value', () => {
    const color = option('color', 'string', { choices: [{ name: 'Red', value: 'red' }, { name: 'Blue', value: 'blue' }] });
    expect(checkValue(color, 'red')).toBe('red');
    expect(checkValue(color, 'BLUE')).toBe('blue');
    const error = failure(() => checkValue(color, 'green'));
    expect(error.identifier).toBe('choiceInvalid');
    expect(error.message).toBe('`color` must be one of `red`, `blue`, got `green`.');
  });

  it('checks numeric choices against the converted number', () => {
    const size = option('size', 'integer', { choices: [{ name: 'small', value: 1 }, { name: 'large', value: 3 }] });
    expect(parseInteger(size, '3')).toBe(3);
    expect(failure(() => parseInteger(size, '2')).message).toBe('`size` must be one of `1`, `3`, got `2`.');
  });
});

describe('server-only converters outside a server', () => {
  it('member and role options say they need a server', async () => {
    const client = new Client({ intents: [] });
    try {
      const scope = { client, guild: null };
      await expect(convertMember(option('member', 'member'), 'alice', scope)).rejects.toMatchObject({
        identifier: 'guildOnly',
        message: '`member` can only be used in a server.',
      });
      await expect(convertRole(option('role', 'role'), 'mods', scope)).rejects.toMatchObject({ identifier: 'guildOnly' });
    } finally {
      await client.destroy();
    }
  });
});
