/**
 * The runtime's edge against malformed gateway events. discord.js trusts what the gateway sends: a
 * GUILD_UPDATE whose `roles` is not an array clears the guild's role cache and then throws, leaving the
 * guild without @everyone (every later command there fails until restart), and the throw surfaces as an
 * unhandled rejection inside discord.js's WebSocket code, which crashes a process without a handler.
 *
 * How an event is dropped: discord.js's WebSocketManager, for each dispatch, first emits the client's
 * `raw` event with the packet object, then hands the *same object* to `handlePacket`, which runs
 * `PacketHandlers[packet.t]` (at once, or later from its queue before ready). The guard listens to `raw`
 * before any other listener of the runtime and, when the payload is malformed, renames `packet.t` to
 * `DROPPED_EVENT`, which has no handler: discord.js never reads the payload. (A GUILD_CREATE dropped while a
 * shard waits for its guilds is not counted as received; the shard becomes ready after discord.js's
 * `waitGuildTimeout` instead.)
 *
 * What is checked: the fields discord.js's handlers read without checking, for the events the runtime uses
 * (guilds, roles, channels and threads, members, messages, reactions, interactions): ids are snowflake
 * strings, arrays are arrays of objects with ids, permission bit fields are integer strings. Extra fields
 * are allowed (Discord adds fields all the time); only shapes that would throw or corrupt a cache are refused.
 *
 * After a drop: one log line per event type and problem (then at most one a minute, with the count), the
 * `cogsmith_gateway_events_dropped_total{event}` counter, and for events that change a guild's state, that
 * guild is fetched again from REST (guild with its roles, channels, the bot's member), one refresh per
 * guild at a time, so what the dropped event would have changed is learnt anyway.
 */
import type { Client } from 'discord.js';
import type { Logger } from '../logging.js';
import { LogThrottle } from '../logging/throttle.js';

/** The event name a dropped packet is given: no discord.js handler exists for it. */
export const DROPPED_EVENT = 'COGSMITH_DROPPED';

/** A check: null when `value` is fine, else what is wrong with it at `path`. */
type Check = (value: unknown, path: string) => string | null;

