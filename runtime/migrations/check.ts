/**
 * After a cog's pending migrations ran (in memory, before anything is written), every stored value of a
 * field the manifest declares must fit its declared type: an `up` that left some documents unconverted,
 * or a stub whose `throw` was deleted, fails the migration instead of leaving the cog to run on values of
 * the old type. Fields a document does not hold are fine (their default applies); undeclared keys are not
 * checked (as for writes, runtime/config/value-types.ts).
 */
import type { ConfigScopeName } from '../contract/enums.js';
import type { MigrationData, MigrationTarget } from '../contract/migrations.js';
import type { ConfigSpec, ConfigTypeTree } from '../contract/spec.js';
import { typeProblems } from '../config/value-types.js';

/** Where and what does not fit, e.g. `guild 123: rolls: value "1" does not match type \`integer\``; empty when all fits. */
export function typeMismatches(config: ConfigSpec, data: MigrationData, limit = 5): string[] {
  const out: string[] = [];
  const targets: [MigrationTarget, string, ConfigTypeTree][] = [
    ...Object.entries(config.types ?? {}).map(([scope, tree]) => [{ scope: scope as ConfigScopeName }, scope, tree!] as [MigrationTarget, string, ConfigTypeTree]),
    ...Object.entries(config.custom ?? {}).flatMap(([name, group]) => (group.types ? [[{ custom: name }, name, group.types] as [MigrationTarget, string, ConfigTypeTree]] : [])),
  ];
  for (const [target, label, tree] of targets) {
    for (const doc of data.documents(target)) {
      const where = `${label}${doc.keys.length ? ` ${doc.keys.join('/')}` : ''}`;
      walk(tree, doc.data, [], (path, message) => out.push(`${where}: ${path.join('.')}: ${message}`));
      if (out.length >= limit) return out.slice(0, limit);
    }
  }
  return out;
}

function walk(tree: ConfigTypeTree, value: unknown, path: string[], report: (path: string[], message: string) => void): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const record = value as Record<string, unknown>;
  for (const [key, entry] of Object.entries(tree)) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    if ('group' in entry) walk(entry.group, record[key], [...path, key], report);
    else for (const problem of typeProblems(record[key], entry, [], { noun: 'value' })) report([...path, key, ...problem.path.map(String)], problem.message);
  }
}
