/**
 * The typed face of Config. The generator emits, per cog, interfaces that extend these (one per group,
 * one property per registered child), so `cfg.guild(g).settings.prefix` is a `Value<string>` and a typo
 * is a compile error. The runtime objects behind them are the dynamic Group/Value of runtime/config.
 */
import type { JsonValue } from '../contract/json.js';

/** A Discord id as Config accepts it: a decimal string, a bigint, a safe integer, or anything with an `id`. */
export type IdLike = string | bigint | number | { readonly id: string };
/** A member as Config accepts it: anything with `id` and `guild.id`. */
export type MemberLike = { readonly id: string; readonly guild: { readonly id: string } };
/** A custom group's primary key. */
export type KeyLike = string | bigint | number;

export type ReleaseFn = () => Promise<void> | void;

export interface LockOptions {
  timeoutMs?: number;
}

/** The lock for exactly one path (the same object on every call for that path). */
export interface Lock {
  acquire(options?: LockOptions): Promise<ReleaseFn>;
  runExclusive<R>(fn: () => R | Promise<R>, options?: LockOptions): Promise<R>;
}

export interface AppendOptions {
  /** Keep only the newest items. */
  maxLength?: number;
}

type ElementOf<T> = T extends readonly (infer E)[] ? E : never;

/** One stored value (spec: Value). Callable: `await value()` reads it. */
export interface Value<T extends JsonValue | unknown = JsonValue> {
  (): Promise<T>;
  get(fallback?: T): Promise<T>;
  set(value: T): Promise<void>;
  clear(): Promise<void>;
  /** Read-modify-write under the value's lock; returns the new value. */
  update(fn: (draft: T) => T | void | Promise<T | void>): Promise<T>;
  getLock(): Lock;
  increment: T extends number ? (delta?: number) => Promise<number> : never;
  toggle: T extends boolean ? () => Promise<boolean> : never;
  append: T extends readonly unknown[] ? (item: ElementOf<T>, options?: AppendOptions) => Promise<T> : never;
}

/**
 * A `bigint` field: a whole number of any size, stored and read as its decimal text (`BigInt(await v())`
 * for arithmetic). `set` also takes a bigint or a safe integer; `increment` is exact at any size.
 */
export interface BigintValue<T extends string | null = string> {
  (): Promise<T>;
  get(fallback?: T): Promise<T>;
  set(value: T | bigint | number): Promise<void>;
  clear(): Promise<void>;
  update(fn: (draft: T) => T | bigint | Promise<T | bigint>): Promise<T>;
  getLock(): Lock;
  increment(delta?: number | bigint): Promise<string>;
}

/** A group of values (spec: Group): everything a Value has, plus raw and dynamic access. */
export interface Group<T extends object = Record<string, unknown>> {
  (): Promise<T>;
  get(fallback?: T): Promise<T>;
  all(fallback?: T): Promise<T>;
  set(value: T): Promise<void>;
  clear(): Promise<void>;
  update(fn: (draft: T) => T | void | Promise<T | void>): Promise<T>;
  getLock(): Lock;
  /** A deep copy of the registered defaults of this group. */
  readonly defaults: T;
  getAttr(name: string): Value<unknown> | Group<Record<string, unknown>>;
  getRaw(...keys: [...string[]] | [...string[], { default: unknown }]): Promise<unknown>;
  setRaw(...keysThenValue: [string, ...unknown[]]): Promise<void>;
  clearRaw(...keys: string[]): Promise<void>;
}
