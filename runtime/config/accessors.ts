/**
 * Value and Group: callable objects (`await value()`) bound to one address. A Value is a function with
 * its members attached; a Group is a Proxy over one, so any other property name yields a child Value or
 * Group. `then` is never exposed, so awaiting a Group or Value by mistake does not call it.
 */
import type { JsonObject, JsonValue } from '../contract/json.js';
import type { Address, LockedAccess, Namespace } from '../drivers/types.js';
import type { CachedStore } from './cache.js';
import { ConfigError, ConfigValueTypeError, MissingKeyError, UnregisteredKeyError, describeLocation, type ConfigLocation } from './errors.js';
import { closeMatches } from '../commands/did-you-mean.js';
import type { ConfigTypeTree, ConfigValueType } from '../contract/spec.js';
import { declaredAt, innerType, storedForm, typeProblems } from './value-types.js';
import { cloneJson, copyJson, isPlainObject, jsonEqual, mergeDefaults } from '../drivers/values.js';
import { checkName, normalizeKey } from './keys.js';
import type { PathLock } from './lock.js';
import type { Registry } from './registration.js';
import type { AppendOptions, Group, Lock, Value } from './typed.js';

/** What a Value or Group needs from its Config. */
export interface AccessHost {
  readonly cogName: string;
  readonly namespace: Namespace;
  readonly forceRegistration: boolean;
  readonly registry: Registry;
  /** The manifest's declared field types of a scope or custom group (none for a Config made by hand). */
  typesOf(scope: string): ConfigTypeTree | undefined;
  store(): CachedStore;
  lockFor(at: Address): PathLock;
}

/** A Value as the runtime builds it: every member of the typed Value, untyped. */
export type RuntimeValue = Value<JsonValue> & {
  increment(delta?: number): Promise<number>;
  toggle(): Promise<boolean>;
  append(item: JsonValue, options?: AppendOptions): Promise<JsonValue[]>;
};
/** A Group as the runtime builds it; any other property is a child Group or Value. */
export interface RuntimeGroup extends Group<JsonObject> {
  increment(delta?: number): Promise<number>;
  toggle(): Promise<boolean>;
  append(item: JsonValue, options?: AppendOptions): Promise<JsonValue[]>;
  /** A child by a dynamic name: a RuntimeGroup or RuntimeValue, untyped like property access. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  getAttr(name: string): any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly [child: string]: any;
}

const GROUP_MEMBERS = new Set([
  'get', 'set', 'clear', 'all', 'update', 'getRaw', 'setRaw', 'clearRaw', 'getLock', 'getAttr',
  'increment', 'toggle', 'append', 'defaults',
]);

function where(host: AccessHost, at: Address): ConfigLocation {
  return { cogName: host.cogName, scope: at.scope, primaryKeys: at.primaryKeys, path: at.path };
}

/** A Value's read: the stored value, else `fallback`, else the registered default, else null. */
async function readValue(host: AccessHost, at: Address, fallback?: unknown): Promise<JsonValue> {
  const stored = await host.store().get(host.namespace, at);
  if (stored !== undefined) return stored;
  if (fallback !== undefined) return fallback as JsonValue;
  const full = at.primaryKeys.length === at.keyCount;
  return cloneJson(full ? host.registry.defaultAt(at.scope, at.path) : undefined) ?? null;
}

/** A Group's all(): the stored document deep-merged with defaults (or `fallback`); `locked` reads under update()'s lock. */
async function readGroup(host: AccessHost, at: Address, fallback?: unknown, locked?: LockedAccess): Promise<JsonObject> {
  const stored = locked ? await locked.get(at) : await host.store().get(host.namespace, at);
  if (at.primaryKeys.length < at.keyCount) {
    return mergeTree(isPlainObject(stored) ? stored : {}, at.keyCount - at.primaryKeys.length, fallback ?? host.registry.defaultAt(at.scope, []));
  }
  const defaults = (fallback ?? host.registry.defaultAt(at.scope, at.path)) as JsonValue | undefined;
  return mergeDefaults(isPlainObject(defaults) ? defaults : {}, isPlainObject(stored) ? stored : undefined) as JsonObject;
}

/**
 * What to store at `at`: `value` checked against the types the manifest declares there (a field's type,
 * or every declared field inside a group's document), in stored form (bigints as text). Undeclared
 * places are not checked. A partial group's value is a tree of documents keyed by the missing keys.
 */
function checkedValue(host: AccessHost, at: Address, value: unknown): unknown {
  const tree = host.typesOf(at.scope);
  if (!tree) return value;
  const loc = where(host, at);
  const missing = at.keyCount - at.primaryKeys.length;
  if (missing > 0) return forEachDocument(value, missing, [...at.primaryKeys], (doc, keys) => checkAt(tree, [], doc, { ...loc, primaryKeys: keys }));
  return checkAt(tree, at.path, value, loc);
}

function forEachDocument(tree: unknown, depth: number, keys: string[], fn: (doc: unknown, keys: string[]) => unknown): unknown {
  if (!isPlainObject(tree)) return tree; // checkTree refuses it with its own message
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(tree)) out[key] = depth > 1 ? forEachDocument(tree[key], depth - 1, [...keys, key], fn) : fn(tree[key], [...keys, key]);
  return out;
}

