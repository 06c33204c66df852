/**
 * Checks of the manifest's `userData` beyond the schema: every scope and custom group it names is declared
 * under `config`, and each custom entry says exactly one of `userKey` (a primary key of that group) or
 * `userField`.
 */
import type { LoadedManifest } from '../load.js';
import type { ProblemList } from '../problems.js';

/** Checks the userData block of every manifest. */
export function checkUserData(cogs: readonly LoadedManifest[], problems: ProblemList): void {
  for (const cog of cogs) {
    const userData = cog.manifest.userData;
    if (!userData) continue;
    const config = cog.manifest.config ?? {};
    (userData.scopes ?? []).forEach((scope, i) => {
      if (!config[scope]) problems.error(cog.file, cog.locate, ['userData', 'scopes', i], `userData names scope \`${scope}\`, but config declares no \`${scope}\` scope`);
    });
    const seen = new Set<string>();
    (userData.custom ?? []).forEach((entry, i) => {
      const at = ['userData', 'custom', i];
      const group = config.custom?.[entry.group];
      if (!group) {
        const known = Object.keys(config.custom ?? {});
        problems.error(cog.file, cog.locate, [...at, 'group'], `custom group \`${entry.group}\` is not declared under config.custom${known.length > 0 ? ` (declared: ${known.join(', ')})` : ''}`);
        return;
      }
      if ((entry.userKey === undefined) === (entry.userField === undefined)) {
        problems.error(cog.file, cog.locate, at, `give exactly one of \`userKey\` (a primary key of ${entry.group}: ${group.keys.join(', ')}) or \`userField\` (a document field)`);
        return;
      }
      if (entry.userKey !== undefined && !group.keys.includes(entry.userKey)) {
        problems.error(cog.file, cog.locate, [...at, 'userKey'], `\`${entry.userKey}\` is not a primary key of ${entry.group} (keys: ${group.keys.join(', ')})`);
      }
      const id = `${entry.group}:${entry.userKey ?? ''}:${entry.userField ?? ''}`;
      if (seen.has(id)) problems.error(cog.file, cog.locate, at, `${entry.group} is listed twice with the same key or field`);
      seen.add(id);
    });
  }
}
