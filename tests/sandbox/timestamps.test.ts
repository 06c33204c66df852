/** Discord timestamps as the sandbox chat shows them: each style, relative times in every unit, and what is left alone. */
import { describe, expect, it } from 'vitest';
import { formatTimestamps, TIMESTAMP_STYLES } from '../../runtime/sandbox/timestamps.js';

const now = 1_800_000_000_000; // Friday, January 15, 2027 08:00:00 UTC
const utc = { now, locale: 'en-US', timeZone: 'UTC' };

describe('formatTimestamps', () => {
  it.each([
    ['t', '8:00 AM'],
    ['T', '8:00:10 AM'],
    ['d', '01/15/2027'],
    ['D', 'January 15, 2027'],
    ['f', 'January 15, 2027 8:00 AM'],
    ['F', 'Friday, January 15, 2027 8:00 AM'],
    ['R', 'in 10 seconds'],
  ])('GIVEN style %s WHEN formatted THEN it reads %s', (style, expected) => {
    expect(formatTimestamps(`<t:1800000010:${style}>`, utc)).toBe(expected);
  });

  it('GIVEN every style THEN each one is covered above, and no style means f', () => {
    expect([...TIMESTAMP_STYLES]).toEqual(['t', 'T', 'd', 'D', 'f', 'F', 'R']);
    expect(formatTimestamps('<t:1800000010>', utc)).toBe('January 15, 2027 8:00 AM');
  });

  it('GIVEN another time zone THEN the local time of that zone is shown', () => {
    expect(formatTimestamps('<t:1800000010:F>', { ...utc, timeZone: 'Asia/Tokyo' })).toBe('Friday, January 15, 2027 5:00 PM');
  });

  it('GIVEN relative times THEN the unit grows with the distance, past and future, and a moment away is now', () => {
    const at = (seconds: number) => formatTimestamps(`<t:${1_800_000_000 + seconds}:R>`, utc);
    expect([at(0), at(10), at(-45), at(60), at(-300), at(7200), at(-86_400 * 3), at(86_400 * 45), at(-86_400 * 400)]).toEqual([
      'now',
      'in 10 seconds',
      '45 seconds ago',
      'in 1 minute',
      '5 minutes ago',
      'in 2 hours',
      '3 days ago',
      'in 2 months',
      '1 year ago',
    ]);
  });

  it('GIVEN relative times without a clock THEN they are relative to the moment of formatting', () => {
    const inAnHour = Math.round(Date.now() / 1000) + 3600;
    expect(formatTimestamps(`next <t:${inAnHour}:R>`)).toBe('next in 1 hour');
  });

  it('GIVEN text around timestamps, malformed ones or none THEN only valid timestamps change', () => {
    expect(formatTimestamps('from <t:1800000000:t> to <t:1800003600:t>', utc)).toBe('from 8:00 AM to 9:00 AM');
    expect(formatTimestamps('<t:abc:R> <t:1800000000:X> <t:99999999999999:R> t:1800000000', utc)).toBe('<t:abc:R> <t:1800000000:X> <t:99999999999999:R> t:1800000000');
  });
});
