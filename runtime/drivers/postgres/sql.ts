/**
 * SQL fragments for jsonb documents addressed by a path: the dialect part of the postgres driver,
 * shared by node-postgres and PGlite.
 *
 * A path step only ever enters an object: arrays and scalars are leaves. So every fragment checks the
 * type of each step (`jsonb_typeof`) instead of trusting `#>` / `jsonb_set`, which would index arrays.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { JsonValue } from '../../contract/json.js';

/** A text[] parameter (drizzle would otherwise expand a JS array into a list). */
export function textArray(parts: readonly string[]): SQL {
  return sql`${sql.param([...parts])}::text[]`;
}

/** A jsonb parameter, serialized here so arrays are not mistaken for PostgreSQL arrays. */
export function jsonParam(value: JsonValue): SQL {
  return sql`${JSON.stringify(value)}::jsonb`;
}

/**
 * The value at `path` inside `doc` (SQL NULL when absent), with no type checks: only for where `writable`
 * or `readable` already holds, since `#>` would index into arrays.
 */
export function at(doc: SQL, path: readonly string[]): SQL {
  return path.length === 0 ? doc : sql`(${doc} #> ${textArray(path)})`;
}

/** True when every proper prefix of `path` inside `doc` is an object, so `path` can be read. */
export function readable(doc: SQL, path: readonly string[]): SQL {
  const checks = [];
  for (let i = 0; i < path.length; i++) checks.push(sql`jsonb_typeof(${at(doc, path.slice(0, i))}) = 'object'`);
  return checks.length === 0 ? sql`true` : sql.join(checks, sql` and `);
}

/** True when `path` can be written: every proper prefix is an object or absent (absent ones get created). */
export function writable(doc: SQL, path: readonly string[]): SQL {
  if (path.length === 0) return sql`true`;
  const checks = [sql`jsonb_typeof(${doc}) = 'object'`];
  for (let i = 1; i < path.length; i++) {
    const parent = at(doc, path.slice(0, i));
    checks.push(sql`(${parent} is null or jsonb_typeof(${parent}) = 'object')`);
  }
  return sql.join(checks, sql` and `);
}

/** The value at `path` when it is readable, else SQL NULL ("missing"). */
export function valueAt(doc: SQL, path: readonly string[]): SQL {
  return path.length === 0 ? doc : sql`(case when ${readable(doc, path)} then ${at(doc, path)} end)`;
}

/** `doc` with `value` placed at `path`, creating missing parent objects (callers check `writable` first). */
export function setAt(doc: SQL, path: readonly string[], value: SQL): SQL {
  if (path.length === 0) return value;
  const level = (i: number): SQL => {
    const here = sql`coalesce(${at(doc, path.slice(0, i))}, '{}'::jsonb)`;
    const child = i === path.length - 1 ? value : level(i + 1);
    return sql`jsonb_set(${here}, ${textArray([path[i]!])}, ${child}, true)`;
  };
  return level(0);
}

/** A new document holding only `value` at `path`: `{ p1: { p2: value } }`. */
export function nestAt(path: readonly string[], value: SQL): SQL {
  let out = value;
  for (let i = path.length - 1; i >= 0; i--) out = sql`jsonb_build_object(${path[i]!}::text, ${out})`;
  return out;
}

/** How an atomic helper turns the current value (jsonb or NULL) into the new one, and which types it accepts. */
export interface AtomicStep {
  /** The jsonb_typeof values the stored value may have ('null' counts as nothing stored). */
  accepts: string[];
  next(current: SQL): SQL;
}

/** `current + delta`, from `start` when nothing is stored; float8 arithmetic matches JavaScript numbers. */
export function incrementStep(delta: number, start: number): AtomicStep {
  return {
    accepts: ['number'],
    next: (current) =>
      sql`to_jsonb(coalesce(case when jsonb_typeof(${current}) = 'number' then (${current})::float8 end, ${start}::float8) + ${delta}::float8)`,
  };
}

/** `not current`, from `start` when nothing is stored. */
export function toggleStep(start: boolean): AtomicStep {
  return {
    accepts: ['boolean'],
    next: (current) =>
      sql`to_jsonb(not coalesce(case when jsonb_typeof(${current}) = 'boolean' then (${current})::boolean end, ${start}::boolean))`,
  };
}

/** `current` with `item` appended, from `start` when nothing is stored; `maxLength` keeps the newest items. */
export function appendStep(item: JsonValue, start: JsonValue[], maxLength: number | undefined): AtomicStep {
  return {
    accepts: ['array'],
    next: (current) => {
      const base = sql`coalesce(case when jsonb_typeof(${current}) = 'array' then ${current} end, ${jsonParam(start)})`;
      const appended = sql`(${base} || jsonb_build_array(${jsonParam(item)}))`;
      if (maxLength === undefined) return appended;
      // jsonpath's `last` slice keeps the newest items; lax mode clamps when the array is shorter.
      return sql`jsonb_path_query_array(${appended}, '$[last - $n + 1 to last]', jsonb_build_object('n', ${maxLength}::int))`;
    },
  };
}

/** True when the stored value (possibly NULL) has a type the step accepts, or is JSON null. */
export function acceptsCurrent(step: AtomicStep, current: SQL): SQL {
  const types = [...step.accepts, 'null'].map((t) => sql`${t}`);
  return sql`(${current} is null or jsonb_typeof(${current}) in (${sql.join(types, sql`, `)}))`;
}
