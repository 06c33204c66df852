/**
 * Questions about every server and shard of the bot, answered right from any shard — also when this
 * process runs only some of the shards (several processes under a supervisor, or hosts sharing PostgreSQL).
 * A client that runs every shard answers from its own cache, as before: nothing changes for one process.
 *
 * Decisions (the mechanism per question):
 * - Listing servers and leaving one on another shard go through Discord's REST API (`GET /users/@me/guilds`
 *   paged with `after`, `GET /guilds/{id}`, `DELETE /users/@me/guilds/{id}`). Discord is the one truth that
 *   every process on every host reaches with no coordination of ours; Discord then sends GUILD_DELETE to
 *   whichever process holds that guild's shard. discord.js's ShardingManager broadcast
 *   (`broadcastEval`/`fetchClientValues`) was not chosen: it reaches only the processes of one manager on
 *   one host, so it misses hosts that split shards through PostgreSQL leases, and evaluates code in
 *   every process. These are owner commands, rare and cheap next to the global REST limit.
 * - The server count (`!info`) adds up the guild counts of the shard status table
 *   (runtime/shards/status-table.ts) when every shard has a fresh row there: exact within one report interval,
 *   and no request. Otherwise (no PostgreSQL, a shard not reporting) it is Discord's
 *   `approximate_guild_count` (`GET /applications/@me`), said to be approximate.
 * - Every shard's state (`!shards`) can only come from the shard status table: Discord has no REST view of
 *   a bot's shards, and only the process running a shard knows how it is doing.
 * - Owner DMs (`contact`) need nothing: opening a DM and sending to it are REST calls any shard may make.
 */
import { DiscordAPIError, RESTJSONErrorCodes, Routes, type APIGuild, type Client, type Guild } from 'discord.js';
import type { ShardStatusReporter } from './status-reporter.js';
import { STOPPED, type ShardStatusRow } from './status-rows.js';
import { textTable } from '../support/text-table.js';

/** Discord's page size for `GET /users/@me/guilds`. */
const PAGE = 200;

/** How many servers the bot is in, and where the figure comes from. */
export interface ServerCount {
  /** null when Discord gave no count (its `approximate_guild_count` is optional). */
  count: number | null;
  /** `cache`: this process runs every shard; `shardStatus`: the table's fresh rows; `discord`: Discord's approximate count. */
  source: 'cache' | 'shardStatus' | 'discord';
}

/** A server as `servers` lists it. */
export interface ServerEntry {
  id: string;
  name: string;
}

/** A server found by id: this process's cached guild when its shard runs here. */
export interface FoundServer extends ServerEntry {
  local: Guild | undefined;
}

/** One shard of the bot in `!shards`: its row in the table (absent when it never reported), and whether it is stale. */
export interface FleetShard {
  shardId: number;
  row: ShardStatusRow | undefined;
  stale: boolean;
  /** Run by this process. */
  here: boolean;
}

/** True when this client runs every shard of the bot, so its guild cache holds every guild. */
export function holdsEveryShard(client: Client): boolean {
  return client.ws.shards.size >= (client.options.shardCount ?? 1);
}

/** Not a guild the bot is in: Discord answers 404 Unknown Guild, or 403 Missing Access for a guild it is not in. */
function notInGuild(error: unknown): boolean {
  return error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownGuild || error.code === RESTJSONErrorCodes.MissingAccess);
}

export class CrossShard {
  constructor(
    private readonly client: Client,
    /** The shard status reporter, on PostgreSQL; undefined elsewhere. */
    private readonly status: () => ShardStatusReporter | undefined,
  ) {}

  /** The number of servers the bot is in, across every shard. */
  async serverCount(): Promise<ServerCount> {
    if (holdsEveryShard(this.client)) return { count: this.client.guilds.cache.size, source: 'cache' };
    const fleet = await this.shards();
    if (fleet && fleet.every((s) => s.row && !s.stale && s.row.state !== STOPPED)) {
      return { count: fleet.reduce((sum, s) => sum + s.row!.guildCount, 0), source: 'shardStatus' };
    }
    const application = await this.client.application!.fetch();
    return { count: application.approximateGuildCount ?? null, source: 'discord' };
  }

