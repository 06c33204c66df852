/**
 * A config field's declared type (the manifest's `type`, `nullable`, `items`, `fields`) and the one check
 * of a value against it. The generator uses it for manifest defaults (`noun: 'default'`, durations as
 * manifest text); Config uses it on every write to a declared field (`noun: 'value'`, durations in
 * milliseconds), so a handler cannot store 1.5 in an `integer` or a name in a `snowflake`.
 *
 * Types and what a stored value must be:
 * - `string`: text. `boolean`: true/false. `number`: a finite number.
 * - `integer`: a whole number within ±(2^53−1); past that JavaScript rounds (2**63 reads back as
 *   9223372036854776000), so larger counters use `bigint`.
 * - `bigint`: a whole number of any size, stored as its decimal text (`"9223372036854775808"`); writes
 *   take a JavaScript bigint, a safe integer or decimal text.
 * - `duration`: whole milliseconds, not negative.
 * - `snowflake`: a Discord id, a string of up to 20 digits (a number loses precision and is refused).
 * - `array` of `items`; `object` with exactly its `fields`.
 * `null` only where `nullable: true`.
 */
import type { ConfigTypeTree, ConfigValueType } from '../contract/spec.js';

export type { ConfigTypeTree, ConfigValueType };

export type ValuePath = readonly (string | number)[];

export interface TypeProblem {
  /** Where inside the checked value (relative to the path given). */
  path: ValuePath;
  message: string;
  /** The problem is an unexpected key (a manifest reports it at the key). */
  key?: boolean;
}

export interface TypeCheckOptions {
  /** How the value is named in messages: `default` (a manifest) or `value` (a write). */
  noun: string;
  /** Checks a `duration` (the manifest writes `30s`; a write holds milliseconds). */
  duration?: (value: unknown, at: ValuePath) => TypeProblem[];
}

const SNOWFLAKE = /^\d{1,20}$/;
const DECIMAL = /^-?\d+$/;

function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Every place where `value` does not fit `type` (empty when it fits). */
export function typeProblems(value: unknown, type: ConfigValueType, at: ValuePath, options: TypeCheckOptions): TypeProblem[] {
  const { noun } = options;
  const shown = show(value);
  const mismatch = (expected: string, hint = ''): TypeProblem[] => [{ path: at, message: `${noun} ${shown} does not match type \`${expected}\`${hint}` }];
  if (value === null) return type.nullable ? [] : [{ path: at, message: `null is not allowed here (the type is \`${type.type}\`, not nullable)` }];
  switch (type.type) {
    case 'string':
      return typeof value === 'string' ? [] : mismatch('string');
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
        return mismatch('integer', ' (past 2^53−1 whole numbers lose precision; use type `bigint`)');
      }
      return typeof value === 'number' && Number.isSafeInteger(value) ? [] : mismatch('integer');
    case 'bigint':
      if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && DECIMAL.test(value))) return [];
      return mismatch('bigint', ' (a whole number, as a bigint or decimal text)');
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? [] : mismatch('number');
    case 'boolean':
      return typeof value === 'boolean' ? [] : mismatch('boolean');
    case 'duration':
      if (options.duration) return options.duration(value, at);
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? [] : mismatch('duration', ' (whole milliseconds, not negative)');
    case 'snowflake':
      if (typeof value === 'number' || typeof value === 'bigint') return [{ path: at, message: `snowflake ${noun} ${shown} must be a quoted string of digits (large numbers lose precision)` }];
      return typeof value === 'string' && SNOWFLAKE.test(value) ? [] : mismatch('snowflake (a string of digits)');
    case 'array':
      if (!Array.isArray(value)) return mismatch('array');
      return type.items ? value.flatMap((item, i) => typeProblems(item, type.items!, [...at, i], options)) : [];
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return mismatch('object');
      const fields = type.fields ?? {};
      const record = value as Record<string, unknown>;
      const out: TypeProblem[] = [];
      for (const key of Object.keys(record)) {
        if (!Object.prototype.hasOwnProperty.call(fields, key)) out.push({ path: [...at, key], message: `${noun} has \`${key}\`, which is not among the object's fields`, key: true });
      }
      for (const [key, field] of Object.entries(fields)) {
        if (!Object.prototype.hasOwnProperty.call(record, key)) out.push({ path: at, message: `${noun} is missing the field \`${key}\`` });
        else out.push(...typeProblems(record[key], field, [...at, key], options));
      }
      return out;
    }
  }
}

/**
 * The value as stored: every `bigint` field (also inside arrays and objects) turned into decimal text;
 * anything else as given. Call after `typeProblems` found nothing.
 */
export function storedForm(value: unknown, type: ConfigValueType): unknown {
  if (value === null || value === undefined) return value;
  switch (type.type) {
    case 'bigint':
      // Canonical decimal text: "007" is stored as "7", "-0" as "0", so equal numbers compare equal.
      return typeof value === 'bigint' || typeof value === 'number' || typeof value === 'string' ? BigInt(value).toString() : value;
    case 'array':
      return Array.isArray(value) && type.items ? value.map((item) => storedForm(item, type.items!)) : value;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value) || !type.fields) return value;
      const fields = type.fields;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = fields[key] ? storedForm(item, fields[key]) : item;
      return out;
    }
    default:
      return value;
  }
}

/** What the tree declares at `path`: a field's type, a group, or nothing. */
export function declaredAt(tree: ConfigTypeTree | undefined, path: readonly string[]): { field: ConfigValueType; inner: string[] } | { group: ConfigTypeTree } | undefined {
  let node: ConfigTypeTree | undefined = tree;
  for (let i = 0; i < path.length; i++) {
    const entry: ConfigValueType | { group: ConfigTypeTree } | undefined = node && Object.prototype.hasOwnProperty.call(node, path[i]!) ? node[path[i]!] : undefined;
    if (entry === undefined) return undefined;
    if ('group' in entry) node = entry.group;
    else return { field: entry, inner: path.slice(i + 1) };
  }
  return node ? { group: node } : undefined;
}

/** The type of the part of a field's value at `inner` (an object's field, an array's item), if declared. */
export function innerType(type: ConfigValueType, inner: readonly string[]): ConfigValueType | undefined {
  let current: ConfigValueType | undefined = type;
  for (const part of inner) {
    if (!current) return undefined;
    if (current.type === 'array') current = /^\d+$/.test(part) ? current.items : undefined;
    else if (current.type === 'object') current = current.fields?.[part];
    else return undefined;
  }
  return current;
}
