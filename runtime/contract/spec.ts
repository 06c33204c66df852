/**
 * The contract between the generator and the runtime: what `generated/` holds for each cog.
 * The generator emits these objects as plain literals; the runtime reads nothing else about a cog.
 * It sits at the bottom of the runtime: it imports only the other contract files (and discord.js types).
 */
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { ChannelKind, CommandKind, ConfigScopeName, ConfigTypeName, CooldownBucket, DurationUnit, OptionType, Privilege, UserDataScope } from './enums.js';
import type { JsonObject } from './json.js';

export type { ChannelKind, CommandKind, CooldownBucket, DurationUnit, OptionType, Privilege, RuntimeEvent } from './enums.js';
export type { JsonObject, JsonPrimitive, JsonValue } from './json.js';

/** One fixed choice of an option. */
export interface OptionChoice {
  name: string;
  value: string | number;
}

/** One option of a command, normalized (every field present that has a meaning). */
export interface OptionSpec {
  name: string;
  description: string;
  type: OptionType;
  /** False when the option may be left out (it then takes `default`, or is undefined). */
  required: boolean;
  default?: string | number | boolean;
  choices?: OptionChoice[];
  /** Numeric bounds (integer, number). */
  min?: number;
  max?: number;
  /** Length bounds (string). */
  minLength?: number;
  maxLength?: number;
  /** Text route: the last string option takes the rest of the line, quotes and all. */
  rest: boolean;
  /** A union: the types tried in order (text), `type` being the first. Absent for a single type. */
  union?: OptionType[];
  /** A greedy list of 1..N values of the type: text reads words while they convert; slash splits one string. */
  list?: { min: number; max: number };
  /** Channel options: the kinds accepted (all when absent). */
  channelKinds?: ChannelKind[];
  /** Duration options: the units accepted (all when absent). `min`/`max` are then milliseconds. */
  durationUnits?: DurationUnit[];
  /** Name of a custom converter the cog implements (the option is a string on the wire). */
  converter?: string;
  /** Slash: the cog's suggester answers autocomplete for this option. */
  autocomplete?: boolean;
}

/** A custom converter the cog declares and implements. */
export interface ConverterSpec {
  name: string;
  description: string;
  /** The TypeScript type it produces, as written in the manifest. */
  produces: string;
  /** The cog module (relative to its folder) that exports the `produces` type, when it is a name. */
  from?: string;
}

/** Who a reply may mention. Everything is off unless the manifest turns it on for that command. */
export interface MentionPolicy {
  everyone: boolean;
  roles: boolean;
  users: boolean;
  repliedUser: boolean;
}

/** At most `rate` runs per `perMs` milliseconds in one bucket. */
export interface CooldownSpec {
  rate: number;
  perMs: number;
  bucket: CooldownBucket;
}

/** At most `limit` runs at the same time in one bucket; with `wait`, further runs queue instead of being refused. */
export interface MaxConcurrencySpec {
  limit: number;
  bucket: CooldownBucket;
  wait: boolean;
}

/** One command or group, normalized. */
export interface CommandSpec {
  name: string;
  /** Names from the top-level command down to this one, e.g. ['settings', 'prefix']. */
  path: string[];
  kind: CommandKind;
  description: string;
  options: OptionSpec[];
  subcommands: CommandSpec[];
  /** Key of this command's handler in the cog's `commands` handlers, or null for a group without a handler. */
  handler: string | null;
  /** Text signature without prefix, e.g. `echo <text...>` or `hello [member]`. */
  usage: string;
  /** Help text: description, usage with `[p]` for the prefix, and one line per option. */
  help: string;
  aliases: string[];
  hidden: boolean;
  allowedMentions: MentionPolicy;
  /**
   * Only usable in a server (set on the top-level command and inherited by its subcommands; absent means
   * usable in DMs too). Slash: marked in Discord (`contexts: [0]`, `dm_permission: false`); text: refused in DMs.
   */
  guildOnly?: true;
  /** Rate limit per bucket (absent: none). */
  cooldown?: CooldownSpec;
  /** Concurrent runs per bucket (absent: unlimited). */
  maxConcurrency?: MaxConcurrencySpec;
  /**
   * The privilege needed to run it: the highest of its cog's, its parent groups' and its own (absent: none).
   * Enforced by runtime/permissions before the handler, for text and slash alike.
   */
  privilege?: Privilege;
  /**
   * Discord permissions that satisfy `privilege` instead (Red's "admin or Manage Server"); with no
   * `privilege` they are required. Collected from the cog, its groups and the command. Owners always pass.
   */
  permissions?: string[];
  /** Further checks from the cog, its groups and the command, in that order; all must pass (runtime/permissions/manifest-checks.ts). */
  checks?: CheckSpec[];
}

