/**
 * Confirming a deletion: a random token the user must give back, either typed as their next message in the
 * channel (text) or passed to a second run of the slash command (slash commands cannot wait for a message).
 */
import { randomInt } from 'node:crypto';
import type { Client } from 'discord.js';
import type { Context } from '../../runtime/context/types.js';

// No 0/O or 1/I/L: the token is read off the screen and typed back.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A random 8-character confirmation token. */
export function newToken(): string {
  let token = '';
  for (let i = 0; i < 8; i++) token += ALPHABET[randomInt(ALPHABET.length)];
  return token;
}

/** `1 second`, `60 seconds`. */
export function seconds(n: number): string {
  return n === 1 ? '1 second' : `${n} seconds`;
}

/** The next message the invoking user sends in the invocation's channel, or null after `timeoutMs`. */
export async function awaitConfirmation(ctx: Context, timeoutMs: number): Promise<string | null> {
  const channel = ctx.channel;
  if (!channel || !('awaitMessages' in channel)) return null;
  const collected = await channel.awaitMessages({ filter: (m) => m.author.id === ctx.author.id, max: 1, time: timeoutMs });
  return collected.first()?.content ?? null;
}

/** Tokens handed out to slash users, one per user per bot, each valid once until it expires. */
export class ConfirmationTokens {
  private readonly byClient = new WeakMap<Client, Map<string, { token: string; expires: number }>>();

  /** A new token for the user (replacing any earlier one), valid for `ttlMs`. */
  issue(client: Client, userId: string, ttlMs: number): string {
    const token = newToken();
    this.tokens(client).set(userId, { token, expires: Date.now() + ttlMs });
    return token;
  }

  /** True when `token` is the user's current, unexpired token; it is used up either way. */
  redeem(client: Client, userId: string, token: string): boolean {
    const tokens = this.tokens(client);
    const entry = tokens.get(userId);
    tokens.delete(userId);
    return entry !== undefined && entry.expires > Date.now() && entry.token === token.trim().toUpperCase();
  }

  private tokens(client: Client): Map<string, { token: string; expires: number }> {
    let map = this.byClient.get(client);
    if (!map) this.byClient.set(client, (map = new Map()));
    return map;
  }
}
