/**
 * Normalizes a command's `cooldown` and `maxConcurrency` into the runtime's CooldownSpec and
 * MaxConcurrencySpec: the period becomes milliseconds (generator/model/duration.ts) and the bucket
 * defaults to `user`.
 */
import type { CommandSpec, CooldownSpec, MaxConcurrencySpec } from '../../runtime/contract/spec.js';
import type { CooldownManifest, MaxConcurrencyManifest } from '../manifest.js';
import { periodMsOf } from './duration.js';

/** The normalized cooldown, or undefined when none is declared (errors were reported by the checks). */
export function buildCooldown(manifest: CooldownManifest | undefined): CooldownSpec | undefined {
  if (!manifest) return undefined;
  const perMs = periodMsOf(manifest.per, 'per');
  if (perMs === undefined) return undefined;
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
