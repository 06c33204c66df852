/**
 * A throw-away project for hot-reload tests and the reload benchmark: a temp folder with its own cogs/ and
 * generated/ (made by the real generator), the repository's runtime/ and node_modules/ linked in, and the
 * bot loaded through the same Vite module host `npm start` uses. Files can be edited on disk and the
 * project regenerated, exactly as a cog author does while the bot runs.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { generate } from '../../generator/generate.js';
import { createViteHost, type ViteModuleHost } from '../../runtime/host/vite-host.mjs';
import { formatProblem } from '../../runtime/support/yaml-source.js';

export const REPO = resolve(import.meta.dirname, '../..');

export interface TempProject {
  root: string;
  host: ViteModuleHost;
  /** Writes a file under the project (folders created). */
  write(path: string, text: string): void;
  /** Runs the generator on the project; throws with the problems when it fails. */
  generate(): Promise<void>;
  /** The runtime's testing kit as the host loads it (the same instances the bot's cogs see). */
  testing(): Promise<typeof import('../../runtime/testing/index.js')>;
  close(): Promise<void>;
}

/** A project with the repository's cogs `copy` (e.g. core) and the files in `files`, generated once. */
export async function tempProject(options: { copy?: string[]; files?: Record<string, string> } = {}): Promise<TempProject> {
  const root = mkdtempSync(join(tmpdir(), 'cogsmith-reload-'));
  for (const link of ['runtime', 'node_modules']) symlinkSync(join(REPO, link), join(root, link), 'dir');
  mkdirSync(join(root, 'cogs'));
  for (const cog of options.copy ?? []) cpSync(join(REPO, 'cogs', cog), join(root, 'cogs', cog), { recursive: true });
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  for (const [path, text] of Object.entries(options.files ?? {})) write(path, text);
  const project: Omit<TempProject, 'host'> & { host?: ViteModuleHost } = {
    root,
    write,
    async generate() {
      const result = await generate({ root });
      if (!result.ok) throw new Error(`generate failed:\n${result.errors.map(formatProblem).join('\n')}`);
    },
    testing: () => project.host!.import('/runtime/testing/index.ts'),
    async close() {
      await project.host?.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  await project.generate();
  project.host = await createViteHost({ root });
  return project as TempProject;
}
