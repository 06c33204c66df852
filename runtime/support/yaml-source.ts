/**
 * YAML with positions: parse a file once, keep its node tree and line table, and turn JSON pointers
 * (ajv's `instancePath`) and ajv errors into `file:line:col message` lines. Shared by the generator
 * (cog manifests) and the runtime (bot.config.yaml); nothing here knows about either.
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import type { ErrorObject } from 'ajv';
import { didYouMean } from './did-you-mean.js';
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Document, type Node } from 'yaml';

/** A 1-based line and column. */
export interface SourcePosition {
  line: number;
  col: number;
}

/** One problem in a source file, at a position. */
export interface SourceProblem extends SourcePosition {
  file: string;
  message: string;
}

/** A parsed YAML file: its JS value plus what is needed to point back into the text. */
export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The document as plain JS (maps become objects). */
  value: unknown;
}

/** Thrown by `parseYamlSourceOrThrow`; carries every problem found. */
export class SourceProblemsError extends CogsmithError {
  static override readonly code: ErrorCode = 'SOURCE_PROBLEMS';
  constructor(readonly problems: SourceProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** Formats a problem as `file:line:col message`. */
export function formatProblem(problem: SourceProblem): string {
  return `${problem.file}:${problem.line}:${problem.col} ${problem.message}`;
}

/** Sorts problems by file, line, column (stable for equal positions). */
export function sortProblems(problems: SourceProblem[]): SourceProblem[] {
  return [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
}

/**
 * Parses YAML text. Syntax errors (and duplicate keys) come back as problems with positions; `source`
 * is undefined when there are any, so nothing downstream sees a half-read document.
 */
export function parseYamlSource(file: string, text: string): { source?: YamlSource; problems: SourceProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const problems: SourceProblem[] = doc.errors.map((error) => {
    const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    return { file, line: pos.line, col: pos.col, message: `YAML syntax error: ${firstLine(error.message)}` };
  });
  if (problems.length > 0) return { problems };
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (error) {
    // yaml refuses documents whose aliases expand past its limit ("billion laughs"); that is bad input,
    // not an internal error. It gives no position: report the first alias, where the expansion starts.
    const message = error instanceof Error ? error.message : String(error);
    const alias = /alias/i.test(message);
    const pos = lineCounter.linePos(alias ? firstAliasOffset(doc) : 0);
    return {
      problems: [{ file, line: pos.line, col: pos.col, message: alias ? 'YAML resource limit: the aliases (`*name`) expand to too much data; nothing was read.' : `YAML could not be read: ${firstLine(message)}` }],
    };
  }
  return { source: { file, text, doc, lineCounter, value }, problems: [] };
}

function firstAliasOffset(doc: Document.Parsed): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/** Like `parseYamlSource`, but throws a `SourceProblemsError` on syntax errors. */
export function parseYamlSourceOrThrow(file: string, text: string): YamlSource {
  const { source, problems } = parseYamlSource(file, text);
  if (!source) throw new SourceProblemsError(problems);
  return source;
}

// yaml's pretty messages append " at line L, column C:" and a code excerpt; the position is reported apart.
function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** Splits a JSON pointer (`/a/0/b~1c`) into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Joins segments into a JSON pointer. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/**
 * The position of the node at `pointer`. With `key: true`, the position of the map key naming that node
 * (where an unknown key should be reported). A pointer that runs past the tree (a missing node) falls
 * back to the deepest node that exists.
 */
export function positionOfPointer(source: YamlSource, pointer: string | readonly (string | number)[], options: { key?: boolean } = {}): SourcePosition {
  const segments = typeof pointer === 'string' ? pointerSegments(pointer) : pointer.map(String);
  let node: unknown = source.doc.contents;
  let offset = nodeStart(node) ?? 0;
  for (let i = 0; i < segments.length; i += 1) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === segment);
      if (!pair) break;
      const keyStart = nodeStart(pair.key);
      if (last && options.key && keyStart !== undefined) {
        offset = keyStart;
        break;
      }
      // A key with no value (`name:`) has an empty null node or none: point at the key.
      const valueStart = isEmptyScalar(pair.value) ? undefined : nodeStart(pair.value);
      offset = valueStart ?? keyStart ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      offset = nodeStart(item) ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return source.lineCounter.linePos(offset);
}

function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && node.value === null && node.range !== undefined && node.range !== null && node.range[0] === node.range[1];
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function nodeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/** Where an ajv error points, and what it says, independent of the source format. */
export interface LocatedMessage {
  /** JSON pointer segments of the node to report at. */
  path: string[];
  /** Report at the key naming `path` rather than its value. */
  atKey: boolean;
  message: string;
}

/**
 * Turns ajv errors into readable messages with the path to report at. Create the validator with
 * `allErrors: true` and `verbose: true` (so unknown keys get "did you mean"). `if` errors only repeat
 * their branch's; a failed `anyOf` / `oneOf` (a union) gives one message, not one per branch:
 * - when some branch failed below the value (the value has that branch's shape: `{ nsfw: false }` for
 *   the check `{ nsfw: true }`), those deeper errors are reported and the other branches are not;
 * - when the value is of a type some branch takes but lacks its keys or has others, the missing keys of
 *   every branch are one message ("must have one of the keys …") and each unknown key one message;
 * - otherwise the value is of no type any branch takes: one message lists what would do
 *   ("must be one of `string`, … or an array, got number 5").
 * ajv writes a union's branch errors right before the union's own error, all at or below its path;
 * that is how they are found (a union node here has no other validating keyword beside `anyOf`).
 */
export function describeAjvErrors(errors: readonly ErrorObject[]): LocatedMessage[] {
  const out: LocatedMessage[] = [];
  const seen = new Set<string>();
  for (const located of collapse(errors)) {
    const key = `${located.path.join('/')}|${located.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(located);
  }
  return out;
}

const KIND_KEYWORDS = new Set(['type', 'enum', 'const']);

function isAtOrBelow(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + '/');
}

function collapse(errors: readonly ErrorObject[]): LocatedMessage[] {
  const out: LocatedMessage[][] = [];
  for (let j = errors.length - 1; j >= 0; j -= 1) {
    const error = errors[j]!;
    if (error.keyword === 'if') continue;
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') {
      let start = j;
      while (start > 0 && isAtOrBelow(errors[start - 1]!.instancePath, error.instancePath)) start -= 1;
      out.push(describeUnion(error, errors.slice(start, j)));
      j = start;
      continue;
    }
    out.push([describeOne(error)]);
  }
  return out.reverse().flat();
}

function describeUnion(union: ErrorObject, branches: readonly ErrorObject[]): LocatedMessage[] {
  const deeper = branches.filter((e) => e.instancePath !== union.instancePath);
  if (deeper.length > 0) return collapse(deeper);
  if (branches.length === 0) return [describeOne(union)];
  const shape = branches.filter((e) => !KIND_KEYWORDS.has(e.keyword));
  if (shape.length > 0) return describeShape(union, shape);
  return [describeKinds(union, branches)];
}

// The value has a type some branch takes: what keys it lacks (any branch's would do) and which it should not have.
function describeShape(union: ErrorObject, errors: readonly ErrorObject[]): LocatedMessage[] {
  const path = pointerSegments(union.instancePath);
  const out: LocatedMessage[] = [];
  const missing = [...new Set(errors.filter((e) => e.keyword === 'required').map((e) => String((e.params as { missingProperty: unknown }).missingProperty)))];
  if (missing.length === 1) out.push({ path, atKey: path.length > 0, message: `missing required key \`${missing[0]}\`` });
  if (missing.length > 1) out.push({ path, atKey: false, message: `must have one of the keys ${missing.map((k) => `\`${k}\``).join(', ')}` });
  const unknown = new Map<string, Set<string>>();
  for (const error of errors.filter((e) => e.keyword === 'additionalProperties')) {
    const name = String((error.params as { additionalProperty: unknown }).additionalProperty);
    const known = unknown.get(name) ?? new Set<string>();
    for (const key of Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {})) known.add(key);
    unknown.set(name, known);
  }
  for (const [name, known] of unknown) out.push(unknownKey(path, name, known));
  for (const error of errors) if (error.keyword !== 'required' && error.keyword !== 'additionalProperties') out.push(describeOne(error));
  return out;
}

// The value is of no type any branch takes: one message naming every alternative.
function describeKinds(union: ErrorObject, errors: readonly ErrorObject[]): LocatedMessage {
  const alternatives: string[] = [];
  const values: string[] = [];
  for (const error of errors) {
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'type') alternatives.push(...String(params.type).split(',').map((t) => article(t)));
    else if (error.keyword === 'enum') {
      const allowed = (params.allowedValues as unknown[]).map(String);
      values.push(...allowed);
      alternatives.push(`one of ${allowed.map((v) => `\`${v}\``).join(', ')}`);
    } else alternatives.push(`\`${String(params.allowedValue)}\``);
  }
  const guess = typeof union.data === 'string' ? didYouMean(union.data, values) : undefined;
  return {
    path: pointerSegments(union.instancePath),
    atKey: false,
    message: `must be ${[...new Set(alternatives)].join(' or ')}, got ${describeValue(union.data)}${guess ? `; did you mean \`${guess}\`?` : ''}`,
  };
}

function unknownKey(path: string[], name: string, known: Iterable<string>): LocatedMessage {
  const guess = didYouMean(name, known);
  return { path: [...path, name], atKey: true, message: `unknown key \`${name}\`${guess ? `; did you mean \`${guess}\`?` : ''}` };
}

function describeOne(error: ErrorObject): LocatedMessage {
  const path = pointerSegments(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownKey(path, String(params.additionalProperty), Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}));
    case 'required':
      return { path, atKey: path.length > 0, message: `missing required key \`${String(params.missingProperty)}\`` };
    case 'type':
      return { path, atKey: false, message: `must be ${article(String(params.type))}, got ${describeValue(error.data)}${titleHint(error)}` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => `\`${String(v)}\``);
      const guess = typeof error.data === 'string' ? didYouMean(error.data, (params.allowedValues as unknown[]).map(String)) : undefined;
      return { path, atKey: false, message: `must be one of ${allowed.join(', ')}, got ${describeValue(error.data)}${guess ? `; did you mean \`${guess}\`?` : ''}` };
    }
    case 'const':
      return { path, atKey: false, message: `must be \`${String(params.allowedValue)}\`` };
    case 'pattern':
      return { path, atKey: false, message: `${describeValue(error.data)} does not match the pattern ${String(params.pattern)}${schemaHint(error)}` };
    case 'propertyNames':
      return { path: [...path, String(params.propertyName)], atKey: true, message: `key \`${String(params.propertyName)}\` is not allowed here${schemaHint(error)}` };
    case 'minimum':
    case 'maximum':
      return { path, atKey: false, message: `must be at ${error.keyword === 'minimum' ? 'least' : 'most'} ${String(params.limit)}, got ${describeValue(error.data)}` };
    default:
      return { path, atKey: false, message: error.message ?? `fails ${error.keyword}` };
  }
}

// A schema `title` names what was expected, for places where the type alone says little.
function titleHint(error: ErrorObject): string {
  const title = (error.parentSchema as { title?: string } | undefined)?.title;
  return title ? ` (expected ${title})` : '';
}

function schemaHint(error: ErrorObject): string {
  const description = (error.parentSchema as { description?: string } | undefined)?.description;
  return description ? ` (${description})` : '';
}

function article(type: string): string {
  const types = type.split(',');
  const words = types.map((t) => (t === 'integer' || t === 'object' || t === 'array' ? `an ${t}` : t === 'null' ? 'null' : `a ${t}`));
  return words.join(' or ');
}

/** A short description of a value for messages: its type, and the value itself when small. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return value.length <= 40 ? `"${value}"` : 'a long string';
  return `${typeof value} ${String(value)}`;
}

/** Formats ajv errors against a YAML source as problems with positions, in file order. */
export function ajvProblems(source: YamlSource, errors: readonly ErrorObject[]): SourceProblem[] {
  return sortProblems(describeAjvErrors(errors).map((located) => ({
    file: source.file,
    ...positionOfPointer(source, located.path, { key: located.atKey }),
    message: located.message,
  })));
}
