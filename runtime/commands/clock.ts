/** The time source of cooldowns: injectable so tests move time instead of sleeping. */

/** Anything that tells the time in milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

/** The real clock. */
export const systemClock: Clock = { now: () => Date.now() };
