/**
 * The `native` module host (see runtime/cogs/module-host.ts): the bot runs on compiled JavaScript with plain
 * Node, no transformer in the process. A refresh imports `generated/registry.js` again under a new query
 * that lists each reloaded cog's version; Node's module hooks (native-hooks.ts) give that cog's files a new
 * URL, so Node evaluates the edited code, and leave every other module as it is.
 *
 * The hooks are registered at the first reload (a bot that never reloads runs no hooks thread).
 *
 * Limit: Node never unloads an ES module, so each reload keeps the previous version's modules in memory
 * (the cog's own code, typically a few kB to a few hundred kB; bench/reload measures it). A long-running
 * production bot should restart after many reloads; development uses the `vite` host, which frees them.
 */
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { CogModuleHost } from '../cogs/module-host.js';
import type { CogRegistry } from '../cogs/module.js';

let claimed: string | undefined;
let hooked = false;

/** A host for the compiled project under `root` (the folder holding runtime/, generated/ and cogs/ as .js). */
export function createNativeHost(options: { root: string }): CogModuleHost {
  const root = pathToFileURL(options.root).href.replace(/\/?$/, '/');
  if (claimed !== undefined && claimed !== root) throw new Error(`The native module host is already set up for ${claimed}; one per process.`);
  claimed = root;
  const versions: Record<string, number> = {};
  const registry = new URL('generated/registry.js', root);
  return {
    kind: 'native',
    reloadsCode: true,
    async refresh(cogs: readonly string[]): Promise<CogRegistry> {
      // The hooks run in a thread of their own (another V8 isolate, several MB), so they are registered at
      // the first reload, not at start: until then every file keeps its plain URL and needs no hook, and
      // what was loaded before is reused after (the hooks only give reloaded cogs' files new URLs).
      if (cogs.length > 0 && !hooked) {
        register(new URL('./native-hooks.js', import.meta.url), { parentURL: import.meta.url, data: { root } });
        hooked = true;
      }
      for (const cog of cogs) versions[cog] = (versions[cog] ?? 0) + 1;
      const url = new URL(registry);
      if (Object.keys(versions).length > 0) url.searchParams.set('cogsmith', JSON.stringify(versions));
      const module = (await import(url.href)) as { registry?: CogRegistry };
      if (!module.registry) throw new Error(`${registry.pathname} does not export a registry: build the project again.`);
      return module.registry;
    },
  };
}
