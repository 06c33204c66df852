/**
 * Config's errors. Every one carries where it happened (cog, scope, primary keys, path) as data and
 * names it in its message, so a failure in a log says exactly which setting was involved.
 * The errors drivers throw too (CannotSetSubfieldError, LockTimeoutError, ...) belong to the driver
 * contract (runtime/drivers/errors.ts) and are re-exported here.
 */
import type { ErrorCode } from '../contract/errors.js';
import { ConfigError } from '../drivers/errors.js';

export {
  CannotSetSubfieldError,
  ConfigError,
  CorruptDataError,
  DataFolderLockedError,
  describeLocation,
  LockLostError,
  LockTimeoutError,
  type ConfigLocation,
} from '../drivers/errors.js';

/** A child was read that was never registered, on a Config made with `forceRegistration`. */
export class UnregisteredKeyError extends ConfigError {
  static override readonly code: ErrorCode = 'CONFIG_UNREGISTERED_KEY';
}

/** A key is empty, or a registered name would shadow an API member (`get`, `then`, ...). */
export class InvalidKeyError extends ConfigError {
  static override readonly code: ErrorCode = 'CONFIG_INVALID_KEY';
}

/** A registration turns a Value into a Group or the reverse. */
export class RegistrationConflictError extends ConfigError {
  static override readonly code: ErrorCode = 'CONFIG_REGISTRATION_CONFLICT';
}

/** A custom group is used before `initCustom`, or initialised again with another key count. */
export class CustomGroupError extends ConfigError {
  static override readonly code: ErrorCode = 'CONFIG_CUSTOM_GROUP';
}

/** A second `getConf` for a live namespace asked for another driver or another forceRegistration. */
export class ConfigInstanceConflictError extends ConfigError {
  static override readonly code: ErrorCode = 'CONFIG_INSTANCE_CONFLICT';
}

/** `getRaw` found nothing stored, no call-site default and no registered default. */
export class MissingKeyError extends ConfigError {
  static override readonly code: ErrorCode = 'CONFIG_MISSING_KEY';
}


/** A write does not fit the type the manifest declares for that field (`integer`, `snowflake`, not nullable, ...). */
export class ConfigValueTypeError extends ConfigError {
  static override readonly code: ErrorCode = 'CONFIG_VALUE_TYPE';
}
