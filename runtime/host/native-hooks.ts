/**
 * Node module hooks for the `native` module host (native-host.ts registers them with `module.register`).
 * They carry a cog's reload version from the importing module to the cog's own files, with no state of
 * their own:
 *
 * - `generated/registry.js?cogsmith=<versions>` (what the host imports on a refresh; `<versions>` is the JSON
 *   `{ cog: version }` of every cog reloaded so far) resolves each file of a reloaded cog it imports to
 *   `…?cogsmith-v=<version>`: a new URL, so Node evaluates it again; the other cogs' files keep their URL,
 *   so Node reuses them.
 * - A file of cog X imported by a file of cog X that has `?cogsmith-v=<n>` gets the same version.
 * Everything else (the runtime, node_modules) resolves as usual and keeps its one instance.
 */
interface ResolveContext {
  parentURL?: string;
}
type NextResolve = (specifier: string, context: ResolveContext) => Promise<{ url: string }>;

const VERSIONS = 'cogsmith';
const VERSION = 'cogsmith-v';
let root = '';

/** `cogs/<cog>/…` or `generated/cogs/<cog>/…` under the project root: the cog's name, else null. */
function cogOf(url: string): string | null {
  const path = url.split('?')[0]!;
  if (!path.startsWith(root)) return null;
  return /^(?:generated\/)?cogs\/([^/]+)\//.exec(path.slice(root.length))?.[1] ?? null;
}

export function initialize(data: { root: string }): void {
  root = data.root.endsWith('/') ? data.root : `${data.root}/`;
}

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<{ url: string }> {
  const resolved = await next(specifier, context);
  if (!context.parentURL || !resolved.url.startsWith('file:')) return resolved;
  const cog = cogOf(resolved.url);
  if (!cog) return resolved;
  const parent = new URL(context.parentURL);
  const versions = parent.searchParams.get(VERSIONS);
  let version: string | null = null;
  if (versions) version = (JSON.parse(versions) as Record<string, number>)[cog]?.toString() ?? null;
  else if (cogOf(context.parentURL) === cog) version = parent.searchParams.get(VERSION);
  if (version === null) return resolved;
  const url = new URL(resolved.url);
  url.searchParams.set(VERSION, version);
  return { ...resolved, url: url.href };
}
