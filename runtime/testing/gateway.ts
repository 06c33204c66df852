/**
 * The simulated Discord gateway: one WebSocket endpoint speaking gateway v10 JSON (no compression).
 *
 * Lifecycle per connection: HELLO → (IDENTIFY → READY + one GUILD_CREATE per guild of the shard) or
 * (RESUME → replay of missed dispatches → RESUMED). Heartbeats are acknowledged. Every dispatch carries the
 * session's next sequence number and is kept (the last `replayLimit`) so RESUME can replay what a client
 * missed, including events sent while it had no socket. Closing codes follow Discord: 4001 unknown opcode,
 * 4002 decode error, 4003 not authenticated, 4004 bad token, 4005 already authenticated, 4007 bad resume
 * sequence, 4010 bad shard, 4012 bad version, 4013 bad intents, 4014 disallowed (privileged) intents.
 * GUILD_CREATEs stream after READY at the pace the client reads them (see #pump), and the identify
 * limit (max_concurrency buckets, op 9 when exceeded) is enforced when asked (IdentifyLimit).
 * Decision: heartbeats are not policed (no 4009), so a slow test machine never loses its session. For
 * shard-health tests a shard's ACKs can be delayed (delayHeartbeatAcks), its socket dropped (dropShard) or
 * the shard put in an outage where every (re)connection is dropped (shardOutage).
 */
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import { GatewayCloseCodes, GatewayIntentBits, GatewayOpcodes } from 'discord.js';
import { shardForGuild } from './snowflake.js';

export const ALL_INTENTS: number = Object.values(GatewayIntentBits)
  .filter((v): v is number => typeof v === 'number')
  .reduce((acc, bit) => acc | bit, 0);

export const PRIVILEGED_INTENTS: number = GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent;

/** What the gateway asks of the simulator that hosts it. */
export interface GatewayHost {
  readonly token: string;
  readonly heartbeatIntervalMs: number;
  /** The gateway URL given as `resume_gateway_url`. */
  gatewayUrl(): string;
  /** Privileged intents the application is allowed (others close the connection with 4014). */
  readonly allowedPrivilegedIntents: number;
  /** The READY payload for a new session (without session_id / resume_gateway_url / shard). */
  readyData(session: GatewaySession): Record<string, unknown>;
  /** GUILD_CREATE payloads for the guilds a session owns, built as they are taken (there may be 100,000). */
  guildCreates(session: GatewaySession): Iterable<Record<string, unknown>>;
  /** Answers REQUEST_GUILD_MEMBERS (op 8). */
  requestGuildMembers(session: GatewaySession, d: Record<string, unknown>): void;
}

interface StoredDispatch {
  s: number;
  t: string;
  d: unknown;
}

/** One gateway session: survives its socket so it can be resumed. */
export class GatewaySession {
  readonly id = randomBytes(16).toString('hex');
  seq = 0;
  socket: WebSocket | null = null;
  readonly missed: StoredDispatch[] = [];
  constructor(
    readonly shardId: number,
    readonly shardCount: number,
    readonly intents: number,
  ) {}

  /** Whether the session's shard owns the guild (DMs and guild-less events belong to shard 0). */
  owns(guildId: string | null | undefined): boolean {
    return guildId ? shardForGuild(guildId, this.shardCount) === this.shardId : this.shardId === 0;
  }

  /** Whether the session identified with every bit of `intent`. */
  has(intent: number): boolean {
    return (this.intents & intent) === intent;
  }
}

/** One entry of the gateway log (`sim.gatewayLog`): what went over which shard's socket. */
export interface GatewayLogEntry {
  direction: 'in' | 'out';
  shardId: number | null;
  sessionId: string | null;
  op: number;
  t: string | null;
  s: number | null;
  /** The payload's data; IDENTIFY and RESUME have their token removed. */
  d: unknown;
  time: number;
}

export interface GatewayEventsMap {
  identify: [session: GatewaySession];
  /** Every GUILD_CREATE of a new session is out (sent or buffered by the socket). */
  guildsSent: [session: GatewaySession, count: number];
  /** An IDENTIFY came too soon after another in its bucket and was answered with op 9 (see IdentifyLimit). */
  identifyRefused: [shardId: number, bucket: number];
  resume: [session: GatewaySession, replayed: number];
  close: [session: GatewaySession | null, code: number];
}