  /**
   * The servers the bot is in, by name, at most `max` of them (Discord's pages hold 200, by id; past `max`
   * the list is the `max` lowest ids and `complete` is false).
   */
  async servers(max = 2000): Promise<{ servers: ServerEntry[]; complete: boolean }> {
    const byName = (list: ServerEntry[]) => list.sort((a, b) => a.name.localeCompare(b.name));
    if (holdsEveryShard(this.client)) return { servers: byName([...this.client.guilds.cache.values()].map((g) => ({ id: g.id, name: g.name }))), complete: true };
    const servers: ServerEntry[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.client.guilds.fetch({ limit: PAGE, ...(after ? { after } : {}) });
      for (const guild of page.values()) servers.push({ id: guild.id, name: guild.name });
      after = page.lastKey();
      if (page.size < PAGE || after === undefined) return { servers: byName(servers.slice(0, max)), complete: servers.length <= max };
      if (servers.length >= max) return { servers: byName(servers.slice(0, max)), complete: false };
    }
  }

  /** The server with this id if the bot is in it, on whichever shard; null when it is not. */
  async server(id: string): Promise<FoundServer | null> {
    const local = this.client.guilds.cache.get(id);
    if (local) return { id, name: local.name, local };
    if (holdsEveryShard(this.client)) return null;
    try {
      // Raw REST, not guilds.fetch(id): that would cache a guild whose shard this process does not run.
      const guild = (await this.client.rest.get(Routes.guild(id))) as APIGuild;
      return { id, name: guild.name, local: undefined };
    } catch (error) {
      if (notInGuild(error)) return null;
      throw error;
    }
  }

  /** Leaves the server; Discord tells the process holding its shard (GUILD_DELETE). */
  async leave(server: FoundServer): Promise<void> {
    if (server.local) await server.local.leave();
    else await this.client.rest.delete(Routes.userGuild(server.id));
  }

  /**
   * Every shard of the bot as the shard status table shows it (null without one: not on PostgreSQL), with
   * this process's own shards as they are now (a row may lag by one interval).
   */
  async shards(): Promise<FleetShard[] | null> {
    const reporter = this.status();
    if (!reporter) return null;
    const shardCount = this.client.options.shardCount ?? 1;
    const rows = new Map((await reporter.table.read(shardCount)).map((r) => [r.shardId, r]));
    const now = new Map(reporter.reports().map((r) => [r.shardId, r]));
    return Array.from({ length: shardCount }, (_, shardId) => {
      const mine = now.get(shardId);
      if (mine) return { shardId, row: { ...reporter.who, ...mine, ageMs: 0 }, stale: false, here: true };
      const row = rows.get(shardId);
      return { shardId, row, stale: row === undefined || row.ageMs > reporter.staleAfterMs, here: false };
    });
  }
}

function ago(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
}

/** Every shard of the bot as a fixed-width table (`!shards` on PostgreSQL). */
export function fleetTable(shards: readonly FleetShard[]): string {
  const header = ['shard', 'status', 'latency', 'guilds', 'process', 'reported', 'health'];
  const body = shards.map(({ shardId, row, stale, here }) => {
    if (!row) return [String(shardId), 'unknown', '-', '-', '-', 'never', 'no process has reported it'];
    return [
      String(shardId),
      row.state,
      row.latencyMs === null ? '-' : `${row.latencyMs} ms`,
      String(row.guildCount),
      `${row.host}:${row.pid}${here ? ' (this)' : ''}`,
      here ? 'now' : `${stale ? 'STALE, ' : ''}${ago(row.ageMs)}`,
      row.problems || (row.state === STOPPED ? 'stopped' : 'ok'),
    ];
  });
  return textTable(header, body);
}

/** How many shards of `shards` look unhealthy: stale, never reported, stopped, or with problems. */
export function unhealthyShards(shards: readonly FleetShard[]): number {
  return shards.filter((s) => s.stale || !s.row || s.row.state === STOPPED || s.row.problems !== '').length;
}
