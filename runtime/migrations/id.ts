/**
 * A config migration's id: the first 16 hex digits of the sha256 of its steps' canonical JSON (object keys
 * sorted at every depth, arrays in order, no spaces). The generator writes it into each migration file
 * (generator/migrations/files.ts) and the runtime records it when the migration runs, so both compute it
 * with this one function: a file whose steps were edited after it was written no longer matches its id.
 */
import { createHash } from 'node:crypto';
import type { MigrationStep } from '../contract/migrations.js';
import { canonicalJson } from '../support/canonical-json.js';

/** JSON with object keys sorted at every depth and no spaces: what the id is the hash of. */
export { canonicalJson };

/** The content hash of a migration's steps: 16 lowercase hex digits. */
export function migrationId(steps: readonly MigrationStep[]): string {
  return createHash('sha256').update(canonicalJson(steps)).digest('hex').slice(0, 16);
}
