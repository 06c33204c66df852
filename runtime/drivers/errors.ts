/**
 * The errors of the driver contract: what a driver may throw, and the location data they carry. They sit
 * beside the contract (types.ts) so drivers import nothing above them; Config (runtime/config/errors.ts)
 * re-exports them with its own.
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';

/** Where in Config something happened. Every field is optional: errors say what they know. */
export interface ConfigLocation {
  cogName?: string;
  identifier?: string;
  scope?: string;
  primaryKeys?: readonly string[];
  path?: readonly string[];
}

/** Renders a location as `cog "Economy", scope GUILD, keys [123], path settings.prefix`. */
export function describeLocation(at: ConfigLocation): string {
  const parts: string[] = [];
  if (at.cogName !== undefined) parts.push(`cog "${at.cogName}"`);
  if (at.scope !== undefined) parts.push(`scope ${at.scope}`);
  if (at.primaryKeys && at.primaryKeys.length > 0) parts.push(`keys [${at.primaryKeys.join(', ')}]`);
  if (at.path !== undefined) parts.push(`path ${at.path.length > 0 ? at.path.join('.') : '(root)'}`);
  return parts.join(', ');
}

/** The base of every Config error. */
export class ConfigError extends CogsmithError {
  static override readonly code: ErrorCode = 'CONFIG';
  readonly cogName?: string;
  readonly scope?: string;
  readonly primaryKeys?: readonly string[];
  readonly path?: readonly string[];

  constructor(message: string, at: ConfigLocation = {}, options?: { cause?: unknown }) {
    const where = describeLocation(at);
    super(where ? `${message} (${where})` : message, options);
    this.cogName = at.cogName;
    this.scope = at.scope;
    this.primaryKeys = at.primaryKeys ? [...at.primaryKeys] : undefined;
    this.path = at.path ? [...at.path] : undefined;
  }
}

/** A write reaches below a stored value that is not an object. */
export class CannotSetSubfieldError extends ConfigError {
  static override readonly code: ErrorCode = 'CONFIG_CANNOT_SET_SUBFIELD';
}

/** A lock could not be taken within `timeoutMs`. */
export class LockTimeoutError extends ConfigError {
  static override readonly code: ErrorCode = 'CONFIG_LOCK_TIMEOUT';
}

/**
 * A lock that holds across processes was lost while held (postgres: the connection holding it dropped).
 * Thrown by `update()` when the change could not be committed under the lock (nothing was written), and
 * by a lock's release when the lock had been lost meanwhile (changes made under it may be overtaken).
 */
export class LockLostError extends ConfigError {
  static override readonly code: ErrorCode = 'CONFIG_LOCK_LOST';
}

/** A stored file cannot be read or parsed; start-up stops rather than lose data. */
export class CorruptDataError extends ConfigError {
  static override readonly code: ErrorCode = 'CONFIG_CORRUPT_DATA';
}

/** Another process (or driver) already owns the data folder. */
export class DataFolderLockedError extends ConfigError {
  static override readonly code: ErrorCode = 'CONFIG_DATA_FOLDER_LOCKED';
}
