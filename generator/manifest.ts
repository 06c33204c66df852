/**
 * The TypeScript shape of a cog manifest, taken from the schema in schema.ts (`Static<>` of its TypeBox
 * definitions), so a `cog.ts` manifest gets at compile time the rules a `cog.yaml` gets from the validator,
 * and the two cannot drift. The names here are what the rest of the generator imports.
 */

import type {
  ChannelKind,
  CommandKind,
  ConfigTypeName,
  CooldownBucket,
  DurationUnit,
  ManifestOptionType as OptionTypeName,
  ManifestPrivilege as PrivilegeName,
} from '../runtime/contract/enums.js';
import type { Static } from '../runtime/support/typed-schema.js';
import type { manifestTypes as M } from './schema.js';

export type { ManifestJson } from './schema.js';

// The enumerations are written once, in runtime/contract/enums.ts; these are their manifest names.
export type ManifestOptionType = OptionTypeName;
export type ManifestPrivilege = PrivilegeName;
export type ManifestCommandKind = CommandKind;
export type ManifestChannelKind = ChannelKind;
export type ManifestDurationUnit = DurationUnit;
export type ManifestConfigTypeName = ConfigTypeName;
export type ManifestBucket = CooldownBucket;

/** A whole cog manifest. */
export type CogManifest = Static<typeof M.cogManifest>;

/**
 * The checks a cog, a group or a command may declare; a cog's and a group's apply to every command
 * below them.
 */
export type ChecksManifest = Pick<CogManifest, 'privilege' | 'permissions' | 'botPermissions' | 'dmOnly' | 'guildOnly' | 'nsfw' | 'roles' | 'checks'>;

/** `{ scopes: [user, member], custom: [{ group: TICKETS, userKey: opener }] }`. */
export type UserDataManifest = Static<typeof M.userData>;

/** A custom group with user data: the primary key (`userKey`) or the field (`userField`) holding the user id. */
export type UserDataCustomManifest = Static<typeof M.userDataCustom>;

/** One check: a custom predicate name, `any` / `all`, or a built-in check. */
export type CheckManifest = Static<typeof M.check>;

/** A top-level command. */
export type CommandManifest = Static<typeof M.command>;

/** A subcommand (it has its parent's kind). */
export type SubcommandManifest = Static<typeof M.subcommand>;

/** One argument of a command; `type` is one type, or several for a union tried in order. */
export type OptionManifest = Static<typeof M.option>;

/** A custom converter the cog implements. */
export type ConverterManifest = Static<typeof M.converter>;

/** `{ rate: 2, per: 10s, bucket: user }`. */
export type CooldownManifest = Static<typeof M.cooldown>;

/** `{ limit: 1, bucket: guild, wait: true }`. */
export type MaxConcurrencyManifest = Static<typeof M.maxConcurrency>;

/** A fixed value of an option, or `{ name, value }`. */
export type ChoiceManifest = Static<typeof M.choice>;

export type AllowedMentionsManifest = Static<typeof M.allowedMentions>;

export type ListenerManifest = Static<typeof M.listener>;

/** `{ name: sweep, every: 10m }`: run every period; without `every`, once after onLoad. */
export type TaskManifest = Static<typeof M.task>;

/** `{ name: unban, payload: { userId: { type: snowflake } }, userFields: [userId] }`. */
export type JobManifest = Static<typeof M.job>;

export type ConfigManifest = Static<typeof M.config>;

export type CustomGroupManifest = Static<typeof M.customGroup>;

/**
 * A group: each key is a field (has `type`) or a nested group. The key `renamedFrom` (a string) is the
 * group's former name or dotted path, not an entry; read entries with `configEntries`.
 */
export type ConfigGroupManifest = Static<typeof M.configGroup>;

/** A stored value with its type and default. */
export type ConfigFieldManifest = Static<typeof M.configField>;

/** A type without a default (array items, object fields). */
export type ConfigTypeManifest = Static<typeof M.configType>;
