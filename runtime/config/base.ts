/**
 * runtime/config without the PostgreSQL driver: what the runtime itself imports, so a bot on the json (or
 * memory) driver never loads drizzle-orm, pg or PGlite. runtime/config/index.ts is this plus
 * `PostgresDriver` (the public entry, as runtime/config/README.md names it); the runtime opens the
 * PostgreSQL driver only where storage is created (runtime/instance/storage.ts), on demand.
 */
export { Config, SCOPES, type BuiltinScope, type CogConfigSource, type GetConfOptions } from './config.js';
export { makeGroup, makeValue, type RuntimeGroup, type RuntimeValue } from './accessors.js';
export { CachedStore, storeFor, type CacheOptions, type CacheStats } from './cache.js';
export {
  CannotSetSubfieldError,
  ConfigError,
  ConfigInstanceConflictError,
  ConfigValueTypeError,
  CorruptDataError,
  CustomGroupError,
  DataFolderLockedError,
  InvalidKeyError,
  LockLostError,
  LockTimeoutError,
  MissingKeyError,
  RegistrationConflictError,
  UnregisteredKeyError,
  describeLocation,
  type ConfigLocation,
} from './errors.js';
export { cloneJson, copyJson, isPlainObject, jsonEqual, mergeDefaults } from '../drivers/values.js';
export { RESERVED_NAMES } from './keys.js';
export { PathLock, type Lockable } from './lock.js';
export type { AppendOptions, BigintValue, Group, IdLike, KeyLike, Lock, LockOptions, MemberLike, ReleaseFn, Value } from './typed.js';
export { MemoryDriver, NamespaceTree } from '../drivers/memory.js';
export { JsonDriver, type JsonDriverOptions, type JsonDriverStats } from '../drivers/json/index.js';
export type { Address, ConfigDriver, Invalidation, Namespace, NamespaceExport } from '../drivers/types.js';
export { convert, ConversionMismatchError, type ConvertOptions, type ConversionSummary, type NamespaceConversion } from './convert.js';
