/** Config migrations at run time: the in-memory data, the steps, the record and the runner. */
export { NamespaceDocuments, describeTarget, readRecord, scopeOf } from './data.js';
export { applyMigration, describeStep, type StepOutcome } from './steps.js';
export {
  MIGRATION_LOCK_KEY, MIGRATION_LOCK_TIMEOUT_MS, MigrationError, RECORD_ADDRESS, migrateNamespace, migrationLabel, migrationStatus, pendingMigrations,
  type AppliedMigration, type MigrateOptions, type MigrateResult, type MigrationStatus,
} from './runner.js';
export { typeMismatches } from './check.js';