/** One manifest check, normalized (generator/model/checks.ts builds them; runtime/permissions/manifest-checks.ts runs them). */
export type CheckSpec =
  | { kind: 'any'; checks: CheckSpec[] }
  | { kind: 'all'; checks: CheckSpec[] }
  | { kind: 'privilege'; privilege: Privilege }
  /** The member holds every one of these Discord permissions in the channel (owners pass). */
  | { kind: 'permissions'; permissions: string[] }
  /** The bot holds every one of these in the channel. */
  | { kind: 'botPermissions'; permissions: string[] }
  /** The member holds at least one of these roles (names or ids). */
  | { kind: 'roles'; roles: string[] }
  | { kind: 'nsfw' }
  | { kind: 'dmOnly' }
  | { kind: 'guildOnly' }
  /** A predicate the cog implements in `handlers.ts` under `checks`. */
  | { kind: 'predicate'; name: string };

/**
 * Where a cog keeps data about a user (the manifest's `userData`), from which generate emits its
 * `user-data.ts` (deletion and export). Absent: the cog does not handle data requests.
 */
export interface UserDataSpec {
  /** Built-in scopes keyed by the user: `user` (one document per user), `member` (one per user per guild). */
  scopes: UserDataScope[];
  /** Custom groups: `userKey` names the primary key holding the user id, or `userField` the document field (dotted path). */
  custom: { group: string; userKey?: string; userField?: string }[];
}

/** A discord.js client event (or a runtime event, RUNTIME_EVENTS) the cog listens to. */
export interface ListenerSpec {
  /** discord.js `ClientEvents` key, e.g. `guildMemberAdd`, or a runtime event such as `messageWithoutCommand`. */
  event: string;
  /** Key of the listener in the cog's `listeners` handlers. */
  handler: string;
  once: boolean;
}

/** A config field's declared type (the manifest's `type`, `nullable`, `items`, `fields`); runtime/config/value-types.ts checks values against it. */
export interface ConfigValueType {
  type: ConfigTypeName;
  nullable?: boolean;
  items?: ConfigValueType;
  fields?: { [key: string]: ConfigValueType };
}

/** Declared field types of one scope or custom group: a tree of groups whose leaves are field types. */
export interface ConfigTypeTree {
  [key: string]: ConfigValueType | { group: ConfigTypeTree };
}

/** Registered defaults per scope, exactly as `Config.register*` takes them, and the declared types. */
export interface ConfigSpec {
  global?: JsonObject;
  guild?: JsonObject;
  channel?: JsonObject;
  role?: JsonObject;
  user?: JsonObject;
  member?: JsonObject;
  /** Custom groups: the names of their primary keys (the count is what `initCustom` takes), defaults and field types. */
  custom: Record<string, { keys: string[]; defaults: JsonObject; types?: ConfigTypeTree }>;
  /** Each declared scope's field types: every write to a declared field is checked against its type. */
  types?: Partial<Record<ConfigScopeName, ConfigTypeTree>>;
  /** Absent: true (reading a name the manifest does not declare is an error). The manifest may opt out. */
  forceRegistration?: boolean;
}

/**
 * A background task (the manifest's `tasks:`): the cog's `tasks.<name>` handler, run every `everyMs`
 * and/or once right after onLoad. Runs never overlap; a run that throws is logged and the next one still
 * happens; unload signals a running run and waits `stopTimeoutMs` before abandoning it.
 */
export interface TaskSpec {
  /** The task's name, also the key of its handler in the cog's `tasks`. */
  name: string;
  description: string;
  /** The period in ms (absent: a start-up task that runs once). The first periodic run is one period after start. */
  everyMs?: number;
  /** Also run once right after onLoad (always true for a task without `everyMs`). */
  atStart: boolean;
  /** How long an unload waits for a running run after signalling it, in ms. */
  stopTimeoutMs: number;
}

/**
 * A kind of job the cog schedules for later (the manifest's `jobs:`), e.g. `unban` after a tempban: the
 * cog's `jobs.<name>` handler runs at the job's time with its payload. Jobs are stored in Config, so they
 * survive restarts and, on a shared PostgreSQL, run once across processes.
 */
export interface JobSpec {
  /** The job kind's name, also the key of its handler in the cog's `jobs`. */
  name: string;
  description: string;
  /** Payload fields (dotted paths) that hold a user id: a data-deletion request for that user removes the job. */
  userFields: string[];
}

/** Everything the runtime needs to know about one cog. */
export interface CogSpec {
  name: string;
  identifier: number;
  description: string;
  dataStatement: string;
  /** The manifest file, relative to the project root (for messages). */
  source: string;
  commands: CommandSpec[];
  listeners: ListenerSpec[];
  config: ConfigSpec;
  /** Custom converters the cog implements (absent when it declares none). */
  converters?: ConverterSpec[];
  /** The privilege every command of the cog needs at least (absent: none). */
  privilege?: Privilege;
  /** Where the cog keeps end-user data (absent: it does not handle data requests). */
  userData?: UserDataSpec;
  /** Slash (and hybrid) commands as Discord's bulk-overwrite body. */
  slashCommands: RESTPostAPIChatInputApplicationCommandsJSONBody[];
  /** Background tasks (absent or empty: none). */
  tasks?: TaskSpec[];
  /** Kinds of scheduled jobs (absent or empty: none). */
  jobs?: JobSpec[];
  /**
   * Cogs this one needs loaded first (the manifest's `dependsOn`): loading it loads them first, and
   * unloading one of them is refused while this cog is loaded (or cascades when asked).
   */
  dependsOn?: string[];
}
