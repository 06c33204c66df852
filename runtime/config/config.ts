/**
 * Config: one cog's scoped settings (contract: runtime/config/README.md). A process-wide registry hands out one
 * Config per namespace `(cogName, identifier)`; each holds its registered defaults, custom groups and
 * per-path locks, and reaches its driver through the shared read cache.
 */
import type { ConfigSpec, ConfigTypeTree, JsonObject } from '../contract/spec.js';
import { MIGRATION_RECORD_SCOPE } from '../contract/migrations.js';
import type { Address, ConfigDriver, Namespace, NamespaceExport } from '../drivers/types.js';
import { makeGroup, type AccessHost, type RuntimeGroup } from './accessors.js';
import { storeFor, type CachedStore } from './cache.js';
import { ConfigError, ConfigInstanceConflictError, CustomGroupError, type ConfigLocation } from './errors.js';
import { isPlainObject, mergeDefaults } from '../drivers/values.js';
import { normalizeKey, normalizeMember } from './keys.js';
import { PathLock, lockAll, type Lockable } from './lock.js';
import { Registry } from './registration.js';
import type { IdLike, KeyLike, LockOptions, MemberLike } from './typed.js';

/** The built-in scopes and their primary-key counts. */
export const SCOPES = { GLOBAL: 0, GUILD: 1, CHANNEL: 1, ROLE: 1, USER: 1, MEMBER: 2 } as const;
export type BuiltinScope = keyof typeof SCOPES;

export interface GetConfOptions {
  cogName: string;
  /** The cog's integer identifier (stored as its decimal string). */
  identifier: number | bigint | string;
  /** Reading a child that was never registered throws at once. */
  forceRegistration?: boolean;
  /** The storage driver; without one, the process-wide default (`Config.setDefaultDriver`). */
  driver?: ConfigDriver;
}

/** What `Config.forCog` needs from a cog's generated spec. */
export interface CogConfigSource {
  name: string;
  identifier: number | bigint | string;
  config: ConfigSpec;
}

/**
 * The live Configs: per driver (a Config made without one uses the process default and is kept under
 * DEFAULT), then per namespace. Two bots in one process on two drivers each get their own Config of a
 * namespace; one bot always gets the same one.
 */
const DEFAULT = Symbol('the process default driver');
const registry = new Map<ConfigDriver | typeof DEFAULT, Map<string, Config>>();
let defaultDriver: ConfigDriver | undefined;

function parseIdentifier(cogName: string, identifier: unknown): string {
  if (typeof identifier === 'number' && Number.isSafeInteger(identifier)) return String(identifier);
  if (typeof identifier === 'bigint') return identifier.toString();
  if (typeof identifier === 'string' && /^-?\d+$/.test(identifier)) return BigInt(identifier).toString();
  throw new TypeError(`The identifier of cog "${cogName}" must be an integer; got ${String(identifier)}`);
}

/** One cog's settings. Get it with `Config.getConf` (or `Config.forCog`), never with `new`. */
export class Config {
  readonly cogName: string;
  readonly identifier: string;
  private force: boolean;
  readonly namespace: Namespace;
  private readonly explicitDriver: ConfigDriver | undefined;
  private readonly defaults = new Registry();
  private readonly customCounts = new Map<string, number>();
  /** Declared field types per scope (`GUILD`, ...) or custom group: writes to declared fields are checked. */
  private readonly types = new Map<string, ConfigTypeTree>();
  // Weak, so locks of paths nobody holds or references can be collected (one per member would pile up).
  // A held lock stays reachable through its release function, so it is never dropped while held.
  private readonly locks = new Map<string, WeakRef<PathLock>>();
  private readonly lockCollector = new FinalizationRegistry<string>((order) => {
    if (this.locks.get(order)?.deref() === undefined) this.locks.delete(order);
  });
  private readonly host: AccessHost;

