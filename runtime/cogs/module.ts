/**
 * The contract between a cog's own code (`cogs/<cog>/handlers.ts`) and the runtime.
 * The generator emits, per cog, the concrete `CogImplementation<...>` type the handlers file must satisfy.
 */
import type { Client, ClientEvents } from 'discord.js';
import type { Context } from '../context/types.js';
import type { Logger } from '../logging.js';
import type { CogSpec } from './spec.js';

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

/** A listener for one discord.js client event. */
export type ListenerHandler<TConfig, E extends keyof ClientEvents> = (
  cog: CogHandle<TConfig>,
  ...args: ClientEvents[E]
) => unknown;

/** The default export of `cogs/<cog>/handlers.ts`. */
export interface CogImplementation<TCommands = Record<string, unknown>, TListeners = Record<string, unknown>, TConfig = unknown> {
  commands: TCommands;
  listeners?: TListeners;
  /** Runs once before the cog is registered; may be async (open resources here). */
  setup?(cog: CogHandle<TConfig>): unknown;
  /** Runs after the cog's commands and listeners are live. */
  onLoad?(cog: CogHandle<TConfig>): unknown;
  /** Runs when the cog is unloaded or the bot stops. */
  onUnload?(cog: CogHandle<TConfig>): unknown;
}

/** One entry of `generated/registry.ts`. */
export interface CogRegistryEntry {
  spec: CogSpec;
  load(): Promise<{ default: CogImplementation<any, any, any> }>;
}

export type CogRegistry = Record<string, CogRegistryEntry>;
