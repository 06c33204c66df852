/**
 * The worker thread behind runtime/dev/typecheck.ts: holds one TypeScript program (ts-morph's compiler) and
 * answers `{ id, root, cog }` with `{ id, problems }`, so the bot's thread never stops for a type-check.
 * Plain JavaScript: a worker thread runs without the Vite module runner.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { DiagnosticCategory, Project, ts } from 'ts-morph';

/** The project's compiler settings when it has no tsconfig.json (those of this repository). */
const DEFAULT_OPTIONS = {
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  esModuleInterop: true,
  resolveJsonModule: true,
  isolatedModules: true,
  verbatimModuleSyntax: true,
  types: ['node'],
};

const projects = new Map();

function projectFor(root) {
  let project = projects.get(root);
  if (!project) {
    const tsconfig = join(root, 'tsconfig.json');
    project = existsSync(tsconfig)
      ? new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true, compilerOptions: { noEmit: true } })
      : new Project({ compilerOptions: DEFAULT_OPTIONS });
    projects.set(root, project);
  }
  return project;
}

function tsFiles(folder) {
  if (!existsSync(folder)) return [];
  const out = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (/\.(c|m)?tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The cog's type errors as `cogs/x/handlers.ts:12:5 TS2322 message` lines. */
function check(root, cog) {
  const project = projectFor(root);
  const files = [join(root, 'cogs', cog), join(root, 'generated', 'cogs', cog)].flatMap(tsFiles);
  // Everything the program holds may have changed on disk (a regenerated spec, an edited helper).
  for (const source of project.getSourceFiles()) if (!source.isInNodeModules()) source.refreshFromFileSystemSync();
  for (const file of files) if (!project.getSourceFile(file)) project.addSourceFileAtPath(file);
  const problems = [];
  for (const file of files) {
    const source = project.getSourceFile(file);
    if (!source) continue;
    for (const diagnostic of source.getPreEmitDiagnostics()) {
      if (diagnostic.getCategory() !== DiagnosticCategory.Error) continue;
      const { line, column } = source.getLineAndColumnAtPos(diagnostic.getStart() ?? 0);
      const message = ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, '\n');
      problems.push(`${relative(root, file)}:${line}:${column} TS${diagnostic.getCode()} ${message}`);
    }
  }
  return problems;
}

parentPort.on('message', ({ id, root, cog }) => {
  try {
    parentPort.postMessage({ id, problems: check(root, cog) });
  } catch (error) {
    parentPort.postMessage({ id, error: error?.message ?? String(error) });
  }
});
