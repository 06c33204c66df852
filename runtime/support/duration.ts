/**
 * Durations: the project's one parser. A duration is written with units as Red writes them — `30s`,
 * `1h30m`, `2 days`, `1 week, 3 days and 4 hours` — plus milliseconds (`500ms`) and decimals (`1.5d`);
 * `m` is minutes, months are `mo`, a month counts 30 days and a year 365. `0` alone is zero; any other
 * number without a unit is refused.
 *
 * The value is always a whole number of MILLISECONDS, wherever code sees it: a duration option's value
 * (the text and the slash route alike: slash sends the text as a string option and it is parsed here), a
 * config `duration` field's stored value, and every `*Ms` field of a generated spec (a cooldown's `perMs`,
 * a task's `everyMs` and `stopTimeoutMs`). Manifests are read with this parser too (through
 * generator/model/duration.ts), so a manifest and a user's message mean the same by the same text.
 */
import type { DurationUnit } from '../contract/enums.js';

/** Milliseconds per unit. */
export const DURATION_UNIT_MS: Record<DurationUnit, number> = {
  ms: 1,
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
add('ms', 'ms', 'msec', 'msecs', 'millisecond', 'milliseconds');
add('s', 's', 'sec', 'secs', 'second', 'seconds');
add('m', 'm', 'min', 'mins', 'minute', 'minutes');
add('h', 'h', 'hr', 'hrs', 'hour', 'hours');
add('d', 'd', 'day', 'days');
add('w', 'w', 'wk', 'wks', 'week', 'weeks');
add('mo', 'mo', 'mon', 'mth', 'mths', 'month', 'months');
add('y', 'y', 'yr', 'yrs', 'year', 'years');

const UNIT_NAMES: Record<DurationUnit, string> = {
  ms: 'milliseconds',
  s: 'seconds',
  m: 'minutes',
  h: 'hours',
  d: 'days',
  w: 'weeks',
  mo: 'months',
  y: 'years',
};

/** Why a duration did not parse; the caller turns it into an error naming the option or manifest key. */
export type DurationProblem = { kind: 'invalid'; detail: string } | { kind: 'unit'; unit: DurationUnit };

/** One `<number><unit>` part (the number may have decimals), with optional spaces and `,` or `and` between parts. */
const PART = /(\d{1,15})(?:\.(\d{1,15}))?\s*([a-z]+)\s*(?:,|\band\b)?\s*/giy;

const invalid = (detail: string): DurationProblem => ({ kind: 'invalid', detail });

/**
 * Parses a duration to milliseconds, or returns what is wrong. `units` limits the units accepted. The sum is
 * computed exactly (`1.1s` is 1100, not 1100.0000000000002); a total that is not a whole number of
 * milliseconds (`1.5ms`) is refused.
 */
export function parseDuration(text: string, units?: readonly DurationUnit[]): number | DurationProblem {
  const input = text.trim();
  if (input.length === 0) return invalid('it is empty');
  if (/^0+$/.test(input)) return 0;
  let total = 0n;
  let index = 0;
  const seen = new Set<DurationUnit>();
  while (index < input.length) {
    PART.lastIndex = index;
    const m = PART.exec(input);
    if (!m) {
      if (/^\d+(?:\.\d+)?$/.test(input.slice(index).trim())) return invalid('a number needs a unit, e.g. `10m` or `2 days`');
      return invalid('use numbers with units, e.g. `1h30m`, `2 days` or `1w`');
    }
    const [, whole, fraction = '', word] = m as unknown as [string, string, string | undefined, string];
    const unit = SPELLINGS[word.toLowerCase()];
    if (!unit) return invalid(`\`${word.slice(0, 20)}\` is not a unit (ms, s, m, h, d, w, mo, y)`);
    if (seen.has(unit)) return invalid(`${UNIT_NAMES[unit]} are given twice`);
    seen.add(unit);
    if (units && !units.includes(unit)) return { kind: 'unit', unit };
    const scale = 10n ** BigInt(fraction.length);
    const scaled = (BigInt(whole) * scale + BigInt(fraction || '0')) * BigInt(DURATION_UNIT_MS[unit]);
    if (scaled % scale !== 0n) return invalid(`\`${whole}.${fraction}${word}\` is not a whole number of milliseconds`);
    total += scaled / scale;
    index = PART.lastIndex;
  }
  if (total > BigInt(Number.MAX_SAFE_INTEGER)) return invalid('it is too long');
  return Number(total);
}

/** Renders milliseconds with the largest units first, e.g. `1 hour 30 minutes` (for messages). */
export function formatDuration(ms: number): string {
  if (ms <= 0) return '0 seconds';
  const parts: string[] = [];
  let left = ms;
  for (const unit of ['y', 'mo', 'w', 'd', 'h', 'm', 's', 'ms'] as const) {
    const count = Math.floor(left / DURATION_UNIT_MS[unit]);
    if (count > 0) {
      const name = UNIT_NAMES[unit];
      parts.push(`${count} ${count === 1 ? name.slice(0, -1) : name}`);
      left -= count * DURATION_UNIT_MS[unit];
    }
  }
  return parts.join(' ');
}

/** The name of a unit, for messages (`minutes`). */
export function unitName(unit: DurationUnit): string {
  return UNIT_NAMES[unit];
}
