#!/usr/bin/env node
/**
 * Runs one of the project's TypeScript entry points (`npm start`, `npm run migrations`, and with `--source`
 * `npm run dev`, `npm run generate`, `npm run bench`):
 *
 *   node runtime/host/launch.mjs [--source] runtime/cli/start.ts [args...]
 *
 * - When the compiled build in dist/ is current (runtime/host/build-info.mjs: the sources hash as they did
 *   when `npm run build` ran) and holds the entry, it runs that with plain Node and the `native` module
 *   host (runtime/host/native-host.ts: `!reload` imports the rebuilt code). No transformer is loaded.
 * - Otherwise, or with `--source`, it runs the TypeScript sources under the `vite` module host (Vite's
 *   module runner in this process). When vite is not installed (`npm ci --omit=dev`) and the build cannot
 *   be used, it exits 1 saying why and how to build.
 *
 * The entry runs as the process's main module: `process.argv` is `[node, <entry>, ...args]`. If it exports
 * `main(argv, { modules, launch })`, that is called with the arguments, the module host (start.ts reloads
 * cogs with it) and `launch`: `{ mode: 'build' | 'source', note }`, the one line saying which code runs and
 * why (start.ts logs it); an entry that does its work when imported needs nothing more.
 *
 * A `.env` file in the project root is read first, with Node's own loader (`process.loadEnvFile`):
 * variables already set in the environment win. (start.ts reads one in the instance file's folder too.)
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUILD_DIR, checkBuild } from './build-info.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let argv = process.argv.slice(2);
const forceSource = argv[0] === '--source';
if (forceSource) argv = argv.slice(1);
const [entry, ...args] = argv;
if (!entry) {
  process.stderr.write('Usage: node runtime/host/launch.mjs [--source] <entry.ts> [args...]\n');
  process.exit(2);
}
const entryPath = resolve(entry);
if (existsSync(join(root, '.env'))) process.loadEnvFile(join(root, '.env'));

const build = forceSource ? { current: false, reason: '--source was given' } : checkBuild(root, entryPath);
let modules;
let module;
let close = async () => undefined;
let launch;
try {
  if (build.current) {
    process.argv = [process.argv[0], build.compiled, ...args];
    const { createNativeHost } = await import(pathToFileURL(join(root, BUILD_DIR, 'runtime/host/native-host.js')).href);
    modules = createNativeHost({ root: join(root, BUILD_DIR) });
    launch = { mode: 'build', note: `Running the compiled build in ${BUILD_DIR}/ (built ${build.builtAt}).` };
    module = await import(pathToFileURL(build.compiled).href);
  } else {
    if (!viteInstalled()) {
      process.stderr.write(
        `Cannot start ${entry}: ${build.reason}, and the TypeScript sources cannot run here because vite (a dev dependency) is not installed. ` +
          'Build where the dev dependencies are installed (`npm ci && npm run build`) and bring dist/ here, or install them (`npm ci`).\n',
      );
      process.exit(1);
    }
    process.argv = [process.argv[0], entryPath, ...args];
    const { createViteHost } = await import('./vite-host.mjs');
    const host = await createViteHost({ root });
    modules = host;
    close = () => host.close();
    launch = { mode: 'source', note: `Running the TypeScript sources through vite: ${build.reason}.` };
    module = await host.import(entryPath);
  }
} catch (error) {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
}
if (typeof module?.main === 'function') await module.main(args, { modules, launch });
else await close(); // the entry did its work when imported

/** True when the `vite` package can be loaded from the project (it is a dev dependency). */
function viteInstalled() {
  try {
    createRequire(join(root, 'package.json')).resolve('vite');
    return true;
  } catch {
    return existsSync(join(root, 'node_modules', 'vite', 'package.json'));
  }
}
