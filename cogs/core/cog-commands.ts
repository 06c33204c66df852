/**
 * load / unload / reload / cogs / debuginfo of the core cog: each name on its own, so one failing cog does
 * not stop the others, and the answer says what happened to every name given. A reload is atomic: when it
 * fails, the old version keeps running and the answer says why (the phase and the cause).
 */
import type { LiveInventory } from '../../runtime/cogs/inventory.js';
import { coreServicesOf, type CoreServices } from '../../runtime/core/services.js';

export type CogAction = 'load' | 'unload' | 'reload';

/** The core cog itself cannot be unloaded: nothing could load it again. */
const PROTECTED = new Set(['core']);

/** `--cascade` among the names of `unload`: unload the cogs that depend on a named one first. */
const CASCADE = '--cascade';

const shownName = (raw: string) => raw.replace(/`/g, "'").slice(0, 40);
const list = (items: string[]) => items.map((i) => `\`${i}\``).join(', ');

/** Runs `action` on each named cog and describes the outcome, one line per kind of result. */
export async function manageCogs(services: CoreServices, action: CogAction, names: readonly string[]): Promise<string> {
  const cascade = action === 'unload' && names.some((n) => n.toLowerCase() === CASCADE);
  const wanted = [...new Set(names.map((n) => n.toLowerCase()).filter((n) => n !== CASCADE))];
  let available = new Set(services.available());
  // A cog created and generated after start: read the registry from disk once.
  if (action !== 'unload' && wanted.some((n) => !available.has(n))) available = new Set(await services.discover());
  const done: string[] = [];
  const also: string[] = [];
  const skipped: string[] = [];
  const unknown: string[] = [];
  const refused: string[] = [];
  const failed: string[] = [];
  for (const raw of wanted) {
    const name = shownName(raw);
    if (!available.has(raw) && !services.loaded().includes(raw)) {
      unknown.push(name);
      continue;
    }
    const loaded = services.loaded().includes(raw);
    if (action === 'unload' && PROTECTED.has(raw)) {
      refused.push(name);
      continue;
    }
    if ((action === 'load' && loaded) || (action === 'unload' && !loaded)) {
      skipped.push(name);
      continue;
    }
    try {
      const before = new Set(services.loaded());
      if (action === 'unload') {
        const unloaded = await services.unloadCog(raw, cascade);
        also.push(...unloaded.filter((n) => n !== raw).map(shownName));
      } else if (action === 'reload') await services.reloadCog(raw);
      else await services.loadCog(raw);
      if (action !== 'unload') also.push(...services.loaded().filter((n) => !before.has(n) && n !== raw).map(shownName));
      done.push(name);
    } catch (error) {
      const why = (error as Error).message.slice(0, 300);
      failed.push(action === 'reload' && loaded ? `${name} (${why} The previous version is still running.)` : `${name} (${why})`);
    }
  }
  const past = { load: 'Loaded', unload: 'Unloaded', reload: 'Reloaded' }[action];
  const lines: string[] = [];
  if (done.length) lines.push(`${past}: ${list(done)}.`);
  if (also.length) lines.push(action === 'unload' ? `Also unloaded (they depended on it): ${list(also)}.` : `Also loaded (dependencies): ${list(also)}.`);
  if (skipped.length) lines.push(`${action === 'load' ? 'Already loaded' : 'Not loaded'}: ${list(skipped)}.`);
  if (refused.length) lines.push(`Cannot ${action} ${list(refused)}: the core cog stays loaded.`);
  if (unknown.length) lines.push(`No such cog: ${list(unknown)}. \`cogs\` lists the available ones (run \`npm run generate\` after adding one).`);
  if (failed.length) lines.push(`Failed to ${action}: ${failed.join('; ')}`);
  return lines.join('\n');
}

/** The loaded and the unloaded cogs, in words. */
export function describeCogs(services: CoreServices): string {
  const loaded = services.loaded();
  const unloaded = services.available().filter((n) => !loaded.includes(n)).sort();
  const items = (names: string[]) => (names.length ? list(names) : 'none');
  return `Loaded (${loaded.length}): ${items([...loaded].sort())}\nNot loaded (${unloaded.length}): ${items(unloaded)}`;
}

const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/** What is live, for owners: each cog's version, Config, listeners, run-time commands and tasks; the process totals. */
export function describeInventory(inventory: LiveInventory, process: { uptimeMs: number; heapUsedBytes: number; rssBytes: number; node: string }): string {
  const lines = [
    `Code: ${inventory.modules === 'fixed' ? 'fixed (reloads do not re-import code)' : `${inventory.modules} (reloads import the code on disk)`}. Node ${process.node}, up ${Math.round(process.uptimeMs / 1000)} s, heap ${(process.heapUsedBytes / 1048576).toFixed(1)} MB, RSS ${(process.rssBytes / 1048576).toFixed(1)} MB.`,
    `Cogs (${inventory.cogs.length}):`,
  ];
  for (const cog of inventory.cogs) {
    const tasks = cog.tasks.map((t) => `${t.name} (${t.runs} runs${t.running ? ', running' : ''}${t.lastError ? `, last error ${t.lastError.id}` : ''})`);
    const dynamic = cog.dynamicCommands.length ? `, run-time commands: ${cog.dynamicCommands.map((c) => `\`${c}\``).join(', ')}` : '';
    lines.push(`- \`${cog.name}\` v${cog.version}, Config ${cog.namespace}, ${count(cog.commands, 'command')}, ${count(cog.listeners, 'listener')}${dynamic}${tasks.length ? `, tasks: ${tasks.join(', ')}` : ''}`);
  }
  const clientListeners = Object.values(inventory.clientListeners).reduce((a, b) => a + b, 0);
  const runtimeListeners = Object.values(inventory.runtimeListeners).reduce((a, b) => a + b, 0);
  const timers = inventory.cogs.reduce((a, c) => a + c.timers, 0) + inventory.jobs.timers;
  lines.push(
    `Config namespaces live: ${inventory.configNamespaces.length} (${inventory.configNamespaces.map((n) => `\`${n}\``).join(', ')}).`,
    `Listeners: ${clientListeners} on the client, ${runtimeListeners} on the runtime's events. Timers: ${timers}. Scheduled jobs known: ${inventory.jobs.jobs} (${inventory.jobs.running} running).`,
  );
  return lines.join('\n');
}

export { coreServicesOf };
