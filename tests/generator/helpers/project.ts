/**
 * Temp projects for generator tests: a fixture copied into os.tmpdir(), with the real defineCog and the
 * runtime contract files the generated code imports, node_modules linked, and a tsconfig to compile it.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const fixturesDir = join(repoRoot, 'tests', 'generator', 'fixtures');

const REAL_FILES = [
  'generator/define.ts',
  'generator/manifest.ts',
  'runtime/contract/spec.ts',
  'runtime/contract/enums.ts',
  'runtime/contract/json.ts',
  'runtime/contract/migrations.ts',
  'runtime/contract/errors.ts',
  'runtime/cogs/module.ts',
  'runtime/context/types.ts',
  'runtime/config/typed.ts',
  'runtime/logging/types.ts',
  'runtime/logging/levels.ts',
];

export interface TempProject {
  root: string;
  path(relativePath: string): string;
  read(relativePath: string): string;
  write(relativePath: string, text: string): void;
  cleanup(): void;
}

/** Copies `fixtures/<name>` (or an empty project) into a fresh temp dir. */
export function tempProject(fixture?: string): TempProject {
  const root = mkdtempSync(join(tmpdir(), 'cogsmith-gen-'));
  if (fixture) cpSync(join(fixturesDir, fixture), root, { recursive: true });
  for (const file of REAL_FILES) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(join(repoRoot, file), join(root, file));
  }
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fixture', private: true, type: 'module' }));
  const base = JSON.parse(readFileSync(join(repoRoot, 'tsconfig.json'), 'utf8')) as { compilerOptions: object };
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: base.compilerOptions, include: ['generated', 'cogs', 'generator'] }, null, 2));
  return {
    root,
    path: (p) => join(root, p),
    read: (p) => readFileSync(join(root, p), 'utf8'),
    write: (p, text) => {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), text);
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Hash and mtime of every file under root (node_modules excluded), for "nothing was written" checks. */
export function snapshotTree(root: string): Map<string, { hash: string; mtimeMs: number }> {
  const out = new Map<string, { hash: string; mtimeMs: number }>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.set(relative(root, full), { hash: createHash('sha256').update(readFileSync(full)).digest('hex'), mtimeMs: statSync(full).mtimeMs });
    }
  };
  walk(root);
  return out;
}

/** Runs the TypeScript compiler on a temp project; returns its exit status and output. */
export function compile(root: string): { status: number | null; output: string } {
  const result = spawnSync(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', join(root, 'tsconfig.json')], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
