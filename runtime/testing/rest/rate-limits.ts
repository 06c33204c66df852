/**
 * Discord's REST rate limits in the simulator (off until a test asks: `SimulatorOptions.rateLimits` or
 * `sim.setRateLimits`), answered with Discord's headers and 429 bodies, so the real discord.js client (and
 * @discordjs/proxy in front of it) meets what it meets on Discord:
 * - a global limit per bot token, in requests per second (Discord's is 50), over every authenticated route;
 *   interaction callbacks and webhook-token routes are not bound by it, as on Discord. A 429 from it carries
 *   `Retry-After`, `X-RateLimit-Global: true` and `X-RateLimit-Scope: global`;
 * - buckets per route and major parameter (the channel, guild or webhook), e.g. message create per channel:
 *   `limit` requests per `windowMs`, a window opening with its first request. Every answer of a limited route
 *   carries `X-RateLimit-Limit`, `-Remaining`, `-Reset` (epoch seconds), `-Reset-After` (seconds) and
 *   `-Bucket` (one hash per route, whatever the major parameter, as Discord's); a 429 adds `Retry-After` and
 *   `X-RateLimit-Scope: user`.
 * A 429's body is `{ message, retry_after, global }` with `retry_after` in (fractional) seconds; the
 * `Retry-After` header is whole seconds rounded up, as Discord sends it (discord.js reads the header only).
 *
 * Decision: Discord documents the global limit's number, not how it counts. Here it counts as discord.js's
 * own limiter does (and @discordjs/proxy's, which is that limiter): a window of one second opens with the
 * first request after the last window closed, and holds `globalPerSecond` requests. A client keeping to the
 * limit that way is not refused (but for jitter at a window's edge), one going over it is; and because the
 * windows are fixed, any one second may see up to twice the limit accepted (`restRateStats` reports that
 * peak beside the mean). Tried first: a token bucket refilled continuously refused a proxy held to 90% of
 * the limit, whose windows' bursts (route buckets resetting late in a window) it could not absorb.
 * The limiter counts; what was answered is in `sim.requests` (`rateLimited`), and `restRateStats` sums it up.
 */
import { createHash } from 'node:crypto';

/** One route's bucket: at most `limit` requests per `windowMs` per major parameter. */
export interface RouteLimit {
  limit: number;
  windowMs: number;
}

/** What the simulator enforces (omit a part to leave it unlimited). */
export interface RestRateLimitOptions {
  /** Requests per second per bot token over every authenticated route (Discord's: 50). */
  globalPerSecond?: number;
  /** Buckets by route as the simulator records it, e.g. `{ 'POST /channels/:id/messages': { limit: 5, windowMs: 5000 } }`. */
  routes?: Record<string, RouteLimit>;
}

/** What the limiter says about one request: go on (with the route's headers), or a 429 to answer. */
export type RateLimitVerdict =
  | { limited: false; headers: Record<string, string> }
  | { limited: true; scope: 'global' | 'route'; headers: Record<string, string>; body: { message: string; retry_after: number; global: boolean } };

/** A request the limiter weighs: its route (`POST /channels/:id/messages`), its parameters and its token (null: none needed). */
export interface LimitedRequest {
  route: string;
  params: Record<string, string>;
  token: string | null;
}

const RATE_LIMITED = 'You are being rate limited.';

export class RestRateLimits {
  #global: number | null = null;
  #routes = new Map<string, RouteLimit & { hash: string }>();
  /** The global window per token. */
  readonly #globalWindows = new Map<string, Window>();
  /** Route windows by route, major parameter and token. */
  readonly #windows = new Map<string, Window>();

  constructor(options?: RestRateLimitOptions | null) {
    this.configure(options ?? null);
  }

  /** Replaces what is enforced (null: nothing) and forgets every bucket's state. */
  configure(options: RestRateLimitOptions | null): void {
    const global = options?.globalPerSecond;
    if (global !== undefined && !(Number.isFinite(global) && global > 0)) throw new Error(`rateLimits.globalPerSecond must be a positive number, got ${global}`);
    this.#global = global ?? null;
    this.#routes = new Map(
      Object.entries(options?.routes ?? {}).map(([route, limit]) => {
        if (!/^[A-Z]+ \//.test(route)) throw new Error(`rateLimits.routes: "${route}" is not a route such as "POST /channels/:id/messages"`);
        if (!(Number.isInteger(limit.limit) && limit.limit > 0 && Number.isFinite(limit.windowMs) && limit.windowMs > 0)) {
          throw new Error(`rateLimits.routes["${route}"] needs a positive whole limit and a positive windowMs, got ${JSON.stringify(limit)}`);
        }
        return [route, { ...limit, hash: createHash('md5').update(route).digest('hex') }];
      }),
    );
    this.#globalWindows.clear();
    this.#windows.clear();
  }

  /** Whether anything is enforced. */
  get enabled(): boolean {
    return this.#global !== null || this.#routes.size > 0;
  }

