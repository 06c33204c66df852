/**
 * The `vite` module host (see runtime/cogs/module-host.ts): the process runs the project's TypeScript
 * through Vite's module runner, in this process, with no file watcher of its own. Plain JavaScript, because
 * it is what loads TypeScript in the first place (runtime/host/launch.mjs creates it).
 *
 * Decision: Vite's built-in module runner rather than vite-node (whose own README sends new projects to
 * it). Its module graph can drop single modules: a refresh invalidates the cog's files in the runner (their
 * code and exports are released) and in the dev server's graph (so the next import transforms the file as
 * it is on disk now), then imports `generated/registry.ts` again. Everything else — the runtime, other cogs,
 * node_modules (loaded natively) — keeps its one instance.
 *
 * Limits: code a cog imports from outside its own folders (`cogs/<cog>/`, `generated/cogs/<cog>/`) is not
 * reloaded with it; a module the cog shares with the runtime keeps its first version until a restart.
 */
import { sep } from 'node:path';
import { createServer, createServerModuleRunner } from 'vite';

const REGISTRY = '/generated/registry.ts';

/** Normalised absolute path with forward slashes, as Vite keys files. */
const norm = (path) => path.split(sep).join('/');

/**
 * Starts the dev server (middleware mode: no port) and a module runner for `root`.
 * @param {{ root: string }} options
 */
export async function createViteHost({ root }) {
  const server = await createServer({
    root,
    configFile: false,
    envFile: false,
    logLevel: 'error',
    appType: 'custom',
    clearScreen: false,
    server: { middlewareMode: true, hmr: false, watch: null, ws: false },
    optimizeDeps: { noDiscovery: true, include: [] },
  });
  const environment = server.environments.ssr;
  const runner = createServerModuleRunner(environment, { hmr: false, sourcemapInterceptor: 'prepareStackTrace' });
  const base = norm(server.config.root);

  /** True for the files that belong to `cog` (its folder and its generated folder). */
  const ownedBy = (file, cogs) => cogs.some((cog) => file.startsWith(`${base}/cogs/${cog}/`) || file.startsWith(`${base}/generated/cogs/${cog}/`));

  /** Drops every module of the cogs (and the registry) from the runner and the server's graph. */
  const invalidate = (cogs) => {
    const files = new Set();
    for (const node of runner.evaluatedModules.idToModuleMap.values()) {
      const file = node.file ? norm(node.file) : '';
      if (file === `${base}${REGISTRY}` || ownedBy(file, cogs)) {
        runner.evaluatedModules.invalidateModule(node);
        files.add(node.file);
      }
    }
    for (const module of environment.moduleGraph.idToModuleMap.values()) {
      const file = module.file ? norm(module.file) : '';
      if (file === `${base}${REGISTRY}` || ownedBy(file, cogs)) {
        environment.moduleGraph.invalidateModule(module);
        files.add(module.file);
      }
    }
    return files.size;
  };

  return {
    kind: 'vite',
    reloadsCode: true,
    root: server.config.root,
    runner,
    /** Imports a module of the project (`/runtime/...` from the root, or an absolute path). */
    import: (path) => runner.import(path),
    async refresh(cogs) {
      invalidate(cogs);
      const module = await runner.import(REGISTRY);
      if (!module || typeof module.registry !== 'object') throw new Error(`${REGISTRY} does not export a registry: run \`npm run generate\`.`);
      return module.registry;
    },
    /** How many modules the runner holds with their code (for leak checks). */
    liveModules() {
      let n = 0;
      for (const node of runner.evaluatedModules.idToModuleMap.values()) if (node.evaluated) n++;
      return n;
    },
    async close() {
      await runner.close();
      await server.close();
    },
  };
}
