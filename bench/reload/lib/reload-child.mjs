/**
 * One measured bot process of the reload benchmark (plain JavaScript, so the same file measures every
 * code source). Run with --expose-gc by bench/reload/reload.ts:
 *
 *   node --expose-gc reload-child.mjs <setup.json>
 *
 * setup.json: { variant: 'vite' | 'native' | 'fixed', root, handlersPath, handlersTemplate, checkpoints }.
 * It starts the simulator and a bot with the leaky cog, reloads it `max(checkpoints)` times (writing new
 * code each time, except for `fixed`, which reloads the same code), and prints one JSON line per
 * checkpoint: reloads done, heap used after a full GC, and the median reload time so far.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const setup = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { variant, root, handlersPath, handlersTemplate, checkpoints } = setup;
if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');

let testing;
let host;
let close = async () => undefined;
if (variant === 'native') {
  const { createNativeHost } = await import(pathToFileURL(join(root, 'runtime/host/native-host.js')).href);
  host = createNativeHost({ root });
  testing = await import(pathToFileURL(join(root, 'runtime/testing/index.js')).href);
} else {
  const { createViteHost } = await import(pathToFileURL(join(root, 'runtime/host/vite-host.mjs')).href);
  host = await createViteHost({ root });
  testing = await host.import('/runtime/testing/index.ts');
  close = () => host.close();
}
const registry = await host.refresh([]);
// `fixed`: the bot gets no code source, so a reload runs the lifecycle again on the code it has.
// A logger that keeps nothing: the test kit's default one keeps every record, which would count as growth.
const quiet = { debug() {}, info() {}, warn() {}, error() {}, child: () => quiet };
const t = await testing.startTestBot(registry, {
  bot: { ...(variant === 'fixed' ? {} : { modules: host }), clock: new testing.ManualClock(), logger: quiet },
  world: (sim) => void sim.createGuild({ name: 'Bench' }),
});

const heap = () => {
  for (let i = 0; i < 3; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
};
const times = [];
const median = () => {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : 0;
};
const report = (reloads) => process.stdout.write(`${JSON.stringify({ variant, reloads, heapBytes: heap(), medianReloadMs: median() })}\n`);

report(0);
const last = Math.max(...checkpoints);
for (let i = 1; i <= last; i++) {
  if (variant !== 'fixed') writeFileSync(handlersPath, handlersTemplate.replaceAll('__LABEL__', String(i)));
  const began = performance.now();
  await t.bot.reloadCog('leaky');
  times.push(performance.now() - began);
  if (checkpoints.includes(i)) report(i);
}
await t.stop();
await close();
process.exit(0);
