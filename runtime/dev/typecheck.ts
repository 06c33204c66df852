/**
 * Type-checks one cog's code before `npm run dev` reloads it, so a handler that no longer fits its
 * generated types is reported (as `file:line:col TSnnnn message`) and the running version kept. It keeps one
 * TypeScript program in memory (ts-morph's bundled compiler) and re-reads only changed files, so after the
 * first check (a few seconds while the bot starts) a check takes a fraction of a second.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DiagnosticCategory, Project, ts } from 'ts-morph';

/** The project's compiler settings when it has no tsconfig.json (those of this repository). */
const DEFAULT_OPTIONS: ts.CompilerOptions = {
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

function tsFiles(folder: string): string[] {
  if (!existsSync(folder)) return [];
  const out: string[] = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) out.push(...tsFiles(path));
    else if (/\.(c|m)?tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

export class CogTypeChecker {
  private readonly project: Project;

  constructor(private readonly root: string) {
    const tsconfig = join(root, 'tsconfig.json');
    this.project = existsSync(tsconfig)
      ? new Project({ tsConfigFilePath: tsconfig, skipAddingFilesFromTsConfig: true, compilerOptions: { noEmit: true } })
      : new Project({ compilerOptions: DEFAULT_OPTIONS });
  }

  /** The cog's type errors, as `cogs/x/handlers.ts:12:5 TS2322 message` lines (empty: it compiles). */
  check(cog: string): string[] {
    const folders = [join(this.root, 'cogs', cog), join(this.root, 'generated', 'cogs', cog)];
    const files = folders.flatMap(tsFiles);
    for (const file of files) {
      const known = this.project.getSourceFile(file);
      if (known) void known.refreshFromFileSystemSync();
      else this.project.addSourceFileAtPath(file);
    }
    // Files a refresh may have dropped (deleted on disk) or that other files import.
    for (const source of this.project.getSourceFiles()) if (!source.isInNodeModules() && !files.includes(source.getFilePath())) void source.refreshFromFileSystemSync();
    const out: string[] = [];
    for (const file of files) {
      const source = this.project.getSourceFile(file);
      if (!source) continue;
      for (const diagnostic of source.getPreEmitDiagnostics()) {
        if (diagnostic.getCategory() !== DiagnosticCategory.Error) continue;
        const start = diagnostic.getStart() ?? 0;
        const { line, column } = source.getLineAndColumnAtPos(start);
        const message = ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, '\n');
        out.push(`${relative(this.root, file)}:${line}:${column} TS${diagnostic.getCode()} ${message}`);
      }
    }
    return out;
  }
}
