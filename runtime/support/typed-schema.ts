/**
 * Small helpers over TypeBox for schemas that are one source of both a JSON Schema (draft-07, validated by
 * ajv, shown to editors, turned into documentation) and the TypeScript type (`Static<typeof schema>`).
 * Used by the cog manifest schema (generator/schema.ts) and the instance file (runtime/instance/schema.ts).
 *
 * Decisions:
 * - TypeBox rather than zod 4: a TypeBox schema IS a JSON Schema object, so ajv keeps validating it and
 *   its errors keep their paths and wording (the `file:line:col` messages, the did-you-mean on unknown
 *   keys), while `Static<>` gives the type. zod validates with its own engine and only exports JSON
 *   Schema, without `if`/`then`/`else`, `propertyNames` or one node with several `type`s, which the
 *   manifest uses so a wrong value gets one clear message rather than one per branch.
 * - Where TypeBox would write a JSON Schema less precise than the one the validator needs (an `enum`
 *   without `anyOf`, a node with several types, a map whose keys have a pattern, `if`/`then`/`else`),
 *   the helpers below write that JSON and state the TypeScript type beside it, in one call.
 * - References between definitions are `#/definitions/<name>` (what editors and the README generator
 *   follow); `recursive` names its own definition the same way.
 */
import { Kind, Type, type SchemaOptions, type Static, type TSchema, type TThis, type TRecursive, type TUnsafe } from '@sinclair/typebox';

export { Type, type Static, type TSchema } from '@sinclair/typebox';

/** What each JSON Schema `type` name means in TypeScript (for nodes with several types). */
interface JsonTypeOf {
  string: string;
  number: number;
  integer: number;
  boolean: boolean;
  null: null;
  object: Record<string, unknown>;
  array: unknown[];
}
type JsonTypeName = keyof JsonTypeOf;

/** `{ enum: [...] }` with the union of its values as the type (TypeBox would write an `anyOf` of consts). */
export function oneOf<const V extends readonly (string | number | boolean)[]>(values: V, options: SchemaOptions = {}): TUnsafe<V[number]> {
  return Type.Unsafe<V[number]>({ ...options, enum: values });
}

/**
 * One node with several types, `{ type: ['string', 'number'] }`: a wrong value gets one message ("must be
 * a string or number") instead of one per `anyOf` branch.
 */
export function types<const N extends readonly JsonTypeName[]>(names: N, options: SchemaOptions = {}): TUnsafe<JsonTypeOf[N[number]]> {
  return Type.Unsafe<JsonTypeOf[N[number]]>({ ...options, type: names });
}

/**
 * A node whose TypeScript type is that of `typed` and whose JSON Schema is `json`, for what TypeBox cannot
 * write itself (`if`/`then`/`else`, `propertyNames`). Keep the two side by side in the call, so they are
 * read (and changed) together; the schema tests validate examples of each shape.
 */
export function withJson<T extends TSchema>(typed: T, json: Record<string, unknown>): T {
  return { [Kind]: typed[Kind], ...json } as unknown as T;
}

/** A map with patterned keys, `{ propertyNames: { pattern }, additionalProperties: value }`. */
export function mapOf<V extends TSchema>(value: V, keys: { pattern: string; description: string }, options: SchemaOptions = {}) {
  return withJson(Type.Record(Type.String(), value), { ...options, type: 'object', propertyNames: keys, additionalProperties: value });
}

/** A reference to a definition: `{ $ref: '#/definitions/<name>' }`, typed as the definition. */
export function ref<T extends TSchema>(name: string, _definition: T): TUnsafe<Static<T>> {
  return Type.Unsafe<Static<T>>({ $ref: `#/definitions/${name}` });
}

/**
 * A definition that refers to itself (`check` in `any`, a config type's `items`): `self` is a reference to
 * `#/definitions/<name>`, and the type is the recursive one TypeBox infers.
 */
export function recursive<T extends TSchema>(name: string, build: (self: TThis) => T, options: SchemaOptions = {}): TRecursive<T> {
  const schema = Type.Recursive(build, { ...options, $id: name }) as unknown as Record<string, unknown>;
  delete schema.$id;
  rewriteRefs(schema, name);
  return schema as unknown as TRecursive<T>;
}

function rewriteRefs(node: unknown, name: string): void {
  if (Array.isArray(node)) {
    for (const item of node) rewriteRefs(item, name);
  } else if (typeof node === 'object' && node !== null) {
    const record = node as Record<string, unknown>;
    if (record.$ref === name) record.$ref = `#/definitions/${name}`;
    for (const value of Object.values(record)) rewriteRefs(value, name);
  }
}

/** The schema as plain JSON (no TypeBox symbols), e.g. to write it to a file or compare it. */
export function plainJson<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema)) as T;
}