interface Connection {
  socket: WebSocket;
  session: GatewaySession | null;
}

/**
 * Discord's identify limit: shards identify in buckets `shard_id % max_concurrency`, one IDENTIFY per bucket
 * per 5 s; one too soon is answered, as Discord documents, with op 9 INVALID_SESSION (d: false), and the
 * client must identify again later. Decision: the window is a little under 5 s (4.5 s) by default, because
 * discord.js starts its 5 s from when its throttle let the previous shard go, not from when that IDENTIFY
 * reached us, so a client that keeps the limit must never look too fast here.
 */
export interface IdentifyLimit {
  maxConcurrency: number;
  windowMs?: number;
}

export interface GatewayServerOptions {
  /** Dispatches kept per session for RESUME (default 1000). */
  replayLimit?: number;
  /** Enforce the identify limit (default: off, so a test suite may start bot after bot at once). */
  identifyLimit?: IdentifyLimit | null;
  /**
   * Keep each dispatch's data in `log` (default true). Off, outgoing dispatches are logged with `d: null`
   * (op, t, s and shard stay): 100,000 GUILD_CREATE payloads would otherwise all stay in memory.
   */
  logDispatchData?: boolean;
}

/** How long one turn of the event loop may spend sending GUILD_CREATEs (so handshakes and heartbeats of other shards are answered meanwhile). */
const STREAM_SLICE_MS = 10;
/** Above this many bytes waiting in a socket, its GUILD_CREATEs pause until it drains. */
const HIGH_WATER_BYTES = 8 * 1024 * 1024;

/** A new session's guilds still to send. */
interface GuildStream {
  session: GatewaySession;
  socket: WebSocket;
  guilds: Iterator<Record<string, unknown>>;
  sent: number;
}

/** The gateway server; attach it to an HTTP server's `upgrade` event through `handleUpgrade`. */
export class GatewayServer extends EventEmitter<GatewayEventsMap> {
  /** Per identify bucket (`shard_id % max_concurrency`): when its last accepted IDENTIFY arrived. */
  readonly #bucketIdentifiedAt = new Map<number, number>();
  readonly #identifyLimit: Required<IdentifyLimit> | null;
  readonly #logDispatchData: boolean;
  readonly #streams: GuildStream[] = [];
  #pumping = false;
  /** Per shard: how late heartbeats are acknowledged (see delayHeartbeatAcks). */
  readonly #ackDelays = new Map<number, number>();
  /** Shards in an outage (see shardOutage). */
  readonly #outages = new Set<number>();
  readonly sessions = new Map<string, GatewaySession>();
  readonly log: GatewayLogEntry[] = [];
  readonly #wss = new WebSocketServer({ noServer: true });
  readonly #connections = new Set<Connection>();
  readonly #replayLimit: number;

  constructor(
    readonly host: GatewayHost,
    options: GatewayServerOptions = {},
  ) {
    super();
    this.#replayLimit = options.replayLimit ?? 1000;
    const limit = options.identifyLimit ?? null;
    if (limit && (!Number.isInteger(limit.maxConcurrency) || limit.maxConcurrency < 1)) throw new RangeError(`GatewayServer: identifyLimit.maxConcurrency must be a positive integer, got ${limit.maxConcurrency}`);
    this.#identifyLimit = limit ? { maxConcurrency: limit.maxConcurrency, windowMs: limit.windowMs ?? 4500 } : null;
    this.#logDispatchData = options.logDispatchData ?? true;
  }

  /** Accepts a WebSocket upgrade for the gateway path. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#accept(ws, request));
  }

  /** Sends a dispatch to every live or resumable session whose shard owns `guildId`; `shape` may drop or rewrite it per session. */
  dispatch(t: string, guildId: string | null, shape: (session: GatewaySession) => unknown | null): void {
    for (const session of this.sessions.values()) {
      if (!session.owns(guildId)) continue;
      const d = shape(session);
      if (d === null || d === undefined) continue;
      this.sendDispatch(session, t, d);
    }
  }

