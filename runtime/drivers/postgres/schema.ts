/**
 * The drizzle schema of the postgres config driver. `drizzle-kit generate` turns it into the SQL migrations
 * committed in ./migrations, which the driver applies itself on open().
 *
 * Tables are unqualified: the driver puts them in its own PostgreSQL schema through `search_path`, so one
 * database can hold several independent stores (instances, test runs).
 */
import { customType, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { JsonValue } from '../../contract/json.js';

/**
 * Text compared byte by byte. The encoded key path (see keys.ts) is searched by prefix with a plain btree
 * range scan, which needs an order where a string's extensions sort right after it: the "C" collation.
 */
const byteText = customType<{ data: string; driverData: string }>({
  dataType: () => 'text COLLATE "C"',
});

/** One row per stored document: namespace, scope and primary keys → the JSON document. */
export const configDocuments = pgTable(
  'config_documents',
  {
    cogName: text('cog_name').notNull(),
    identifier: text('identifier').notNull(),
    scope: text('scope').notNull(),
    /** Self-delimiting encoding of primaryKeys: a prefix of keys is a string prefix (keys.ts). */
    keyPath: byteText('key_path').notNull(),
    primaryKeys: text('primary_keys').array().notNull(),
    data: jsonb('data').$type<JsonValue>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'config_documents_pk', columns: [t.cogName, t.identifier, t.scope, t.keyPath] }),
    // No other index: the primary key's leading columns serve namespace, scope and key-prefix lookups.
  ],
);

export type ConfigDocumentRow = typeof configDocuments.$inferSelect;
