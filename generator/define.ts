/**
 * `defineCog` for `cogs/<cog>/cog.ts` manifests: `export default defineCog({...})`. It returns its
 * argument unchanged; its only job is the type check. Import it as `../../generator/define.js`.
 */
import type { CogManifest } from './manifest.js';

export type { CogManifest } from './manifest.js';

/** Declares a cog in TypeScript; the generator validates the value with the same schema as cog.yaml. */
export function defineCog(manifest: CogManifest): CogManifest {
  return manifest;
}
