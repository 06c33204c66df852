/**
 * The well-formed part of a manifest that failed the schema, so the checks of meaning (a command declared
 * twice, a required option after an optional one) run in the same `generate` as the schema pass and every
 * problem is reported at once.
 *
 * Decisions:
 * - What is left out is the smallest entry holding an error: an item of a list (a command, an option, a
 *   check), an entry of a map (a config field or group, a custom group, a payload field), or an optional
 *   map (`cooldown`, `allowedMentions`: left out, it reads as not declared). A bad value is not cut out
 *   of its entry alone: a wrong `required: "no"` left out would read as `required: true` and give a false
 *   "required after optional". Outside any entry (a top-level key such as
 *   `identifier`, or `config.forceRegistration`) the bad key itself is left out; the top-level keys the
 *   schema requires may then be missing, and the checks allow for that.
 * - Left-out list items do not renumber what follows: `toOriginal` maps a path in the result back to the
 *   path in the file, so every later problem is still reported at its own line and column.
 * - The result is validated again until it passes (leaving out an entry can break a `minItems` above it);
 *   a manifest that is not a map at all has no well-formed part.
 * - A check that looks up something left out (a converter, a custom group) may report it as undeclared;
 *   the schema error beside it says why.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { pointerSegments } from '../runtime/support/yaml-source.js';
import type { ManifestPath } from './problems.js';

/** A manifest's well-formed part and the way back to positions in the file. */
export interface WellFormedPart {
  value: Record<string, unknown>;
  /** Maps a path in `value` to the same place in the original manifest. */
  toOriginal(path: ManifestPath): ManifestPath;
}

type SchemaNode = {
  $ref?: string;
  anyOf?: SchemaNode[];
  if?: SchemaNode;
  then?: SchemaNode;
  else?: SchemaNode;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  required?: string[];
  definitions?: Record<string, SchemaNode>;
};

const MAX_ROUNDS = 8;
const conditions = new WeakMap<SchemaNode, ValidateFunction>();
const ajv = new Ajv({ strict: false });

/** The well-formed part of `value`, or undefined when it has none (not a map). `validate` is the schema's validator. */
export function wellFormedPart(value: unknown, validate: ValidateFunction, schema: object): WellFormedPart | undefined {
  if (!isMap(value)) return undefined;
  const drops = new Set<string>();
  let part = pruned(value, drops);
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    if (validate(part.value)) return part;
    const errors = (validate.errors ?? []).filter((e) => !(e.keyword === 'required' && e.instancePath === ''));
    if (errors.length === 0) return part;
    for (const error of errors) drops.add(key(part.toOriginal(entryOf(errorPath(error), part.value, schema as SchemaNode))));
    part = pruned(value, drops);
  }
  return undefined;
}

/** Where the error is: for an unknown or badly named key, the key itself. */
function errorPath(error: ErrorObject): string[] {
  const path = pointerSegments(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return [...path, String(params.additionalProperty)];
  if (error.keyword === 'propertyNames') return [...path, String(params.propertyName)];
  return path;
}

/** The smallest entry (list item or map entry) holding `path`, or `path` itself outside any entry. */
function entryOf(path: readonly string[], root: unknown, schema: SchemaNode): ManifestPath {
  const steps: (string | number)[] = [];
  let entry: ManifestPath | undefined;
  let node: SchemaNode | undefined = schema;
  let data: unknown = root;
  for (const segment of path) {
    node = node && branchFor(resolve(node, schema), segment, data, schema);
    if (Array.isArray(data)) {
      steps.push(Number(segment));
      entry = [...steps];
      node = node?.items;
    } else {
      steps.push(segment);
      const fixed = node?.properties?.[segment];
      if (fixed) {
        // An optional map (`cooldown`, `allowedMentions`, `config`) left out reads as not declared.
        if (isMap(data) && isMap(data[segment]) && !(node?.required ?? []).includes(segment)) entry = [...steps];
        node = fixed;
      } else {
        // An entry of a map, or a key the schema does not allow.
        entry = [...steps];
        node = typeof node?.additionalProperties === 'object' ? node.additionalProperties : undefined;
      }
    }
    data = isMap(data) || Array.isArray(data) ? (data as Record<string, unknown>)[segment] : undefined;
  }
  return entry ?? steps;
}

/** The schema a value is checked against at this node: through `$ref`, the `if` branch it takes, the `anyOf` branch with this key. */
function branchFor(node: SchemaNode, segment: string, data: unknown, root: SchemaNode): SchemaNode {
  let current = node;
  if (current.if && (current.then || current.else)) {
    const condition = conditions.get(current.if) ?? ajv.compile(current.if);
    conditions.set(current.if, condition);
    current = resolve((condition(data) ? current.then : current.else) ?? {}, root);
  }
  if (current.anyOf) {
    const branches = current.anyOf.map((b) => resolve(b, root));
    current =
      branches.find((b) => (Array.isArray(data) ? b.items !== undefined : b.properties?.[segment] !== undefined)) ??
      branches.find((b) => typeof b.additionalProperties === 'object') ??
      current;
  }
  return current;
}

function resolve(node: SchemaNode, root: SchemaNode): SchemaNode {
  let current = node;
  for (let hops = 0; current.$ref?.startsWith('#/definitions/') && hops < 16; hops += 1) {
    current = root.definitions?.[current.$ref.slice('#/definitions/'.length)] ?? {};
  }
  return current;
}

/** `value` without the dropped paths (original coordinates), and the way back from its paths. */
function pruned(value: Record<string, unknown>, drops: ReadonlySet<string>): WellFormedPart {
  const kept = new Map<string, number[]>();
  const copy = (node: unknown, path: (string | number)[]): unknown => {
    if (Array.isArray(node)) {
      const indices: number[] = [];
      const items: unknown[] = [];
      node.forEach((item, i) => {
        if (drops.has(key([...path, i]))) return;
        indices.push(i);
        items.push(copy(item, [...path, i]));
      });
      if (indices.length !== node.length) kept.set(key(path), indices);
      return items;
    }
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(node)) if (!drops.has(key([...path, k]))) out[k] = copy(v, [...path, k]);
      return out;
    }
    return node;
  };
  const toOriginal = (path: ManifestPath): ManifestPath => {
    const original: (string | number)[] = [];
    for (const segment of path) {
      const indices = kept.get(key(original));
      const index = indices && /^\d+$/.test(String(segment)) ? indices[Number(segment)] : undefined;
      original.push(index ?? segment);
    }
    return original;
  };
  return { value: copy(value, []) as Record<string, unknown>, toOriginal };
}

function key(path: ManifestPath): string {
  return JSON.stringify(path.map(String));
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
