/**
 * The contract between a cog's own code (`cogs/<cog>/handlers.ts`) and the runtime.
 * The generator emits, per cog, the concrete `CogImplementation<...>` type the handlers file must satisfy.
 */
import type { Client, ClientEvents, Guild, User } from 'discord.js';
import type { Context } from '../context/types.js';
import type { Logger } from '../logging.js';
import type { CogSpec, JsonObject, JsonValue } from './spec.js';

/** A command handler: the context and the converted options, typed from the manifest. */
export type CommandHandler<TConfig = unknown, TOptions = Record<string, never>> = (
  ctx: Context<TConfig>,
  options: TOptions,
) => unknown;

/** What a loaded cog's lifecycle hooks and listeners receive. */
export interface CogHandle<TConfig = unknown> {
  readonly name: string;
  readonly config: TConfig;
  readonly client: Client;
  readonly logger: Logger;
}

/** Where a custom converter or an autocomplete suggester runs. */
export interface ConverterContext {
  readonly client: Client;
  readonly guild: Guild | null;
  /** Who typed the command or is choosing a value. */
  readonly user: User;
  readonly channelId: string | null;
  readonly route: 'text' | 'slash' | 'autocomplete';
}

/**
 * A custom converter: raw text in (the text word, or the slash string option), value out. Throwing
 * `ConversionFailure` (runtime/commands/errors.ts) tells the user what was wrong; anything else is a bug.
 */
export type Converter<T> = (raw: string, ctx: ConverterContext) => T | Promise<T>;

/** One autocomplete suggestion: a value shown as itself, or a label and a value. */
export type Suggestion<V extends string | number = string | number> = V | { name: string; value: V };

/** Suggests values for an option while the user types; `focused` is what they typed so far (at most 25 are shown). */
export type Suggester<V extends string | number = string | number> = (
  focused: string,
  ctx: ConverterContext & { readonly options: Readonly<Record<string, unknown>> },
) => readonly Suggestion<V>[] | Promise<readonly Suggestion<V>[]>;

/**
 * A custom check the manifest names under `checks`: true allows, false refuses silently, throwing
 * `CheckFailure` with a message refuses and tells the user. Runs for text and slash alike, and for help.
 */
export type CheckPredicate<TConfig = unknown> = (ctx: Context<TConfig>) => boolean | Promise<boolean>;

/** A listener for one discord.js client event. */
export type ListenerHandler<TConfig, E extends keyof ClientEvents> = (
  cog: CogHandle<TConfig>,
  ...args: ClientEvents[E]
) => unknown;

/** The default export of `cogs/<cog>/handlers.ts`. */
export interface CogImplementation<TCommands = Record<string, unknown>, TListeners = Record<string, unknown>, TConfig = unknown> {
  commands: TCommands;
  listeners?: TListeners;
  /** Custom converters by name (the generated cog type requires them when the manifest declares any). */
  converters?: Record<string, Converter<unknown>>;
  /** Custom check predicates by name (the generated cog type requires those the manifest names). */
  checks?: Record<string, CheckPredicate<TConfig>>;
  /** Autocomplete suggesters: handler key → option name → suggester (required by the generated type when used). */
  autocomplete?: Record<string, Record<string, Suggester>>;
  /** Runs before each of the cog's commands, after the global before-hooks; throwing `CheckFailure` refuses it. */
  beforeInvoke?(ctx: Context<TConfig>): unknown;
  /** Runs after each of the cog's commands that started, also when it threw; before the global after-hooks. */
  afterInvoke?(ctx: Context<TConfig>): unknown;
  /**
   * The cog's error boundary for its commands (bad input, failed checks, handler errors). Return true when
   * handled: the global answer is then skipped. Anything else lets the runtime answer as usual.
   */
  onCommandError?(ctx: Context<TConfig>, error: unknown): boolean | void | Promise<boolean | void>;
  /** Runs once before the cog is registered; may be async (open resources here). */
  setup?(cog: CogHandle<TConfig>): unknown;
  /** Runs after the cog's commands and listeners are live. */
  onLoad?(cog: CogHandle<TConfig>): unknown;
  /** Runs when the cog is unloaded or the bot stops. */
  onUnload?(cog: CogHandle<TConfig>): unknown;
  /**
   * Deletes data about a user that the manifest's `userData` cannot describe (kept elsewhere); runs after
   * the generated deletion. The requester kinds are documented in runtime/gdpr/requests.ts.
   */
  onDeleteUserData?(cog: CogHandle<TConfig>, request: { userId: string; requester: DeletionRequester }): unknown;
  /** Returns data about a user kept elsewhere, added to the export under `own`. */
  onExportUserData?(cog: CogHandle<TConfig>, userId: string): JsonValue | Promise<JsonValue>;
}

/** Who asked for a user's data to be deleted (Red's four kinds; meanings in runtime/gdpr/requests.ts). */
export type DeletionRequester = 'discord_deleted_user' | 'owner' | 'user_strict' | 'user';

/**
 * What `generated/cogs/<cog>/user-data.ts` exports: deletion and export of the data the manifest's
 * `userData` declares. `config` is the cog's Config (typed `never` here so this file needs no runtime import).
 */
export interface UserDataModule {
  deleteUserData(config: never, userId: string, requester: DeletionRequester): Promise<void>;
  exportUserData(config: never, userId: string): Promise<JsonObject>;
}

/** One entry of `generated/registry.ts`. */
export interface CogRegistryEntry {
  spec: CogSpec;
  load(): Promise<{ default: CogImplementation<any, any, any> }>;
  /** The generated deletion and export code, for cogs whose manifest declares `userData`. */
  userData?: UserDataModule;
}

export type CogRegistry = Record<string, CogRegistryEntry>;
