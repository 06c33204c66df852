/**
 * The custom ids of message components the runtime routes: `<namespace>:<rest>`, where the namespace is
 * one or more words joined by `:` (`cogsmith:page`, `economy:shop`) and the rest is what its handler reads.
 * Components of a session carry the session's id first: `<namespace>:<session id>:<action>[:<args>…]`.
 *
 * Session ids are random (48 bits), not counters: a bot that restarted must never hand a new session the
 * id of one whose buttons are still on old messages, or an old button would drive the new session.
 */
import { randomBytes } from 'node:crypto';
import { CogsmithError, type ErrorCode } from '../../contract/errors.js';

/** Discord's limit on a component's custom id. */
export const MAX_CUSTOM_ID_LENGTH = 100;

const NAMESPACE = /^[a-z0-9_-]+(?::[a-z0-9_-]+)*$/i;
const MAX_NAMESPACE_LENGTH = 40;

/** A namespace or custom id Discord or the router would not accept. */
export class ComponentIdError extends CogsmithError {
  static override readonly code: ErrorCode = 'COMPONENT_ID';
}

/** Throws unless `namespace` is words of letters, digits, `_` or `-` joined by `:`, at most 40 characters. */
export function checkNamespace(namespace: string): string {
  if (!NAMESPACE.test(namespace) || namespace.length > MAX_NAMESPACE_LENGTH) {
    throw new ComponentIdError(
      `Component namespace ${JSON.stringify(namespace)} is not valid: use words of letters, digits, \`_\` or \`-\` joined by \`:\` (e.g. \`economy:shop\`), at most ${MAX_NAMESPACE_LENGTH} characters.`,
    );
  }
  return namespace;
}

/** Joins a namespace and the parts after it into a custom id; throws when Discord would refuse it. */
export function customId(namespace: string, parts: readonly string[]): string {
  for (const part of parts) {
    if (part.includes(':') || part.length === 0) throw new ComponentIdError(`A custom id part must be non-empty and contain no \`:\`, got ${JSON.stringify(part)}.`);
  }
  const id = [namespace, ...parts].join(':');
  if (id.length > MAX_CUSTOM_ID_LENGTH) throw new ComponentIdError(`The custom id ${JSON.stringify(id)} is longer than Discord's ${MAX_CUSTOM_ID_LENGTH} characters.`);
  return id;
}

/** A fresh session id: 8 characters of `[A-Za-z0-9_-]`. */
export function newSessionId(): string {
  return randomBytes(6).toString('base64url');
}

/**
 * Splits a custom id at the longest namespace `known` accepts: the namespace and the parts after it (maybe
 * none), or null when no prefix of the id is a known namespace.
 */
export function splitCustomId(id: string, known: (namespace: string) => boolean): { namespace: string; parts: string[] } | null {
  const words = id.split(':');
  for (let cut = words.length; cut >= 1; cut--) {
    const namespace = words.slice(0, cut).join(':');
    if (known(namespace)) return { namespace, parts: words.slice(cut) };
  }
  return null;
}
