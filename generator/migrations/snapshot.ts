/**
 * A cog's config schema as the differ compares it (`ConfigSnapshot`, runtime/contract/migrations.ts):
 * built from the manifest's `config:` block, written to `cogs/<cog>/migrations/snapshot.json` as stable
 * JSON (keys sorted, 2-space indent, a trailing newline) so a change shows as a small diff in review.
 *
 * Defaults are the registered values (`registeredValue`: a duration is its milliseconds), because that is
 * what stored data holds and what a `rewriteDefault` step compares with. `renamedFrom` and
 * `rewriteOldDefault` are instructions for one diff, not part of the schema, and are left out.
 */
import type { ConfigScopeName } from '../../runtime/contract/enums.js';
import type { JsonValue } from '../../runtime/contract/json.js';
import type { ConfigSnapshot, SnapshotField, SnapshotGroup, SnapshotType } from '../../runtime/contract/migrations.js';
import { canonicalJson } from '../../runtime/migrations/id.js';
import { configEntries, isConfigField } from '../checks/config.js';
import type { ConfigFieldManifest, ConfigGroupManifest, ConfigManifest, ConfigTypeManifest } from '../manifest.js';
import { CONFIG_SCOPES, registeredValue } from '../model/config.js';

/** Where a cog's snapshot lives, relative to the project root. */
export function snapshotPath(folder: string): string {
  return `cogs/${folder}/migrations/snapshot.json`;
}

/** What a snapshot is built from: the manifest's name, identifier and config block. */
export interface SnapshotSource {
  name: string;
  identifier: number;
  config?: ConfigManifest;
}

/** The snapshot of a manifest's config; `version` is the number of the newest migration written for it. */
export function buildSnapshot(source: SnapshotSource, version: number): ConfigSnapshot {
  const scopes: ConfigSnapshot['scopes'] = {};
  for (const scope of CONFIG_SCOPES) {
    const group = source.config?.[scope];
    if (group) scopes[scope] = snapshotGroup(group);
  }
  const custom: ConfigSnapshot['custom'] = {};
  for (const [name, group] of Object.entries(source.config?.custom ?? {})) {
    custom[name] = { keys: [...group.keys], fields: snapshotGroup(group.fields) };
  }
  return { format: 1, cog: source.name, identifier: source.identifier, version, scopes, custom };
}

/** The snapshot of one group of a manifest (a scope, a custom group's fields, a nested group). */
export function snapshotGroup(group: ConfigGroupManifest): SnapshotGroup {
  const entries: SnapshotGroup['entries'] = {};
  for (const [key, entry] of configEntries(group)) entries[key] = isConfigField(entry) ? snapshotField(entry) : snapshotGroup(entry);
  return { kind: 'group', entries };
}

/** The snapshot of one field: its type, nullability and registered default. */
export function snapshotField(field: ConfigFieldManifest): SnapshotField {
  return { kind: 'field', ...snapshotType(field), default: registeredValue(field.default, field) };
}

/** The type part of a field or of an item / object field type. */
export function snapshotType(type: ConfigTypeManifest): SnapshotType {
  const out: SnapshotType = { type: type.type, nullable: type.nullable === true };
  if (type.items) out.items = snapshotType(type.items);
  if (type.fields) out.fields = Object.fromEntries(Object.entries(type.fields).map(([key, field]) => [key, snapshotType(field)]));
  return out;
}

/** JSON with sorted keys, 2-space indent and a trailing newline: the text of snapshot.json. */
export function stableJson(value: unknown): string {
  return `${JSON.stringify(JSON.parse(canonicalJson(value)), null, 2)}\n`;
}

/** True when two JSON values are equal (key order ignored). */
export function sameJson(a: JsonValue | unknown, b: JsonValue | unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * Reads the text of a snapshot.json: the snapshot, or what is wrong with it (the caller names the file).
 * Only the shape the differ relies on is checked; the file is written by generate, not by hand.
 */
export function parseSnapshot(text: string): ConfigSnapshot | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `is not JSON (${(error as Error).message}); restore it from version control` };
  }
  const snapshot = value as Partial<ConfigSnapshot> | null;
  if (typeof snapshot !== 'object' || snapshot === null || Array.isArray(snapshot)) return { error: 'is not a JSON object' };
  if (snapshot.format !== 1) return { error: `has format ${JSON.stringify(snapshot.format)}; this generator reads format 1` };
  if (!Number.isSafeInteger(snapshot.version) || (snapshot.version as number) < 0) return { error: '`version` is not a whole number of at least 0' };
  if (typeof snapshot.scopes !== 'object' || snapshot.scopes === null) return { error: '`scopes` is not an object' };
  if (typeof snapshot.custom !== 'object' || snapshot.custom === null) return { error: '`custom` is not an object' };
  for (const scope of Object.keys(snapshot.scopes)) {
    if (!(CONFIG_SCOPES as readonly string[]).includes(scope)) return { error: `\`scopes\` has \`${scope}\`, which is not a config scope` };
    if (!isGroup(snapshot.scopes[scope as ConfigScopeName])) return { error: `\`scopes.${scope}\` is not a group` };
  }
  for (const [name, group] of Object.entries(snapshot.custom)) {
    if (!Array.isArray(group?.keys) || !isGroup(group.fields)) return { error: `\`custom.${name}\` needs \`keys\` and a \`fields\` group` };
  }
  return snapshot as ConfigSnapshot;
}

function isGroup(value: unknown): value is SnapshotGroup {
  const group = value as SnapshotGroup | undefined;
  if (group?.kind !== 'group' || typeof group.entries !== 'object' || group.entries === null) return false;
  return Object.values(group.entries).every((entry) => (entry.kind === 'field' ? typeof entry.type === 'string' : isGroup(entry)));
}
