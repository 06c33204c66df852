/**
 * Checks of the `config:` block beyond the schema: each default matches its declared type, `items` and
 * `fields` appear exactly where their type needs them, and no key shadows a Config API member.
 */
import { CONFIG_SCOPES } from '../../runtime/contract/enums.js';
import type { LoadedManifest } from '../load.js';
import type { ConfigFieldManifest, ConfigGroupManifest, ConfigTypeManifest } from '../manifest.js';
import { manifestDuration } from '../model/duration.js';
import { pascalCase, RESERVED_CONFIG_KEYS } from '../names.js';
import type { ManifestPath, ProblemList, Report } from '../problems.js';
import { typeProblems, type TypeProblem, type ValuePath } from '../../runtime/config/value-types.js';

/** True when a config map entry is a field (a map with a string `type`), false for a nested group. */
export function isConfigField(entry: unknown): entry is ConfigFieldManifest {
  return typeof entry === 'object' && entry !== null && typeof (entry as { type?: unknown }).type === 'string';
}

/** A group's entries (fields and nested groups), without its `renamedFrom`. */
export function configEntries(group: ConfigGroupManifest): [string, ConfigFieldManifest | ConfigGroupManifest][] {
  return Object.entries(group).filter((entry): entry is [string, ConfigFieldManifest | ConfigGroupManifest] => entry[0] !== 'renamedFrom' && typeof entry[1] === 'object' && entry[1] !== null);
}

const SCOPES = CONFIG_SCOPES;
const JS_RESERVED = new Set(['break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'await', 'group']);

/** Checks the config block of every manifest. */
export function checkConfig(cogs: readonly LoadedManifest[], problems: ProblemList): void {
  for (const cog of cogs) {
    const config = cog.manifest.config;
    if (!config) continue;
    const err: Report = (path, message, key = false) => problems.error(cog.file, cog.locate, path, message, { key });
    for (const scope of SCOPES) {
      const group = config[scope];
      if (group) checkGroup(group, ['config', scope], err);
    }
    for (const [name, custom] of Object.entries(config.custom ?? {})) {
      const at = ['config', 'custom', name];
      const seen = new Set<string>();
      custom.keys.forEach((key, i) => {
        if (seen.has(key)) err([...at, 'keys', i], `key name \`${key}\` is used twice`);
        if (JS_RESERVED.has(key)) err([...at, 'keys', i], `key name \`${key}\` is a reserved word in TypeScript; choose another`);
        seen.add(key);
      });
      checkGroup(custom.fields, [...at, 'fields'], err);
    }
  }
}

function checkGroup(group: ConfigGroupManifest, at: ManifestPath, err: Report): void {
  const typeNames = new Map<string, string>();
  for (const [key, entry] of configEntries(group)) {
    const path = [...at, key];
    checkKey(key, path, err);
    if (isConfigField(entry)) {
      checkType(entry, path, err);
      if (entry.default === null && entry.nullable !== true) {
        err([...path, 'default'], 'default is null but the field is not `nullable: true`');
      } else {
        for (const problem of valueProblems(entry.default, entry, [...path, 'default'])) err(problem.path, problem.message, problem.key);
      }
    } else {
      // Nested groups become interfaces named after their path; two keys must not collapse into one name.
      const typeName = pascalCase(key);
      const clash = typeNames.get(typeName);
      if (clash !== undefined) err(path, `groups \`${clash}\` and \`${key}\` would both generate the type name \`${typeName}\`; rename one`, true);
      typeNames.set(typeName, key);
      checkGroup(entry, path, err);
    }
  }
}

function checkKey(key: string, path: ManifestPath, err: Report): void {
  if (RESERVED_CONFIG_KEYS.includes(key)) {
    err(path, `config key \`${key}\` is reserved by the Config API (it would shadow \`${key}()\`); choose another name`, true);
  }
}

/**
 * `items` only (and always) for arrays, `fields` only (and always) for objects, recursively. Object fields
 * of stored values must not shadow a Config API name; a job payload's (`configApi: false`) may.
 */
export function checkType(type: ConfigTypeManifest, at: ManifestPath, err: Report, options: { configApi?: boolean } = {}): void {
  const { configApi = true } = options;
  if (type.type === 'array') {
    if (!type.items) err(at, 'type `array` needs `items` (the type of its elements)');
  } else if (type.items) err([...at, 'items'], '`items` applies to type `array` only', true);
  if (type.type === 'object') {
    if (!type.fields) err(at, `type \`object\` needs \`fields\`${configApi ? ' (use a nested group for open-ended data)' : ''}`);
  } else if (type.fields) err([...at, 'fields'], '`fields` applies to type `object` only', true);
  if (type.items) checkType(type.items, [...at, 'items'], err, options);
  for (const [name, field] of Object.entries(type.fields ?? {})) {
    if (configApi) checkKey(name, [...at, 'fields', name], err);
    checkType(field, [...at, 'fields', name], err, options);
  }
}

/** Every place where a default does not fit `type` (empty when it fits); durations are manifest text (`30s`). */
export function valueProblems(value: unknown, type: ConfigTypeManifest, at: ManifestPath): TypeProblem[] {
  return typeProblems(value, type, at, { noun: 'default', duration: manifestDurationProblems });
}

function manifestDurationProblems(value: unknown, at: ValuePath): TypeProblem[] {
  // Written with a unit (`30s`) or `0`; stored in milliseconds (generator/model/duration.ts).
  const ms = manifestDuration(value, 'default');
  return typeof ms === 'number' ? [] : [{ path: at, message: ms.error }];
}
