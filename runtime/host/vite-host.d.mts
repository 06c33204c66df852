import type { ModuleRunner } from 'vite/module-runner';
import type { CogModuleHost } from '../cogs/module-host.js';

/** The `vite` module host: the project's TypeScript through Vite's module runner, with per-cog reloads. */
export interface ViteModuleHost extends CogModuleHost {
  readonly kind: 'vite';
  readonly root: string;
  readonly runner: ModuleRunner;
  /** Imports a module of the project (`/runtime/...` from the root, or an absolute path). */
  import<T = Record<string, unknown>>(path: string): Promise<T>;
  /** How many modules the runner holds with their code (for leak checks). */
  liveModules(): number;
  close(): Promise<void>;
}

export function createViteHost(options: { root: string }): Promise<ViteModuleHost>;
