/**
 * Discord timestamps (`<t:1800000010:R>`) as the chat shows them: what Discord's own client would show in
 * their place, in the person's locale and time zone. Styles, as Discord defines them: `t` short time, `T`
 * long time, `d` short date, `D` long date, `f` (the default) date and short time, `F` weekday, date and
 * short time, `R` relative ("in 10 seconds", "5 minutes ago"). Relative times are relative to `now`, which
 * the renderer reads when the line is printed. Pure: the clock, locale and time zone are inputs.
 */

/** When "now" is, and whose calendar to show times in. */
export interface TimestampOptions {
  /** Milliseconds since the epoch (default: Date.now() at the call). */
  now?: number;
  /** BCP 47 locale (default: the system's). */
  locale?: string;
  /** IANA time zone (default: the system's). */
  timeZone?: string;
}

/** The styles Discord accepts after the seconds, `f` when none is given. */
export const TIMESTAMP_STYLES = ['t', 'T', 'd', 'D', 'f', 'F', 'R'] as const;
export type TimestampStyle = (typeof TIMESTAMP_STYLES)[number];

const TIMESTAMP = /<t:(-?\d{1,14})(?::([tTdDfFR]))?>/g;

/** Replaces every Discord timestamp in `text` with a readable time; malformed or out-of-range ones stay as typed. */
export function formatTimestamps(text: string, options: TimestampOptions = {}): string {
  if (!text.includes('<t:')) return text;
  const now = options.now ?? Date.now();
  return text.replace(TIMESTAMP, (whole, seconds: string, style: TimestampStyle | undefined) => {
    const at = Number(seconds) * 1000;
    if (!Number.isFinite(new Date(at).getTime())) return whole;
    return formatTimestamp(at, style ?? 'f', { ...options, now });
  });
}

/** One time (milliseconds since the epoch) in one style. */
export function formatTimestamp(at: number, style: TimestampStyle, options: TimestampOptions = {}): string {
  const { locale, timeZone } = options;
  const format = (parts: Intl.DateTimeFormatOptions) => readable(new Intl.DateTimeFormat(locale, { timeZone, ...parts }).format(at));
  const shortTime = { hour: 'numeric', minute: '2-digit' } as const;
  const longDate = { year: 'numeric', month: 'long', day: 'numeric' } as const;
  switch (style) {
    case 't':
      return format(shortTime);
    case 'T':
      return format({ ...shortTime, second: '2-digit' });
    case 'd':
      return format({ year: 'numeric', month: '2-digit', day: '2-digit' });
    case 'D':
      return format(longDate);
    case 'f':
      return `${format(longDate)} ${format(shortTime)}`;
    case 'F':
      return `${format({ weekday: 'long', ...longDate })} ${format(shortTime)}`;
    case 'R':
      return relative(at, options.now ?? Date.now(), locale);
  }
}

/** Units of a relative time: how many seconds one is, and how many are shown before the next unit is used. */
const RELATIVE_UNITS: readonly [unit: Intl.RelativeTimeFormatUnit, seconds: number, limit: number][] = [
  ['second', 1, 60],
  ['minute', 60, 60],
  ['hour', 3600, 24],
  ['day', 86_400, 30],
  ['month', 30 * 86_400, 12],
  ['year', 365 * 86_400, Infinity],
];

/** "in 10 seconds", "5 minutes ago", "now": the smallest unit whose count stays below its limit. */
function relative(at: number, now: number, locale: string | undefined): string {
  const seconds = (at - now) / 1000;
  if (Math.round(seconds) === 0) return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(0, 'second');
  // The last unit has no limit, so one always fits.
  const [unit, size] = RELATIVE_UNITS.find(([, size, limit]) => Math.abs(Math.round(seconds / size)) < limit)!;
  return new Intl.RelativeTimeFormat(locale, { numeric: 'always' }).format(Math.round(seconds / size), unit);
}

/** Intl puts narrow no-break spaces in times ("4:20 PM"); a terminal shows plain spaces more reliably. */
function readable(text: string): string {
  return text.replace(/[\u202f\u00a0]/g, ' ');
}
