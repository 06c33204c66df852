/**
 * The compiled build in `dist/` and whether it is current: shared by `npm run build` (scripts/build.mjs),
 * which writes the stamp, and runtime/host/launch.mjs, which runs the build only when it is current. Plain
 * JavaScript, because it runs before anything can load TypeScript.
 *
 * Decision: "current" is decided by content, not by file times. The stamp (`dist/build-stamp.json`) holds
 * a SHA-256 of every source file the build is made from (everything but Markdown under runtime/,
 * generated/, cogs/ and generator/, plus tsconfig.json and tsconfig.build.json), hashed before tsc runs.
 * The build is current when every source file there now has the hash it had then and none is new. A file
 * that is gone does not count: a production copy of the project may hold only what runs (runtime/,
 * generated/, cogs/ and dist/, no generator/ or tsconfig), and the build still has its code; a removal that
 * matters changes a file that imported it (the registry, for a cog). Modification times would be
 * cheaper (one stat a file instead of a read; hashing the ~300 files takes ~10 ms), but they change
 * without the content changing (a git checkout, a copy into a container image, a restore from a backup)
 * and can stay the same when it did change; a hash is right in both cases and names the files that differ.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The folders (under the project root) whose files the build is made from. */
export const SOURCE_DIRS = ['runtime', 'generated', 'cogs', 'generator'];
/** Single files the build also depends on. */
export const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json'];
/** The build's folder and its stamp, relative to the project root. */
export const BUILD_DIR = 'dist';
export const STAMP_FILE = 'build-stamp.json';

const posix = (path) => path.split(sep).join('/');

/** Every source file of the build under `root`, as sorted posix paths relative to it. */
export function sourceFiles(root) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && !entry.name.endsWith('.md')) found.push(posix(relative(root, path)));
    }
  };
  for (const dir of SOURCE_DIRS) if (existsSync(join(root, dir))) walk(join(root, dir));
  for (const file of SOURCE_FILES) if (existsSync(join(root, file))) found.push(file);
  return found.sort();
}

/** `{ path: sha256 }` of the build's source files under `root`. */
export function fingerprint(root) {
  const files = {};
  for (const file of sourceFiles(root)) files[file] = createHash('sha256').update(readFileSync(join(root, file))).digest('hex');
  return files;
}

/** The stamp of the build under `root`, or null when there is none (or it cannot be read). */
export function readStamp(root) {
  try {
    const stamp = JSON.parse(readFileSync(join(root, BUILD_DIR, STAMP_FILE), 'utf8'));
    return stamp && typeof stamp.builtAt === 'string' && stamp.files && typeof stamp.files === 'object' ? stamp : null;
  } catch {
    return null;
  }
}

/** The files that differ between two fingerprints: changed, added (only in `now`), removed (only in `then`). */
export function compareFingerprints(then, now) {
  const changed = [];
  const added = [];
  const removed = [];
  for (const [file, hash] of Object.entries(now)) {
    if (!(file in then)) added.push(file);
    else if (then[file] !== hash) changed.push(file);
  }
  for (const file of Object.keys(then)) if (!(file in now)) removed.push(file);
  return { changed, added, removed };
}

/** "runtime/bot.ts changed, cogs/x/new.ts is new (and 3 more)": at most three files named. */
function describeDifferences({ changed, added, removed }) {
  const all = [...changed.map((f) => `${f} changed`), ...added.map((f) => `${f} is new`), ...removed.map((f) => `${f} was removed`)];
  const shown = all.slice(0, 3).join(', ');
  return all.length > 3 ? `${shown} (and ${all.length - 3} more)` : shown;
}

/**
 * Whether the build under `root` can run `entry` (a project path such as `runtime/cli/start.ts`):
 * `{ current: true, compiled, builtAt }` with the compiled entry's absolute path, or
 * `{ current: false, reason }` saying why not (no build, no compiled entry, sources changed since).
 */
export function checkBuild(root, entry) {
  const rel = posix(relative(root, entry));
  if (rel.startsWith('..') || !/\.[mc]?ts$/.test(rel)) return { current: false, reason: `${rel} is not a TypeScript file of the project` };
  const stamp = readStamp(root);
  if (!stamp) return { current: false, reason: `there is no build in ${BUILD_DIR}/ (\`npm run build\` makes one)` };
  const compiled = join(root, BUILD_DIR, rel.replace(/\.([mc]?)ts$/, '.$1js'));
  if (!existsSync(compiled)) return { current: false, reason: `the build in ${BUILD_DIR}/ has no ${posix(relative(root, compiled))}` };
  const { changed, added } = compareFingerprints(stamp.files, fingerprint(root));
  if (changed.length + added.length > 0) {
    return { current: false, reason: `the build in ${BUILD_DIR}/ (built ${stamp.builtAt}) is out of date: ${describeDifferences({ changed, added, removed: [] })}; \`npm run build\` updates it` };
  }
  return { current: true, compiled, builtAt: stamp.builtAt };
}
