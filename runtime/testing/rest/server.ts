/**
 * The HTTP side of the simulator: one node:http server on 127.0.0.1 serving REST under `/api/v10/...`
 * (also `/api/...`) and handing WebSocket upgrades on `/` or `/gateway` to the gateway. Every REST request
 * is recorded, whatever its outcome. Requests need `Authorization: Bot <token>` unless the route is one
 * Discord serves without it (interaction callbacks, webhook-token routes); otherwise 401 as Discord. Then
 * the rate limits, when switched on (rate-limits.ts), may answer 429 before the route runs.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { DiscordApiError, type Router, type UploadedFile } from './router.js';
import { parseBody, readBody } from './body.js';
import { UnknownEntityError } from '../state.js';
import type { RestFaults } from './faults.js';
import type { RateLimitVerdict, RestRateLimits } from './rate-limits.js';

/** One recorded REST request (`sim.requests`). */
export interface RecordedRequest {
  method: string;
  /** Path without the API prefix, e.g. `/channels/123/messages`. */
  path: string;
  /** The matched route, e.g. `PUT /applications/:id/commands`, or `unknown` when none matched. */
  route: string;
  query: Record<string, string>;
  body: unknown;
  /** Uploaded files: names, sizes and their bytes (so a test can read what the bot sent). */
  files: { filename: string; size: number; contentType: string; data: Buffer }[];
  status: number;
  /** Discord's error code when the answer was an error. */
  errorCode?: number;
  time: number;
  /** Set when a fault (sim.faults) changed the answer: handled, then answered 5xx (`lost-response`) or not at all (`dropped`, status 0). */
  fault?: 'lost-response' | 'dropped';
  /** The sender's User-Agent (discord.js's names discord.js; a REST proxy's names the proxy). */
  userAgent?: string;
  /** Whether Discord's global limit covers it: an authenticated route (not interaction callbacks or webhook tokens). */
  countsGlobally?: boolean;
  /** Set when the simulator's rate limits (sim.setRateLimits) answered it 429: by the global limit or a route's bucket. */
  rateLimited?: 'global' | 'route';
}

export interface RestServerOptions {
  router: Router;
  token: () => string;
  onRequest: (record: RecordedRequest) => void;
  /** Called with unexpected handler failures (answered 500) so tests can see them. */
  onInternalError: (error: unknown, record: RecordedRequest) => void;
  onUpgrade: (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Runs each route handler; the answer is written once it settles (tests' hooks on the bot's new messages, sim.onBotMessage). */
  around?: <T>(handle: () => Promise<T>) => Promise<T>;
  /** Faults switched on by the test (sim.faults). */
  faults?: RestFaults;
  /** Rate limits switched on by the test (sim.setRateLimits); checked after authentication, before faults. */
  rateLimits?: RestRateLimits;
}

/** A request the rate limits refused: answered 429 with the verdict's headers and body. */
class RateLimitedError extends Error {
  constructor(readonly verdict: Extract<RateLimitVerdict, { limited: true }>) {
    super(verdict.body.message);
  }
}

/** Starts the HTTP server on 127.0.0.1 and a free port. */
export async function startRestServer(options: RestServerOptions, port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    void handle(options, req, res);
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/' || path === '/gateway' || path === '/gateway/') options.onUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

async function handle(options: RestServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  const prefix = /^\/api(?:\/v(\d+))?(?=\/|$)/.exec(url.pathname);
  const path = prefix ? url.pathname.slice(prefix[0].length) || '/' : url.pathname;
  const record: RecordedRequest = {
    method,
    path,
    route: 'unknown',
    query: Object.fromEntries(url.searchParams),
    body: undefined,
    files: [],
    status: 0,
    time: Date.now(),
    ...(req.headers['user-agent'] ? { userAgent: req.headers['user-agent'] } : {}),
  };
  let status = 500;
  let payload: unknown;
  let headers: Record<string, string> = {};
  try {
    const raw = await readBody(req);
    let files: UploadedFile[] = [];
    try {
      const parsed = parseBody(raw, req.headers['content-type']);
      record.body = parsed.body;
      files = parsed.files;
      record.files = files.map((f) => ({ filename: f.filename, size: f.size, contentType: f.contentType, data: f.data }));
    } catch (error) {
      if (!prefix) throw new DiscordApiError(404, 0, '404: Not Found');
      throw error;
    }
    if (!prefix || (prefix[1] !== undefined && prefix[1] !== '10')) throw new DiscordApiError(404, 0, '404: Not Found');
    const match = options.router.match(method, path);
    if (!match.route) {
      throw match.methodMismatch ? new DiscordApiError(405, 0, '405: Method Not Allowed') : new DiscordApiError(404, 0, '404: Not Found');
    }
    record.route = `${method} ${match.route.pattern}`;
    if (match.route.auth !== false && req.headers.authorization !== `Bot ${options.token()}`) {
      throw new DiscordApiError(401, 0, '401: Unauthorized');
    }
    const route = match.route;
    record.countsGlobally = route.auth !== false;
    if (options.rateLimits?.enabled) {
      const verdict = options.rateLimits.check({ route: record.route, params: match.params, token: route.auth !== false ? options.token() : null });
      headers = verdict.headers;
      if (verdict.limited) throw new RateLimitedError(verdict);
    }
    await options.faults?.waitFor(record);
    const request = { method, path, params: match.params, query: url.searchParams, body: record.body, files, headers: req.headers };
    const handle = async () => route.handler(request);
    const result = await (options.around ? options.around(handle) : handle());
    status = result.status;
    payload = result.body;
  } catch (caught) {
    const error = caught instanceof UnknownEntityError ? unknownEntity(caught) : caught;
    if (error instanceof RateLimitedError) {
      status = 429;
      payload = error.verdict.body;
      record.rateLimited = error.verdict.scope;
    } else if (error instanceof DiscordApiError) {
      status = error.status;
      payload = { message: error.message, code: error.code, ...(error.errors ? { errors: error.errors } : {}) };
      record.errorCode = error.code;
    } else {
      status = 500;
      payload = { message: '500: Internal Server Error', code: 0 };
      options.onInternalError(error, record);
    }
  }
  if (payload === undefined && status === 200) status = 204;
  // A lost response: the work is done (above), the answer is replaced by a bare 5xx as from Discord's edge.
  const lost = record.route !== 'unknown' && status < 400 ? (options.faults?.lostStatus(record) ?? null) : null;
  if (lost === 'drop') {
    record.fault = 'dropped';
    options.onRequest(record);
    req.socket.destroy();
    return;
  }
  if (lost !== null) {
    status = lost;
    payload = undefined;
    record.fault = 'lost-response';
  }
  record.status = status;
  options.onRequest(record);
  if (payload === undefined || status === 204) {
    res.writeHead(status, lost !== null ? {} : headers);
    res.end();
    return;
  }
  const text = JSON.stringify(payload);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

const UNKNOWN_CODES: Record<UnknownEntityError['entity'], [number, string]> = {
  user: [10013, 'Unknown User'],
  guild: [10004, 'Unknown Guild'],
  channel: [10003, 'Unknown Channel'],
  role: [10011, 'Unknown Role'],
  member: [10007, 'Unknown Member'],
  message: [10008, 'Unknown Message'],
};

function unknownEntity(error: UnknownEntityError): DiscordApiError {
  const [code, message] = UNKNOWN_CODES[error.entity];
  return new DiscordApiError(404, code, message);
}
