/**
 * Reading and deleting what a cog has stored about one user, scope by scope. The generated
 * `user-data.ts` of each cog calls these with what its manifest's `userData` declares.
 *
 * They work on stored documents only (never registered defaults): an export shows exactly what is kept,
 * and a deletion removes whole documents, so nothing about the user is left in a half-cleared document.
 */
import type { JsonObject, JsonValue } from '../contract/spec.js';
import type { Config } from '../config/base.js';
import { isPlainObject } from '../config/base.js';

/** One stored document of a custom group, with its primary keys by name. */
export interface CustomDocument {
  keys: Record<string, string>;
  document: JsonValue;
}

function read(config: Config, scope: string, keyCount: number, primaryKeys: string[]): Promise<JsonValue | undefined> {
  return config.store().get(config.namespace, { scope, keyCount, primaryKeys, path: [] });
}

function clear(config: Config, scope: string, keyCount: number, primaryKeys: string[]): Promise<void> {
  return config.store().clear(config.namespace, { scope, keyCount, primaryKeys, path: [] });
}

/** The user's stored USER document, or null. */
export async function exportUserDocument(config: Config, userId: string): Promise<JsonValue> {
  return (await read(config, 'USER', 1, [userId])) ?? null;
}

/** Removes the user's USER document. */
export async function deleteUserDocument(config: Config, userId: string): Promise<void> {
  await clear(config, 'USER', 1, [userId]);
}

/** The user's stored MEMBER documents: `{ [guildId]: document }`. */
export async function exportMemberDocuments(config: Config, userId: string): Promise<JsonObject> {
  const all = await read(config, 'MEMBER', 2, []);
  const out: JsonObject = {};
  if (!isPlainObject(all)) return out;
  for (const [guildId, members] of Object.entries(all)) {
    if (isPlainObject(members) && members[userId] !== undefined) out[guildId] = members[userId]!;
  }
  return out;
}

/** Removes the user's MEMBER document in every guild. */
export async function deleteMemberDocuments(config: Config, userId: string): Promise<void> {
  for (const guildId of Object.keys(await exportMemberDocuments(config, userId))) await clear(config, 'MEMBER', 2, [guildId, userId]);
}

/** Every stored document of a custom group, with its keys (walks the nested `{ key1: { key2: doc } }` tree). */
async function customDocuments(config: Config, group: string, keyNames: readonly string[]): Promise<CustomDocument[]> {
  const tree = await read(config, group, keyNames.length, []);
  const out: CustomDocument[] = [];
  const walk = (node: JsonValue | undefined, depth: number, keys: string[]) => {
    if (depth === keyNames.length) {
      if (node !== undefined) out.push({ keys: Object.fromEntries(keyNames.map((name, i) => [name, keys[i]!])), document: node });
      return;
    }
    if (!isPlainObject(node)) return;
    for (const [key, child] of Object.entries(node)) walk(child, depth + 1, [...keys, key]);
  };
  walk(tree, 0, []);
  // Drivers keep keys in different orders (jsonb sorts them): sort so an export reads the same on each.
  const order = (d: CustomDocument) => JSON.stringify(keyNames.map((name) => d.keys[name]));
  return out.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}

function fieldAt(document: JsonValue, path: readonly string[]): JsonValue | undefined {
  let node: JsonValue | undefined = document;
  for (const part of path) node = isPlainObject(node) ? node[part] : undefined;
  return node;
}

/** Ids compare as strings: a field may hold the id as a string or (in old data) as a number. */
const sameId = (value: JsonValue | undefined, userId: string) => (typeof value === 'string' || typeof value === 'number') && String(value) === userId;

/** Documents of a custom group whose primary key `userKey` is the user. */
export async function exportCustomByKey(config: Config, group: string, keyNames: readonly string[], userKey: string, userId: string): Promise<CustomDocument[]> {
  return (await customDocuments(config, group, keyNames)).filter((d) => d.keys[userKey] === userId);
}

/** Documents of a custom group whose field at `fieldPath` holds the user id. */
export async function exportCustomByField(config: Config, group: string, keyNames: readonly string[], fieldPath: readonly string[], userId: string): Promise<CustomDocument[]> {
  return (await customDocuments(config, group, keyNames)).filter((d) => sameId(fieldAt(d.document, fieldPath), userId));
}

async function deleteDocuments(config: Config, group: string, keyNames: readonly string[], documents: readonly CustomDocument[]): Promise<void> {
  for (const d of documents) await clear(config, group, keyNames.length, keyNames.map((name) => d.keys[name]!));
}

/** Removes the documents of a custom group whose primary key `userKey` is the user. */
export async function deleteCustomByKey(config: Config, group: string, keyNames: readonly string[], userKey: string, userId: string): Promise<void> {
  // The user's key first: a partial group removes everything under it at once.
  if (keyNames[0] === userKey) return clear(config, group, keyNames.length, [userId]);
  await deleteDocuments(config, group, keyNames, await exportCustomByKey(config, group, keyNames, userKey, userId));
}

/** Removes the documents of a custom group whose field at `fieldPath` holds the user id. */
export async function deleteCustomByField(config: Config, group: string, keyNames: readonly string[], fieldPath: readonly string[], userId: string): Promise<void> {
  await deleteDocuments(config, group, keyNames, await exportCustomByField(config, group, keyNames, fieldPath, userId));
}

/** CustomDocument[] as JSON for an export. */
export function documentsJson(documents: readonly CustomDocument[]): JsonValue {
  return documents.map((d) => ({ keys: d.keys, document: d.document }));
}
