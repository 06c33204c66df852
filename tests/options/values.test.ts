/**
 * The value parsers behind duration, emoji and snowflake options, and the slash shape decision.
 */
import { ApplicationCommandOptionType } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { OptionSpec } from '../../runtime/contract/spec.js';
import { convertSnowflake } from '../../runtime/commands/converters/snowflake.js';
import { formatDuration, parseDuration } from '../../runtime/support/duration.js';
import { parseEmoji } from '../../runtime/commands/emoji.js';
import { UserInputError } from '../../runtime/commands/errors.js';
import { slashParsesText, slashTypeOf } from '../../runtime/commands/option-shape.js';

const opt = (o: Partial<OptionSpec>): OptionSpec => ({ name: 'v', description: 'V.', type: 'string', required: true, rest: false, ...o });

describe('durations: the one parser (runtime/support/duration.ts), milliseconds', () => {
  it.each([
    ['1h30m', 5_400_000],
    ['1h 30m', 5_400_000],
    ['90s', 90_000],
    ['30 seconds', 30_000],
    ['2 days', 172_800_000],
    ['1 week, 2 days and 3 hours', (9 * 24 + 3) * 3_600_000],
    ['1mo', 30 * 86_400_000],
    ['2 months', 60 * 86_400_000],
    ['5m', 300_000],
    ['10 mins', 600_000],
    ['1y 1w', 372 * 86_400_000],
    ['3 MINUTES', 180_000],
    ['2hrs', 7_200_000],
    ['500ms', 500],
    ['1s 250ms', 1_250],
    ['2 milliseconds', 2],
    ['1.5d', 129_600_000],
    ['1.5h', 5_400_000],
    ['0.25s', 250],
    ['1.1s', 1_100],
    ['0', 0],
    ['0s', 0],
    ['  45s  ', 45_000],
  ])('%j is %i ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each([
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['10', 'a number needs a unit, e.g. `10m` or `2 days`'],
    ['1.5', 'a number needs a unit, e.g. `10m` or `2 days`'],
    ['1h 30', 'a number needs a unit, e.g. `10m` or `2 days`'],
    ['abc', 'use numbers with units, e.g. `1h30m`, `2 days` or `1w`'],
    ['-1h', 'use numbers with units, e.g. `1h30m`, `2 days` or `1w`'],
    ['h1', 'use numbers with units, e.g. `1h30m`, `2 days` or `1w`'],
    ['.5h', 'use numbers with units, e.g. `1h30m`, `2 days` or `1w`'],
    ['1,5h', 'use numbers with units, e.g. `1h30m`, `2 days` or `1w`'],
    ['1x', '`x` is not a unit (ms, s, m, h, d, w, mo, y)'],
    ['10 parsecs', '`parsecs` is not a unit (ms, s, m, h, d, w, mo, y)'],
    ['1h1h', 'hours are given twice'],
    ['1m 2 minutes', 'minutes are given twice'],
    ['0.5ms', '`0.5ms` is not a whole number of milliseconds'],
    ['1.0005s', '`1.0005s` is not a whole number of milliseconds'],
    ['99999999999999y', 'it is too long'],
  ])('%j is refused: %s', (text, detail) => {
    expect(parseDuration(text)).toEqual({ kind: 'invalid', detail });
  });

  it('GIVEN allowed units THEN another unit is named in the refusal', () => {
    expect(parseDuration('30s', ['m', 'h'])).toEqual({ kind: 'unit', unit: 's' });
    expect(parseDuration('500ms', ['s', 'm'])).toEqual({ kind: 'unit', unit: 'ms' });
    expect(parseDuration('30m', ['m', 'h'])).toBe(1_800_000);
  });

  it('formats largest units first, down to milliseconds', () => {
    expect(formatDuration(5_400_000)).toBe('1 hour 30 minutes');
    expect(formatDuration(90 * 86_400_000)).toBe('3 months');
    expect(formatDuration(1_500)).toBe('1 second 500 milliseconds');
    expect(formatDuration(1)).toBe('1 millisecond');
    expect(formatDuration(0)).toBe('0 seconds');
  });
});

describe('emoji', () => {
  it.each(['😀', '👍🏽', '🇫🇷', '👨‍👩‍👧', '1️⃣', '❤', '❤️'])('%s is a unicode emoji', (e) => expect(parseEmoji(e)).toEqual({ id: null, name: e, animated: false, text: e }));
  it('custom and animated custom emoji', () => {
    expect(parseEmoji('<:blob:123456789012345678>')).toEqual({ id: '123456789012345678', name: 'blob', animated: false, text: '<:blob:123456789012345678>' });
    expect(parseEmoji('<a:blob:123456789012345678>')?.animated).toBe(true);
  });
  it.each(['a', '😀😀', ':blob:', '<:b:1>', '<:blob:abc>', '', '1', '#'])('%j is not one emoji', (e) => expect(parseEmoji(e)).toBeNull());
});

describe('snowflakes', () => {
  it('takes the id of any mention, or a bare id, without lookups', () => {
    for (const raw of ['<@123456789012345678>', '<@!123456789012345678>', '<@&123456789012345678>', '<#123456789012345678>', '123456789012345678']) {
      expect(convertSnowflake(opt({ type: 'snowflake' }), raw)).toBe('123456789012345678');
    }
  });
  it('refuses ids beyond 64 bits and non-ids', () => {
    for (const raw of ['18446744073709551616', '12', 'abc', '<@abc>']) {
      expect(() => convertSnowflake(opt({ type: 'snowflake' }), raw)).toThrow(UserInputError);
    }
  });
});

describe('slash shape', () => {
  it('uses native types where Discord has them and a string that is parsed like text otherwise', () => {
    expect(slashTypeOf(opt({ type: 'member' }))).toBe(ApplicationCommandOptionType.User);
    expect(slashTypeOf(opt({ type: 'member', union: ['member', 'user'] }))).toBe(ApplicationCommandOptionType.User);
    expect(slashTypeOf(opt({ type: 'member', union: ['member', 'role'] }))).toBe(ApplicationCommandOptionType.Mentionable);
    expect(slashTypeOf(opt({ type: 'integer', union: ['integer', 'string'] }))).toBe(ApplicationCommandOptionType.String);
    expect(slashTypeOf(opt({ type: 'attachment' }))).toBe(ApplicationCommandOptionType.Attachment);
    expect(slashTypeOf(opt({ type: 'integer', list: { min: 1, max: 3 } }))).toBe(ApplicationCommandOptionType.String);
    expect(slashParsesText(opt({ type: 'string' }))).toBe(false);
    expect(slashParsesText(opt({ type: 'string', converter: 'c' }))).toBe(true);
    expect(slashParsesText(opt({ type: 'duration' }))).toBe(true);
    expect(slashParsesText(opt({ type: 'role', union: ['role', 'member'] }))).toBe(false);
  });
});
