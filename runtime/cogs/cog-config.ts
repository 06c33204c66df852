/**
 * The one place where a loaded cog gets its Config: the namespace `(name, identifier)` from the spec,
 * with the manifest's defaults registered, on the bot's driver.
 */
import { Config } from '../config/index.js';
import type { ConfigDriver } from '../drivers/types.js';
import type { CogSpec } from '../contract/spec.js';

/** The cog's Config (what `ctx.config` and the cog handle's `config` are). */
export function createCogConfig(spec: CogSpec, driver: ConfigDriver | undefined): Config {
  return Config.forCog(spec, driver);
}

/** Forgets the cog's Config when it unloads, so a reload registers fresh defaults. */
export function releaseCogConfig(config: unknown): void {
  if (config instanceof Config) Config.release(config);
}
