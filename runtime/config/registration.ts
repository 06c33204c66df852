/**
 * Registered defaults of one scope: a tree where plain objects are Groups and every other value is a
 * Value's default. Registration validates and merges into a copy, so a failed call changes nothing.
 */
import type { JsonObject, JsonValue } from '../contract/json.js';
import { RegistrationConflictError, type ConfigLocation } from './errors.js';
import { cloneJson, copyJson, getAtPath, isPlainObject } from '../drivers/values.js';
import { checkName } from './keys.js';

export type NodeKind = 'group' | 'value';

/** Checks names at every depth and copies; throws TypeError for non-JSON, InvalidKeyError for bad names. */
function validateDefaults(defaults: unknown, at: ConfigLocation): JsonObject {
  const where = `the registered defaults of cog "${at.cogName}", scope ${at.scope}`;
  if (!isPlainObject(defaults)) throw new TypeError(`Registered defaults must be a plain object (${where})`);
  const copy = copyJson(defaults, where) as JsonObject;
  const walk = (node: JsonObject, path: string[]) => {
    for (const key of Object.keys(node)) {
      const childPath = [...path, key];
      checkName(key, { ...at, path: childPath });
      const child = node[key];
      if (isPlainObject(child)) walk(child, childPath);
    }
  };
  walk(copy, []);
  return copy;
}

function mergeInto(target: JsonObject, source: JsonObject, path: string[], at: ConfigLocation): void {
  for (const key of Object.keys(source)) {
    const incoming = source[key]!;
    const childPath = [...path, key];
    if (!Object.prototype.hasOwnProperty.call(target, key)) {
      Object.defineProperty(target, key, { value: incoming, enumerable: true, writable: true, configurable: true });
      continue;
    }
    const existing = target[key];
    const wasGroup = isPlainObject(existing);
    const isGroup = isPlainObject(incoming);
    if (wasGroup && isGroup) mergeInto(existing, incoming, childPath, at);
    else if (wasGroup !== isGroup) {
      throw new RegistrationConflictError(
        `Cannot register a ${isGroup ? 'Group' : 'Value'} at ${childPath.join('.')}: a ${wasGroup ? 'Group' : 'Value'} is already registered there`,
        { ...at, path: childPath },
      );
    } else target[key] = incoming; // a later leaf wins
  }
}

/** The registered defaults of every scope of one Config. */
export class Registry {
  private readonly scopes = new Map<string, JsonObject>();

  /** Deep-copies `defaults` and merges them into earlier registrations of `scope`. */
  register(scope: string, defaults: unknown, at: ConfigLocation): void {
    const incoming = validateDefaults(defaults, at);
    const next = cloneJson(this.scopes.get(scope) ?? {});
    mergeInto(next, incoming, [], at);
    this.scopes.set(scope, next);
  }

  /** Every scope's registered defaults as they are now (for `restore`). */
  snapshot(): ReadonlyMap<string, JsonObject> {
    return new Map(this.scopes);
  }

  /** Puts back what `snapshot` returned (registration never mutates a stored tree, so no copy is needed). */
  restore(snapshot: ReadonlyMap<string, JsonObject>): void {
    this.scopes.clear();
    for (const [scope, tree] of snapshot) this.scopes.set(scope, tree);
  }

  /** Forgets every registration. */
  clear(): void {
    this.scopes.clear();
  }

  /** The registered default at `path` (not a copy: callers copy), or undefined. */
  defaultAt(scope: string, path: readonly string[]): JsonValue | undefined {
    return getAtPath(this.scopes.get(scope) ?? {}, path);
  }

  /** Whether `path` is a registered Group, a registered Value, or neither. The scope root is a Group. */
  kindAt(scope: string, path: readonly string[]): NodeKind | undefined {
    if (path.length === 0) return 'group';
    const node = this.defaultAt(scope, path);
    if (node === undefined) return undefined;
    return isPlainObject(node) ? 'group' : 'value';
  }
}
