/**
 * Durations as Red writes them: `1h30m`, `2 days`, `1 week, 3 days and 4 hours`, `mo` for months and `m`
 * for minutes. The value is a whole number of milliseconds (a month counts 30 days, a year 365), the same
 * by the text and the slash route (slash sends the text as a string option and it is parsed here too).
 */
import type { DurationUnit } from '../contract/spec.js';

/** Milliseconds per unit. */
export const DURATION_UNIT_MS: Record<DurationUnit, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  mo: 30 * 86_400_000,
  y: 365 * 86_400_000,
};

/** Every spelling of a unit, lowercase. `m` is minutes; months are `mo`, `mon`, `month(s)`. */
const SPELLINGS: Record<string, DurationUnit> = {};
const add = (unit: DurationUnit, ...words: string[]) => words.forEach((w) => (SPELLINGS[w] = unit));
add('s', 's', 'sec', 'secs', 'second', 'seconds');
add('m', 'm', 'min', 'mins', 'minute', 'minutes');
add('h', 'h', 'hr', 'hrs', 'hour', 'hours');
add('d', 'd', 'day', 'days');
add('w', 'w', 'wk', 'wks', 'week', 'weeks');
add('mo', 'mo', 'mon', 'mth', 'mths', 'month', 'months');
add('y', 'y', 'yr', 'yrs', 'year', 'years');

const UNIT_NAMES: Record<DurationUnit, string> = { s: 'seconds', m: 'minutes', h: 'hours', d: 'days', w: 'weeks', mo: 'months', y: 'years' };

/** Why a duration did not parse; the caller turns it into a user-input error naming the option. */
export type DurationProblem = { kind: 'invalid'; detail: string } | { kind: 'unit'; unit: DurationUnit };

/** One `<number><unit>` part, with optional spaces between and `,` or `and` between parts. */
const PART = /(\d{1,15})\s*([a-z]+)\s*(?:,|\band\b)?\s*/giy;

/**
 * Parses a duration to milliseconds, or returns what is wrong. `units` limits the units accepted.
 */
export function parseDuration(text: string, units?: readonly DurationUnit[]): number | DurationProblem {
  const input = text.trim();
  if (input.length === 0) return { kind: 'invalid', detail: 'it is empty' };
  let total = 0;
  let index = 0;
  const seen = new Set<DurationUnit>();
  PART.lastIndex = 0;
  while (index < input.length) {
    PART.lastIndex = index;
    const m = PART.exec(input);
    if (!m) {
      if (/^\d+$/.test(input.slice(index).trim())) return { kind: 'invalid', detail: 'a number needs a unit, e.g. `10m` or `2 days`' };
      return { kind: 'invalid', detail: 'use numbers with units, e.g. `1h30m`, `2 days` or `1w`' };
    }
    const unit = SPELLINGS[m[2]!.toLowerCase()];
    if (!unit) return { kind: 'invalid', detail: `\`${m[2]!.slice(0, 20)}\` is not a unit (s, m, h, d, w, mo, y)` };
    if (seen.has(unit)) return { kind: 'invalid', detail: `${UNIT_NAMES[unit]} are given twice` };
    seen.add(unit);
    if (units && !units.includes(unit)) return { kind: 'unit', unit };
    total += Number(m[1]) * DURATION_UNIT_MS[unit];
    index = PART.lastIndex;
  }
  if (!Number.isSafeInteger(total)) return { kind: 'invalid', detail: 'it is too long' };
  return total;
}

/** Renders milliseconds with the largest units first, e.g. `1 hour 30 minutes` (for messages). */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0 seconds';
  const parts: string[] = [];
  let left = ms;
  for (const unit of ['y', 'mo', 'w', 'd', 'h', 'm', 's'] as const) {
    const count = Math.floor(left / DURATION_UNIT_MS[unit]);
    if (count > 0) {
      const name = UNIT_NAMES[unit];
      parts.push(`${count} ${count === 1 ? name.slice(0, -1) : name}`);
      left -= count * DURATION_UNIT_MS[unit];
    }
  }
  return parts.length > 0 ? parts.join(' ') : `${ms} ms`;
}

/** The name of a unit, for messages (`minutes`). */
export function unitName(unit: DurationUnit): string {
  return UNIT_NAMES[unit];
}
