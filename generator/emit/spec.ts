/** Emits `generated/cogs/<cog>/spec.ts`: the cog's CogSpec as a plain literal the runtime reads. */
import type { CogModel } from '../model/index.js';
import { banner, literal, printFile } from './source.js';

/** The text of spec.ts for one cog. */
export function emitSpec(model: CogModel): string {
  return printFile([
    banner(model.source),
    "import type { CogSpec } from '../../../runtime/contract/spec.js';",
    `export const spec: CogSpec = ${literal(model.spec)};`,
  ]);
}
