/** LogThrottle: the first occurrence of a key logs, then one line per interval per key, with the count in between. */
import { describe, expect, it } from 'vitest';
import { LogThrottle } from '../../runtime/logging/throttle.js';

describe('LogThrottle', () => {
  it('logs a key once per interval and counts what it held back', () => {
    let now = 0;
    const throttle = new LogThrottle(60_000, () => now);
    expect(throttle.take('a')).toBe(0);
    expect(throttle.take('a')).toBeNull();
    expect(throttle.take('a')).toBeNull();
    expect(throttle.take('b')).toBe(0);
    now = 59_999;
    expect(throttle.take('a')).toBeNull();
    now = 60_000;
    expect(throttle.take('a')).toBe(3);
    expect(throttle.take('a')).toBeNull();
    now = 200_000;
    expect(throttle.take('a')).toBe(1);
    expect(throttle.take('b')).toBe(0);
  });
});
