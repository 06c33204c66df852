/**
 * Emits `generated/cogs/<cog>/user-data.ts` for a cog whose manifest declares `userData`: one plain call
 * per declared place in `deleteUserData` and `exportUserData`, so a reader sees exactly what a data
 * request touches. The registry hands this module to the runtime (runtime/gdpr).
 */
import type { CogModel } from '../model/index.js';
import { jobsNamingUsers } from '../model/lifecycle.js';
import { banner, docText, literal, printFile, quote } from './source.js';

/** True when the cog gets a user-data.ts (its manifest declares `userData`). */
export function hasUserData(model: CogModel): boolean {
  return model.spec.userData !== undefined;
}

/** The text of user-data.ts for one cog (only when hasUserData). */
export function emitUserData(model: CogModel): string {
  const userData = model.spec.userData!;
  const deletes: string[] = [];
  const exports: string[] = [];
  const said: string[] = [];
  const helpers = new Set<string>();
  const use = (name: string) => (helpers.add(name), name);
  if (userData.scopes.includes('user')) {
    deletes.push(`await ${use('deleteUserDocument')}(config, userId);`);
    exports.push(`user: await ${use('exportUserDocument')}(config, userId),`);
    said.push('the user document');
  }
  if (userData.scopes.includes('member')) {
    deletes.push(`await ${use('deleteMemberDocuments')}(config, userId);`);
    exports.push(`member: await ${use('exportMemberDocuments')}(config, userId),`);
    said.push('their member document in every server');
  }
  for (const entry of userData.custom) {
    const keys = literal(model.spec.config.custom[entry.group]!.keys);
    const group = quote(entry.group);
    if (entry.userKey !== undefined) {
      deletes.push(`await ${use('deleteCustomByKey')}(config, ${group}, ${keys}, ${quote(entry.userKey)}, userId);`);
      exports.push(`${quote(`${entry.group}.${entry.userKey}`)}: ${use('documentsJson')}(await ${use('exportCustomByKey')}(config, ${group}, ${keys}, ${quote(entry.userKey)}, userId)),`);
      said.push(`${entry.group} documents whose key \`${entry.userKey}\` is the user`);
    } else {
      const path = literal(entry.userField!.split('.'));
      deletes.push(`await ${use('deleteCustomByField')}(config, ${group}, ${keys}, ${path}, userId);`);
      exports.push(`${quote(`${entry.group}.${entry.userField}`)}: ${use('documentsJson')}(await ${use('exportCustomByField')}(config, ${group}, ${keys}, ${path}, userId)),`);
      said.push(`${entry.group} documents whose field \`${entry.userField}\` holds the user id`);
    }
  }
  const what = said.length > 0 ? said.join('; ') : 'nothing (the manifest declares no user data)';
  // Jobs are stored by the runtime, which removes those naming the user from the spec's `userFields`.
  const jobs = jobsNamingUsers(model.spec);
  const jobsNote = jobs ? `\n * Scheduled jobs naming the user (${docText(jobs)}) are removed by the runtime, not here.` : '';
  const imports = [
    `import type { DeletionRequester } from '../../../runtime/cogs/module.js';`,
    `import type { JsonObject } from '../../../runtime/contract/spec.js';`,
    `import type { Config } from '../../../runtime/config/index.js';`,
  ];
  if (helpers.size > 0) imports.push(`import { ${[...helpers].sort().join(', ')} } from '../../../runtime/gdpr/stored.js';`);
  return printFile([
    banner(model.source),
    ...imports,
    `/**\n * Deletes what cog \`${model.spec.name}\` keeps about a user, as its manifest declares: ${docText(what)}.\n * Declared data goes for every requester kind; the cog's own \`onDeleteUserData\` sees the kind.${jobsNote}\n */\n` +
      `export async function deleteUserData(config: Config, userId: string, _requester: DeletionRequester): Promise<void> {\n${deletes.map((d) => `  ${d}`).join('\n')}\n}`,
    `/** What cog \`${model.spec.name}\` keeps about a user, as stored (defaults left out). */\n` +
      `export async function exportUserData(config: Config, userId: string): Promise<JsonObject> {\n  return {\n${exports.map((e) => `    ${e}`).join('\n')}\n  };\n}`,
  ]);
}