/** `rel`: the path inside `tree`; `abs`: where `value` goes in the document (for messages). */
function checkAt(tree: ConfigTypeTree, rel: readonly string[], value: unknown, loc: ConfigLocation, abs: readonly string[] = rel): unknown {
  const declared = declaredAt(tree, rel);
  if (declared === undefined) return value;
  if ('group' in declared) {
    if (!isPlainObject(value)) {
      throw new ConfigValueTypeError(`Cannot store this: the manifest declares a group here, which holds an object, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`, { ...loc, path: [...abs] });
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = checkAt(declared.group, [key], value[key], loc, [...abs, key]);
    return out;
  }
  const type: ConfigValueType | undefined = innerType(declared.field, declared.inner);
  if (type === undefined) return value;
  const problems = typeProblems(value, type, [], { noun: 'value' });
  if (problems.length > 0) {
    throw new ConfigValueTypeError(`Cannot store this: ${problems[0]!.message}`, { ...loc, path: [...abs, ...problems[0]!.path.map(String)] });
  }
  return storedForm(value, type);
}

/** The shared members of Value and Group at one address. */
function valueMembers(host: AccessHost, at: Address, isGroup: boolean) {
  const loc = where(host, at);
  const label = describeLocation(loc);
  const full = at.primaryKeys.length === at.keyCount;
  const registered = (): JsonValue | undefined => (full ? host.registry.defaultAt(at.scope, at.path) : undefined);
  /** The manifest's type of the value here, when it declares one. */
  const declared = (): ConfigValueType | undefined => {
    const found = full ? declaredAt(host.typesOf(at.scope), at.path) : undefined;
    return found && 'field' in found ? innerType(found.field, found.inner) : undefined;
  };

  const read = (fallback?: unknown) => readValue(host, at, fallback);
  const all = (fallback?: unknown, locked?: LockedAccess) => readGroup(host, at, fallback, locked);

  // `locked`: the write of update(), on the lock's own connection (see CachedStore.exclusive).
  const writeGroup = async (value: unknown, locked?: LockedAccess): Promise<void> => {
    if (!isPlainObject(value)) throw new TypeError(`Group.set needs a plain object; got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value} (${label})`);
    const copy = copyJson(checkedValue(host, at, value), label) as JsonObject;
    if (!full) checkTree(copy, at.keyCount - at.primaryKeys.length, label);
    await (locked ? locked.set(at, copy) : host.store().set(host.namespace, at, copy));
  };

  const write = async (value: unknown, locked?: LockedAccess): Promise<void> => {
    if (isGroup) return writeGroup(value, locked);
    const copy = copyJson(checkedValue(host, at, value), label);
    await (locked ? locked.set(at, copy) : host.store().set(host.namespace, at, copy));
  };

  // The read and the write share the lock's connection and transaction (postgres): if the lock is lost
  // before the commit, nothing is written and update() rejects with LockLostError.
  const update = async (fn: (draft: unknown) => unknown): Promise<unknown> => {
    const lock = host.lockFor(at);
    const outcome = await lock.runLocal(() =>
      host.store().exclusive(host.namespace, at, lock.order, async (locked): Promise<{ value: unknown } | { error: unknown }> => {
        const before = isGroup ? await all(undefined, locked) : await readLocked(locked);
        const draft = cloneJson(before);
        let result: unknown;
        try {
          result = await fn(draft);
        } catch (error) {
          // The changes already made to the draft are still written (like leaving Red's `async with`),
          // and committed: fn's error is rethrown after the lock is released.
          if ((isPlainObject(draft) || Array.isArray(draft)) && !jsonEqual(draft, before)) await write(draft, locked);
          return { error };
        }
        if (result === undefined && !isPlainObject(draft) && !Array.isArray(draft)) {
          throw new TypeError(`update() on a value that is not an object or array must return the new value; it holds ${JSON.stringify(before)} (${label})`);
        }
        // Checked (and in stored form: a bigint field's bigint as text) before the comparison and the write.
        const next = checkedValue(host, at, result === undefined ? draft : result);
        if (!jsonEqual(next, before)) await write(next, locked);
        return { value: copyJson(next, label) };
      }),
    );
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  };

  const readLocked = async (locked: LockedAccess): Promise<JsonValue> => {
    const stored = await locked.get(at);
    return stored !== undefined ? stored : cloneJson(registered()) ?? null;
  };

  const startOf = <T>(kind: string, test: (v: unknown) => boolean, empty: T): T => {
    const d = registered();
    if (d === undefined || d === null) return empty;
    if (!test(d)) throw new TypeError(`${kind} needs a registered default of that type; the default is ${JSON.stringify(d)} (${label})`);
    return cloneJson(d) as T;
  };

  return {
    loc,
    label,
    full,
    registered,
    read,
    all,
    write,
    writeGroup,
    members: {
      get: (fallback?: unknown) => (isGroup ? all(fallback) : read(fallback)),
      set: write,
      clear: () => host.store().clear(host.namespace, at),
      update,
      getLock: (): Lock => host.lockFor(at),
      increment: async (delta: number | bigint = 1) => {
        const type = declared();
        if (type?.type === 'bigint') {
          // Exact at any size: a read-modify-write of the decimal text under the value's lock.
          if (typeof delta !== 'bigint' && !Number.isSafeInteger(delta)) throw new TypeError(`increment() on a bigint needs a whole number; got ${String(delta)} (${label})`);
          return update((current) => (BigInt((current as string | number | null) ?? 0) + BigInt(delta)).toString());
        }
        if (typeof delta !== 'number' || !Number.isFinite(delta)) throw new TypeError(`increment() needs a finite number; got ${String(delta)} (${label})`);
        if (type && !['integer', 'number', 'duration'].includes(type.type)) throw new ConfigValueTypeError(`increment() needs a number field; this one is \`${type.type}\``, loc);
        const whole = type?.type === 'integer' || type?.type === 'duration';
        if (whole && !Number.isSafeInteger(delta)) throw new ConfigValueTypeError(`Cannot store this: increment(${delta}) on a \`${type!.type}\` field needs a whole number`, loc);
        const start = startOf('increment()', (v) => typeof v === 'number', 0);
        const result = await host.store().increment(host.namespace, at, delta, start);
        if (whole && !Number.isSafeInteger(result)) {
          // Past 2^53−1 the sum is rounded: take the increment back (atomically too) and refuse it.
          await host.store().increment(host.namespace, at, -delta, start);
          throw new ConfigValueTypeError(`Cannot store this: the sum passes 2^53−1 and would lose precision (use type \`bigint\` for larger counters)`, loc);
        }
        return result;
      },
      toggle: async () => {
        const type = declared();
        if (type && type.type !== 'boolean') throw new ConfigValueTypeError(`toggle() needs a boolean field; this one is \`${type.type}\``, loc);
        return host.store().toggle(host.namespace, at, startOf('toggle()', (v) => typeof v === 'boolean', false));
      },
      append: async (item: unknown, options: AppendOptions = {}) => {
        const type = declared();
        if (type && type.type !== 'array') throw new ConfigValueTypeError(`append() needs an array field; this one is \`${type.type}\``, loc);
        if (type?.items) {
          const problems = typeProblems(item, type.items, [], { noun: 'item' });
          if (problems.length > 0) throw new ConfigValueTypeError(`Cannot append this: ${problems[0]!.message}`, { ...loc, path: [...at.path, ...problems[0]!.path.map(String)] });
          item = storedForm(item, type.items);
        }
        const copy = copyJson(item, label);
        const max = options.maxLength;
        if (max !== undefined && (!Number.isSafeInteger(max) || max < 0)) throw new TypeError(`append() maxLength must be a non-negative integer; got ${String(max)} (${label})`);
        const start = startOf('append()', Array.isArray, [] as JsonValue[]);
        return host.store().append(host.namespace, at, copy, start, max);
      },
    },
  };
}

/** Merges registered defaults into every document of a partial group's tree (`depth` key levels). */
function mergeTree(tree: JsonObject, depth: number, defaults: unknown): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(tree)) {
    const child = tree[key]!;
    const merged = depth > 1 ? (isPlainObject(child) ? mergeTree(child, depth - 1, defaults) : child) : mergeDefaults(isPlainObject(defaults) ? (defaults as JsonObject) : {}, child);
    Object.defineProperty(out, key, { value: merged, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** A partial group's `set` takes `{ [key]: ... { [key]: document } }`: every level must be an object. */
function checkTree(tree: JsonValue, depth: number, label: string): void {
  if (!isPlainObject(tree)) throw new TypeError(`A partial group's documents must be plain objects, keyed by the missing primary keys (${label})`);
  if (depth === 0) return;
  for (const key of Object.keys(tree)) {
    if (key.length === 0) throw new TypeError(`Primary keys must be non-empty (${label})`);
    checkTree(tree[key]!, depth - 1, label);
  }
}

/** Per-accessor state; members (closures) are built on first use, so `a.b.c` chains stay cheap. */
interface AccessorState {
  host: AccessHost;
  at: Address;
  isGroup: boolean;
  members?: Record<string, unknown>;
  getAttr?: (name: unknown) => RuntimeValue | RuntimeGroup;
}

// The proxy target: an arrow function (callable, no non-configurable `prototype`) carrying its state.
type Target = (() => void) & { state: AccessorState };

const VALUE_MEMBERS = new Set(['get', 'set', 'clear', 'update', 'getLock', 'increment', 'toggle', 'append']);

function membersOf(state: AccessorState): Record<string, unknown> {
  return (state.members ??= state.isGroup ? groupMembers(state.host, state.at) : valueMembers(state.host, state.at, false).members);
}

function targetOf(host: AccessHost, at: Address, isGroup: boolean): Target {
  const target = (() => undefined) as unknown as Target;
  target.state = { host, at, isGroup };
  return target;
}

function readOnly(state: AccessorState): never {
  throw new TypeError(`Config values and groups are read-only objects; use set()/setRaw() to store values (${describeLocation(where(state.host, state.at))})`);
}

const valueHandler: ProxyHandler<Target> = {
  get(target, prop) {
    if (typeof prop === 'string' && VALUE_MEMBERS.has(prop)) return membersOf(target.state)[prop];
    return undefined;
  },
  apply(target) {
    // The hot path (`await cfg.guild(g).prefix()`): read without building the member closures.
    return readValue(target.state.host, target.state.at);
  },
  has(_target, prop) {
    return typeof prop === 'string' && VALUE_MEMBERS.has(prop);
  },
  set(target) {
    return readOnly(target.state);
  },
};

const groupHandler: ProxyHandler<Target> = {
  get(target, prop) {
    if (typeof prop === 'symbol') return undefined;
    const state = target.state;
    if (prop === 'defaults') {
      const { host, at } = state;
      return at.primaryKeys.length === at.keyCount ? cloneJson(host.registry.defaultAt(at.scope, at.path) ?? {}) : {};
    }
    // `getAttr` is on the hot path (`group.getAttr(name)()`): it needs none of the other member closures.
    if (prop === 'getAttr') return (state.getAttr ??= (name: unknown) => childOf(state.host, state.at, name));
    if (GROUP_MEMBERS.has(prop)) return membersOf(state)[prop];
    if (prop === 'then' || prop === 'constructor') return undefined;
    return childOf(state.host, state.at, prop);
  },
  apply(target) {
    return readGroup(target.state.host, target.state.at);
  },
  has(_target, prop) {
    return typeof prop === 'string' && GROUP_MEMBERS.has(prop);
  },
  set(target) {
    return readOnly(target.state);
  },
};

/** Builds the Value at `at`. */
export function makeValue(host: AccessHost, at: Address): RuntimeValue {
  return new Proxy(targetOf(host, at, false), valueHandler) as unknown as RuntimeValue;
}

/** Builds the Group at `at`. */
export function makeGroup(host: AccessHost, at: Address): RuntimeGroup {
  return new Proxy(targetOf(host, at, true), groupHandler) as unknown as RuntimeGroup;
}

/** The child named `name` of the Group at `at`: a Group, a Value, or UnregisteredKeyError. */
function childOf(host: AccessHost, at: Address, name: unknown): RuntimeValue | RuntimeGroup {
  const loc = where(host, at);
  if (typeof name !== 'string') throw new TypeError(`getAttr() needs a string name (${describeLocation(loc)})`);
  const path = [...at.path, name];
  checkName(name, { ...loc, path });
  if (at.primaryKeys.length < at.keyCount) {
    throw new ConfigError(`A partial group (${at.primaryKeys.length} of ${at.keyCount} primary keys) has no named children; use getRaw/setRaw, or give every key`, { ...loc, path });
  }
  const kind = host.registry.kindAt(at.scope, path);
  if (kind === 'group') return makeGroup(host, { ...at, path });
  if (kind === undefined && host.forceRegistration) {
    throw new UnregisteredKeyError(`"${name}" was never registered${registeredHint(host, at, name)}`, { ...loc, path });
  }
  return makeValue(host, { ...at, path });
}

/** `; did you mean "count"?` (a registered sibling close to `name`), or the registered names, or nothing. */
function registeredHint(host: AccessHost, at: Address, name: string): string {
  const parent = host.registry.defaultAt(at.scope, at.path);
  const names = isPlainObject(parent) ? Object.keys(parent) : [];
  if (names.length === 0) return '';
  const [close] = closeMatches(name, names.map((n) => ({ name: n, value: n })));
  if (close !== undefined) return `; did you mean "${close}"?`;
  const shown = names.slice(0, 8).map((n) => `"${n}"`).join(', ');
  return `; registered here: ${shown}${names.length > 8 ? `, and ${names.length - 8} more` : ''}`;
}

/** Everything a Group has beyond a Value: all, raw access, getAttr. */
function groupMembers(host: AccessHost, at: Address): Record<string, unknown> {
  const base = valueMembers(host, at, true);
  const { loc, label } = base;

  /** Splits raw path parts: the leading ones fill missing primary keys, the rest go inside the document. */
  const resolve = (keys: readonly unknown[]): Address => {
    const parts = keys.map((k, i) => normalizeKey(k, `getRaw/setRaw/clearRaw key #${i + 1}`, loc));
    const missing = at.keyCount - at.primaryKeys.length;
    return {
      scope: at.scope,
      keyCount: at.keyCount,
      primaryKeys: [...at.primaryKeys, ...parts.slice(0, missing)],
      path: [...at.path, ...parts.slice(missing)],
    };
  };

  const splitOptions = (args: unknown[]): { keys: unknown[]; options?: { default: unknown } } => {
    const last = args[args.length - 1];
    if (isPlainObject(last) && Object.prototype.hasOwnProperty.call(last, 'default') && Object.keys(last).length === 1) {
      return { keys: args.slice(0, -1), options: last as { default: unknown } };
    }
    return { keys: args };
  };

  const getRaw = async (...args: unknown[]): Promise<unknown> => {
    const { keys, options } = splitOptions(args);
    const target = resolve(keys);
    const targetFull = target.primaryKeys.length === target.keyCount;
    const stored = await host.store().get(host.namespace, target);
    const fallback = options ? options.default : targetFull ? host.registry.defaultAt(target.scope, target.path) : undefined;
    if (stored === undefined) {
      if (fallback !== undefined) return cloneJson(fallback as JsonValue);
      throw new MissingKeyError('Nothing is stored here and it has no default', where(host, target));
    }
    return isPlainObject(fallback) ? mergeDefaults(fallback, stored) : stored;
  };

  const setRaw = async (...args: unknown[]): Promise<void> => {
    if (args.length === 0) throw new TypeError(`setRaw() needs the value as its last argument (${label})`);
    const value = args[args.length - 1];
    const target = resolve(args.slice(0, -1));
    const targetLabel = describeLocation(where(host, target));
    if (target.primaryKeys.length < target.keyCount) {
      const copy = copyJson(checkedValue(host, target, value), targetLabel);
      checkTree(copy, target.keyCount - target.primaryKeys.length, targetLabel);
      return host.store().set(host.namespace, target, copy);
    }
    if (target.path.length === 0 && !isPlainObject(value)) throw new TypeError(`A document must be a plain object (${targetLabel})`);
    await host.store().set(host.namespace, target, copyJson(checkedValue(host, target, value), targetLabel));
  };

  const clearRaw = async (...keys: unknown[]): Promise<void> => host.store().clear(host.namespace, resolve(keys));

  return {
    ...base.members,
    all: (fallback?: unknown) => base.all(fallback),
    getRaw,
    setRaw,
    clearRaw,
  };
}
