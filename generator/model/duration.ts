/**
 * Durations in manifests: a cooldown's `per`, a task's `every` and `stopTimeout`, a duration option's
 * `default`, `min` and `max`, and a config `duration` field's default (also inside arrays and objects).
 * Each is written with a unit (`30s`, `1h30m`, `500ms`, `2 days`, `1.5d`), read by the project's one
 * parser (runtime/support/duration.ts), and becomes milliseconds in the spec. A bare number other than 0
 * is refused with a hint: manifests once wrote seconds (`per: 30`) and config defaults whole seconds, so a
 * number is never silently read in a new unit.
 */
import type { DurationUnit } from '../../runtime/contract/enums.js';
import { parseDuration, unitName } from '../../runtime/support/duration.js';

/** The forms a message offers. */
const EXAMPLES = '`30s`, `1h30m`, `500ms` or `2 days`';

/** The longest period (cooldown `per`, task `every`, `stopTimeout`): over a year is almost certainly a typo. */
export const MAX_PERIOD_MS = 366 * 86_400_000;

/**
 * Milliseconds of a manifest duration, or what is wrong with it. `key` is the manifest key the value sits
 * under (`per`, `default`, …), named in the message; `units` limits the units (a duration option's `units`).
 */
export function manifestDuration(value: unknown, key: string, units?: readonly DurationUnit[]): number | { error: string } {
  if (value === 0) return 0;
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    return { error: `\`${key}: ${value}\` has no unit; write \`${value}s\`: durations in a manifest carry a unit` };
  }
  const shown = JSON.stringify(value) ?? String(value);
  if (typeof value !== 'string') return { error: `\`${key}\` ${shown} is not a duration: write one with a unit, e.g. ${EXAMPLES}` };
  const ms = parseDuration(value, units);
  if (typeof ms === 'number') return ms;
  if (ms.kind === 'unit') return { error: `\`${key}\` ${shown} uses ${unitName(ms.unit)}, which \`units\` leaves out (${(units ?? []).join(', ')})` };
  return { error: `\`${key}\` ${shown} is not a duration: ${ms.detail}` };
}

/** A period: a manifest duration longer than zero and at most MAX_PERIOD_MS. */
export function manifestPeriod(value: unknown, key: string): number | { error: string } {
  const ms = manifestDuration(value, key);
  if (typeof ms !== 'number') return ms;
  if (ms <= 0) return { error: `\`${key}\` must be longer than zero, got ${JSON.stringify(value)}` };
  if (ms > MAX_PERIOD_MS) return { error: `\`${key}\` is longer than a year (${JSON.stringify(value)}); use at most 366d` };
  return ms;
}

/** The milliseconds of a value the checks accepted, undefined when absent (or refused: the checks reported it). */
export function periodMsOf(value: unknown, key: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = manifestPeriod(value, key);
  return typeof ms === 'number' ? ms : undefined;
}
