/**
 * What the core cog (cogs/core) needs from the Bot beyond runtime/services.ts: cogs to load and unload, the
 * errors kept for `traceback`, prefixes, start time and the way to ask the process to exit. Reached through
 * `coreServicesOf(ctx.client)`; the Bot attaches them when it is built.
 */
import type { Client } from 'discord.js';
import type { LiveInventory } from '../cogs/inventory.js';
import type { ReloadOutcome } from '../cogs/reloading.js';
import type { ErrorRecord } from '../commands/error-log.js';
import type { CoreSettings } from '../context/core-settings.js';
import type { ExitKind } from './exit-codes.js';
import type { PrefixStore } from './prefixes.js';
import type { ShardHealthRow } from '../shards/health.js';
import type { CrossShard } from '../shards/cross-shard.js';

export interface CoreServices {
  /** Cogs loaded now, in load order. */
  loaded(): string[];
  /** Every cog of the registry (loaded or not), as of the last refresh. */
  available(): string[];
  /** Reads the registry from disk again (a cog created and generated after start) and returns every cog. */
  discover(): Promise<string[]>;
  loadCog(name: string): Promise<void>;
  /** Unloads a cog; with `cascade`, the cogs that depend on it first. Returns every cog unloaded. */
  unloadCog(name: string, cascade?: boolean): Promise<string[]>;
  /** Reloads a cog atomically with the code on disk now (the old version keeps running if anything fails). */
  reloadCog(name: string): Promise<ReloadOutcome>;
  /** What is live (runtime/cogs/inventory.ts), for `debuginfo`. */
  inventory(): LiveInventory;
  /** A recent error by its id (`bot.errors`). */
  error(id: string): ErrorRecord | undefined;
  /** The newest errors, newest first. */
  recentErrors(limit: number): ErrorRecord[];
  /** The prefix store; undefined before storage is open. */
  prefixes(): PrefixStore | undefined;
  /** Embed settings; undefined before storage is open. */
  settings(): CoreSettings | undefined;
  /** When the bot became ready (ms since 1970), or null. */
  readyAt(): number | null;
  /** Every gateway shard of this process with its health, for `shards`. */
  shards(): ShardHealthRow[];
  /** Server count, server list, leaving a server and every shard's state, right from any shard. */
  crossShard(): CrossShard;
  /** Asks the process to stop with the exit code of `kind` (runtime/core/exit-codes.ts). */
  requestExit(kind: ExitKind): void;
}

const byClient = new WeakMap<Client, CoreServices>();

/** Makes the core services findable from the client (called by the Bot). */
export function attachCoreServices(client: Client, services: CoreServices): void {
  byClient.set(client, services);
}

/** The core services of the Bot that owns this client; throws when the client belongs to no Bot. */
export function coreServicesOf(client: Client): CoreServices {
  const services = byClient.get(client);
  if (!services) throw new Error('This client belongs to no Cogsmith Bot: the core services are not available.');
  return services;
}
