/**
 * The `config:` block as the model needs it twice: registered defaults (ConfigSpec, what the runtime
 * registers) and a tree of groups and typed fields (what the config emitter turns into interfaces).
 */
import type { ConfigSpec, ConfigTypeTree, ConfigValueType, JsonObject, JsonValue } from '../../runtime/contract/spec.js';
import { configEntries, isConfigField } from '../checks/config.js';
import type { ConfigFieldManifest, ConfigGroupManifest, ConfigManifest, ConfigTypeManifest } from '../manifest.js';
import { pascalCase } from '../names.js';
import { manifestDuration } from './duration.js';


import { CONFIG_SCOPES, type ConfigScopeName } from '../../runtime/contract/enums.js';

export { CONFIG_SCOPES };
export type ConfigScope = ConfigScopeName;

/** A group of the typed tree: its generated type names and its children. */
export interface GroupModel {
  /** e.g. `GeneralGuildSettings`; the emitter appends `Data` and `Group`. */
  typeName: string;
  /** Manifest path of the group, for messages. */
  at: (string | number)[];
  children: (FieldModel | ChildGroupModel)[];
}

export interface ChildGroupModel {
  kind: 'group';
  key: string;
  group: GroupModel;
}

export interface FieldModel {
  kind: 'field';
  key: string;
  /** The TypeScript type of the stored value, e.g. `string`, `number[]`, `{ id: string; at: number } | null`. */
  tsType: string;
  description?: string;
  configType: ConfigFieldManifest['type'];
}

export interface ConfigModel {
  scopes: { scope: ConfigScope; group: GroupModel }[];
  custom: { name: string; keys: string[]; group: GroupModel }[];
}

/**
 * Registered defaults and declared types of every declared scope and custom group, and whether unknown
 * names are errors (`forceRegistration`, written only when the manifest opts out).
 */
export function buildConfigSpec(config: ConfigManifest | undefined): ConfigSpec {
  const spec: Partial<ConfigSpec> = {};
  const types: NonNullable<ConfigSpec['types']> = {};
  for (const scope of CONFIG_SCOPES) {
    const group = config?.[scope];
    if (!group) continue;
    spec[scope] = defaultsOf(group);
    types[scope] = typesOf(group);
  }
  spec.custom = {};
  for (const name of Object.keys(config?.custom ?? {}).sort()) {
    const custom = config!.custom![name]!;
    spec.custom[name] = { keys: [...custom.keys], defaults: defaultsOf(custom.fields), types: typesOf(custom.fields) };
  }
  if (Object.keys(types).length > 0) spec.types = types;
  if (config?.forceRegistration === false) spec.forceRegistration = false;
  return spec as ConfigSpec;
}

function typesOf(group: ConfigGroupManifest): ConfigTypeTree {
  const out: ConfigTypeTree = {};
  for (const [key, entry] of configEntries(group)) out[key] = isConfigField(entry) ? valueType(entry) : { group: typesOf(entry) };
  return out;
}

/** A field's type without its default, description and migration marks. */
function valueType(type: ConfigTypeManifest): ConfigValueType {
  return {
    type: type.type,
    ...(type.nullable ? { nullable: true } : {}),
    ...(type.items ? { items: valueType(type.items) } : {}),
    ...(type.fields ? { fields: Object.fromEntries(Object.entries(type.fields).map(([key, field]) => [key, valueType(field)])) } : {}),
  };
}

function defaultsOf(group: ConfigGroupManifest): JsonObject {
  const out: JsonObject = {};
  for (const [key, entry] of configEntries(group)) {
    out[key] = isConfigField(entry) ? registeredValue(entry.default, entry) : defaultsOf(entry);
  }
  return out;
}

/**
 * A default as the runtime registers it: a copy, with every `duration` (also inside arrays and objects)
 * turned from its manifest text (`30s`) into milliseconds (30000) and every `bigint` into decimal text. The checks refused anything else. Code
 * that compares or writes defaults (migrations) uses this, never the manifest's text.
 */
export function registeredValue(value: unknown, type: ConfigTypeManifest): JsonValue {
  if (value === null || value === undefined) return null;
  switch (type.type) {
    case 'duration': {
      const ms = manifestDuration(value, 'default');
      return typeof ms === 'number' ? ms : null;
    }
    case 'bigint':
      return typeof value === 'number' || typeof value === 'bigint' ? BigInt(value).toString() : (structuredClone(value) as JsonValue);
    case 'array':
      return Array.isArray(value) && type.items ? value.map((item) => registeredValue(item, type.items!)) : (structuredClone(value) as JsonValue);
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return structuredClone(value) as JsonValue;
      const fields = type.fields ?? {};
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fields[key] ? registeredValue(item, fields[key]) : (structuredClone(item) as JsonValue)]));
    }
    default:
      return structuredClone(value) as JsonValue;
  }
}

/** The typed tree; `prefix` is the cog's PascalCase name. */
export function buildConfigModel(config: ConfigManifest | undefined, prefix: string): ConfigModel {
  const scopes = CONFIG_SCOPES.filter((scope) => config?.[scope]).map((scope) => ({
    scope,
    group: groupModel(config![scope]!, `${prefix}${pascalCase(scope)}`, ['config', scope]),
  }));
  const custom = Object.keys(config?.custom ?? {})
    .sort()
    .map((name) => {
      const manifest = config!.custom![name]!;
      return { name, keys: [...manifest.keys], group: groupModel(manifest.fields, `${prefix}Custom${pascalCase(name)}`, ['config', 'custom', name, 'fields']) };
    });
  return { scopes, custom };
}

function groupModel(group: ConfigGroupManifest, typeName: string, at: (string | number)[]): GroupModel {
  return {
    typeName,
    at,
    children: configEntries(group).map(([key, entry]) =>
      isConfigField(entry)
        ? { kind: 'field' as const, key, tsType: tsTypeOf(entry), configType: entry.type, ...(entry.description ? { description: entry.description } : {}) }
        : { kind: 'group' as const, key, group: groupModel(entry, `${typeName}${pascalCase(key)}`, [...at, key]) },
    ),
  };
}

/** Every group of the tree (depth first), for emitting one interface pair each. */
export function allGroups(group: GroupModel): GroupModel[] {
  return [group, ...group.children.flatMap((child) => (child.kind === 'group' ? allGroups(child.group) : []))];
}

/** The TypeScript type of a config value. `duration` is milliseconds (a `number`); `snowflake` and `bigint` strings of digits. */
export function tsTypeOf(type: ConfigTypeManifest): string {
  let base: string;
  switch (type.type) {
    case 'string':
    case 'snowflake':
    case 'bigint':
      base = 'string';
      break;
    case 'integer':
    case 'number':
    case 'duration':
      base = 'number';
      break;
    case 'boolean':
      base = 'boolean';
      break;
    case 'array': {
      const item = type.items ? tsTypeOf(type.items) : 'unknown';
      base = item.includes('|') ? `(${item})[]` : `${item}[]`;
      break;
    }
    case 'object': {
      const fields = Object.entries(type.fields ?? {}).map(([key, field]) => `${key}: ${tsTypeOf(field)}`);
      base = fields.length === 0 ? 'Record<string, never>' : `{ ${fields.join('; ')} }`;
      break;
    }
  }
  return type.nullable ? `${base} | null` : base;
}
