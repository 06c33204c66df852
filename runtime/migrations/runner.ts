/**
 * Running a cog's config migrations on its namespace (see runtime/config/README.md, "Migrations").
 *
 * - Pending: the migrations whose number is above the recorded version, in number order. A recorded
 *   migration whose id differs from the file's (or that is missing from the files) means history was
 *   edited: refused, nothing runs.
 * - All in memory: the namespace is exported, every pending migration runs on the copy, and only when all
 *   of them succeeded is the result written, in one `importNamespace` together with the new record (the
 *   json driver: one file replaced by rename; postgres: one transaction). A migration that throws leaves
 *   the stored data as it was; the error names the cog, the migration (number and name) and the cause.
 * - Locks: the driver's cross-process lock (postgres advisory lock) is held while the record is read,
 *   the migrations run and the result is written, so of several processes starting at once one migrates
 *   and the others then find nothing pending. The json driver's folder lock already keeps a data folder to
 *   one process; in-process, the Config cache's hold on the namespace (CachedStore.holdNamespace) serialises
 *   migrations and makes Config writes to the namespace wait until the migration is written. Afterwards
 *   the cache forgets the namespace; other processes on postgres are notified by the import.
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import { MIGRATION_RECORD_SCOPE, MigrationNotImplementedError, type Migration, type MigrationData, type MigrationRecord } from '../contract/migrations.js';
import { storeFor } from '../config/cache.js';
import type { Address, ConfigDriver, Namespace } from '../drivers/types.js';
import { NamespaceDocuments, readRecord } from './data.js';
import { applyMigration, type StepOutcome } from './steps.js';

/** The key of the migration lock within a namespace (Config's path locks are JSON arrays: no clash). */
export const MIGRATION_LOCK_KEY = 'migrations';
/** Where the record lives in a namespace. */
export const RECORD_ADDRESS: Address = { scope: MIGRATION_RECORD_SCOPE, keyCount: 0, primaryKeys: [], path: [] };
/** How long a process waits for another one's migration of the same namespace. */
export const MIGRATION_LOCK_TIMEOUT_MS = 10 * 60_000;