  private constructor(options: GetConfOptions, identifier: string) {
    this.cogName = options.cogName;
    this.identifier = identifier;
    this.force = options.forceRegistration ?? false;
    this.namespace = { cogName: this.cogName, identifier };
    this.explicitDriver = options.driver;
    const self = this;
    this.host = {
      cogName: this.cogName,
      namespace: this.namespace,
      get forceRegistration() {
        return self.force;
      },
      registry: this.defaults,
      typesOf: (scope) => self.types.get(scope),
      store: () => self.store(),
      lockFor: (at) => self.lockFor(at),
    };
  }

  // ---- registry -------------------------------------------------------------------------------------

  /**
   * The one Config for `(cogName, identifier)` on the given driver (or on the process default driver); a
   * second call returns the same instance, with its registrations, locks and cache. Another driver gets
   * its own instance (two bots in one process stay apart). A second call that asks for another
   * `forceRegistration` than the live instance has is an error (ConfigInstanceConflictError), not a silent
   * return of an instance that does not do what was asked; leaving it out means "whatever it has". Without a
   * driver, the namespace's live instance is returned whatever its driver (an error when several bots hold
   * it on several drivers), else one on the process default driver is made.
   */
  static getConf(options: GetConfOptions): Config {
    if (typeof options.cogName !== 'string' || options.cogName.length === 0) throw new TypeError('Config.getConf needs a non-empty cogName');
    const identifier = parseIdentifier(options.cogName, options.identifier);
    const key = JSON.stringify([options.cogName, identifier]);
    if (options.driver === undefined) {
      // No driver asked for: the live instance of the namespace, whatever its driver, when there is one.
      const live = [...registry.values()].map((namespaces) => namespaces.get(key)).filter((c): c is Config => c !== undefined);
      const mine = live.find((c) => c.explicitDriver === undefined) ?? (live.length === 1 ? live[0] : undefined);
      if (!mine && live.length > 1) {
        throw new ConfigInstanceConflictError(`The Config of this namespace is live on ${live.length} drivers (one per bot): say which with \`driver\``, { cogName: options.cogName, identifier });
      }
      if (mine) {
        if (options.forceRegistration !== undefined && options.forceRegistration !== mine.forceRegistration) {
          throw new ConfigInstanceConflictError(`The Config of this namespace is already live with forceRegistration ${mine.forceRegistration}, not ${options.forceRegistration}`, { cogName: options.cogName, identifier });
        }
        return mine;
      }
    }
    const slot = options.driver ?? DEFAULT;
    let namespaces = registry.get(slot);
    if (!namespaces) registry.set(slot, (namespaces = new Map()));
    let config = namespaces.get(key);
    if (!config) {
      namespaces.set(key, (config = new Config(options, identifier)));
      return config;
    }
    const at = { cogName: options.cogName, identifier };
    if (options.forceRegistration !== undefined && options.forceRegistration !== config.forceRegistration) {
      throw new ConfigInstanceConflictError(`The Config of this namespace is already live with forceRegistration ${config.forceRegistration}, not ${options.forceRegistration}`, at);
    }
    return config;
  }

  /**
   * Gets the cog's Config and registers everything its manifest's `config:` block declares: defaults,
   * field types (checked on every write) and force registration (on unless the manifest opts out, so a
   * handler reading a name the manifest does not declare fails at once instead of reading `null`).
   */
  static forCog(spec: CogConfigSource, driver?: ConfigDriver): Config {
    const config = Config.getConf({ cogName: spec.name, identifier: spec.identifier, driver });
    config.registerSpec(spec.config);
    return config;
  }

  /** Reading a child that was never registered throws (UnregisteredKeyError) instead of reading `null`. */
  get forceRegistration(): boolean {
    return this.force;
  }

