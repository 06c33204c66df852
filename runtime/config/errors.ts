/**
 * Config's errors. Every one carries where it happened (cog, scope, primary keys, path) as data and
 * names it in its message, so a failure in a log says exactly which setting was involved.
 * Drivers throw CannotSetSubfieldError and LockTimeoutError too, so they live here, below nothing else.
 */

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
export class ConfigError extends Error {
  readonly cogName?: string;
  readonly scope?: string;
  readonly primaryKeys?: readonly string[];
  readonly path?: readonly string[];

  constructor(message: string, at: ConfigLocation = {}, options?: { cause?: unknown }) {
    const where = describeLocation(at);
    super(where ? `${message} (${where})` : message, options);
    this.name = new.target.name;
    this.cogName = at.cogName;
    this.scope = at.scope;
    this.primaryKeys = at.primaryKeys ? [...at.primaryKeys] : undefined;
    this.path = at.path ? [...at.path] : undefined;
  }
}

/** A child was read that was never registered, on a Config made with `forceRegistration`. */
export class UnregisteredKeyError extends ConfigError {}

/** A key is empty, or a registered name would shadow an API member (`get`, `then`, ...). */
export class InvalidKeyError extends ConfigError {}

/** A registration turns a Value into a Group or the reverse. */
export class RegistrationConflictError extends ConfigError {}

/** A custom group is used before `initCustom`, or initialised again with another key count. */
export class CustomGroupError extends ConfigError {}

/** `getRaw` found nothing stored, no call-site default and no registered default. */
export class MissingKeyError extends ConfigError {}

/** A write reaches below a stored value that is not an object. */
export class CannotSetSubfieldError extends ConfigError {}

/** A lock could not be taken within `timeoutMs`. */
export class LockTimeoutError extends ConfigError {}

/** A stored file cannot be read or parsed; start-up stops rather than lose data. */
export class CorruptDataError extends ConfigError {}

/** Another process (or driver) already owns the data folder. */
export class DataFolderLockedError extends ConfigError {}
