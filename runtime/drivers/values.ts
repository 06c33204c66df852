/**
 * JSON-only values (part of the driver contract): validation with a copy in one pass, deep equality and default merging.
 * Config validates every write here, so drivers only ever see plain, acyclic JSON.
 */
import type { JsonObject, JsonValue } from '../contract/json.js';

/** True for `{}`-style objects (prototype Object.prototype or null); false for arrays and class instances. */
export function isPlainObject(value: unknown): value is JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'bigint') return `the bigint ${value}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
  return ctor ? `an instance of ${ctor}` : 'a non-plain object';
}

function fail(where: string, inner: string[], what: string): never {
  const at = inner.length > 0 ? ` at ${inner.join('.')}` : '';
  throw new TypeError(`Config values must be JSON; the value written to ${where} holds ${what}${at}`);
}

/**
 * Returns a deep copy of `value`, or throws a TypeError naming `where` (the path being written) and the
 * offending place inside the value: Map, Set, class instances, NaN, Infinity, bigint, functions,
 * undefined, symbols and cycles are all rejected.
 */
export function copyJson(value: unknown, where: string): JsonValue {
  const ancestors = new Set<object>();
  const inner: string[] = [];
  const walk = (v: unknown): JsonValue => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) fail(where, inner, describe(v));
      return v;
    }
    if (typeof v !== 'object') fail(where, inner, describe(v));
    if (ancestors.has(v)) fail(where, inner, 'a cycle (an object that contains itself)');
    if (Array.isArray(v)) {
      if (Object.getPrototypeOf(v) !== Array.prototype) fail(where, inner, describe(v));
      ancestors.add(v);
      const out: JsonValue[] = new Array(v.length);
      for (let i = 0; i < v.length; i++) {
        inner.push(String(i));
        if (!(i in v)) fail(where, inner, 'an empty array slot');
        out[i] = walk(v[i]);
        inner.pop();
      }
      ancestors.delete(v);
      return out;
    }
    if (!isPlainObject(v)) fail(where, inner, describe(v));
    if (Object.getOwnPropertySymbols(v).length > 0) fail(where, inner, 'a symbol-keyed property');
    ancestors.add(v);
    const out: JsonObject = {};
    for (const key of Object.keys(v)) {
      inner.push(key);
      const child = walk((v as Record<string, unknown>)[key]);
      // Assign with defineProperty so a key named "__proto__" stays data, as JSON.parse would keep it.
      Object.defineProperty(out, key, { value: child, enumerable: true, writable: true, configurable: true });
      inner.pop();
    }
    ancestors.delete(v);
    return out;
  };
  return walk(value);
}

/** A deep copy of a value already known to be JSON (cheaper than copyJson: no checks). */
export function cloneJson<T extends JsonValue | undefined>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cloneJson(v)) as T;
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, key, { value: cloneJson((value as JsonObject)[key]), enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}

/** Structural equality of two JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], bb[i])) return false;
    return true;
  }
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  for (const k of ak) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * `stored` deep-merged over `defaults`: stored wins, keys missing at any depth come from defaults,
 * stored keys with no default are kept. Returns a fresh copy; neither input is touched.
 */
export function mergeDefaults(defaults: JsonValue | undefined, stored: JsonValue | undefined): JsonValue | undefined {
  if (stored === undefined) return cloneJson(defaults);
  if (!isPlainObject(stored) || !isPlainObject(defaults)) return cloneJson(stored);
  const out = cloneJson(stored) as JsonObject;
  for (const key of Object.keys(defaults)) {
    const merged = mergeDefaults(defaults[key], Object.prototype.hasOwnProperty.call(stored, key) ? stored[key] : undefined);
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Follows `path` through plain objects; anything below a non-object (or an array) counts as missing. */
export function getAtPath(root: JsonValue | undefined, path: readonly string[]): JsonValue | undefined {
  let node = root;
  for (const part of path) {
    if (!isPlainObject(node) || !Object.prototype.hasOwnProperty.call(node, part)) return undefined;
    node = node[part];
  }
  return node;
}
