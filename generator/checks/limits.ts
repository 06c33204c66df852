/** Checks of `cooldown` and `maxConcurrency` that the schema cannot express: the period, and where they apply. */
import type { CommandManifest, SubcommandManifest } from '../manifest.js';
import { manifestPeriod } from '../model/duration.js';
import type { ManifestPath, Report } from '../problems.js';

/** Reports a bad `per`, and limits on a group that never runs a handler itself. */
export function checkLimits(command: CommandManifest | SubcommandManifest, at: ManifestPath, err: Report): void {
  const hasSubs = (command.subcommands ?? []).length > 0;
  const runs = !hasSubs || command.invokable === true;
  for (const key of ['cooldown', 'maxConcurrency'] as const) {
    if (command[key] !== undefined && !runs) {
      err([...at, key], `\`${key}\` applies to commands that run a handler; \`${command.name}\` is a group: put it on its subcommands`, true);
    }
  }
  if (command.cooldown !== undefined) {
    const period = manifestPeriod(command.cooldown.per, 'per');
    if (typeof period !== 'number') err([...at, 'cooldown', 'per'], period.error);
  }
}