  /**
   * Replaces every registration with the ones of `spec` (a reload of the cog with a changed manifest); the
   * returned function puts the previous ones back (a failed reload keeps the old version running).
   */
  reregister(spec: ConfigSpec): () => void {
    const defaults = this.defaults.snapshot();
    const counts = new Map(this.customCounts);
    const types = new Map(this.types);
    const force = this.force;
    const undo = () => {
      this.defaults.restore(defaults);
      this.customCounts.clear();
      for (const [group, count] of counts) this.customCounts.set(group, count);
      this.types.clear();
      for (const [scope, tree] of types) this.types.set(scope, tree);
      this.force = force;
    };
    this.defaults.clear();
    this.customCounts.clear();
    this.types.clear();
    try {
      this.registerSpec(spec);
    } catch (error) {
      undo();
      throw error;
    }
    return undo;
  }

  private registerSpec(c: ConfigSpec): void {
    if (c.global) this.registerGlobal(c.global);
    if (c.guild) this.registerGuild(c.guild);
    if (c.channel) this.registerChannel(c.channel);
    if (c.role) this.registerRole(c.role);
    if (c.user) this.registerUser(c.user);
    if (c.member) this.registerMember(c.member);
    for (const [name, group] of Object.entries(c.custom ?? {})) {
      this.initCustom(name, group.keys.length);
      this.registerCustom(name, group.defaults);
      if (group.types) this.types.set(name, group.types);
    }
    for (const [scope, tree] of Object.entries(c.types ?? {})) if (tree) this.types.set(scope.toUpperCase(), tree);
    this.force = c.forceRegistration ?? true;
  }

  /** Every live Config. */
  static instances(): Config[] {
    return [...registry.values()].flatMap((namespaces) => [...namespaces.values()]);
  }

  /** Forgets a Config (its cog unloaded); the next getConf builds a fresh one. Stored data is kept. */
  static release(config: Config): void {
    const key = JSON.stringify([config.cogName, config.identifier]);
    const slot = config.explicitDriver ?? DEFAULT;
    const namespaces = registry.get(slot);
    if (namespaces?.get(key) === config) namespaces.delete(key);
    if (namespaces?.size === 0) registry.delete(slot);
  }

  /** Sets the driver used by every Config that was not given one (the instance's configured driver). */
  static setDefaultDriver(driver: ConfigDriver | undefined): void {
    defaultDriver = driver;
  }

  static get defaultDriver(): ConfigDriver | undefined {
    return defaultDriver;
  }

  /** Takes the locks of several Values/Groups in one global order, runs `fn`, releases them. */
  static lockAll<R>(targets: readonly Lockable[], fn: () => R | Promise<R>, options?: LockOptions): Promise<R> {
    return lockAll(targets, fn, options);
  }

  /** The driver this Config uses (its own, else the process default). */
  get driver(): ConfigDriver {
    const driver = this.explicitDriver ?? defaultDriver;
    if (!driver) {
      throw new ConfigError('No config driver: pass one to Config.getConf or call Config.setDefaultDriver first', { cogName: this.cogName });
    }
    return driver;
  }

  /** The cached store in front of the driver. */
  store(): CachedStore {
    return storeFor(this.driver);
  }

  /**
   * Changes whenever this namespace's data may have changed (a write through this process's cache, or an
   * invalidation from another process). For the runtime's hot paths: see DerivedCache in derived.ts.
   */
  generation(): number {
    return this.store().generation(this.namespace);
  }

  private lockFor(at: Address): PathLock {
    const order = JSON.stringify([this.cogName, this.identifier, at.scope, ...at.primaryKeys, '/', ...at.path]);
    let lock = this.locks.get(order)?.deref();
    if (!lock) {
      const where = { cogName: this.cogName, scope: at.scope, primaryKeys: at.primaryKeys, path: at.path };
      lock = new PathLock(order, where, this.namespace, () => this.explicitDriver ?? defaultDriver);
      this.locks.set(order, new WeakRef(lock));
      this.lockCollector.register(lock, order);
    }
    return lock;
  }

  private loc(scope: string, primaryKeys: string[] = []): ConfigLocation {
    return { cogName: this.cogName, scope, primaryKeys };
  }

  // ---- registration ---------------------------------------------------------------------------------

