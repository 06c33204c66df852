/**
 * The encoded key path: how primary keys become one text column that a btree can search by prefix.
 *
 * Each key is written as `<length>:<key>`. The encoding is self-delimiting, so the encoding of keys
 * k1..kn is a string prefix of another row's encoding exactly when that row's keys start with k1..kn —
 * no separator a key could contain, no escaping. A prefix query is then the byte range
 * [prefix, prefix + ':') under the "C" collation: whatever follows a complete prefix begins with a
 * length digit, and every digit sorts before ':'.
 */

/** The key_path column value for these primary keys (the empty string for GLOBAL). */
export function encodeKeyPath(keys: readonly string[]): string {
  let out = '';
  for (const key of keys) out += `${key.length}:${key}`;
  return out;
}

/** The half-open byte range of key_path values whose keys start with `keys`. */
export function keyPathRange(keys: readonly string[]): { from: string; to: string } {
  const from = encodeKeyPath(keys);
  return { from, to: from + ':' };
}
