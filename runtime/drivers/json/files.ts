/**
 * The json driver's file format: one pretty-printed file per namespace, `<cog>.<identifier>.json`,
 * holding exactly a NamespaceExport plus a format tag. Loading checks the shape and names the file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JsonObject } from '../../contract/json.js';
import { CorruptDataError } from '../errors.js';
import { isPlainObject } from '../values.js';
import type { Namespace, NamespaceExport } from '../types.js';

export const FORMAT = 'cogsmith-config/1';

/** The file name of a namespace: characters outside [A-Za-z0-9_-] in the cog name are hex-escaped. */
export function fileNameOf(ns: Namespace): string {
  const safe = ns.cogName.replace(/[^A-Za-z0-9_-]/g, (c) => `~${c.codePointAt(0)!.toString(16)}~`);
  return `${safe}.${ns.identifier}.json`;
}

/** The human-readable text stored for a namespace. */
export function serialize(data: NamespaceExport): string {
  return JSON.stringify({ format: FORMAT, namespace: data.namespace, keyCounts: data.keyCounts, data: data.data }, null, 2) + '\n';
}

/** Parses a file's text; throws a plain Error saying what is wrong with it. */
export function parse(text: string): NamespaceExport {
  const value: unknown = JSON.parse(text);
  if (!isPlainObject(value)) throw new Error('the top level is not an object');
  if (value.format !== FORMAT) throw new Error(`unknown format ${JSON.stringify(value.format)} (expected "${FORMAT}")`);
  const ns = value.namespace;
  if (!isPlainObject(ns) || typeof ns.cogName !== 'string' || typeof ns.identifier !== 'string') throw new Error('"namespace" must be { cogName, identifier }');
  if (!isPlainObject(value.keyCounts) || !isPlainObject(value.data)) throw new Error('"keyCounts" and "data" must be objects');
  const keyCounts: Record<string, number> = {};
  for (const [scope, count] of Object.entries(value.keyCounts)) {
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) throw new Error(`keyCounts.${scope} is not a key count`);
    keyCounts[scope] = count;
  }
  return { namespace: { cogName: ns.cogName, identifier: ns.identifier }, keyCounts, data: value.data as JsonObject };
}

/** Reads and parses one file, or throws CorruptDataError naming it and its last good copy. */
export async function loadFile(folder: string, name: string): Promise<NamespaceExport> {
  const file = join(folder, name);
  const backup = `${file}.bak`;
  let problem: string;
  try {
    return parse(await readFile(file, 'utf8'));
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  let backupState: string;
  try {
    parse(await readFile(backup, 'utf8'));
    backupState = `The last good copy is ${backup}: check it, copy it over ${file}, and start again.`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    backupState = code === 'ENOENT'
      ? `There is no last good copy (${backup} does not exist): repair ${file} by hand.`
      : `The last good copy ${backup} cannot be used either (${error instanceof Error ? error.message : String(error)}): repair ${file} by hand.`;
  }
  throw new CorruptDataError(`The config data file ${file} cannot be read (${problem}). It was left untouched and start-up stopped. ${backupState}`);
}
