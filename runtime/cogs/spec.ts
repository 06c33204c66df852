/**
 * The contract between the generator and the runtime: what `generated/` holds for each cog.
 * The generator emits these objects as plain literals; the runtime reads nothing else about a cog.
 */
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';

/** Option types a command can declare (v1). Later issues add more. */
export type OptionType = 'string' | 'integer' | 'number' | 'boolean' | 'user' | 'member' | 'channel' | 'role';

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
}

export type CommandKind = 'text' | 'slash' | 'hybrid';

/** Who a reply may mention. Everything is off unless the manifest turns it on for that command. */
export interface MentionPolicy {
  everyone: boolean;
  roles: boolean;
  users: boolean;
  repliedUser: boolean;
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
}

/** A discord.js client event the cog listens to. */
export interface ListenerSpec {
  /** discord.js `ClientEvents` key, e.g. `guildMemberAdd`. */
  event: string;
  /** Key of the listener in the cog's `listeners` handlers. */
  handler: string;
  once: boolean;
}

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Registered defaults per scope, exactly as `Config.register*` takes them. */
export interface ConfigSpec {
  global?: JsonObject;
  guild?: JsonObject;
  channel?: JsonObject;
  role?: JsonObject;
  user?: JsonObject;
  member?: JsonObject;
  /** Custom groups: the names of their primary keys (the count is what `initCustom` takes) and defaults. */
  custom: Record<string, { keys: string[]; defaults: JsonObject }>;
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
  /** Slash (and hybrid) commands as Discord's bulk-overwrite body. */
  slashCommands: RESTPostAPIChatInputApplicationCommandsJSONBody[];
}
