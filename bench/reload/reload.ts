/**
 * Reload benchmark (run: npm run bench -- reload [--reloads 200]): how much memory a reload leaves behind
 * and how long it takes, for each code source side by side in one run, each in its own process:
 *
 * - `vite`: the dev host (`npm start`, `npm run dev`): Vite's module runner re-imports the edited cog and
 *   drops the old version's modules;
 * - `native`: plain Node on compiled JavaScript: the edited cog is imported under a new URL; Node never
 *   unloads ES modules, so each version's code stays;
 * - `fixed`: a registry given in code (no code source): the lifecycle runs again on the same code (the
 *   floor: what a reload costs without importing anything).
 *
 * The cog (tests/reload/fixtures/leaky-cog.ts) has listeners, a periodic and a start-up task, run-time
 * commands, hand-over state and a 2,000-row table in its module, so a version kept in memory shows. Each
 * reload writes new code first. Heap is measured after a full GC, at 0, 10 and N reloads; the growth per
 * reload is taken between 10 and N (after warm-up). Figures are printed, never asserted.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ts } from 'ts-morph';
import { generate } from '../../generator/generate.js';
import { formatProblem } from '../../runtime/support/yaml-source.js';
import { LEAKY_MANIFEST, leakyHandlers } from '../../tests/reload/fixtures/leaky-cog.js';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const CHILD = fileURLToPath(new URL('./lib/reload-child.mjs', import.meta.url));
const VARIANTS = ['vite', 'native', 'fixed'] as const;
type Variant = (typeof VARIANTS)[number];

interface Checkpoint {
  variant: Variant;
  reloads: number;
  heapBytes: number;
  medianReloadMs: number;
}

function parseArgs(argv: readonly string[]): { reloads: number } {
  let reloads = 200;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--reloads' && argv[i + 1]) reloads = Number(argv[++i]);
    else if (argv[i] === '--help') {
      console.log('Usage: npm run bench -- reload [--reloads N]   (N >= 20, default 200)');
      process.exit(0);
    } else throw new Error(`Unknown argument ${argv[i]}. Usage: npm run bench -- reload [--reloads N]`);
  }
  if (!Number.isInteger(reloads) || reloads < 20) throw new Error('--reloads must be a whole number of at least 20');
  return { reloads };
}

const write = (path: string, text: string) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};

/** A project with the leaky cog only, generated, with the repository's runtime linked in. */
async function sourceProject(dir: string): Promise<string> {
  const root = join(dir, 'source');
  mkdirSync(root, { recursive: true });
  for (const link of ['runtime', 'node_modules']) symlinkSync(join(REPO, link), join(root, link), 'dir');
  write(join(root, 'cogs/leaky/cog.yaml'), LEAKY_MANIFEST);
  write(join(root, 'cogs/leaky/handlers.ts'), leakyHandlers(0));
  const result = await generate({ root });
  if (!result.ok) throw new Error(result.errors.map(formatProblem).join('\n'));
  return root;
}

/** The repository's runtime compiled by tsc into `outDir`, as a production build would be. */
function buildRuntime(outDir: string): Promise<void> {
  return new Promise((done, fail) => {
    const tsc = spawn(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(REPO, 'tsconfig.build.json'), '--outDir', outDir], { cwd: REPO, stdio: 'inherit' });
    tsc.on('exit', (code) => (code === 0 ? done() : fail(new Error(`tsc exited ${code}`))));
  });
}

const transpile = (text: string) => ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2023, verbatimModuleSyntax: false } }).outputText;

function runChild(setup: object, dir: string, variant: Variant): Promise<Checkpoint[]> {
  const file = join(dir, `${variant}.json`);
  writeFileSync(file, JSON.stringify(setup));
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--expose-gc', CHILD, file], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk));
    child.on('exit', (code) => {
      if (code !== 0) return fail(new Error(`the ${variant} process exited ${code}:\n${out}`));
      done(out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Checkpoint));
    });
  });
}

const mb = (bytes: number) => (bytes / 1048576).toFixed(1);

async function main(): Promise<void> {
  const { reloads } = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'cogsmith-bench-reload-'));
  try {
    const source = await sourceProject(dir);
    const native = join(dir, 'native');
    await buildRuntime(native);
    symlinkSync(join(REPO, 'node_modules'), join(native, 'node_modules'), 'dir');
    for (const file of ['generated/registry.ts', 'generated/cogs/leaky/spec.ts', 'generated/cogs/leaky/index.ts', 'generated/cogs/leaky/config.ts', 'generated/cogs/leaky/types.ts']) {
      write(join(native, file.replace(/\.ts$/, '.js')), transpile(readFileSync(join(source, file), 'utf8')));
    }
    const template = leakyHandlers(0).replace(/\bv0\b/g, 'v__LABEL__').replace('label: 0', 'label: __LABEL__');
    const checkpoints = [10, reloads];
    const setups: Record<Variant, object> = {
      vite: { variant: 'vite', root: source, handlersPath: join(source, 'cogs/leaky/handlers.ts'), handlersTemplate: template, checkpoints },
      native: { variant: 'native', root: native, handlersPath: join(native, 'cogs/leaky/handlers.js'), handlersTemplate: transpile(template), checkpoints },
      fixed: { variant: 'fixed', root: source, handlersPath: join(source, 'cogs/leaky/handlers.ts'), handlersTemplate: template, checkpoints },
    };
    write(join(native, 'cogs/leaky/handlers.js'), transpile(template.replaceAll('__LABEL__', '0')));
    const results: Record<string, Checkpoint[]> = {};
    for (const variant of VARIANTS) results[variant] = await runChild(setups[variant], dir, variant);

    console.log(`\nReloads of a cog with listeners, tasks, run-time commands and a 2,000-row module table; heap after a full GC.\n`);
    console.log(`| code source | heap at start | after 10 | after ${reloads} | kept per reload (10→${reloads}) | median reload |`);
    console.log('|---|---:|---:|---:|---:|---:|');
    const perReload: Record<string, number> = {};
    for (const variant of VARIANTS) {
      const [start, ten, end] = results[variant]!;
      perReload[variant] = (end!.heapBytes - ten!.heapBytes) / (reloads - 10);
      console.log(`| ${variant} | ${mb(start!.heapBytes)} MB | ${mb(ten!.heapBytes)} MB | ${mb(end!.heapBytes)} MB | ${(perReload[variant]! / 1024).toFixed(1)} kB | ${end!.medianReloadMs.toFixed(1)} ms |`);
    }
    const floor = Math.max(perReload.fixed!, 1);
    console.log(`\nKept per reload against the fixed floor: vite ${(perReload.vite! / floor).toFixed(2)}×, native ${(perReload.native! / floor).toFixed(2)}×.`);
    console.log('vite drops each old version; native keeps each version\'s modules (Node cannot unload ES modules): restart a production bot after many reloads.');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`reload benchmark failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
