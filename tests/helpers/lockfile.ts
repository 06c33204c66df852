/**
 * What package-lock.json says `npm ci --omit=dev` installs: every locked package not marked `dev`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface LockedPackage {
  version?: string;
  dev?: boolean;
  hasInstallScript?: boolean;
}

/** The lock file's packages, keyed by their path (`node_modules/a/node_modules/b`), the root left out. */
export function lockedPackages(root: string): Record<string, LockedPackage> {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };
  return Object.fromEntries(Object.entries(lock.packages).filter(([path]) => path !== ''));
}

/** A lock path's package name: `node_modules/a/node_modules/@s/b` → `@s/b`. */
export const packageName = (path: string): string => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

/** The names of the packages `npm ci --omit=dev` installs, and of those installed at the top of node_modules. */
export function productionPackages(root: string): { all: Set<string>; topLevel: Set<string> } {
  const all = new Set<string>();
  const topLevel = new Set<string>();
  for (const [path, info] of Object.entries(lockedPackages(root))) {
    if (info.dev) continue;
    all.add(packageName(path));
    if (path.lastIndexOf('node_modules/') === 0) topLevel.add(packageName(path));
  }
  return { all, topLevel };
}
