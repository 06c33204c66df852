/**
 * Positions inside a `cog.ts` manifest: follows a manifest path through the object literal given to
 * `defineCog(...)` (or default-exported) with ts-morph, and returns the line and column of the node.
 * A path that leaves the literal (a spread, a variable) stops at the deepest node that is still literal.
 */
import { Node, Project, type SourceFile } from 'ts-morph';
import type { SourcePosition } from '../runtime/support/yaml-source.js';
import type { ManifestPath } from './problems.js';

const cache = new Map<string, SourceFile>();
let project: Project | undefined;

function parse(text: string): SourceFile {
  let file = cache.get(text);
  if (!file) {
    project ??= new Project({ useInMemoryFileSystem: true });
    file = project.createSourceFile(`/manifest-${cache.size}.ts`, text);
    cache.set(text, file);
  }
  return file;
}

/** The manifest's root object literal: the argument of `defineCog(...)`, else the default export. */
function manifestRoot(file: SourceFile): Node | undefined {
  for (const call of file.getDescendants().filter(Node.isCallExpression)) {
    if (call.getExpression().getText() === 'defineCog') return call.getArguments()[0];
  }
  return file.getExportAssignment((e) => !e.isExportEquals())?.getExpression();
}

function unwrap(node: Node): Node {
  let current = node;
  while (Node.isParenthesizedExpression(current) || Node.isAsExpression(current) || Node.isSatisfiesExpression(current)) {
    current = current.getExpression();
  }
  return current;
}

/** Line and column (1-based) of the node at `path` in the manifest literal of `text`. */
export function locateInTypeScript(text: string, path: ManifestPath, options: { key?: boolean } = {}): SourcePosition {
  const file = parse(text);
  let node = manifestRoot(file);
  if (!node) return { line: 1, col: 1 };
  let position = node.getStart();
  for (let i = 0; i < path.length; i += 1) {
    const segment = path[i]!;
    const current = unwrap(node);
    let next: Node | undefined;
    if (Node.isObjectLiteralExpression(current)) {
      const property = current.getProperty((p) => {
        if (!Node.isPropertyAssignment(p) && !Node.isShorthandPropertyAssignment(p)) return false;
        const name = p.getNameNode();
        const text = Node.isStringLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name) ? name.getLiteralText() : name.getText();
        return text === String(segment);
      });
      if (!property) break;
      if (i === path.length - 1 && options.key) {
        position = property.getStart();
        break;
      }
      next = Node.isPropertyAssignment(property) ? property.getInitializer() : property;
    } else if (Node.isArrayLiteralExpression(current)) {
      next = current.getElements()[Number(segment)];
    }
    if (!next) break;
    node = next;
    position = next.getStart();
  }
  const { line, column } = file.getLineAndColumnAtPos(position);
  return { line, col: column };
}
