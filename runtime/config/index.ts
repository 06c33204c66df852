/**
 * Config: scoped settings for cogs (the contract: runtime/config/README.md), with its drivers. Importing
 * this loads the PostgreSQL driver (drizzle-orm, pg) too; the runtime imports ./base.js instead so a json
 * bot does not.
 */
export * from './base.js';
export { PostgresDriver, PostgresDriverError, type PostgresDriverOptions } from '../drivers/postgres/index.js';
