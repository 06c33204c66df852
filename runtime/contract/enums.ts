/**
 * Every enumeration the generator and the runtime share, written once, `as const`; each type is derived
 * from its list. The manifest schema (generator/schema.ts), the manifest type (generator/manifest.ts)
 * and the spec (spec.ts) all read these lists, so a new option type or channel kind is added here only.
 */

/** Option types a normalized spec carries (a manifest's `choice` becomes a `string` with choices). */
export const OPTION_TYPES = [
  'string',
  'integer',
  'number',
  'boolean',
  'user',
  'member',
  'channel',
  'role',
  'mentionable',
  'emoji',
  'attachment',
  'duration',
  'snowflake',
] as const;
export type OptionType = (typeof OPTION_TYPES)[number];

/** Option types a manifest may name: the spec's, plus `choice` (a string with fixed `choices`). */
export const MANIFEST_OPTION_TYPES = [...OPTION_TYPES, 'choice'] as const;
export type ManifestOptionType = (typeof MANIFEST_OPTION_TYPES)[number];

/** Channel kinds a channel option may accept (each maps to one or more Discord channel types). */
export const CHANNEL_KINDS = ['text', 'voice', 'thread', 'category', 'forum', 'announcement', 'stage', 'media', 'dm'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/**
 * Units a duration accepts: milliseconds, seconds, minutes, hours, days, weeks, months (30 days), years
 * (365 days). Every duration value is a number of milliseconds (runtime/support/duration.ts).
 */
export const DURATION_UNITS = ['ms', 's', 'm', 'h', 'd', 'w', 'mo', 'y'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** How a command is reached: by a prefix, as a slash command, or both with one handler. */
export const COMMAND_KINDS = ['text', 'slash', 'hybrid'] as const;
export type CommandKind = (typeof COMMAND_KINDS)[number];

/**
 * Who shares a cooldown or concurrency limit: one user everywhere, a user in one server, a server, a
 * channel, a channel's category, the member's top role, or everyone. In DMs, `guild` falls back to the
 * user, and `category` and `role` to the channel.
 */
export const COOLDOWN_BUCKETS = ['user', 'member', 'guild', 'channel', 'category', 'role', 'global'] as const;
export type CooldownBucket = (typeof COOLDOWN_BUCKETS)[number];

/** Privilege levels, lowest first: none < mod < admin < guildOwner < owner (runtime/permissions). */
export const PRIVILEGES = ['none', 'mod', 'admin', 'guildOwner', 'owner'] as const;
export type Privilege = (typeof PRIVILEGES)[number];

/** The levels a manifest may ask for (`none` is what asking for nothing means). */
export const MANIFEST_PRIVILEGES = ['mod', 'admin', 'guildOwner', 'owner'] as const;
export type ManifestPrivilege = (typeof MANIFEST_PRIVILEGES)[number];

/** Types a config field may declare in a manifest. */
export const CONFIG_TYPES = ['string', 'integer', 'bigint', 'number', 'boolean', 'duration', 'snowflake', 'array', 'object'] as const;
export type ConfigTypeName = (typeof CONFIG_TYPES)[number];

/** Built-in scopes keyed by a user, where a cog may keep data about them (`userData.scopes`). */
export const USER_DATA_SCOPES = ['user', 'member'] as const;
export type UserDataScope = (typeof USER_DATA_SCOPES)[number];

/** The built-in Config scopes a manifest's `config:` block may give defaults for (custom groups aside). */
export const CONFIG_SCOPES = ['global', 'guild', 'channel', 'role', 'user', 'member'] as const;
export type ConfigScopeName = (typeof CONFIG_SCOPES)[number];

/**
 * The runtime's own listener events, beside discord.js's client events: `messageWithoutCommand` is a
 * message the command dispatcher passed on (not a command, not from a bot), after the same allow/block
 * and ignore filtering commands get (Red's `on_message_without_command`).
 */
export const RUNTIME_EVENTS = ['messageWithoutCommand'] as const;
export type RuntimeEvent = (typeof RUNTIME_EVENTS)[number];
