/**
 * A tiny router for the simulated REST API: patterns like `/channels/:id/messages/:message`, handlers that
 * return `{ status, body }` or throw `DiscordApiError`, which becomes Discord's error JSON
 * `{ message, code, errors? }`.
 */
export interface RestRequest {
  method: string;
  /** Path without the `/api[/v10]` prefix, e.g. `/channels/1/messages`. */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body (or `payload_json` of a multipart body); undefined when empty. */
  body: unknown;
  /** Files of a multipart body. */
  files: UploadedFile[];
  headers: Record<string, string | string[] | undefined>;
}

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface RestResponse {
  status: number;
  body?: unknown;
}

export type RestHandler = (request: RestRequest) => RestResponse | Promise<RestResponse>;

export interface RouteDefinition {
  method: string;
  pattern: string;
  handler: RestHandler;
  /** Interaction callbacks and webhook-token routes need no bot token, as on Discord. */
  auth?: boolean;
}

/** An error answered the way Discord answers: HTTP status plus `{ message, code, errors? }`. */
export class DiscordApiError extends Error {
  override name = 'DiscordApiError';
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
  }

  /** Discord's 50035 "Invalid Form Body" for one field. */
  static invalidForm(field: string, code: string, message: string): DiscordApiError {
    const errors: Record<string, unknown> = {};
    let cursor = errors;
    const parts = field.split('.');
    parts.forEach((part, i) => {
      if (i === parts.length - 1) cursor[part] = { _errors: [{ code, message }] };
      else cursor = (cursor[part] = {}) as Record<string, unknown>;
    });
    return new DiscordApiError(400, 50035, 'Invalid Form Body', errors);
  }

  static missingPermissions(): DiscordApiError {
    return new DiscordApiError(403, 50013, 'Missing Permissions');
  }

  static missingAccess(): DiscordApiError {
    return new DiscordApiError(403, 50001, 'Missing Access');
  }
}

interface CompiledRoute extends RouteDefinition {
  segments: string[];
}

/** Matches requests against registered routes. */
export class Router {
  readonly #routes: CompiledRoute[] = [];

  /** Registers a route. */
  add(method: string, pattern: string, handler: RestHandler, options: { auth?: boolean } = {}): this {
    this.#routes.push({ method, pattern, handler, auth: options.auth ?? true, segments: pattern.split('/').filter(Boolean) });
    return this;
  }

  /** Finds the route for a method and path; literal segments win over parameters (so `@me` beats `:id`). */
  match(method: string, path: string): { route: CompiledRoute; params: Record<string, string> } | { route: null; methodMismatch: boolean } {
    const parts = path.split('/').filter(Boolean).map((p) => safeDecode(p));
    let best: { route: CompiledRoute; params: Record<string, string>; score: number } | null = null;
    let methodMismatch = false;
    for (const route of this.#routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let score = 0;
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const seg = route.segments[i]!;
        if (seg.startsWith(':')) params[seg.slice(1)] = parts[i]!;
        else if (seg === parts[i]) score++;
        else {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (route.method !== method) {
        methodMismatch = true;
        continue;
      }
      if (!best || score > best.score) best = { route, params, score };
    }
    return best ? { route: best.route, params: best.params } : { route: null, methodMismatch };
  }
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
