/**
 * Moves Config data between drivers (json → postgres, postgres → json, ...) with nothing lost: each
 * namespace is exported whole (custom groups and key counts included), imported as a replacement, and
 * read back to check it arrived identical. Running it again changes nothing.
 */
import type { ErrorCode } from '../contract/errors.js';
import type { ConfigDriver, Namespace, NamespaceExport } from '../drivers/types.js';
import { ConfigError } from './errors.js';
import { jsonEqual } from '../drivers/values.js';

export interface ConvertOptions {
  /** Only these namespaces (default: every namespace the source has). */
  namespaces?: Namespace[];
  /** Read each namespace back from the target and compare (default true). */
  verify?: boolean;
  /** Called after each namespace, for progress output. */
  onNamespace?: (result: NamespaceConversion) => void;
}

export interface NamespaceConversion {
  namespace: Namespace;
  /** scope → number of documents copied. */
  documents: Record<string, number>;
}

export interface ConversionSummary {
  from: string;
  to: string;
  namespaces: NamespaceConversion[];
  /** Documents copied over all namespaces and scopes. */
  documents: number;
}

/** Thrown when a converted namespace does not read back identical from the target. */
export class ConversionMismatchError extends ConfigError {
  static override readonly code: ErrorCode = 'CONFIG_CONVERSION_MISMATCH';
}

/** Counts documents per scope: a scope with key count k holds its documents k levels down. */
function countDocuments(exported: NamespaceExport): Record<string, number> {
  const count = (node: unknown, depth: number): number => {
    if (depth === 0) return 1;
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return 0;
    return Object.values(node).reduce<number>((sum, child) => sum + count(child, depth - 1), 0);
  };
  const out: Record<string, number> = {};
  for (const scope of Object.keys(exported.data)) out[scope] = count(exported.data[scope], exported.keyCounts[scope] ?? 0);
  return out;
}

/**
 * The export with key levels that hold no document removed (`{ MEMBER: { g: {} } }` stores nothing):
 * drivers that keep one row per document cannot represent them, and nothing is lost without them.
 */
function documentsOnly(exported: NamespaceExport): { keyCounts: Record<string, number>; data: Record<string, unknown> } {
  const prune = (node: unknown, depth: number): unknown => {
    if (depth === 0) return node;
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      const kept = prune(child, depth - 1);
      if (kept !== undefined) Object.defineProperty(out, key, { value: kept, enumerable: true, writable: true, configurable: true });
    }
    return Object.keys(out).length > 0 ? out : undefined;
  };
  const keyCounts: Record<string, number> = {};
  const data: Record<string, unknown> = {};
  for (const scope of Object.keys(exported.data)) {
    const kept = prune(exported.data[scope], exported.keyCounts[scope] ?? 0);
    if (kept === undefined) continue;
    data[scope] = kept;
    keyCounts[scope] = exported.keyCounts[scope] ?? 0;
  }
  return { keyCounts, data };
}

/** Copies every namespace (or `options.namespaces`) from `from` to `to`, replacing what `to` had for them. */
export async function convert(from: ConfigDriver, to: ConfigDriver, options: ConvertOptions = {}): Promise<ConversionSummary> {
  if (from === to) throw new TypeError('convert: the source and the target are the same driver');
  await from.open();
  await to.open();
  const namespaces = options.namespaces ?? (await from.namespaces());
  const summary: ConversionSummary = { from: from.kind, to: to.kind, namespaces: [], documents: 0 };
  for (const namespace of namespaces) {
    const exported = await from.exportNamespace(namespace);
    await to.importNamespace(exported);
    if (options.verify ?? true) {
      const want = documentsOnly(exported);
      const got = documentsOnly(await to.exportNamespace(namespace));
      if (!jsonEqual(got.data, want.data) || !jsonEqual(got.keyCounts, want.keyCounts)) {
        throw new ConversionMismatchError(`convert: ${to.kind} does not read back what was imported from ${from.kind}`, {
          cogName: namespace.cogName,
          identifier: namespace.identifier,
        });
      }
    }
    const result: NamespaceConversion = { namespace: { ...namespace }, documents: countDocuments(exported) };
    summary.namespaces.push(result);
    summary.documents += Object.values(result.documents).reduce((a, b) => a + b, 0);
    options.onNamespace?.(result);
  }
  return summary;
}
