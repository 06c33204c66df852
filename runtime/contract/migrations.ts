/**
 * Config migrations: the contract between the generator, which writes them from the difference between a
 * cog's committed config snapshot and its manifest, and the runtime, which runs them when the cog loads.
 *
 * Files (per cog, committed with it):
 * - `cogs/<cog>/migrations/snapshot.json`: the cog's config schema as of its newest migration (a
 *   `ConfigSnapshot`). The first `npm run generate` of a cog writes it and no migration: stored data is
 *   taken to match the manifest it was written under.
 * - `cogs/<cog>/migrations/NNNN_<slug>.ts`: one migration each, `export default defineMigration({...})`.
 *   Mechanical changes are generated complete; a change that needs the author gets an `up` stub that
 *   throws `MigrationNotImplementedError` until it is written. A file is created once and never
 *   overwritten.
 * - `generated/cogs/<cog>/migrations.ts`: `export const migrations: Migration[]`, every file in order; the
 *   registry entry's `migrations()` imports it.
 *
 * What is applied is recorded per namespace, inside the namespace, in the scope `MIGRATION_RECORD_SCOPE`
 * (key count 0), so the record and the data it describes change in one write.
 */
import type { ConfigScopeName, ConfigTypeName } from './enums.js';
import { CogsmithError } from './errors.js';
import type { JsonObject, JsonValue } from './json.js';

/** Where a step applies: one built-in scope, or one custom group (by name). */
export type MigrationTarget = { scope: ConfigScopeName } | { custom: string };

/**
 * A mechanical change of stored data. Paths are keys from the root of each document of the target (for
 * `member`, each member's document). Steps run in order over every document of the target.
 */
export type MigrationStep =
  /** A field or group renamed or moved (within one target): the stored value at `from` goes to `to`. */
  | { kind: 'move'; target: MigrationTarget; from: string[]; to: string[] }
  /** A field or group removed from the manifest: its stored values are deleted. */
  | { kind: 'drop'; target: MigrationTarget; path: string[] }
  /** A default changed and the author asked (`rewriteOldDefault`): stored values equal to `from` become `to`. */
  | { kind: 'rewriteDefault'; target: MigrationTarget; path: string[]; from: JsonValue; to: JsonValue }
  /** A field that became non-nullable: stored `null`s become `to` (its default). */
  | { kind: 'replaceNull'; target: MigrationTarget; path: string[]; to: JsonValue }
  /** A custom group renamed (`renamedFrom` on the group): every document moves to the new name. */
  | { kind: 'renameCustom'; from: string; to: string }
  /** A scope or custom group removed from the manifest: every document of it is deleted. */
  | { kind: 'dropTarget'; target: MigrationTarget }
  /** The place where the migration's `up` runs (a type change, a custom group's key count, a split). */
  | { kind: 'up'; reason: string };

/** One document as a migration's `up` sees it; change `data` in place. */
export interface StoredDocument {
  /** Its primary keys (empty for `global`; `[guildId, userId]` for `member`). */
  readonly keys: readonly string[];
  data: JsonObject;
}

/** Every stored document of the cog's namespace, in memory; nothing is written until the whole migration succeeded. */
export interface MigrationData {
  /** The documents of a target as they are now (a fresh list; the documents are live). */
  documents(target: MigrationTarget): StoredDocument[];
  /** Adds or replaces the document with these keys. */
  put(target: MigrationTarget, keys: readonly string[], data: JsonObject): void;
  /** Removes the document with these keys (removing none is a no-op). */
  remove(target: MigrationTarget, keys: readonly string[]): void;
}

export interface Migration {
  /** The content hash of its steps (hex): a recorded id that differs from the file's means history was edited. */
  readonly id: string;
  /** 1, 2, ...: the order they run in; also the schema version once applied. */
  readonly number: number;
  /** The file's slug, e.g. `rename-count`. */
  readonly name: string;
  readonly steps: readonly MigrationStep[];
  /** Present when a step is `up`; throwing fails the migration (nothing is written). */
  readonly up?: (data: MigrationData) => void | Promise<void>;
}

/** Identity for a migration file's default export: it types the object, nothing more. */
export function defineMigration(migration: Migration): Migration {
  return migration;
}

/**
 * What a generated `up` stub throws until its author writes it: the migration fails before anything is
 * written and the cog does not load. The message names the file to fill in.
 */
export class MigrationNotImplementedError extends CogsmithError {
  static override readonly code = 'MIGRATION_NOT_IMPLEMENTED';
  constructor(readonly file: string, reason: string) {
    super(`The migration ${file} needs its \`up\` written (${reason}); the cog stays unloaded until it is.`);
  }
}

/** The scope, inside each namespace, that records what was applied. */
export const MIGRATION_RECORD_SCOPE = '__migrations__';

/** The document stored in `MIGRATION_RECORD_SCOPE`. */
export interface MigrationRecord {
  /** The number of the newest migration applied (0: none). */
  version: number;
  applied: { id: string; number: number; name: string; at: number }[];
}

/** A field in a snapshot: what the differ compares. */
export interface SnapshotField {
  kind: 'field';
  type: ConfigTypeName;
  nullable: boolean;
  default: JsonValue;
  /** For arrays and objects, the full item / fields type, so a change inside them counts as a type change. */
  items?: SnapshotType;
  fields?: Record<string, SnapshotType>;
}

export interface SnapshotType {
  type: ConfigTypeName;
  nullable: boolean;
  items?: SnapshotType;
  fields?: Record<string, SnapshotType>;
}

export interface SnapshotGroup {
  kind: 'group';
  entries: Record<string, SnapshotField | SnapshotGroup>;
}

/** A cog's config schema (`cogs/<cog>/migrations/snapshot.json`). */
export interface ConfigSnapshot {
  /** Bumped when this format changes. */
  format: 1;
  cog: string;
  identifier: number;
  /** The number of the newest migration written against this snapshot (0: none). */
  version: number;
  scopes: Partial<Record<ConfigScopeName, SnapshotGroup>>;
  custom: Record<string, { keys: string[]; fields: SnapshotGroup }>;
}
