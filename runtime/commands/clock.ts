/** The time source of cooldowns (runtime/support/clock.ts holds the clock every layer shares). */
export { systemClock, type Clock } from '../support/clock.js';
