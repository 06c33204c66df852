/**
 * The drizzle schema of the postgres config driver. `drizzle-kit generate` turns it into the SQL migrations
 * committed in ./migrations, which the driver applies itself on open().
 *
 * Tables are unqualified: the driver puts them in its own PostgreSQL schema through `search_path`, so one
 * database can hold several independent stores (instances, test runs).
 */
import { bigint, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
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

/**
 * Command cooldown windows shared by every process on the database (limits.ts): one row per command and
 * bucket. Times are milliseconds of the bots' clocks (not the server's), so injected test clocks work.
 * `used` counts attempts in the window, capped at rate + 1: a take succeeded when it is at most the rate.
 */
export const commandCooldowns = pgTable(
  'command_cooldowns',
  {
    key: text('key').primaryKey(),
    windowStart: bigint('window_start', { mode: 'number' }).notNull(),
    perMs: bigint('per_ms', { mode: 'number' }).notNull(),
    used: integer('used').notNull(),
    /** window_start + per_ms: the window is closed from then on, and the sweep drops the row. */
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('command_cooldowns_expires').on(t.expiresAt)],
);

/**
 * Max-concurrency slots held across processes (limits.ts): slot numbers 0 … limit-1 per command and bucket,
 * each held by one run under a lease on the server's clock that its process renews; an expired lease
 * (a dead process) may be taken over.
 */
export const commandSlots = pgTable(
  'command_slots',
  {
    key: text('key').notNull(),
    slot: integer('slot').notNull(),
    /** The holding process (its driver's origin id), so one statement renews all it holds. */
    holder: text('holder').notNull(),
    runId: text('run_id').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ name: 'command_slots_pk', columns: [t.key, t.slot] }), index('command_slots_holder').on(t.holder)],
);
