/**
 * Where a cog's code comes from, and how a reload gets the code that is on disk now. The cog manager asks
 * its host for a fresh registry before a reload (or a load of a cog it does not know yet); the host
 * decides what re-importing means:
 *
 * - `vite` (runtime/host/vite-host.mjs; `npm start`, `npm run dev`): the process runs under Vite's module
 *   runner. A refresh invalidates the cog's own modules (everything under `cogs/<cog>/` and
 *   `generated/cogs/<cog>/`) and `generated/registry.ts`, in the runner and in the dev server's module
 *   graph, and imports the registry again: edited handlers and a re-generated spec are read from disk; the
 *   runtime and other cogs stay as they are (their instances are shared, so `instanceof` keeps working).
 *   The old modules' code and exports are dropped, so their memory can be reclaimed.
 * - `native` (runtime/host/native-host.ts; plain Node on compiled JavaScript): the same files are imported
 *   again under a new version query, which Node's module hooks carry to the cog's own imports. Node never
 *   unloads an ES module, so each reload keeps the old version's code in memory (a few kB per reload of a
 *   typical cog; bench/reload measures it).
 * - `fixed` (this file): a registry given in code, as tests and embedders pass to `new Bot`. A reload runs
 *   the whole lifecycle again on the same code; `!load` of a cog missing from it fails with a hint.
 */
import type { CogRegistry } from './module.js';

export interface CogModuleHost {
  /** `vite`, `native` or `fixed` (shown by debuginfo and in reload messages). */
  readonly kind: string;
  /** True when a refresh reads code from disk (false for a fixed registry). */
  readonly reloadsCode: boolean;
  /** The registry as it is on disk now, with the code of `cogs` imported again. */
  refresh(cogs: readonly string[]): Promise<CogRegistry>;
}

/** A host over a registry given in code: refreshing returns the same registry. */
export function fixedModuleHost(registry: CogRegistry): CogModuleHost {
  return { kind: 'fixed', reloadsCode: false, refresh: async () => registry };
}
