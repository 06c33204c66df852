/**
 * Keeps `cogs/<cog>/handlers.ts` in step with the manifest without ever touching code someone wrote:
 * creates the file once, then adds a stub (from a handlebars template) for each handler key the manifest
 * has and the file lacks: ts-morph finds the object literal, and the stub text is spliced in before its closing
 * brace, so no other byte of the file moves. Keys the manifest no longer has
 * are reported, never deleted.
 */
import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';
import { Node, Project, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';
import type { SourceProblem } from '../runtime/support/yaml-source.js';
import { cogTypeNames } from './emit/types.js';
import type { CogModel } from './model/index.js';
import { propertyName } from './names.js';

// Templates are plain text without HTML: `noEscape` keeps backticks and quotes as written.
const template = (name: string) =>
  Handlebars.compile(readFileSync(new URL(`./templates/${name}.hbs`, import.meta.url), 'utf8'), { noEscape: true, strict: true });
const fileTemplate = template('handlers-file');
const commandStub = template('command-stub');
const listenerStub = template('listener-stub');
const converterStub = template('converter-stub');
const autocompleteStub = template('autocomplete-stub');
const taskStub = template('task-stub');
const jobStub = template('job-stub');

export interface HandlersUpdate {
  /** The new text, or the old one when nothing was missing. */
  text: string;
  /** Handler keys that got a stub. */
  added: string[];
  warnings: SourceProblem[];
}

let project: Project | undefined;

/** Computes the handlers file for a cog from its current text (undefined when it does not exist yet). */
export function updateHandlers(model: CogModel, existing: string | undefined): HandlersUpdate {
  const file = `cogs/${model.folder}/handlers.ts`;
  let text = existing ?? fileTemplate({ cog: model.spec.name, folder: model.folder, cogType: cogTypeNames(model).cog });
  const warnings: SourceProblem[] = [];
  const added: string[] = [];
  const commandKeys = model.commands.flatMap((c) => (c.spec.handler ? [{ key: c.spec.handler, command: c.spec.path.join(' ') }] : []));
  const listenerKeys = model.listeners.map((l) => ({ key: l.handler, event: l.event }));
  const suggesterKeys = model.commands.flatMap((c) => {
    const options = c.spec.options.filter((o) => o.autocomplete).map((o) => propertyName(o.name));
    return c.spec.handler && options.length > 0 ? [{ key: c.spec.handler, options }] : [];
  });
  const sections = [
    { name: 'commands', kind: 'handler', what: 'command', keys: commandKeys.map((c) => c.key), stub: (key: string) => commandStub({ command: commandKeys.find((c) => c.key === key)!.command, key, folder: model.folder }) },
    { name: 'listeners', kind: 'listener', what: 'listener', keys: listenerKeys.map((l) => l.key), stub: (key: string) => listenerStub({ key, event: listenerKeys.find((l) => l.key === key)!.event, folder: model.folder }) },
    { name: 'converters', kind: 'converter', what: 'converter', keys: (model.spec.converters ?? []).map((c) => c.name), stub: (key: string) => converterStub({ key, folder: model.folder }) },
    {
      name: 'autocomplete',
      kind: 'suggester group',
      what: 'command with autocomplete options',
      keys: suggesterKeys.map((s) => s.key),
      stub: (key: string) => autocompleteStub({ key, folder: model.folder, options: suggesterKeys.find((s) => s.key === key)!.options }),
    },
    { name: 'tasks', kind: 'task', what: 'task', keys: model.tasks.map((t) => t.name), stub: (key: string) => taskStub({ key, folder: model.folder }) },
    { name: 'jobs', kind: 'job', what: 'job kind', keys: model.jobs.map((j) => j.spec.name), stub: (key: string) => jobStub({ key, folder: model.folder }) },
  ];
  for (const section of sections) {
    // Each section edits the text, so the file is parsed again for the next one.
    const source = parse(text);
    const warn = (node: Node | undefined, message: string) => {
      const { line, column } = source.getLineAndColumnAtPos(node?.getStart() ?? 0);
      warnings.push({ file, line, col: column, message });
    };
    const root = defaultExportObject(source);
    if (!root) {
      if (section.keys.length > 0) warn(undefined, 'cannot add stubs: the default export is not an object literal (`export default { commands: {...} } satisfies ...`)');
      continue;
    }
    const property = root.getProperty(section.name);
    if (!property) {
      if (section.keys.length === 0) continue;
      const members = section.keys.map((key) => member(key, section.stub(key)));
      text = insertMembers(text, root, [`${section.name}: {\n${members.map((m) => indentLines(m, '  ')).join(',\n')},\n}`]);
      added.push(...section.keys);
      continue;
    }
    const initializer = Node.isPropertyAssignment(property) ? property.getInitializer() : undefined;
    if (!initializer || !Node.isObjectLiteralExpression(initializer)) {
      warn(property, `cannot add stubs: \`${section.name}\` is not an object literal`);
      continue;
    }
    const present = memberNodes(initializer);
    for (const [name, node] of present) {
      if (!section.keys.includes(name)) warn(node, `${section.kind} \`${name}\` has no ${section.what} in the manifest (left in place; delete it or add the ${section.what} back)`);
    }
    const missing = section.keys.filter((key) => !present.some(([name]) => name === key));
    if (missing.length === 0) continue;
    text = insertMembers(text, initializer, missing.map((key) => member(key, section.stub(key))));
    added.push(...missing);
  }
  return { text, added, warnings };
}

function member(key: string, stub: string): string {
  return `${propertyName(key)}: ${stub.trimEnd()}`;
}

function indentLines(text: string, indent: string): string {
  return text
    .split('\n')
    .map((line) => (line.length > 0 ? indent + line : line))
    .join('\n');
}

function parse(text: string): SourceFile {
  project ??= new Project({ useInMemoryFileSystem: true });
  return project.createSourceFile('/handlers.ts', text, { overwrite: true });
}

/**
 * Appends members to an object literal by splicing text: a comma after the last member if it has none,
 * then each member on its own lines before the closing brace. Nothing else in the file moves.
 */
function insertMembers(text: string, object: ObjectLiteralExpression, members: string[]): string {
  const open = object.getStart();
  const close = object.getEnd() - 1;
  const lineStart = text.lastIndexOf('\n', open) + 1;
  const baseIndent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const properties = object.getProperties();
  const first = properties[0];
  const memberIndent = first ? /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', first.getStart()) + 1))![0] : `${baseIndent}  `;
  const block = members.map((m) => `${indentLines(m, memberIndent)},\n`).join('');
  const last = properties.at(-1);
  const needsComma = last !== undefined && !/^\s*,/.test(stripComments(text.slice(last.getEnd(), close)));
  const braceLineStart = text.lastIndexOf('\n', close - 1) + 1;
  const braceOnOwnLine = /^[ \t]*$/.test(text.slice(braceLineStart, close)) && braceLineStart > open;
  let out = braceOnOwnLine ? text.slice(0, braceLineStart) + block + text.slice(braceLineStart) : `${text.slice(0, close).trimEnd()}\n${block}${baseIndent}${text.slice(close)}`;
  if (needsComma) out = `${out.slice(0, last!.getEnd())},${out.slice(last!.getEnd())}`;
  return out;
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}

function defaultExportObject(source: SourceFile): ObjectLiteralExpression | undefined {
  let node: Node | undefined = source.getExportAssignment((e) => !e.isExportEquals())?.getExpression();
  while (node && (Node.isSatisfiesExpression(node) || Node.isAsExpression(node) || Node.isParenthesizedExpression(node))) node = node.getExpression();
  return node && Node.isObjectLiteralExpression(node) ? node : undefined;
}

function memberNodes(object: ObjectLiteralExpression): [string, Node][] {
  return object.getProperties().flatMap((p): [string, Node][] => {
    if (Node.isPropertyAssignment(p) || Node.isMethodDeclaration(p) || Node.isShorthandPropertyAssignment(p)) {
      const name = p.getNameNode();
      return [[Node.isStringLiteral(name) ? name.getLiteralText() : name.getText(), p]];
    }
    return [];
  });
}

