/**
 * The project's folder (the package root): the nearest folder up from `from` that holds package.json —
 * two up from a file of the sources (runtime/x/), three from the same file in the build (dist/runtime/x/).
 * Code that finds the project's own files (the launcher, bin/, generated/) starts here, so it works alike
 * from the sources and from the build.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json in ${from} or any folder above it: cannot find the project's folder.`);
  }
}