  /** Weighs one request at `now` and counts it when it may go on. */
  check(request: LimitedRequest, now = Date.now()): RateLimitVerdict {
    const bucket = this.#routes.get(request.route);
    const window = bucket ? openWindow(this.#windows, `${request.token ?? ''}\u0000${request.route}\u0000${majorParameter(request.route, request.params)}`, bucket.windowMs, now) : undefined;
    const routeHeaders = (remaining: number): Record<string, string> =>
      bucket && window
        ? {
            'x-ratelimit-limit': String(bucket.limit),
            'x-ratelimit-remaining': String(remaining),
            'x-ratelimit-reset': (window.resetAt / 1000).toFixed(3),
            'x-ratelimit-reset-after': ((window.resetAt - now) / 1000).toFixed(3),
            'x-ratelimit-bucket': bucket.hash,
          }
        : {};
    // The global limit first: a request it refuses does not use the route's bucket.
    const global = this.#global !== null && request.token !== null ? openWindow(this.#globalWindows, request.token, 1000, now) : undefined;
    if (global && global.count >= this.#global!) {
      const retryAfter = (global.resetAt - now) / 1000;
      return {
        limited: true,
        scope: 'global',
        headers: { 'retry-after': String(Math.ceil(retryAfter)), 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' },
        body: { message: RATE_LIMITED, retry_after: round(retryAfter), global: true },
      };
    }
    if (bucket && window && window.count >= bucket.limit) {
      const retryAfter = (window.resetAt - now) / 1000;
      return {
        limited: true,
        scope: 'route',
        headers: { ...routeHeaders(0), 'retry-after': String(Math.ceil(retryAfter)), 'x-ratelimit-scope': 'user' },
        body: { message: RATE_LIMITED, retry_after: round(retryAfter), global: false },
      };
    }
    if (global) global.count += 1;
    if (window) window.count += 1;
    return { limited: false, headers: bucket && window ? routeHeaders(bucket.limit - window.count) : {} };
  }
}

interface Window {
  count: number;
  resetAt: number;
}

/** The window of `key` at `now`: the open one, or a new one of `ms` when it closed. */
function openWindow(windows: Map<string, Window>, key: string, ms: number, now: number): Window {
  let window = windows.get(key);
  if (!window || now >= window.resetAt) windows.set(key, (window = { count: 0, resetAt: now + ms }));
  return window;
}

/** Discord's major parameters: the channel, guild, or webhook (and interaction) id with its token. */
function majorParameter(route: string, params: Record<string, string>): string {
  const path = route.slice(route.indexOf(' ') + 1);
  if (/^\/(channels|guilds)\/:id(\/|$)/.test(path)) return params.id ?? '';
  if (/^\/(webhooks|interactions)\/:id\/:token(\/|$)/.test(path)) return `${params.id ?? ''}/${params.token ?? ''}`;
  return '';
}

const round = (seconds: number) => Math.round(seconds * 1000) / 1000;

/** What `restRateStats` reads of a recorded request. */
export interface RateCountedRequest {
  time: number;
  /** Whether the global limit covers it (an authenticated route), whether or not a limit is enforced. */
  countsGlobally?: boolean;
  rateLimited?: 'global' | 'route';
}

/** Figures over recorded requests, for tests and benches to hold against the limit. */
export interface RestRateStats {
  /** Requests the global limit covers, as received (those answered 429 included). */
  requests: number;
  /** Of every request, how many were answered 429 by the global limit / by a route's bucket. */
  globalLimited: number;
  routeLimited: number;
  /** `requests` over the time from the first of them to the last (0 for fewer than two). */
  perSecond: number;
  /** The most of `requests` received in any one second (a sliding window, by arrival). */
  peakPerSecond: number;
  /** The same for those accepted (not answered 429): what Discord would have served in one second. */
  peakAcceptedPerSecond: number;
}

/** Sums up requests (the simulator's `requests`, or a slice of them). */
export function restRateStats(requests: readonly RateCountedRequest[]): RestRateStats {
  const counted = requests.filter((r) => r.countsGlobally);
  const times = counted.map((r) => r.time).sort((a, b) => a - b);
  const accepted = counted.filter((r) => !r.rateLimited).map((r) => r.time).sort((a, b) => a - b);
  const span = times.length > 1 ? times.at(-1)! - times[0]! : 0;
  return {
    requests: counted.length,
    globalLimited: requests.filter((r) => r.rateLimited === 'global').length,
    routeLimited: requests.filter((r) => r.rateLimited === 'route').length,
    perSecond: span > 0 ? Math.round((times.length / span) * 1000 * 10) / 10 : 0,
    peakPerSecond: peakInWindow(times, 1000),
    peakAcceptedPerSecond: peakInWindow(accepted, 1000),
  };
}

/** The most sorted times within any span shorter than `ms`. */
function peakInWindow(sorted: readonly number[], ms: number): number {
  let peak = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= ms) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}
