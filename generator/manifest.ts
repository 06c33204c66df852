/**
 * The TypeScript shape of a cog manifest. It mirrors the JSON Schema in schema.ts property for property
 * (tests/generator/manifest-type-sync.test.ts fails when they drift), so a `cog.ts` manifest gets the
 * same rules at compile time that a `cog.yaml` gets from the validator.
 */

import type {
  ChannelKind,
  CommandKind,
  ConfigTypeName,
  CooldownBucket,
  DurationUnit,
  ManifestOptionType as OptionTypeName,
  ManifestPrivilege as PrivilegeName,
  UserDataScope,
} from '../runtime/contract/enums.js';

// The enumerations are written once, in runtime/contract/enums.ts; these are their manifest names.
export type ManifestOptionType = OptionTypeName;
export type ManifestPrivilege = PrivilegeName;
export type ManifestCommandKind = CommandKind;
export type ManifestChannelKind = ChannelKind;
export type ManifestDurationUnit = DurationUnit;
export type ManifestConfigTypeName = ConfigTypeName;
export type ManifestJson = string | number | boolean | null | ManifestJson[] | { [key: string]: ManifestJson };

/** A whole cog manifest. */
/**
 * The checks a cog, a group or a command may declare; a cog's and a group's apply to every
 * command below them.
 */
export interface ChecksManifest {
  /** Who may run it (and everything below): the highest level on the way down wins. */
  privilege?: ManifestPrivilege;
  /** Discord permissions that satisfy `privilege` instead (or, alone, are required). */
  permissions?: string[];
  /** Discord permissions the bot needs in the channel. */
  botPermissions?: string[];
  dmOnly?: boolean;
  /** Only in a server (refused in DMs); `false` opts out of the automatic rule (required member or role options). */
  guildOnly?: boolean;
  nsfw?: boolean;
  /** At least one of these roles (names or ids). */
  roles?: string[];
  /** Custom predicates and compositions, all of which must pass. */
  checks?: CheckManifest[];
}

export interface CogManifest extends ChecksManifest {
  $schema?: string;
  name: string;
  identifier: number;
  description: string;
  dataStatement: string;
  /** Other cogs of the project this one needs loaded first, by name. */
  dependsOn?: string[];
  commands?: CommandManifest[];
  converters?: ConverterManifest[];
  listeners?: ListenerManifest[];
  /** Background tasks. */
  tasks?: TaskManifest[];
  /** Kinds of jobs the cog schedules for later. */
  jobs?: JobManifest[];
  config?: ConfigManifest;
  /** Where the cog keeps data about a user (for data requests). */
  userData?: UserDataManifest;
}


/** `{ scopes: [user, member], custom: [{ group: TICKETS, userKey: opener }] }`. */
export interface UserDataManifest {
  scopes?: UserDataScope[];
  custom?: UserDataCustomManifest[];
}

/** A custom group with user data: the primary key (`userKey`) or the field (`userField`) holding the user id. */
export interface UserDataCustomManifest {
  group: string;
  userKey?: string;
  userField?: string;
}

/** Fields a command and a subcommand share. */
interface CommandManifestBase extends ChecksManifest {
  name: string;
  description: string;
  options?: OptionManifest[];
  subcommands?: SubcommandManifest[];
  invokable?: boolean;
  aliases?: string[];
  hidden?: boolean;
  allowedMentions?: AllowedMentionsManifest;
  cooldown?: CooldownManifest;
  maxConcurrency?: MaxConcurrencyManifest;
}

/** One check: a custom predicate name, `any` / `all`, or a built-in check. */
export type CheckManifest =
  | string
  | { any: CheckManifest[] }
  | { all: CheckManifest[] }
  | { privilege: ManifestPrivilege }
  | { permissions: string[] }
  | { botPermissions: string[] }
  | { roles: string[] }
  | { nsfw: true }
  | { dmOnly: true }
  | { guildOnly: true };

/** A top-level command. */
export interface CommandManifest extends CommandManifestBase {
  kind: ManifestCommandKind;
}

/** A subcommand (it has its parent's kind). */
export interface SubcommandManifest extends CommandManifestBase {}

