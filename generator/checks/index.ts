/** Every check beyond the JSON Schema, run over all manifests at once so all errors are reported together. */
import type { LoadedManifest } from '../load.js';
import type { ProblemList } from '../problems.js';
import { checkCommands } from './commands.js';
import { checkConfig } from './config.js';
import { checkDependsOn } from './depends-on.js';
import { checkTasksAndJobs } from './lifecycle.js';
import { checkManifestChecks } from './manifest-checks.js';
import { checkConverters } from './options.js';
import { checkSlashShape } from './slash-shape.js';
import { checkUserData } from './user-data.js';

/** Runs all semantic checks; problems go to `problems`. */
export function checkManifests(cogs: readonly LoadedManifest[], problems: ProblemList): void {
  const identifiers = new Map<number, { cog: string; where: string }>();
  for (const cog of cogs) {
    const { manifest, file, locate } = cog;
    // A manifest with schema errors may lack these (checked by the schema pass already).
    if (manifest.name !== undefined && manifest.name !== cog.folder) {
      problems.error(file, locate, ['name'], `cog name \`${manifest.name}\` must equal its folder name \`${cog.folder}\``);
    }
    if (manifest.identifier === undefined) continue;
    const other = identifiers.get(manifest.identifier);
    if (other) {
      problems.error(file, locate, ['identifier'], `identifier ${manifest.identifier} is already used by cog \`${other.cog}\` (${other.where}); each cog needs its own`);
    } else {
      const pos = locate(['identifier']);
      identifiers.set(manifest.identifier, { cog: cog.folder, where: `${file}:${pos.line}:${pos.col}` });
    }
  }
  checkCommands(cogs, problems);
  checkSlashShape(cogs, problems);
  checkConfig(cogs, problems);
  checkUserData(cogs, problems);
  checkConverters(cogs, problems);
  checkManifestChecks(cogs, problems);
  checkTasksAndJobs(cogs, problems);
  checkDependsOn(cogs, problems);
}
