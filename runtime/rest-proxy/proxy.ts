/**
 * The shared REST rate limiter: @discordjs/proxy, an HTTP server in front of Discord's API whose one
 * @discordjs/rest queue holds Discord's limits for every process that sends its REST through it. Discord's
 * global limit is per bot token, not per process: P bot processes each with discord.js's own limiter send up
 * to P times the limit; through one proxy they send at most the limit together (tests/scale/).
 *
 * Decisions:
 * - The proxy holds no token. Each request's `Authorization` header is forwarded (with `Content-Type` and
 *   `X-Audit-Log-Reason`, as @discordjs/proxy forwards them) and the REST sends nothing of its own
 *   (`auth: false`), so the token stays with the bots and is never in the proxy's settings, arguments or logs.
 * - One @discordjs/rest queue per token (keyed by a hash of the header, which is never kept): its global
 *   limit (`globalRequestsPerSecond`) and its route buckets are that token's, so two bots behind one proxy
 *   do not share a limit. Requests without a token (interaction callbacks, webhooks: not bound by the
 *   global limit on Discord) share a queue of their own, so they never wait behind a bot's flood.
 * - The proxy waits out rate limits instead of answering 429 (the REST default `rejectOnRateLimit: null`),
 *   and retries Discord's own 429s; @discordjs/proxy's response helpers strip the `X-RateLimit-*` headers
 *   from answers, so the bots' own limiters see no buckets and leave the waiting to it.
 * - The request body is read before it is queued, and the REST is given those bytes. @discordjs/proxy's own
 *   `proxyRequests` hands it the incoming stream, which a retry (after a 429 or a 5xx) cannot read again: the
 *   retry goes out empty (tried: with four processes through it, a reply after a 429 came back as Discord's
 *   "Cannot send an empty message" and its handler failed). Answers are still written by @discordjs/proxy's
 *   `populateSuccessfulResponse` / `populateErrorResponse`.
 * - An error those do not know (Discord unreachable after the retries) is answered 502, so the bot's
 *   discord.js retries it as any 5xx; `proxyRequests` would end such a response with an empty 200.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { populateErrorResponse, populateSuccessfulResponse, version as proxyVersion } from '@discordjs/proxy';
// From @discordjs/rest itself, not discord.js's re-export: @discordjs/proxy sorts errors with `instanceof`
// against the ES module's classes, which discord.js's CommonJS copy would not match.
import { DefaultUserAgentAppendix, REST, RESTEvents, type RequestMethod, type RouteLike } from '@discordjs/rest';
import type { Logger } from '../logging.js';
import { DEFAULT_PROXY_PORT, DISCORD_GLOBAL_PER_SECOND } from './defaults.js';


export interface RestProxyOptions {
  /** Port to listen on (0: a free one). Default 8080. */
  port?: number;
  /** Where to listen. Default 127.0.0.1. */
  host?: string;
  /** Discord's REST base without version, e.g. a simulator's `http://127.0.0.1:5555/api`. Default: Discord. */
  api?: string;
  /** The global limit held per token. Default 50 (Discord's). */
  globalRequestsPerSecond?: number;
  logger?: Logger;
}

/** What a running proxy has done (for its log and for tests). */
export interface RestProxyStats {
  /** Requests answered. */
  forwarded: number;
  /** Times a request waited for a limit before going out: the global limit / a route's bucket. */
  globalWaits: number;
  routeWaits: number;
  /** Tokens seen (each with a queue of its own). */
  tokens: number;
}

export interface RestProxy {
  /** The URL the bots' `discord.restProxy.url` names, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly port: number;
  stats(): RestProxyStats;
  close(): Promise<void>;
}


/** Starts @discordjs/proxy on `host:port`, forwarding to `api`. */
export async function startRestProxy(options: RestProxyOptions = {}): Promise<RestProxy> {
  const perSecond = options.globalRequestsPerSecond ?? DISCORD_GLOBAL_PER_SECOND;
  if (!Number.isInteger(perSecond) || perSecond < 1) throw new Error(`The REST proxy's globalRequestsPerSecond must be a whole number of 1 or more, got ${perSecond}`);
  const logger = options.logger;
  const stats: RestProxyStats = { forwarded: 0, globalWaits: 0, routeWaits: 0, tokens: 0 };
  const queues = new Map<string, REST>();
  const queueFor = (authorization: string | undefined) => {
    const key = authorization ? createHash('sha256').update(authorization).digest('hex') : '';
    const known = queues.get(key);
    if (known) return known;
    // Its User-Agent names the proxy, so Discord (and the simulator's record) can tell who sent a request.
    const userAgentAppendix = `@discordjs/proxy/${proxyVersion} ${DefaultUserAgentAppendix}`.trim();
    const rest = new REST({ globalRequestsPerSecond: perSecond, userAgentAppendix, ...(options.api ? { api: options.api } : {}) });
    rest.on(RESTEvents.RateLimited, (info) => {
      if (info.global) stats.globalWaits++;
      else stats.routeWaits++;
      logger?.debug(`Waiting ${info.timeToReset} ms for ${info.global ? 'the global limit' : `the bucket of ${info.method.toUpperCase()} ${info.route}`}.`);
    });
    queues.set(key, rest);
    if (key) stats.tokens++;
    return rest;
  };
  const server: Server = createServer((req, res) => {
    forward(queueFor(req.headers.authorization), req, res).then(
        () => void stats.forwarded++,
        (error: unknown) => {
          stats.forwarded++;
          logger?.warn(`Could not forward ${req.method ?? 'a request'} ${new URL(req.url ?? '/', 'http://proxy').pathname}: ${(error as Error)?.message ?? String(error)}`);
          if (!res.writableEnded) res.end();
        },
      );
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_PROXY_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    stats: () => ({ ...stats }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const rest of queues.values()) rest.clearHashSweeper(), rest.clearHandlerSweeper();
    },
  };
}

/** The headers @discordjs/proxy forwards to Discord. */
const FORWARDED = ['content-type', 'authorization', 'x-audit-log-reason'] as const;

/** Sends one request through `rest` and writes the answer; an error no helper knows is answered 502 and thrown. */
async function forward(rest: REST, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://proxy');
  // The bot's `/api/v10/...`: the route without prefix and version (the REST adds its own).
  const fullRoute = (url.pathname.replace(/^\/api(\/v\d+)?/, '') || '/') as RouteLike;
  const headers: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const response = await rest.queueRequest({
      // Whatever the bot sent: Discord answers a method it does not serve with 405.
      method: (req.method ?? 'GET') as RequestMethod,
      fullRoute,
      query: url.searchParams,
      headers,
      auth: false,
      passThroughBody: true,
      ...(body.length > 0 ? { body } : {}),
    });
    await populateSuccessfulResponse(res, response);
  } catch (error) {
    if (!populateErrorResponse(res, error)) {
      res.statusCode = 502;
      throw error;
    }
  } finally {
    res.end();
  }
}