export interface OptionManifest {
  name: string;
  description: string;
  /** One type, or several for a union tried in order. */
  type: ManifestOptionType | ManifestOptionType[];
  required?: boolean;
  default?: string | number | boolean;
  choices?: ChoiceManifest[];
  /** A number, or for durations a text such as `30s`. */
  min?: number | string;
  max?: number | string;
  minLength?: number;
  maxLength?: number;
  rest?: boolean;
  channelKinds?: ManifestChannelKind[];
  units?: ManifestDurationUnit[];
  list?: boolean | { min?: number; max?: number };
  converter?: string;
  autocomplete?: boolean;
}

/** A custom converter the cog implements. */
export interface ConverterManifest {
  name: string;
  description: string;
  /** A TypeScript type, or a type name exported by `from`. */
  produces: string;
  from?: string;
}

export type ManifestBucket = CooldownBucket;

/** `{ rate: 2, per: 10s, bucket: user }`: `per` is a duration string or seconds. */
export interface CooldownManifest {
  rate: number;
  per: string | number;
  bucket?: ManifestBucket;
}

/** `{ limit: 1, bucket: guild, wait: true }`. */
export interface MaxConcurrencyManifest {
  limit: number;
  bucket?: ManifestBucket;
  wait?: boolean;
}

export type ChoiceManifest = string | number | { name: string; value: string | number };

export interface AllowedMentionsManifest {
  everyone?: boolean;
  roles?: boolean;
  users?: boolean;
  repliedUser?: boolean;
}

export interface ListenerManifest {
  event: string;
  handler: string;
  once?: boolean;
}

/** `{ name: sweep, every: 10m }`: run every period; without `every`, once after onLoad. */
export interface TaskManifest {
  name: string;
  description?: string;
  /** A duration string (`10m`, `1h30m`, `500ms`) or seconds; at least 1 second. */
  every?: string | number;
  /** Also run once right after onLoad (default false with `every`; always true without). */
  atStart?: boolean;
  /** How long an unload waits for a running run (default 5s). */
  stopTimeout?: string | number;
}

/** `{ name: unban, payload: { userId: { type: snowflake } }, userFields: [userId] }`. */
export interface JobManifest {
  name: string;
  description?: string;
  /** The payload's fields, typed as config fields are (without defaults). */
  payload: { [field: string]: ConfigTypeManifest };
  /** Payload fields (dotted paths) of type snowflake or string that hold a user id. */
  userFields?: string[];
}

export interface ConfigManifest {
  global?: ConfigGroupManifest;
  guild?: ConfigGroupManifest;
  channel?: ConfigGroupManifest;
  role?: ConfigGroupManifest;
  user?: ConfigGroupManifest;
  member?: ConfigGroupManifest;
  custom?: { [group: string]: CustomGroupManifest };
  /** Default true: unknown names are errors. */
  forceRegistration?: boolean;
}

export interface CustomGroupManifest {
  keys: string[];
  fields: ConfigGroupManifest;
  /** The group's former name; the next generate writes a migration that moves its data here. */
  renamedFrom?: string;
}

/**
 * A group: each key is a field (has `type`) or a nested group. The key `renamedFrom` (a string) is the
 * group's former name or dotted path, not an entry; read entries with `configEntries`.
 */
export interface ConfigGroupManifest {
  renamedFrom?: string;
  [key: string]: ConfigFieldManifest | ConfigGroupManifest | string | undefined;
}

/** A stored value with its type and default. */
export interface ConfigFieldManifest {
  type: ManifestConfigTypeName;
  default: ManifestJson;
  nullable?: boolean;
  items?: ConfigTypeManifest;
  fields?: { [key: string]: ConfigTypeManifest };
  description?: string;
  /** Former name or dotted path from the scope root; `null`: a new field, not a rename. */
  renamedFrom?: string | null;
  /** On a default change, also rewrite stored values equal to the old default. */
  rewriteOldDefault?: boolean;
}

/** A type without a default (array items, object fields). */
export interface ConfigTypeManifest {
  type: ManifestConfigTypeName;
  nullable?: boolean;
  items?: ConfigTypeManifest;
  fields?: { [key: string]: ConfigTypeManifest };
}
