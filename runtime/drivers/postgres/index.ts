// The postgres config driver: PostgresDriver and its error type.
export { PostgresDriver, type PostgresDriverOptions } from './driver.js';
export { PostgresDriverError } from './errors.js';
