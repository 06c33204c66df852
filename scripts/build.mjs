#!/usr/bin/env node
/**
 * `npm run build`: compiles the project (runtime/, generated/, cogs/ and what they import) to JavaScript in
 * dist/ with tsc (tsconfig.build.json), copies the files the runtime reads next to its code (the PostgreSQL
 * driver's SQL migrations, JSON schemas, plain .mjs modules: every file under runtime/, generated/ and
 * cogs/ that is not TypeScript or Markdown), and writes dist/build-stamp.json (runtime/host/build-info.mjs),
 * which tells the start entry that this build matches the sources.
 *
 * The sources are hashed before tsc runs and the old stamp is removed first, so a build that fails, or a
 * file edited while tsc runs, never leaves a stamp that calls the build current. dist/ is not emptied
 * (a running bot may be reading it); files of removed sources stay there unused.
 *
 * Building needs the dev dependencies (typescript); running the build does not: build where they are
 * installed, then run with `npm ci --omit=dev` (README: "Production").
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_DIR, fingerprint, sourceFiles, STAMP_FILE } from '../runtime/host/build-info.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, BUILD_DIR);
const ASSET_DIRS = ['runtime/', 'generated/', 'cogs/'];

rmSync(join(dist, STAMP_FILE), { force: true });
const files = fingerprint(root);
const began = Date.now();

let tsc;
try {
  tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
} catch {
  process.stderr.write('npm run build needs the dev dependencies (typescript is not installed): run `npm ci` (without --omit=dev) first.\n');
  process.exit(1);
}
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  process.stderr.write(`npm run build: tsc failed (exit ${result.status ?? result.signal}); no build stamp written, so the start entry keeps running the sources.\n`);
  process.exit(1);
}

let assets = 0;
for (const file of sourceFiles(root)) {
  if (!ASSET_DIRS.some((dir) => file.startsWith(dir)) || /\.[mc]?ts$/.test(file)) continue;
  mkdirSync(dirname(join(dist, file)), { recursive: true });
  copyFileSync(join(root, file), join(dist, file));
  assets++;
}

const builtAt = new Date().toISOString();
writeFileSync(join(dist, STAMP_FILE), `${JSON.stringify({ builtAt, node: process.version, files }, null, 1)}\n`);
console.log(`Built ${BUILD_DIR}/ from ${Object.keys(files).length} source files (${assets} copied as they are) in ${((Date.now() - began) / 1000).toFixed(1)} s.`);
