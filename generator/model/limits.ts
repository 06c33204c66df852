/**
 * Normalizes a command's `cooldown` and `maxConcurrency` into the runtime's CooldownSpec and
 * MaxConcurrencySpec: the period becomes milliseconds and the bucket defaults to `user`.
 */
import type { CommandSpec, CooldownSpec, MaxConcurrencySpec } from '../../runtime/contract/spec.js';
import type { CooldownManifest, MaxConcurrencyManifest } from '../manifest.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** The longest period accepted: a cooldown over a year is almost certainly a typo. */
export const MAX_PERIOD_MS = 366 * 86_400_000;

/**
 * Milliseconds of a period written as `10s`, `1m30s`, `2h`, `1.5d`, `500ms` or a number of seconds;
 * a string saying what is wrong otherwise. `field` names the manifest key in that message (a cooldown's
 * `per`, a task's `every` or `stopTimeout`).
 */
export function parsePeriod(value: string | number, field = 'per'): number | { error: string } {
  let ms: number;
  const name = `\`${field}\``;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return { error: `${name} must be a positive number of seconds, got ${value}` };
    ms = value * 1000;
  } else {
    const text = value.trim().toLowerCase();
    const parts = [...text.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)/g)];
    const consumed = parts.map((p) => p[0]).join('');
    if (parts.length === 0 || consumed.replace(/\s+/g, '') !== text.replace(/\s+/g, '')) {
      return { error: `${name} must be a duration such as \`10s\`, \`1m30s\`, \`2h\` or \`1d\` (units ms, s, m, h, d), got ${JSON.stringify(value)}` };
    }
    ms = parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0);
    if (ms <= 0) return { error: `${name} must be longer than zero, got ${JSON.stringify(value)}` };
  }
  if (ms > MAX_PERIOD_MS) return { error: `${name} is longer than a year (${JSON.stringify(value)}); use at most 366d` };
  return Math.round(ms);
}

/** The normalized cooldown, or undefined when none is declared (errors were reported by the checks). */
export function buildCooldown(manifest: CooldownManifest | undefined): CooldownSpec | undefined {
  if (!manifest) return undefined;
  const perMs = parsePeriod(manifest.per);
  if (typeof perMs !== 'number') return undefined;
  return { rate: manifest.rate, perMs, bucket: manifest.bucket ?? 'user' };
}

/** The normalized concurrency limit, or undefined when none is declared. */
export function buildMaxConcurrency(manifest: MaxConcurrencyManifest | undefined): MaxConcurrencySpec | undefined {
  if (!manifest) return undefined;
  return { limit: manifest.limit, bucket: manifest.bucket ?? 'user', wait: manifest.wait ?? false };
}

/** Adds the limits to a CommandSpec, leaving the fields out when the manifest has none (keeps specs small). */
export function withLimits(spec: CommandSpec, manifest: { cooldown?: CooldownManifest; maxConcurrency?: MaxConcurrencyManifest }): CommandSpec {
  const cooldown = buildCooldown(manifest.cooldown);
  const maxConcurrency = buildMaxConcurrency(manifest.maxConcurrency);
  if (cooldown) spec.cooldown = cooldown;
  if (maxConcurrency) spec.maxConcurrency = maxConcurrency;
  return spec;
}