const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)?.slice(0, 40)}`);
const expect = (ok: boolean, path: string, what: string, v: unknown) => (ok ? null : `${path}: expected ${what}, got ${kind(v)}`);

const snowflake: Check = (v, p) => expect(typeof v === 'string' && /^\d{1,20}$/.test(v), p, 'a snowflake string', v);
const str: Check = (v, p) => expect(typeof v === 'string', p, 'a string', v);
const int: Check = (v, p) => expect(Number.isInteger(v), p, 'an integer', v);
const bool: Check = (v, p) => expect(typeof v === 'boolean', p, 'a boolean', v);
/** A permission bit field as Discord sends it: an integer string (discord.js calls BigInt on it). */
const bits: Check = (v, p) => expect((typeof v === 'string' && /^\d+$/.test(v)) || Number.isInteger(v), p, 'a bit field (integer string)', v);
const nullable = (check: Check): Check => (v, p) => (v === null ? null : check(v, p));
const anyObject: Check = (v, p) => expect(!!v && typeof v === 'object' && !Array.isArray(v), p, 'an object', v);

/** An object whose listed fields pass their checks; `?` after a name makes the field optional (absent or undefined). */
function obj(fields: Record<string, Check>, extra?: (v: Record<string, unknown>, p: string) => string | null): Check {
  return (v, p) => {
    const problem = anyObject(v, p);
    if (problem) return problem;
    const o = v as Record<string, unknown>;
    for (const [name, check] of Object.entries(fields)) {
      const optional = name.endsWith('?');
      const key = optional ? name.slice(0, -1) : name;
      if (o[key] === undefined) {
        if (optional) continue;
        return `${p}.${key}: missing`;
      }
      const found = check(o[key], `${p}.${key}`);
      if (found) return found;
    }
    return extra ? extra(o, p) : null;
  };
}

function arrayOf(check: Check): Check {
  return (v, p) => {
    if (!Array.isArray(v)) return expect(false, p, 'an array', v);
    for (const [i, item] of v.entries()) {
      const found = check(item, `${p}[${i}]`);
      if (found) return found;
    }
    return null;
  };
}

const withId = obj({ id: snowflake });
const user = obj({ id: snowflake, 'username?': str, 'bot?': bool });
const role = obj({ id: snowflake, 'name?': str, 'permissions?': bits, 'position?': int, 'color?': int });
const overwrite = obj({ id: snowflake, type: int, allow: bits, deny: bits });
const channel = obj({ id: snowflake, type: int, 'guild_id?': snowflake, 'parent_id?': nullable(snowflake), 'permission_overwrites?': arrayOf(overwrite), 'name?': nullable(str) });
const member = obj({ 'user?': user, 'roles?': arrayOf(snowflake), 'permissions?': bits });
const memberWithUser = obj({ user, 'roles?': arrayOf(snowflake) });
const emoji = obj({ id: nullable(snowflake), 'name?': nullable(str) });
const guild = obj({
  id: snowflake,
  'unavailable?': bool,
  'name?': str,
  'owner_id?': snowflake,
  'roles?': arrayOf(role),
  'channels?': arrayOf(channel),
  'threads?': arrayOf(channel),
  'members?': arrayOf(memberWithUser),
  'emojis?': arrayOf(withId),
  'stickers?': arrayOf(withId),
  'presences?': arrayOf(obj({ user: withId })),
  'voice_states?': arrayOf(obj({ user_id: snowflake })),
});
const message = (author: boolean) =>
  obj({
    id: snowflake,
    channel_id: snowflake,
    [author ? 'author' : 'author?']: user,
    'guild_id?': snowflake,
    'content?': str,
    'member?': member,
    'mentions?': arrayOf(user),
    'mention_roles?': arrayOf(snowflake),
    'attachments?': arrayOf(withId),
    'embeds?': arrayOf(anyObject),
    'components?': arrayOf(anyObject),
  });
const reaction = obj({ user_id: snowflake, channel_id: snowflake, message_id: snowflake, 'guild_id?': snowflake, emoji });
const interaction = obj(
  { id: snowflake, application_id: snowflake, type: int, token: str, 'guild_id?': snowflake, 'channel_id?': snowflake, 'user?': user, 'member?': memberWithUser, 'data?': anyObject, 'message?': message(true) },
  (o, p) => (o.user === undefined && o.member === undefined ? `${p}: neither user nor member` : null),
);

interface EventShape {
  check: Check;
  /** Whether the event changes a guild's cached state (then that guild is refreshed after a drop). */
  changesGuild: boolean;
  /** The guild the event is about. */
  guildId: (d: Record<string, unknown>) => unknown;
}

const ofGuild = (d: Record<string, unknown>) => d.guild_id;
const shapes: Record<string, EventShape> = {};
const define = (events: string[], check: Check, changesGuild: boolean, guildId: EventShape['guildId'] = ofGuild) => {
  for (const t of events) shapes[t] = { check, changesGuild, guildId };
};
define(['GUILD_CREATE', 'GUILD_UPDATE'], guild, true, (d) => d.id);
define(['GUILD_DELETE'], obj({ id: snowflake, 'unavailable?': bool }), false, (d) => d.id);
define(['GUILD_ROLE_CREATE', 'GUILD_ROLE_UPDATE'], obj({ guild_id: snowflake, role }), true);
define(['GUILD_ROLE_DELETE'], obj({ guild_id: snowflake, role_id: snowflake }), true);
define(['CHANNEL_CREATE', 'CHANNEL_UPDATE', 'CHANNEL_DELETE', 'THREAD_CREATE', 'THREAD_UPDATE', 'THREAD_DELETE'], channel, true);
define(['GUILD_MEMBER_ADD', 'GUILD_MEMBER_UPDATE'], obj({ guild_id: snowflake, user, 'roles?': arrayOf(snowflake) }), true);
define(['GUILD_MEMBER_REMOVE'], obj({ guild_id: snowflake, user }), true);
define(['GUILD_MEMBERS_CHUNK'], obj({ guild_id: snowflake, members: arrayOf(memberWithUser) }), true);
define(['MESSAGE_CREATE'], message(true), false);
define(['MESSAGE_UPDATE'], message(false), false);
define(['MESSAGE_DELETE'], obj({ id: snowflake, channel_id: snowflake, 'guild_id?': snowflake }), false);
define(['MESSAGE_DELETE_BULK'], obj({ ids: arrayOf(snowflake), channel_id: snowflake, 'guild_id?': snowflake }), false);
define(['MESSAGE_REACTION_ADD', 'MESSAGE_REACTION_REMOVE'], reaction, false);
define(['INTERACTION_CREATE'], interaction, false);

/** What is wrong with a dispatch's payload for discord.js, or null when it is fine or not checked (unknown event types pass). */
export function malformation(t: string, d: unknown): string | null {
  const shape = shapes[t];
  if (!shape) return null;
  return shape.check(d, 'd');
}

export interface GatewayGuardOptions {
  logger: Logger;
  /** Called for each dropped event (the metric). */
  dropped?: (event: string) => void;
}

/** Validates every dispatch before discord.js handles it; see the file header. Returns a function that detaches it. */
export function guardGateway(client: Client, options: GatewayGuardOptions): () => void {
  const throttle = new LogThrottle();
  const refreshing = new Map<string, Promise<void>>();
  const refresh = (guildId: string) => {
    if (refreshing.has(guildId)) return;
    const run = (async () => {
      const guild = await client.guilds.fetch({ guild: guildId, force: true });
      await guild.channels.fetch(undefined, { force: true });
      await guild.members.fetchMe({ force: true });
    })()
      .then(() => options.logger.info(`Guild ${guildId} refreshed from REST after a malformed gateway event`))
      .catch((error: unknown) => options.logger.warn(`Guild ${guildId} could not be refreshed after a malformed gateway event: ${(error as Error).message}`, { error }))
      .finally(() => refreshing.delete(guildId));
    refreshing.set(guildId, run);
  };
  const onRaw = (packet: unknown, shardId: number) => {
    if (!packet || typeof packet !== 'object') return;
    const p = packet as { t?: unknown; d?: unknown };
    if (typeof p.t !== 'string') return;
    const problem = malformation(p.t, p.d);
    if (problem === null) return;
    const t = p.t;
    p.t = DROPPED_EVENT;
    options.dropped?.(t);
    const suppressed = throttle.take(`${t} ${problem}`);
    if (suppressed !== null) {
      const more = suppressed > 0 ? ` (${suppressed} more like it since the last line)` : '';
      options.logger.warn(`Dropped a malformed ${t} gateway event on shard ${shardId}: ${problem}${more}`, { event: t, shard: shardId, problem });
    }
    const shape = shapes[t]!;
    const guildId = p.d && typeof p.d === 'object' ? shape.guildId(p.d as Record<string, unknown>) : undefined;
    if (shape.changesGuild && typeof guildId === "string" && snowflake(guildId, "") === null) refresh(guildId);
  };
  client.on('raw' as never, onRaw as never);
  return () => void client.off('raw' as never, onRaw as never);
}
