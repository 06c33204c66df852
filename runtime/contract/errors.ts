/**
 * One family for the runtime's errors, as discord.js's DJSError and drizzle's DrizzleError do it: every
 * error the runtime throws on purpose extends `CogsmithError` and carries a stable `code` from the closed
 * list below, so callers catch and test by code (`error.code === 'CONFIG_LOCK_TIMEOUT'`) instead of by
 * message or class identity (which a hot reload or a second copy of a module would break). `name` is the
 * class name, set in one place.
 *
 * A class names its code with `static readonly code`; subclasses that add none inherit their parent's.
 */

/** Every code a CogsmithError can carry. */
export const ERROR_CODES = [
  'COGSMITH',
  // Config and its drivers
  'CONFIG',
  'CONFIG_UNREGISTERED_KEY',
  'CONFIG_INVALID_KEY',
  'CONFIG_REGISTRATION_CONFLICT',
  'CONFIG_CUSTOM_GROUP',
  'CONFIG_MISSING_KEY',
  'CONFIG_CANNOT_SET_SUBFIELD',
  'CONFIG_LOCK_TIMEOUT',
  'CONFIG_LOCK_LOST',
  'CONFIG_CORRUPT_DATA',
  'CONFIG_DATA_FOLDER_LOCKED',
  'CONFIG_CONVERSION_MISMATCH',
  'CONFIG_INSTANCE_CONFLICT',
  'CONFIG_VALUE_TYPE',
  'POSTGRES_DRIVER',
  // Config migrations
  'MIGRATION',
  'MIGRATION_NOT_IMPLEMENTED',
  // Cogs and the bot
  'COG_LOAD',
  'COG_DEPENDENCY',
  'BOT_START',
  'BOT_FATAL',
  'INSTANCE_CONFIG',
  'LOGGING_SETTINGS',
  'SOURCE_PROBLEMS',
  // Commands
  'USER_INPUT',
  'CONVERSION_FAILURE',
  'CHECK_FAILURE',
  'CHECK_STEP',
  'CONTEXT_CANNOT_ANSWER',
  'COMMAND_DISABLED',
  'COMMAND_CONFLICT',
  'EMPTY_MESSAGE',
  // Message components (buttons, select menus)
  'COMPONENT_ID',
  'PREFIX',
  'SLASH_SYNC_STORE',
  // Permissions, data requests, tasks
  'RULES_YAML',
  'RULES_YAML_EMPTY',
  'DATA_REQUEST',
  'SCHEDULE',
  // The sandbox and the simulator
  'SLASH_LINE',
  'SIMULATOR_TIMEOUT',
  'SIMULATOR_UNKNOWN_ENTITY',
  'SIMULATOR_ALLOWED_MENTIONS',
  'SIMULATOR_COMPONENT_REFUSED',
  'CHAT_INPUT',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The base of every error the runtime throws on purpose. */
export class CogsmithError extends Error {
  /** The code of errors of this class (subclasses override it). */
  static readonly code: ErrorCode = 'COGSMITH';

  /** A stable identifier of what failed; see ERROR_CODES. */
  get code(): ErrorCode {
    return (this.constructor as typeof CogsmithError).code;
  }

  override get name(): string {
    return this.constructor.name;
  }
}

/** True when `error` is a CogsmithError with that code (also across copies of this module). */
export function hasErrorCode(error: unknown, code: ErrorCode): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === code;
}
