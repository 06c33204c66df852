/**
 * The one place where a loaded cog gets its Config: the namespace `(name, identifier)` from the spec,
 * with the manifest's defaults registered, on the bot's driver.
 */
import { Config } from '../config/base.js';
import type { ConfigDriver } from '../drivers/types.js';
import type { CogSpec } from '../contract/spec.js';

/** The cog's Config (what `ctx.config` and the cog handle's `config` are). */
export function createCogConfig(spec: CogSpec, driver: ConfigDriver | undefined): Config {
  return Config.forCog(spec, driver);
}

/** Forgets the cog's Config (the bot stops): the next bot in this process gets a fresh one. */
export function releaseCogConfig(config: unknown): void {
  if (config instanceof Config) Config.release(config);
}

/** A reload with a changed manifest: the same Config, with the new spec's defaults; returns the undo. */
export function reregisterCogConfig(config: unknown, spec: CogSpec): () => void {
  return config instanceof Config ? config.reregister(spec.config) : () => undefined;
}
