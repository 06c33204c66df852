/**
 * Builds the discord.js Client from the instance configuration: intents by name, the REST base URL
 * (a simulator on 127.0.0.1 or Discord itself; the gateway URL then comes from `/gateway/bot`) or a shared
 * REST proxy in front of it, shards (all of them, the pinned `shardIds`, or the range SHARDS / SHARD_COUNT a
 * supervisor hands its process), and safe defaults (no mass mentions even for code that uses the client
 * directly).
 */
import { Client, GatewayIntentBits, Partials, type ClientOptions } from 'discord.js';
import type { InstanceConfig } from '../instance/config.js';
import { proxyApiUrl } from '../rest-proxy/defaults.js';

/**
 * The REST timeout behind a proxy. discord.js's 15 s default is for a request to Discord, which answers in
 * well under a second; behind the proxy a request also waits in its queue for the limits every process
 * shares (at 50/s, 15 s is 750 requests ahead), and a timeout there makes discord.js send it again.
 */
export const PROXIED_REST_TIMEOUT_MS = 300_000;

export interface DiscordClientOptions {
  intents: readonly string[];
  /** REST base URL without version, e.g. http://127.0.0.1:5555/api; undefined means Discord. */
  apiUrl?: string;
  shards?: InstanceConfig['discord']['shards'];
  /** A shared REST proxy's URL (runtime/rest-proxy): REST goes there, not to `apiUrl`. */
  restProxy?: string;
  /** Run exactly these shard ids (`--shard-ids`), out of a whole-number `shards`. */
  shardIds?: readonly number[];
  /** Where SHARDS / SHARD_COUNT are read from (default process.env). */
  env?: Record<string, string | undefined>;
  /** Extra discord.js options (cache limits, REST tuning); the runtime's own settings (intents, API URL, shards, partials, no-mention default) win. */
  extra?: Partial<ClientOptions>;
}

/** Turns intent names into the bit field discord.js takes; unknown names throw with the name. */
export function intentBits(names: readonly string[]): number {
  let bits = 0;
  for (const name of names) {
    const bit = (GatewayIntentBits as Record<string, number | string>)[name];
    if (typeof bit !== 'number') throw new Error(`Unknown gateway intent "${name}".`);
    bits |= bit;
  }
  return bits;
}

/** Creates (but does not log in) the Client. */
export function createDiscordClient(options: DiscordClientOptions): Client {
  const clientOptions: ClientOptions = {
    ...options.extra,
    intents: intentBits(options.intents),
    // DM channels are not cached before their first message; without this partial DMs never arrive.
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
  };
  if (options.restProxy) {
    // The proxy holds the limits (and strips Discord's rate-limit headers): this client's own limiter has nothing to learn.
    clientOptions.rest = { timeout: PROXIED_REST_TIMEOUT_MS, ...options.extra?.rest, api: proxyApiUrl(options.restProxy) };
  } else if (options.apiUrl) clientOptions.rest = { ...options.extra?.rest, api: options.apiUrl };
  // A process of a supervisor (runtime/shards/supervisor.ts): discord.js's ShardingManager gave it its shard
  // range in SHARDS (JSON) and the total in SHARD_COUNT, which the Client reads when these options are unset.
  const env = options.env ?? process.env;
  if (env.SHARDS !== undefined) return new Client(clientOptions);
  if (options.shardIds && typeof options.shards === 'number') {
    clientOptions.shardCount = options.shards;
    clientOptions.shards = [...options.shardIds];
  } else if (options.shards === 'auto') clientOptions.shards = 'auto';
  else if (typeof options.shards === 'number') {
    clientOptions.shardCount = options.shards;
    clientOptions.shards = Array.from({ length: options.shards }, (_, i) => i);
  }
  return new Client(clientOptions);
}