  registerGlobal(defaults: JsonObject): void {
    this.defaults.register('GLOBAL', defaults, this.loc('GLOBAL'));
  }
  registerGuild(defaults: JsonObject): void {
    this.defaults.register('GUILD', defaults, this.loc('GUILD'));
  }
  registerChannel(defaults: JsonObject): void {
    this.defaults.register('CHANNEL', defaults, this.loc('CHANNEL'));
  }
  registerRole(defaults: JsonObject): void {
    this.defaults.register('ROLE', defaults, this.loc('ROLE'));
  }
  registerUser(defaults: JsonObject): void {
    this.defaults.register('USER', defaults, this.loc('USER'));
  }
  registerMember(defaults: JsonObject): void {
    this.defaults.register('MEMBER', defaults, this.loc('MEMBER'));
  }
  /** Registers defaults for a custom group (initCustom may come before or after). */
  registerCustom(group: string, defaults: JsonObject): void {
    this.checkCustomName(group);
    this.defaults.register(group, defaults, this.loc(group));
  }

  /** Declares a custom group with `keyCount` primary keys; again with the same count is a no-op. */
  initCustom(group: string, keyCount: number): void {
    this.checkCustomName(group);
    if (!Number.isSafeInteger(keyCount) || keyCount < 0) {
      throw new CustomGroupError(`initCustom needs a non-negative integer key count; got ${String(keyCount)}`, this.loc(group));
    }
    const existing = this.customCounts.get(group);
    if (existing !== undefined && existing !== keyCount) {
      throw new CustomGroupError(`Custom group "${group}" was initialised with ${existing} primary keys, not ${keyCount}`, this.loc(group));
    }
    this.customCounts.set(group, keyCount);
  }

  private checkCustomName(group: string): void {
    if (typeof group !== 'string' || group.length === 0) throw new CustomGroupError('A custom group needs a non-empty name', { cogName: this.cogName });
    if (group in SCOPES) throw new CustomGroupError(`"${group}" is a built-in scope, not a custom group name`, this.loc(group));
    if (group === MIGRATION_RECORD_SCOPE) throw new CustomGroupError(`"${group}" holds the cog's migration record, not a custom group`, this.loc(group));
  }

  private customCount(group: string): number {
    const count = this.customCounts.get(group);
    if (count === undefined) {
      throw new CustomGroupError(`Custom group "${group}" is used before initCustom("${group}", keyCount)`, this.loc(group));
    }
    return count;
  }

  // ---- access ---------------------------------------------------------------------------------------

  private group(scope: string, keyCount: number, primaryKeys: string[]): RuntimeGroup {
    return makeGroup(this.host, { scope, keyCount, primaryKeys, path: [] });
  }

  /** The GLOBAL scope group. */
  get global(): RuntimeGroup {
    return this.group('GLOBAL', 0, []);
  }
  guild(guild: IdLike): RuntimeGroup {
    return this.group('GUILD', 1, [normalizeKey(guild, 'The guild', this.loc('GUILD'))]);
  }
  guildFromId(id: KeyLike): RuntimeGroup {
    return this.group('GUILD', 1, [normalizeKey(id, 'The guild id', this.loc('GUILD'))]);
  }
  channel(channel: IdLike): RuntimeGroup {
    return this.group('CHANNEL', 1, [normalizeKey(channel, 'The channel', this.loc('CHANNEL'))]);
  }
  role(role: IdLike): RuntimeGroup {
    return this.group('ROLE', 1, [normalizeKey(role, 'The role', this.loc('ROLE'))]);
  }
  user(user: IdLike): RuntimeGroup {
    return this.group('USER', 1, [normalizeKey(user, 'The user', this.loc('USER'))]);
  }
  userFromId(id: KeyLike): RuntimeGroup {
    return this.group('USER', 1, [normalizeKey(id, 'The user id', this.loc('USER'))]);
  }
  member(member: MemberLike): RuntimeGroup {
    return this.group('MEMBER', 2, normalizeMember(member, this.loc('MEMBER')));
  }
  memberFromIds(guildId: KeyLike, userId: KeyLike): RuntimeGroup {
    const at = this.loc('MEMBER');
    return this.group('MEMBER', 2, [normalizeKey(guildId, 'The guild id', at), normalizeKey(userId, 'The user id', at)]);
  }
  /** A custom group's document, or a partial group when fewer keys than its count are given. */
  custom(group: string, ...keys: KeyLike[]): RuntimeGroup {
    const count = this.customCount(group);
    if (keys.length > count) {
      throw new CustomGroupError(`Custom group "${group}" has ${count} primary keys; got ${keys.length}`, this.loc(group));
    }
    return this.group(group, count, keys.map((k, i) => normalizeKey(k, `Primary key #${i + 1}`, this.loc(group))));
  }

