/**
 * The runtime's time source: cooldowns read it, background tasks and scheduled jobs also wait on it. It is
 * injectable (`BotOptions.clock`) so tests move time instead of sleeping: the testing kit's ManualClock
 * (runtime/testing/clock.ts) implements the timers too. A clock with only `now()` (enough for cooldowns)
 * gets real timers for the waiting part.
 */

/** Anything that tells the time in milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

/** A pending wake-up; `cancel` is idempotent. */
export interface TimerHandle {
  cancel(): void;
}

/** A clock that can also call back after `ms` of its own time. */
export interface TimerClock extends Clock {
  setTimer(ms: number, fn: () => void): TimerHandle;
}

/** Real timers: unref'd, so a pending task never keeps the process alive on its own. */
function realTimer(ms: number, fn: () => void): TimerHandle {
  // setTimeout's limit is 2^31-1 ms (~24.8 days); longer waits hop.
  const MAX = 2_147_483_647;
  let handle: NodeJS.Timeout;
  const arm = (left: number) => {
    handle = setTimeout(() => (left > MAX ? arm(left - MAX) : fn()), Math.min(Math.max(0, left), MAX));
    handle.unref?.();
  };
  arm(ms);
  return { cancel: () => clearTimeout(handle) };
}

/** The system clock, with real timers. */
export const systemClock: TimerClock = { now: () => Date.now(), setTimer: realTimer };

/** `clock` itself when it has timers, else its `now` with real timers. */
export function withTimers(clock: Clock | undefined): TimerClock {
  if (!clock) return systemClock;
  if (typeof (clock as Partial<TimerClock>).setTimer === 'function') return clock as TimerClock;
  return { now: () => clock.now(), setTimer: realTimer };
}
