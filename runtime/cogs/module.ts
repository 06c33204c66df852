/**
 * The contract between a cog's own code (`cogs/<cog>/handlers.ts`) and the runtime.
 * The generator emits, per cog, the concrete `CogImplementation<...>` type the handlers file must satisfy.
 */
import type { Client, ClientEvents, Guild, Message, User } from 'discord.js';
import type { Context } from '../context/types.js';
import type { Logger } from '../logging/types.js';
import type { Migration } from '../contract/migrations.js';
import type { CogSpec, CooldownBucket, JsonObject, JsonValue, Privilege } from '../contract/spec.js';

/** A command handler: the context (with the cog's handle as `ctx.cog`) and the converted options, typed from the manifest. */
export type CommandHandler<TConfig = unknown, TOptions = Record<string, never>, TCog = unknown> = (
  ctx: Context<TConfig, TCog>,
  options: TOptions,
) => unknown;

/** What a loaded cog's lifecycle hooks, listeners, tasks and jobs receive (one per loaded version). */
export interface CogHandle<TConfig = unknown, TJobs extends JobPayloads = JobPayloads> {
  readonly name: string;
  readonly config: TConfig;
  readonly client: Client;
  readonly logger: Logger;
  /** What the previous version's `handOver` returned, on a reload; undefined on a fresh load. */
  readonly handedOver: unknown;
  /** Aborted when this version is torn down (unload, the old side of a reload, bot stop). */
  readonly signal: AbortSignal;
  /** The bot's time source (the system clock; tests inject one). */
  readonly clock: { now(): number };
  /** Text commands added at run time (aliases, custom commands); they go when this version does. */
  readonly commands: CogCommands;
  /** Jobs scheduled for later, stored in Config (they survive restarts). */
  readonly jobs: CogJobs<TJobs>;
}

/** Why a version of a cog is torn down: unloaded, replaced by a reload, or the bot stops. */
export type UnloadReason = 'unload' | 'reload' | 'stop';

/** The payload type of each job kind a cog declares (`jobs:` in the manifest), by name. */
export type JobPayloads = Record<string, JsonObject>;

/** One stored job. */
export interface ScheduledJob<TName extends string = string, TPayload extends JsonObject = JsonObject> {
  /** Unique id (for `cancel`). */
  readonly id: string;
  readonly job: TName;
  readonly payload: TPayload;
  /** When it runs (ms since 1970, on the bot's clock). */
  readonly dueAt: number;
  readonly createdAt: number;
}

/** A cog's jobs: schedule one, list them, cancel one. */
export interface CogJobs<TJobs extends JobPayloads = JobPayloads> {
  /** Stores a job to run `job`'s handler with `payload` at `at` (a Date or ms since 1970); at once if `at` has passed. */
  schedule<K extends keyof TJobs & string>(at: Date | number, job: K, payload: TJobs[K]): Promise<ScheduledJob<K, TJobs[K]>>;
  /** Jobs not yet run (of one kind, or all), soonest first. */
  list<K extends keyof TJobs & string>(job?: K): Promise<ScheduledJob<K, TJobs[K]>[]>;
  /** Removes a job that has not run; false when there is none with that id. */
  cancel(id: string): Promise<boolean>;
}

/** What one run of a background task gets. */
export interface TaskRun {
  /** Aborted when the cog unloads (or the bot stops) during the run: stop soon when it is. */
  readonly signal: AbortSignal;
  /** The clock time the run was due. */
  readonly dueAt: number;
  /** Runs of this task that started before this one, since this version loaded. */
  readonly count: number;
}

/** A background task's handler (`tasks.<name>` in handlers.ts). */
export type TaskHandler<THandle = CogHandle> = (cog: THandle, run: TaskRun) => unknown;

/** A scheduled job's handler (`jobs.<name>` in handlers.ts). Returning normally removes the job. */
export type JobHandler<THandle = CogHandle, TPayload extends JsonObject = JsonObject> = (
  cog: THandle,
  job: ScheduledJob<string, TPayload> & { readonly signal: AbortSignal },
) => unknown;

