/**
 * Replies that survive lost responses. When Discord created a message but its answer was lost (a 5xx, a
 * reset connection), discord.js's REST retries the same request; without care the user sees the reply twice.
 *
 * - Messages (channel.send, message.reply) carry a `nonce` with `enforce_nonce: true`: one nonce per
 *   logical send, part of the request body, so every retry discord.js makes of that request repeats it and
 *   Discord answers a repeat with the message it already created instead of a second one.
 * - A connection that closes before the answer (discord.js does not retry that: the message may or may not
 *   exist) is sent again by the runtime, with the same payload and so the same nonce, up to twice more.
 * - An interaction has one callback (reply or defer). If our callback's first attempt got a 5xx and the
 *   retry is answered 40060 "Interaction has already been acknowledged", the first attempt did land: the
 *   callback is done. How we know it is our own retry: the REST manager's `response` event reports each
 *   attempt; a 5xx on `/interactions/<id>/<token>/callback` marks that interaction's outcome as unknown.
 *   A 40060 without such a mark (someone else acknowledged it) stays an error.
 */
import { randomBytes } from 'node:crypto';
import { DiscordAPIError, RESTJSONErrorCodes, type Client, type Interaction } from 'discord.js';

/** A fresh nonce: 16 url-safe characters (Discord takes up to 25). */
export function newNonce(): string {
  return randomBytes(12).toString('base64url');
}

/** `payload` with a nonce Discord enforces: a retried request cannot create a second message. */
export function withNonce<T extends object>(payload: T): T & { nonce: string; enforceNonce: true } {
  return { ...payload, nonce: newNonce(), enforceNonce: true };
}

/** Socket errors after which a request may or may not have reached Discord (undici's and Node's codes). */
const CONNECTION_LOST = new Set(['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNRESET', 'EPIPE']);

function connectionLost(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === 'string' && CONNECTION_LOST.has(code);
}

/**
 * Runs `send` (which must send the same payload, with its nonce, every time) and, when the connection was
 * lost before the answer, runs it again, at most `retries` more times: Discord's nonce check makes a repeat
 * of a send that did land return the same message.
 */
export async function sendOnce<T>(send: () => Promise<T>, retries = 2): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= retries || !connectionLost(error)) throw error;
    }
  }
}

/** Interaction tokens live 15 minutes; a mark older than that cannot matter. */
const MARK_TTL_MS = 15 * 60_000;
const CALLBACK = /^\/interactions\/(\d+)\/[^/]+\/callback$/;

class CallbackOutcomes {
  /** Interaction id → when a callback attempt for it was answered 5xx (insertion order = time order). */
  readonly #unknown = new Map<string, number>();

  constructor(client: Client) {
    client.rest.on('response', (request, response) => {
      if (response.status < 500) return;
      const match = CALLBACK.exec(request.path);
      if (!match) return;
      const now = Date.now();
      for (const [id, at] of this.#unknown) {
        if (now - at < MARK_TTL_MS) break;
        this.#unknown.delete(id);
      }
      this.#unknown.set(match[1]!, now);
    });
  }

  wasUncertain(interactionId: string): boolean {
    return this.#unknown.has(interactionId);
  }
}

const outcomes = new WeakMap<Client, CallbackOutcomes>();

/** Starts watching `client`'s callback attempts (idempotent); call before the first callback is sent. */
export function watchCallbacks(client: Client): void {
  if (!outcomes.has(client)) outcomes.set(client, new CallbackOutcomes(client));
}

/** True when `error` is Discord's 40060 for a callback whose earlier attempt of ours had an unknown outcome. */
export function isOwnRetriedCallback(error: unknown, interaction: Interaction): boolean {
  return (
    error instanceof DiscordAPIError &&
    error.code === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged &&
    (outcomes.get(interaction.client)?.wasUncertain(interaction.id) ?? false)
  );
}

/**
 * Sends an interaction callback; when it fails only because our own earlier attempt landed, marks the
 * interaction as discord.js would have (`replied` or `deferred`) and resolves with `landed()`.
 */
export async function sendCallback<T>(interaction: Interaction & { replied: boolean; deferred: boolean }, as: 'replied' | 'deferred', send: () => Promise<T>, landed: () => T | Promise<T>): Promise<T> {
  watchCallbacks(interaction.client);
  try {
    return await send();
  } catch (error) {
    if (!isOwnRetriedCallback(error, interaction)) throw error;
    interaction[as] = true;
    return landed();
  }
}