/** A migration failed, or the cog's migration history does not match what is recorded. */
export class MigrationError extends CogsmithError {
  static override readonly code: ErrorCode = 'MIGRATION';
  constructor(
    readonly cog: string,
    message: string,
    readonly migration?: { number: number; name: string },
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const label = (m: { number: number; name: string }) => `${String(m.number).padStart(4, '0')}_${m.name}`;

/** Checks a cog's migration list: numbers are positive, distinct integers. Returns it in number order. */
function ordered(cog: string, migrations: readonly Migration[]): Migration[] {
  const seen = new Map<number, Migration>();
  for (const m of migrations) {
    if (!m || typeof m !== 'object' || !Number.isSafeInteger(m.number) || m.number < 1 || typeof m.id !== 'string' || typeof m.name !== 'string' || !Array.isArray(m.steps)) {
      throw new MigrationError(cog, `Cog "${cog}": a migration is not { id, number >= 1, name, steps }: ${JSON.stringify(m)?.slice(0, 200)}`);
    }
    const twin = seen.get(m.number);
    if (twin) throw new MigrationError(cog, `Cog "${cog}": migrations ${label(twin)} and ${label(m)} have the same number`);
    seen.set(m.number, m);
  }
  return [...seen.values()].sort((a, b) => a.number - b.number);
}

/**
 * The migrations not applied yet, in order; throws MigrationError when the record does not match the
 * files (an applied migration edited or removed, or one added below the recorded version).
 */
export function pendingMigrations(cog: string, record: MigrationRecord, migrations: readonly Migration[]): Migration[] {
  const list = ordered(cog, migrations);
  const byNumber = new Map(list.map((m) => [m.number, m]));
  for (const applied of record.applied) {
    const file = byNumber.get(applied.number);
    if (!file) {
      throw new MigrationError(cog, `Cog "${cog}": migration ${label(applied)} was applied to the stored data but is no longer among the cog's migrations; history was edited. Restore the file (or the data) before loading the cog.`, applied);
    }
    if (file.id !== applied.id) {
      throw new MigrationError(cog, `Cog "${cog}": migration ${label(file)} differs from the one applied to the stored data (id ${file.id}, applied ${applied.id}); history was edited. Put the applied version back and write the change as a new migration.`, file);
    }
  }
  const recorded = new Set(record.applied.map((a) => a.number));
  const skipped = list.find((m) => m.number <= record.version && !recorded.has(m.number));
  if (skipped) {
    throw new MigrationError(cog, `Cog "${cog}": migration ${label(skipped)} is numbered at or below the stored schema version ${record.version} but was never applied; history was edited. Renumber it above ${record.version}.`, skipped);
  }
  return list.filter((m) => m.number > record.version);
}

/** What one migration did (or would do, in a dry run). */
export interface AppliedMigration {
  migration: Migration;
  steps: StepOutcome[];
}

export interface MigrateResult {
  cog: string;
  namespace: Namespace;
  /** The schema version before and after. */
  from: number;
  to: number;
  migrations: AppliedMigration[];
  dryRun: boolean;
}

export interface MigrateOptions {
  driver: ConfigDriver;
  namespace: Namespace;
  migrations: readonly Migration[];
  /** Computes and reports, writes nothing. */
  dryRun?: boolean;
  /** The time recorded as `at` (ms since 1970). */
  now?: () => number;
  lockTimeoutMs?: number;
  /**
   * Called with the migrated data before it is written; problems it returns fail the run (nothing is
   * written). The cog manager checks the declared field types (check.ts).
   */
  check?: (data: MigrationData) => string[];
}

/** Runs the pending migrations of one namespace, once, under the locks described above. */
export async function migrateNamespace(options: MigrateOptions): Promise<MigrateResult> {
  const { driver, namespace: ns } = options;
  const cog = ns.cogName;
  const migrations = ordered(cog, options.migrations);
  const store = storeFor(driver);
  await store.ready();
  return store.holdNamespace(ns, async () => {
    const release = driver.acquireLock ? await driver.acquireLock(ns, MIGRATION_LOCK_KEY, options.lockTimeoutMs ?? MIGRATION_LOCK_TIMEOUT_MS) : undefined;
    let failed = false;
    try {
      // Read under the lock: another process may have migrated while this one waited.
      const record = readRecord(ns, await driver.get(ns, RECORD_ADDRESS));
      const pending = pendingMigrations(cog, record, migrations);
      const result: MigrateResult = { cog, namespace: { ...ns }, from: record.version, to: record.version, migrations: [], dryRun: options.dryRun === true };
      if (pending.length === 0) return result;
      const data = new NamespaceDocuments(ns, await driver.exportNamespace(ns));
      for (const migration of pending) {
        let steps: StepOutcome[];
        try {
          steps = await applyMigration(data, migration);
        } catch (error) {
          const cause = (error instanceof MigrationNotImplementedError ? error.message : messageOf(error)).replace(/\.$/, '');
          throw new MigrationError(cog, `Cog "${cog}": migration ${label(migration)} failed: ${cause}. Nothing was written; the stored data is as it was (schema version ${record.version}).`, migration, { cause: error });
        }
        record.version = migration.number;
        record.applied.push({ id: migration.id, number: migration.number, name: migration.name, at: (options.now ?? Date.now)() });
        result.migrations.push({ migration, steps });
        result.to = migration.number;
      }
      const problems = options.check?.(data) ?? [];
      if (problems.length > 0) {
        const last = pending[pending.length - 1]!;
        throw new MigrationError(
          cog,
          `Cog "${cog}": after migration ${label(last)} stored values do not fit the manifest's types (${problems.join('; ')}); convert them in the migration's \`up\`. Nothing was written; the stored data is as it was (schema version ${result.from}).`,
          last,
        );
      }
      if (!result.dryRun) {
        data.setRecord(record);
        await driver.importNamespace(data.toExport());
      }
      return result;
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // A release that fails after a failed migration must not hide why it failed. After a write, a lock
      // lost meanwhile (postgres: its session dropped) fails the load: another process may have run the
      // same migrations from the same record, and each wrote a whole result in one write, so the data is
      // migrated once either way and the next load finds nothing pending.
      await release?.().catch((error: unknown) => {
        if (!failed) throw error;
      });
    }
  });
}

/** The recorded state of a namespace and what would run: for `migrations status`. */
export interface MigrationStatus {
  cog: string;
  namespace: Namespace;
  version: number;
  applied: MigrationRecord['applied'];
  pending: Migration[];
  /** Set when the record does not match the files (history edited); `pending` is then empty. */
  problem?: string;
}

/** Reads a namespace's record (no lock: a snapshot for display). */
export async function migrationStatus(driver: ConfigDriver, ns: Namespace, migrations: readonly Migration[]): Promise<MigrationStatus> {
  const store = storeFor(driver);
  await store.ready();
  const record = readRecord(ns, await driver.get(ns, RECORD_ADDRESS));
  const status: MigrationStatus = { cog: ns.cogName, namespace: { ...ns }, version: record.version, applied: record.applied, pending: [] };
  try {
    status.pending = pendingMigrations(ns.cogName, record, migrations);
  } catch (error) {
    status.problem = messageOf(error);
  }
  return status;
}

export { label as migrationLabel };