/** What a command added at run time receives besides the Context: the text after its name. */
export interface DynamicCommandArgs {
  /** Everything typed after the command's name (trimmed; quotes kept). */
  readonly text: string;
}

/** A text command added at run time with `cog.commands.add`. */
export interface DynamicCommandDefinition {
  /** The command word (lowercase letters, digits, `-` and `_`; at most 32 characters). */
  name: string;
  /** One line for help. */
  description?: string;
  /** The signature after the name, e.g. `<member> [reason...]` (help shows `[p]name usage`). */
  usage?: string;
  aliases?: string[];
  /** Who may run it (as a manifest's `privilege`; absent: anyone). */
  privilege?: Exclude<Privilege, 'none'>;
  /**
   * Discord permissions (names of discord.js `PermissionFlagsBits`) that satisfy `privilege` instead, as a
   * manifest's `permissions` ("mod or Manage Messages"); alone they are required.
   */
  permissions?: string[];
  /** Rate limit per bucket (`perMs` milliseconds). */
  cooldown?: { rate: number; perMs: number; bucket?: CooldownBucket };
  /** Left out of help. */
  hidden?: boolean;
  handler(ctx: Context, args: DynamicCommandArgs): unknown;
}

/** A cog's commands added at run time. */
export interface CogCommands {
  /**
   * Adds a text command, dispatched like a declared one (prefixes, checks, rules, lists, disabled commands,
   * cooldowns, the error boundary) and shown in help. Throws when the name or an alias is taken.
   */
  add(definition: DynamicCommandDefinition): void;
  /** Removes one added by this cog; false when it has none by that name. */
  remove(name: string): boolean;
  /** The names this cog added, in order. */
  names(): string[];
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
export type CheckPredicate<TConfig = unknown, TCog = unknown> = (ctx: Context<TConfig, TCog>) => boolean | Promise<boolean>;

/** The arguments of the runtime's own listener events (RUNTIME_EVENTS in runtime/contract/enums.ts). */
export interface RuntimeEventArgs {
  /** A message that is not a command, after the dispatcher passed on it (allow/block lists and ignores applied). */
  messageWithoutCommand: [message: Message];
}

/** The arguments a listener of `E` receives after the cog handle: a discord.js client event, or a runtime event. */
export type ListenerArgs<E extends keyof ClientEvents | keyof RuntimeEventArgs> = E extends keyof RuntimeEventArgs
  ? RuntimeEventArgs[E]
  : E extends keyof ClientEvents
    ? ClientEvents[E]
    : never;

/**
 * A listener for one discord.js client event, or one of the runtime's events. `THandle` is the cog's
 * generated `<Cog>Handle` (its typed jobs); by default the handle of a cog with untyped jobs.
 */
export type ListenerHandler<TConfig, E extends keyof ClientEvents | keyof RuntimeEventArgs, THandle = CogHandle<TConfig>> = (
  cog: THandle,
  ...args: ListenerArgs<E>
) => unknown;

/**
 * The handle a cog's hooks, tasks and jobs receive: `TCog` when given (the generated `<Cog>Handle`, whose
 * jobs are typed from the manifest), else a handle with untyped jobs. `any` (the registry's view, which
 * every cog's handlers must fit whatever its payloads) stays `any`.
 */
export type HandleOf<TCog, TConfig> = 0 extends 1 & TCog ? any : unknown extends TCog ? CogHandle<TConfig> : TCog;

/**
 * The default export of `cogs/<cog>/handlers.ts`. `TCog` is the cog's generated `<Cog>Handle`: what `ctx.cog`
 * is in its commands, checks and invoke hooks, and what its lifecycle hooks, tasks and jobs receive. Left out
 * (the runtime's view of any cog), contexts carry an `unknown` cog and hooks a handle with untyped jobs.
 */
export interface CogImplementation<TCommands = Record<string, unknown>, TListeners = Record<string, unknown>, TConfig = unknown, TCog = unknown> {
  commands: TCommands;
  listeners?: TListeners;
  /** Custom converters by name (the generated cog type requires them when the manifest declares any). */
  converters?: Record<string, Converter<unknown>>;
  /** Custom check predicates by name (the generated cog type requires those the manifest names). */
  checks?: Record<string, CheckPredicate<TConfig, TCog>>;
  /** Autocomplete suggesters: handler key → option name → suggester (required by the generated type when used). */
  autocomplete?: Record<string, Record<string, Suggester>>;
  /** Runs before each of the cog's commands, after the global before-hooks; throwing `CheckFailure` refuses it. */
  beforeInvoke?(ctx: Context<TConfig, TCog>): unknown;
  /** Runs after each of the cog's commands that started, also when it threw; before the global after-hooks. */
  afterInvoke?(ctx: Context<TConfig, TCog>): unknown;
  /**
   * The cog's error boundary for its commands (bad input, failed checks, handler errors). Return true when
   * handled: the global answer is then skipped. Anything else lets the runtime answer as usual.
   */
  onCommandError?(ctx: Context<TConfig, TCog>, error: unknown): boolean | void | Promise<boolean | void>;
  /** Runs once before the cog is registered; may be async (open resources here). */
  setup?(cog: HandleOf<TCog, TConfig>): unknown;
  /** Runs after the cog's commands and listeners are live; background tasks start after it. */
  onLoad?(cog: HandleOf<TCog, TConfig>): unknown;
  /**
   * Runs when this version is torn down: `reason` says whether the cog is unloaded, replaced by a reload
   * (leave open what `handOver` passed on) or the bot stops. Its tasks were stopped first.
   */
  onUnload?(cog: HandleOf<TCog, TConfig>, info: { reason: UnloadReason }): unknown;
  /**
   * On a reload, runs on the old version before the new one's setup; what it returns is the new version's
   * `cog.handedOver` (open handles, in-memory caches). The old version keeps running until the swap, and
   * keeps running if the new one fails, so this must not close what it passes on.
   */
  handOver?(cog: HandleOf<TCog, TConfig>): unknown;
  /** Background tasks the manifest declares under `tasks:`, by name (required by the generated type). */
  tasks?: Record<string, TaskHandler<HandleOf<TCog, TConfig>>>;
  /** Handlers of the job kinds the manifest declares under `jobs:`, by name (required by the generated type). */
  jobs?: Record<string, JobHandler<HandleOf<TCog, TConfig>, any>>;
  /**
   * Deletes data about a user that the manifest's `userData` cannot describe (kept elsewhere); runs after
   * the generated deletion. The requester kinds are documented in runtime/gdpr/requests.ts.
   */
  onDeleteUserData?(cog: HandleOf<TCog, TConfig>, request: { userId: string; requester: DeletionRequester }): unknown;
  /** Returns data about a user kept elsewhere, added to the export under `own`. */
  onExportUserData?(cog: HandleOf<TCog, TConfig>, userId: string): JsonValue | Promise<JsonValue>;
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

/**
 * One cog that is live: the version the dispatcher, data requests and the core commands see. A command
 * that started on a version finishes on it, even if a reload swaps in a new one meanwhile.
 */
export interface LoadedCog {
  readonly name: string;
  readonly spec: CogSpec;
  readonly implementation: CogImplementation<Record<string, unknown>, Record<string, unknown>, unknown>;
  readonly handle: CogHandle<unknown>;
  /** The generated deletion and export code of this version, when its manifest declares `userData`. */
  readonly userData?: UserDataModule;
  /** 1 for the first load, +1 per reload (for messages and debuginfo). */
  readonly version: number;
}

/** One entry of `generated/registry.ts`. */
export interface CogRegistryEntry {
  spec: CogSpec;
  load(): Promise<{ default: CogImplementation<any, any, any, any> }>;
  /** The generated deletion and export code, for cogs whose manifest declares `userData`. */
  userData?: UserDataModule;
  /**
   * The cog's config migrations (`generated/cogs/<cog>/migrations.ts`), for cogs that have any: the pending
   * ones run before its Config is used and its handlers load (runtime/migrations).
   */
  migrations?: () => Promise<{ migrations: readonly Migration[] }>;
}

export type CogRegistry = Record<string, CogRegistryEntry>;