  /** Sends one dispatch to one session, buffering it for RESUME. */
  sendDispatch(session: GatewaySession, t: string, d: unknown): void {
    const s = ++session.seq;
    session.missed.push({ s, t, d });
    if (session.missed.length > this.#replayLimit) session.missed.shift();
    if (session.socket?.readyState === WebSocket.OPEN) this.#send(session.socket, session, { op: GatewayOpcodes.Dispatch, t, s, d });
  }

  /** Sessions currently owning a shard (the newest IDENTIFY per shard id). */
  sessionsFor(shardId: number): GatewaySession[] {
    return [...this.sessions.values()].filter((s) => s.shardId === shardId);
  }

  /** Sends op 7 RECONNECT to a shard; resolves once its socket has closed. */
  async reconnect(shardId: number): Promise<void> {
    await Promise.all(this.sessionsFor(shardId).map((s) => this.#sendAndAwaitClose(s, { op: GatewayOpcodes.Reconnect, d: null })));
  }

  /**
   * Sends op 9 INVALID_SESSION to a shard. Not resumable: the session is forgotten and the client must
   * IDENTIFY again. Resumable: the client may RESUME on the same socket.
   */
  invalidateSession(shardId: number, resumable: boolean): void {
    for (const session of this.sessionsFor(shardId)) {
      if (session.socket) this.#send(session.socket, session, { op: GatewayOpcodes.InvalidSession, d: resumable });
      if (!resumable) this.sessions.delete(session.id);
    }
  }

  /** Asks a shard's client for a heartbeat right now (op 1), as Discord may. */
  requestHeartbeat(shardId: number): void {
    for (const session of this.sessionsFor(shardId)) if (session.socket) this.#send(session.socket, session, { op: GatewayOpcodes.Heartbeat, d: null });
  }

  /**
   * Answers a shard's heartbeats `ms` late from now on (null: at once again), so a test can raise its
   * latency or, past the heartbeat interval, make the client take the connection for a zombie.
   */
  delayHeartbeatAcks(shardId: number, ms: number | null): void {
    if (ms === null) this.#ackDelays.delete(shardId);
    else this.#ackDelays.set(shardId, ms);
  }

  /**
   * An outage of one shard (on: true): its sockets are dropped, and every IDENTIFY or RESUME for it is
   * dropped too until the outage ends (on: false), so the client keeps reconnecting with its backoff.
   */
  shardOutage(shardId: number, on: boolean): void {
    if (on) {
      this.#outages.add(shardId);
      this.dropShard(shardId);
    } else this.#outages.delete(shardId);
  }

  /** Drops a shard's socket without a close frame (a network failure: the client sees 1006 and resumes). */
  dropShard(shardId: number): void {
    for (const session of this.sessionsFor(shardId)) session.socket?.terminate();
  }

  /** Closes a shard's socket with a code; the session stays resumable unless the code forbids it. */
  async closeShard(shardId: number, code: number, reason = ''): Promise<void> {
    await Promise.all(
      this.sessionsFor(shardId).map(
        (s) =>
          new Promise<void>((resolve) => {
            if (!s.socket || s.socket.readyState !== WebSocket.OPEN) return resolve();
            s.socket.once('close', () => resolve());
            s.socket.close(code, reason);
          }),
      ),
    );
  }

  /** Closes every socket and stops accepting new ones. */
  async close(): Promise<void> {
    for (const c of this.#connections) c.socket.terminate();
    this.#connections.clear();
    await new Promise<void>((resolve) => this.#wss.close(() => resolve()));
  }

  #sendAndAwaitClose(session: GatewaySession, payload: { op: number; d: unknown }): Promise<void> {
    const socket = session.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      this.#send(socket, session, payload);
    });
  }

  #accept(socket: WebSocket, request: IncomingMessage): void {
    const connection: Connection = { socket, session: null };
    this.#connections.add(connection);
    const params = new URL(request.url ?? '/', 'ws://localhost').searchParams;
    const version = params.get('v');
    if (version !== null && version !== '10') return socket.close(GatewayCloseCodes.InvalidAPIVersion, `Invalid API version ${version}; the simulator speaks v10`);
    if ((params.get('encoding') ?? 'json') !== 'json') return socket.close(GatewayCloseCodes.DecodeError, 'The simulator supports only encoding=json');
    if (params.get('compress')) return socket.close(GatewayCloseCodes.DecodeError, 'The simulator does not support transport compression');

    socket.on('message', (raw, isBinary) => this.#onMessage(connection, raw.toString(), isBinary));
    socket.on('error', () => {
      /* The close event follows; nothing to do. */
    });
    socket.on('close', (code) => {
      this.#connections.delete(connection);
      const session = connection.session;
      if (session && session.socket === socket) {
        session.socket = null;
        // Discord forgets a session the client closes normally; any other close can be resumed.
        if (code === 1000 || code === 1001) this.sessions.delete(session.id);
      }
      this.emit('close', session, code);
    });
    this.#send(socket, null, { op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.host.heartbeatIntervalMs } });
  }

  #onMessage(connection: Connection, text: string, isBinary: boolean): void {
    const { socket } = connection;
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      payload = JSON.parse(text) as { op?: unknown; d?: unknown };
    } catch {
      return socket.close(GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
    }
    const op = payload.op;
    const d = (payload.d ?? null) as Record<string, unknown> | null;
    this.#record('in', connection.session, op as number, null, null, op === GatewayOpcodes.Identify || op === GatewayOpcodes.Resume ? withoutToken(d) : d);
    switch (op) {
      case GatewayOpcodes.Heartbeat: {
        const delay = connection.session ? this.#ackDelays.get(connection.session.shardId) : undefined;
        if (delay === undefined) return this.#send(socket, connection.session, { op: GatewayOpcodes.HeartbeatAck });
        const session = connection.session;
        setTimeout(() => {
          if (socket.readyState === WebSocket.OPEN) this.#send(socket, session, { op: GatewayOpcodes.HeartbeatAck });
        }, delay).unref();
        return;
      }
      case GatewayOpcodes.Identify:
        return this.#identify(connection, d);
      case GatewayOpcodes.Resume:
        return this.#resume(connection, d);
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
        if (!connection.session) return socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        return;
      case GatewayOpcodes.RequestGuildMembers:
        if (!connection.session) return socket.close(GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        return this.host.requestGuildMembers(connection.session, d ?? {});
      default:
        return socket.close(GatewayCloseCodes.UnknownOpcode, `Unknown opcode ${String(op)}.`);
    }
  }

  #identify(connection: Connection, d: Record<string, unknown> | null): void {
    const { socket } = connection;
    if (connection.session) return socket.close(GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
    if (!d || d.token !== this.host.token) return socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    const intents = d.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0 || (intents & ~ALL_INTENTS) !== 0) {
      return socket.close(GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
    }
    if ((intents & PRIVILEGED_INTENTS & ~this.host.allowedPrivilegedIntents) !== 0) {
      return socket.close(GatewayCloseCodes.DisallowedIntents, 'Disallowed intent(s).');
    }
    const shard = d.shard ?? [0, 1];
    if (
      !Array.isArray(shard) ||
      shard.length !== 2 ||
      !shard.every((n) => Number.isInteger(n)) ||
      shard[1] < 1 ||
      shard[0] < 0 ||
      shard[0] >= shard[1]
    ) {
      return socket.close(GatewayCloseCodes.InvalidShard, 'Invalid shard.');
    }
    if (this.#outages.has(shard[0] as number)) return socket.terminate();
    if (this.#identifyLimit) {
      const bucket = (shard[0] as number) % this.#identifyLimit.maxConcurrency;
      const last = this.#bucketIdentifiedAt.get(bucket);
      const now = Date.now();
      if (last !== undefined && now - last < this.#identifyLimit.windowMs) {
        this.#send(socket, null, { op: GatewayOpcodes.InvalidSession, d: false });
        this.emit('identifyRefused', shard[0] as number, bucket);
        return;
      }
      this.#bucketIdentifiedAt.set(bucket, now);
    }
    // A new IDENTIFY for a shard replaces whatever session owned it.
    for (const old of this.sessionsFor(shard[0] as number)) this.sessions.delete(old.id);
    const session = new GatewaySession(shard[0] as number, shard[1] as number, intents);
    session.socket = socket;
    connection.session = session;
    this.sessions.set(session.id, session);
    this.sendDispatch(session, 'READY', {
      ...this.host.readyData(session),
      session_id: session.id,
      resume_gateway_url: this.host.gatewayUrl(),
      shard: [session.shardId, session.shardCount],
    });
    this.emit('identify', session);
    if (session.has(GatewayIntentBits.Guilds)) {
      this.#streams.push({ session, socket, guilds: this.host.guildCreates(session)[Symbol.iterator](), sent: 0 });
      this.#pump();
    }
  }

  /**
   * Sends new sessions their GUILD_CREATEs: round-robin over every session still receiving, at most
   * STREAM_SLICE_MS per turn of the event loop (the first slice at once, so a small world arrives in the
   * same turn as READY), skipping a socket that holds more than HIGH_WATER_BYTES until it drains. So
   * 100,000 guilds over 100 shards stream at the pace the clients read them, without piling up in memory
   * or starving other shards' handshakes and heartbeats. A session that loses its socket stops receiving.
   */
  #pump(): void {
    if (this.#pumping) return;
    this.#pumping = true;
    const slice = () => {
      const until = performance.now() + STREAM_SLICE_MS;
      let blocked = 0;
      while (this.#streams.length > 0 && blocked < this.#streams.length && performance.now() < until) {
        const stream = this.#streams.shift()!;
        const { session, socket } = stream;
        if (session.socket !== socket || socket.readyState !== WebSocket.OPEN) {
          blocked = 0;
          continue;
        }
        if (socket.bufferedAmount > HIGH_WATER_BYTES) {
          this.#streams.push(stream);
          blocked++;
          continue;
        }
        blocked = 0;
        let done = false;
        for (let i = 0; i < 25; i++) {
          const next = stream.guilds.next();
          if (next.done) {
            done = true;
            break;
          }
          this.sendDispatch(session, 'GUILD_CREATE', next.value);
          stream.sent++;
        }
        if (done) this.emit('guildsSent', session, stream.sent);
        else this.#streams.push(stream);
      }
      if (this.#streams.length === 0) {
        this.#pumping = false;
        return;
      }
      // Every socket full: give them time to drain; else carry on next turn, after pending I/O.
      if (blocked >= this.#streams.length) setTimeout(slice, 5);
      else setImmediate(slice);
    };
    slice();
  }

  #resume(connection: Connection, d: Record<string, unknown> | null): void {
    const { socket } = connection;
    if (!d || d.token !== this.host.token) return socket.close(GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
    const session = typeof d.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    if (!session) return this.#send(socket, null, { op: GatewayOpcodes.InvalidSession, d: false });
    if (this.#outages.has(session.shardId)) return socket.terminate();
    const seq = typeof d.seq === 'number' ? d.seq : 0;
    if (seq > session.seq) return socket.close(GatewayCloseCodes.InvalidSeq, 'Invalid seq.');
    if (session.socket && session.socket !== socket && session.socket.readyState === WebSocket.OPEN) session.socket.close(4000, 'Session resumed elsewhere');
    session.socket = socket;
    connection.session = session;
    const replay = session.missed.filter((e) => e.s > seq);
    for (const e of replay) this.#send(socket, session, { op: GatewayOpcodes.Dispatch, t: e.t, s: e.s, d: e.d });
    this.sendDispatch(session, 'RESUMED', null);
    this.emit('resume', session, replay.length);
  }

  #send(socket: WebSocket, session: GatewaySession | null, payload: { op: number; d?: unknown; s?: number; t?: string }): void {
    const full = { op: payload.op, d: payload.d ?? null, s: payload.s ?? null, t: payload.t ?? null };
    this.#record('out', session, full.op, full.t, full.s, this.#logDispatchData || full.op !== GatewayOpcodes.Dispatch ? full.d : null);
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(full));
  }

  #record(direction: 'in' | 'out', session: GatewaySession | null, op: number, t: string | null, s: number | null, d: unknown): void {
    this.log.push({ direction, shardId: session?.shardId ?? null, sessionId: session?.id ?? null, op, t, s, d, time: Date.now() });
  }
}

function withoutToken(d: Record<string, unknown> | null): unknown {
  if (!d) return d;
  const { token: _token, ...rest } = d;
  return rest;
}