  // ---- bulk -----------------------------------------------------------------------------------------

  private async allOf(scope: string, keyCount: number, primaryKeys: string[]): Promise<JsonObject> {
    return this.group(scope, keyCount, primaryKeys).all();
  }

  /** `{ [guildId]: document }` for every guild with stored data, merged with defaults. */
  allGuilds(): Promise<JsonObject> {
    return this.allOf('GUILD', 1, []);
  }
  allChannels(): Promise<JsonObject> {
    return this.allOf('CHANNEL', 1, []);
  }
  allRoles(): Promise<JsonObject> {
    return this.allOf('ROLE', 1, []);
  }
  allUsers(): Promise<JsonObject> {
    return this.allOf('USER', 1, []);
  }
  /** `{ [guildId]: { [userId]: document } }`, or the inner map for one guild. */
  allMembers(guild?: IdLike): Promise<JsonObject> {
    const keys = guild === undefined ? [] : [normalizeKey(guild, 'The guild', this.loc('MEMBER'))];
    return this.allOf('MEMBER', 2, keys);
  }
  /** The stored tree of a custom group (not merged with defaults). */
  async allCustom(group: string): Promise<JsonObject> {
    const count = this.customCount(group);
    const stored = await this.store().get(this.namespace, { scope: group, keyCount: count, primaryKeys: [], path: [] });
    if (count === 0) return (mergeDefaults({}, isPlainObject(stored) ? stored : {}) as JsonObject);
    return isPlainObject(stored) ? stored : {};
  }

  private clearScope(scope: string, keyCount: number, primaryKeys: string[] = []): Promise<void> {
    return this.store().clear(this.namespace, { scope, keyCount, primaryKeys, path: [] });
  }

  /**
   * Removes everything this cog stored, in every scope. The migration record (MIGRATION_RECORD_SCOPE) is
   * kept: it describes the shape of data written from now on, which is the current one.
   */
  async clearAll(): Promise<void> {
    const record = await this.store().get(this.namespace, { scope: MIGRATION_RECORD_SCOPE, keyCount: 0, primaryKeys: [], path: [] }, true);
    const kept: NamespaceExport = { namespace: { ...this.namespace }, keyCounts: {}, data: {} };
    if (record !== undefined) {
      kept.keyCounts[MIGRATION_RECORD_SCOPE] = 0;
      kept.data[MIGRATION_RECORD_SCOPE] = record;
    }
    await this.store().importNamespace(kept);
  }
  clearAllGlobals(): Promise<void> {
    return this.clearScope('GLOBAL', 0);
  }
  clearAllGuilds(): Promise<void> {
    return this.clearScope('GUILD', 1);
  }
  clearAllChannels(): Promise<void> {
    return this.clearScope('CHANNEL', 1);
  }
  clearAllRoles(): Promise<void> {
    return this.clearScope('ROLE', 1);
  }
  clearAllUsers(): Promise<void> {
    return this.clearScope('USER', 1);
  }
  clearAllMembers(guild?: IdLike): Promise<void> {
    const keys = guild === undefined ? [] : [normalizeKey(guild, 'The guild', this.loc('MEMBER'))];
    return this.clearScope('MEMBER', 2, keys);
  }
  clearAllCustom(group: string): Promise<void> {
    return this.clearScope(group, this.customCount(group));
  }
}
