#!/usr/bin/env node
/**
 * Runs one of the project's TypeScript entry points under the `vite` module host, so that code can be
 * reloaded while the process runs (`npm start`, `npm run dev`, `npm run generate`, `npm run bench`):
 *
 *   node runtime/host/launch.mjs runtime/cli/start.ts [args...]
 *
 * The entry runs as the process's main module: `process.argv` is `[node, <entry>, ...args]`. If it exports
 * `main(argv, { modules })`, that is called with the arguments and the host (start.ts takes the host to
 * reload cogs with); an entry that does its work when imported needs nothing more. `.env` files in the
 * project root are loaded into the environment (variables already set win), as vite-node did.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createViteHost } from './vite-host.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write('Usage: node runtime/host/launch.mjs <entry.ts> [args...]\n');
  process.exit(2);
}
const entryPath = resolve(entry);
process.argv = [process.argv[0], entryPath, ...args];

const host = await createViteHost({ root, loadDotEnv: true });
let module;
try {
  module = await host.import(entryPath);
} catch (error) {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
}
if (typeof module?.main === 'function') await module.main(args, { modules: host });
else await host.close(); // the entry did its work when imported
