/** Canonical JSON, written once for every content hash (slash-command bodies, config migration ids). */

/** JSON with object keys sorted at every depth, arrays in order and no spaces: equal values print alike. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  });
}
