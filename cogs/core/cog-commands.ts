/**
 * load / unload / reload of the core cog: each name on its own, so one failing cog does not stop the
 * others, and the answer says what happened to every name given.
 */
import { coreServicesOf, type CoreServices } from '../../runtime/core/services.js';

export type CogAction = 'load' | 'unload' | 'reload';

/** The core cog itself cannot be unloaded: nothing could load it again. */
const PROTECTED = new Set(['core']);

/** Runs `action` on each named cog and describes the outcome, one line per kind of result. */
export async function manageCogs(services: CoreServices, action: CogAction, names: readonly string[]): Promise<string> {
  const available = new Set(services.available());
  const done: string[] = [];
  const skipped: string[] = [];
  const unknown: string[] = [];
  const refused: string[] = [];
  const failed: string[] = [];
  for (const raw of new Set(names.map((n) => n.toLowerCase()))) {
    const name = raw.replace(/`/g, "'").slice(0, 40);
    if (!available.has(raw)) {
      unknown.push(name);
      continue;
    }
    const loaded = services.loaded().includes(raw);
    if (action !== 'load' && PROTECTED.has(raw)) {
      refused.push(name);
      continue;
    }
    if ((action === 'load' && loaded) || (action === 'unload' && !loaded)) {
      skipped.push(name);
      continue;
    }
    try {
      if (action !== 'load' && loaded) await services.unloadCog(raw);
      if (action !== 'unload') await services.loadCog(raw);
      done.push(name);
    } catch (error) {
      failed.push(`${name} (${(error as Error).message.slice(0, 200)})`);
    }
  }
  const past = { load: 'Loaded', unload: 'Unloaded', reload: 'Reloaded' }[action];
  const list = (items: string[]) => items.map((i) => `\`${i}\``).join(', ');
  const lines: string[] = [];
  if (done.length) lines.push(`${past}: ${list(done)}.`);
  if (skipped.length) lines.push(`${action === 'load' ? 'Already loaded' : 'Not loaded'}: ${list(skipped)}.`);
  if (refused.length) lines.push(`Cannot ${action} ${list(refused)}: the core cog stays loaded.`);
  if (unknown.length) lines.push(`No such cog: ${list(unknown)}. \`cogs\` lists the available ones.`);
  if (failed.length) lines.push(`Failed to ${action}: ${failed.join('; ')}`);
  return lines.join('\n');
}

/** The loaded and the unloaded cogs, in words. */
export function describeCogs(services: CoreServices): string {
  const loaded = services.loaded();
  const unloaded = services.available().filter((n) => !loaded.includes(n)).sort();
  const list = (items: string[]) => (items.length ? items.map((i) => `\`${i}\``).join(', ') : 'none');
  return `Loaded (${loaded.length}): ${list([...loaded].sort())}\nNot loaded (${unloaded.length}): ${list(unloaded)}`;
}

export { coreServicesOf };
