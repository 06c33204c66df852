/**
 * Primary keys and names: Discord ids as Config accepts them, and the names a registration may use.
 * Every check throws synchronously, so a bad key fails at the accessor call that received it.
 */
import { InvalidKeyError, type ConfigLocation } from './errors.js';

/** Names a Group uses for its own members; a registered key with one of these names would shadow it. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'get', 'set', 'clear', 'all', 'update', 'getRaw', 'setRaw', 'clearRaw', 'getLock', 'getAttr',
  'increment', 'toggle', 'append', 'defaults', 'then', 'constructor',
]);

/** Converts a primary key to its decimal/string form: string, bigint, safe integer, or `{ id }`. */
export function normalizeKey(key: unknown, what: string, at: ConfigLocation): string {
  if (typeof key === 'string') {
    if (key.length === 0) throw new InvalidKeyError(`${what} must not be an empty string`, at);
    return key;
  }
  if (typeof key === 'bigint') return key.toString();
  if (typeof key === 'number') {
    if (!Number.isSafeInteger(key)) {
      throw new TypeError(`${what} must be a string, a bigint or a safe integer; got the unsafe number ${key} (Discord ids need a string or a bigint) (${describeWhere(at)})`);
    }
    return String(key);
  }
  if (key !== null && typeof key === 'object' && 'id' in key) {
    return normalizeKey((key as { id: unknown }).id, `${what}.id`, at);
  }
  throw new TypeError(`${what} must be a string, a bigint, a safe integer or an object with an id; got ${key === null ? 'null' : typeof key} (${describeWhere(at)})`);
}

/** Reads the guild id and user id of a member-like object. */
export function normalizeMember(member: unknown, at: ConfigLocation): [string, string] {
  if (member === null || typeof member !== 'object' || !('guild' in member) || !('id' in member)) {
    throw new TypeError(`A member must be an object with an id and a guild.id (${describeWhere(at)})`);
  }
  const guild = (member as { guild: unknown }).guild;
  return [normalizeKey(guild, 'The member\'s guild', at), normalizeKey((member as { id: unknown }).id, 'The member id', at)];
}

/** Rejects an empty name or one reserved for the API. */
export function checkName(name: string, at: ConfigLocation): void {
  if (name.length === 0) throw new InvalidKeyError('Keys must be non-empty strings', at);
  if (RESERVED_NAMES.has(name)) {
    throw new InvalidKeyError(`The key "${name}" is reserved: it would shadow the ${name} member of Group and Value`, at);
  }
}

function describeWhere(at: ConfigLocation): string {
  const parts = [];
  if (at.cogName !== undefined) parts.push(`cog "${at.cogName}"`);
  if (at.scope !== undefined) parts.push(`scope ${at.scope}`);
  return parts.join(', ');
}
