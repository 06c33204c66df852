/**
 * The TypeScript shape of a cog manifest. It mirrors the JSON Schema in schema.ts property for property
 * (tests/generator/manifest-type-sync.test.ts fails when they drift), so a `cog.ts` manifest gets the
 * same rules at compile time that a `cog.yaml` gets from the validator.
 */

export type ManifestCommandKind = 'text' | 'slash' | 'hybrid';
export type ManifestOptionType = 'string' | 'integer' | 'number' | 'boolean' | 'user' | 'member' | 'channel' | 'role';
export type ManifestConfigTypeName = 'string' | 'integer' | 'number' | 'boolean' | 'duration' | 'snowflake' | 'array' | 'object';
export type ManifestJson = string | number | boolean | null | ManifestJson[] | { [key: string]: ManifestJson };

/** A whole cog manifest. */
export interface CogManifest {
  $schema?: string;
  name: string;
  identifier: number;
  description: string;
  dataStatement: string;
  commands?: CommandManifest[];
  listeners?: ListenerManifest[];
  config?: ConfigManifest;
}

/** Fields a command and a subcommand share. */
interface CommandManifestBase {
  name: string;
  description: string;
  options?: OptionManifest[];
  subcommands?: SubcommandManifest[];
  invokable?: boolean;
  aliases?: string[];
  hidden?: boolean;
  allowedMentions?: AllowedMentionsManifest;
  /** Reserved for a later version. */
  checks?: string[];
  /** Reserved for a later version. */
  cooldown?: { [key: string]: ManifestJson };
  /** Reserved for a later version. */
  privilege?: string;
}

/** A top-level command. */
export interface CommandManifest extends CommandManifestBase {
  kind: ManifestCommandKind;
}

/** A subcommand (it has its parent's kind). */
export interface SubcommandManifest extends CommandManifestBase {}

export interface OptionManifest {
  name: string;
  description: string;
  type: ManifestOptionType;
  required?: boolean;
  default?: string | number | boolean;
  choices?: ChoiceManifest[];
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  rest?: boolean;
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

export interface ConfigManifest {
  global?: ConfigGroupManifest;
  guild?: ConfigGroupManifest;
  channel?: ConfigGroupManifest;
  role?: ConfigGroupManifest;
  user?: ConfigGroupManifest;
  member?: ConfigGroupManifest;
  custom?: { [group: string]: CustomGroupManifest };
}

export interface CustomGroupManifest {
  keys: string[];
  fields: ConfigGroupManifest;
}

/** A group: each key is a field (has `type`) or a nested group. */
export interface ConfigGroupManifest {
  [key: string]: ConfigFieldManifest | ConfigGroupManifest;
}

/** A stored value with its type and default. */
export interface ConfigFieldManifest {
  type: ManifestConfigTypeName;
  default: ManifestJson;
  nullable?: boolean;
  items?: ConfigTypeManifest;
  fields?: { [key: string]: ConfigTypeManifest };
  description?: string;
}

/** A type without a default (array items, object fields). */
export interface ConfigTypeManifest {
  type: ManifestConfigTypeName;
  nullable?: boolean;
  items?: ConfigTypeManifest;
  fields?: { [key: string]: ConfigTypeManifest };
}
