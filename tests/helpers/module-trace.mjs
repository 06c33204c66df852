/**
 * A preload for tests that check what a process loads: `node --import <this file> ...` with
 * COGSMITH_MODULE_TRACE=<file>. When the process exits, the file holds one URL a line: every ES module
 * resolved (through a resolve hook, which sees imports of CommonJS packages too) and every CommonJS module
 * in require's cache (what those packages required in turn).
 */
import { writeFileSync } from 'node:fs';
import { Module, register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';

const out = process.env.COGSMITH_MODULE_TRACE;
if (!out) throw new Error('module-trace.mjs: set COGSMITH_MODULE_TRACE to the file to write');
const seen = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => seen.add(url));
port1.unref();
const hooks = `let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  port.postMessage(result.url);
  return result;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, { parentURL: import.meta.url, data: { port: port2 }, transferList: [port2] });
process.on('exit', () => {
  for (const file of Object.keys(Module._cache)) seen.add(pathToFileURL(file).href);
  writeFileSync(out, [...seen].join('\n'));
});
