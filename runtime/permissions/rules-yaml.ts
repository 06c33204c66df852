/**
 * Rules as YAML, for `permissions acl get/set`: export a rule set, and import one with every problem
 * reported as `file:line:col message` (runtime/support/yaml-source.ts), all or nothing.
 *
 *   rules:
 *     - { effect: deny, command: team add, role: '123456789012345678' }
 *     - { effect: allow, cog: fun, user: '223456789012345678' }
 *     - { effect: deny, cog: fun, everyone: true }     # server rules
 *     - { effect: deny, cog: fun, guild: '323456789012345678' }   # global rules: everyone in that server
 *   defaults:
 *     - { effect: deny, command: roll }
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import { stringify } from 'yaml';
import { formatProblem, parseYamlSource, positionOfPointer, type SourceProblem, type YamlSource } from '../support/yaml-source.js';
import { normalizeTarget, sameTarget, withDefault, withRule, emptyRuleSet, type Effect, type Rule, type RuleSet, type RuleTarget, type SubjectKind, codeSpan } from './rules.js';

/** Thrown by `parseRulesYaml`: every problem, with its line. */
export class RulesYamlError extends CogsmithError {
  static override readonly code: ErrorCode = 'RULES_YAML';
  constructor(readonly problems: SourceProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/**
 * Thrown by `parseRulesYaml` when the text holds no rules file at all (empty, only comments, or a map
 * with neither `rules` nor `defaults`): importing it would silently remove every rule.
 */
export class EmptyRulesYamlError extends CogsmithError {
  static override readonly code: ErrorCode = 'RULES_YAML_EMPTY';
  constructor() {
    super('The YAML is empty.');
  }
}

const SUBJECT_KEYS: Record<string, SubjectKind> = { user: 'user', channel: 'channel', category: 'category', role: 'role' };
const SNOWFLAKE = /^\d{15,21}$/;

/**
 * How deeply collections may nest. A rules file needs three levels; the yaml parser recurses per level
 * and a few thousand levels exhaust the stack (sometimes the whole process), so deeper text is refused
 * before it is parsed.
 */
export const MAX_YAML_DEPTH = 32;

/**
 * The YAML text of a rule set: a server's (its `guild` subject is written `everyone: true`) or the global
 * one (a `guild` subject, one server, is written `guild: '<id>'`).
 */
export function rulesToYaml(set: RuleSet, scope: 'server' | 'global' = 'server'): string {
  const target = (t: RuleTarget) => (t.kind === 'cog' ? { cog: t.name } : { command: t.path });
  const subject = (s: Rule['subject']) => (s.kind === 'guild' ? (scope === 'global' ? { guild: s.id } : { everyone: true }) : { [s.kind]: s.id });
  const rules = set.rules.map((r) => ({ effect: r.effect, ...target(r.target), ...subject(r.subject) }));
  const defaults = set.defaults.map((d) => ({ effect: d.effect, ...target(d.target) }));
  return stringify({ rules, defaults });
}

/** What a subject lookup answers: the subject to store (maybe of another kind), or why it is refused. */
export type SubjectLookup = Rule['subject'] | { error: string };

/**
 * Parses and validates rules YAML. `guildId` is the server whose rules these are (`everyone: true`, and
 * its id given as a `role` or `guild`, mean everyone there), or null for global rules (`guild: '<id>'`
 * names one server; `everyone` is refused: it would mean everyone everywhere). The ids are only checked
 * for their form: `parseRulesYamlLookingUp` also looks them up.
 */
export function parseRulesYaml(file: string, text: string, guildId: string | null): RuleSet {
  const read = readRulesYaml(file, text, guildId);
  return assemble(read, new Map());
}

/**
 * Like `parseRulesYaml`, and every subject is looked up by `lookUp` (each distinct one once, together): a
 * refusal is reported at the subject's value with the other problems, and nothing is returned when there is
 * any; the subject it answers is the one stored (a server's id given as a `role` in global rules is `guild`).
 */
export async function parseRulesYamlLookingUp(file: string, text: string, guildId: string | null, lookUp: (subject: Rule['subject']) => Promise<SubjectLookup>): Promise<RuleSet> {
  const read = readRulesYaml(file, text, guildId);
  const answers = new Map<string, Promise<SubjectLookup>>();
  for (const entry of read.entries) {
    if (!entry.subject) continue;
    const key = subjectKey(entry.subject.value);
    if (!answers.has(key)) answers.set(key, lookUp(entry.subject.value));
  }
  const looked = new Map<string, SubjectLookup>();
  await Promise.all([...answers].map(async ([key, answer]) => looked.set(key, await answer)));
  return assemble(read, looked);
}

/** One entry of `rules` or `defaults` as read: its rule (undefined when anything but the subject is wrong) and its well-formed subject with the key it was given under. */
interface Entry {
  list: 'rules' | 'defaults';
  index: number;
  rule?: { effect: Effect; target: RuleTarget };
  subject?: { value: Rule['subject']; key: string };
}

interface ReadRules {
  file: string;
  source: YamlSource;
  entries: Entry[];
  found: SourceProblem[];
}

const subjectKey = (subject: Rule['subject']) => `${subject.kind}:${subject.id}`;

/** Reads every entry; throws when there is no document to read entries from. */
function readRulesYaml(file: string, text: string, guildId: string | null): ReadRules {
  const deep = tooDeep(text);
  if (deep) throw new RulesYamlError([{ file, ...deep, message: `The YAML nests deeper than ${MAX_YAML_DEPTH} levels; a rules file needs three. Nothing was read.` }]);
  const { source, problems } = parseYamlSource(file, text);
  if (!source) throw new RulesYamlError(problems);
  const found: SourceProblem[] = [];
  const at = (path: (string | number)[], message: string, key = false) => found.push({ file, ...positionOfPointer(source, path, { key }), message });
  const root = source.value ?? {};
  if (!isObject(root)) {
    at([], 'The rules file is a map with `rules` and `defaults` lists.');
    throw new RulesYamlError(found);
  }
  // Nothing at all (or `rules:` with nothing after it) would silently remove every rule; `rules: []` says so.
  if (Object.keys(root).every((key) => (key === 'rules' || key === 'defaults') && root[key] === null)) throw new EmptyRulesYamlError();
  for (const key of Object.keys(root)) if (key !== 'rules' && key !== 'defaults') at([key], `Unknown key ${codeSpan(key)}: only \`rules\` and \`defaults\` are allowed.`, true);
  const entries: Entry[] = [];
  for (const [list, isDefault] of [['rules', false], ['defaults', true]] as const) {
    const items = root[list] ?? [];
    if (!Array.isArray(items)) {
      at([list], `\`${list}\` must be a list.`);
      continue;
    }
    items.forEach((item, index) => entries.push({ list, index, ...parseItem([list, index], item, isDefault, guildId, at) }));
  }
  return { file, source, entries, found };
}

/** The rule set of the entries, with `looked` (subject lookups by `subjectKey`) applied; throws every problem. */
function assemble({ file, source, entries, found }: ReadRules, looked: Map<string, SubjectLookup>): RuleSet {
  let set = emptyRuleSet();
  // Where each target (defaults) or target and subject (rules) was first given: a second entry is a mistake.
  const seen: { list: Entry['list']; target: RuleTarget; subject?: Rule['subject']; index: number }[] = [];
  for (const { list, index, rule, subject: given } of entries) {
    const isDefault = list === 'defaults';
    let subject = given?.value;
    const answer = subject && looked.get(subjectKey(subject));
    if (answer && 'error' in answer) {
      found.push({ file, ...positionOfPointer(source, [list, index, given!.key]), message: answer.error });
      continue;
    }
    if (answer) subject = answer;
    if (!rule || (!isDefault && !subject)) continue;
    const first = seen.find((s) => s.list === list && sameTarget(s.target, rule.target) && (isDefault || (s.subject!.kind === subject!.kind && s.subject!.id === subject!.id)));
    if (first) {
      const line = positionOfPointer(source, [list, first.index]).line;
      found.push({ file, ...positionOfPointer(source, [list, index]), message: isDefault ? `A second default for the same ${rule.target.kind} (the first is at line ${line}).` : `A second rule for the same ${rule.target.kind} and ${subject!.kind === 'guild' ? 'server' : subject!.kind} (the first is at line ${line}).` });
      continue;
    }
    seen.push({ list, target: rule.target, subject, index });
    if (isDefault) set = withDefault(set, rule.target, rule.effect);
    else set = withRule(set, { ...rule, subject: subject! });
  }
  if (found.length > 0) throw new RulesYamlError(found.sort((a, b) => a.line - b.line || a.col - b.col));
  return set;
}

type At = (path: (string | number)[], message: string, key?: boolean) => void;

/** An entry's rule (when all but its subject is right) and its subject (when that is well-formed), each problem reported by `at`. */
function parseItem(path: (string | number)[], item: unknown, isDefault: boolean, guildId: string | null, at: At): Omit<Entry, 'list' | 'index'> {
  if (!isObject(item)) {
    at(path, 'Each entry is a map such as `{ effect: deny, command: roll, role: "123…" }`.');
    return {};
  }
  let ok = true;
  const fail = (p: (string | number)[], message: string, key = false) => {
    ok = false;
    at(p, message, key);
  };
  const subjectKeys = [...Object.keys(SUBJECT_KEYS), 'everyone', 'guild'];
  const allowed = new Set(['effect', 'cog', 'command', ...(isDefault ? [] : subjectKeys)]);
  for (const key of Object.keys(item)) if (!allowed.has(key)) fail([...path, key], `Unknown key ${codeSpan(key)}${isDefault ? ' (a default has only effect and cog or command)' : ''}.`, true);
  const effect = item.effect;
  if (effect !== 'allow' && effect !== 'deny') fail(item.effect === undefined ? path : [...path, 'effect'], '`effect` must be `allow` or `deny`.');
  let target: RuleTarget | undefined;
  const hasCog = typeof item.cog === 'string' && item.cog.trim() !== '';
  const hasCommand = typeof item.command === 'string' && item.command.trim() !== '';
  if (hasCog === hasCommand) fail(path, 'Give exactly one of `cog` or `command` (a non-empty name).');
  else target = normalizeTarget(hasCog ? { kind: 'cog', name: item.cog as string } : { kind: 'command', path: item.command as string });
  let subject: Entry['subject'];
  if (!isDefault) {
    const given = Object.keys(item).filter((k) => subjectKeys.includes(k));
    if (given.length !== 1) fail(path, `Give exactly one of \`user\`, \`role\`, \`channel\`, \`category\` (an id) or ${guildId === null ? "`guild` (a server's id: everyone there)" : '`everyone: true`'}.`);
    else if (given[0] === 'everyone') {
      if (item.everyone !== true) fail([...path, 'everyone'], '`everyone` can only be `true`.');
      else if (guildId === null) fail([...path, 'everyone'], "`everyone` in global rules would mean everyone everywhere: use a global default, or `guild: '<id>'` for everyone in one server.", true);
      else subject = { value: { kind: 'guild', id: guildId }, key: 'everyone' };
    } else {
      const key = given[0]!;
      const id = item[key]; // numbers are refused: YAML would round an 18-digit id
      if (typeof id !== 'string' || !SNOWFLAKE.test(id)) fail([...path, key], `\`${key}\` must be a Discord id (15 to 21 digits, quoted).`);
      else if (key === 'guild' && guildId !== null && id !== guildId) fail([...path, key], '`guild` in server rules can only be this server (everyone here): write `everyone: true`.');
      // A server's id is its @everyone role's: as a subject it means everyone in the server.
      else if (key === 'guild' || (key === 'role' && id === guildId)) subject = { value: { kind: 'guild', id }, key };
      else subject = { value: { kind: SUBJECT_KEYS[key]!, id }, key };
    }
  }
  return { rule: ok && target ? { effect: effect as Effect, target } : undefined, subject };
}

/**
 * The position where collections nest deeper than MAX_YAML_DEPTH, or undefined. Flow collections (`[`,
 * `{`) count outside quotes and comments; block collections count by indentation and `- ` markers, roughly
 * (a rules file is nowhere near the limit, so roughly is enough).
 */
function tooDeep(text: string): { line: number; col: number } | undefined {
  let depth = 0;
  let line = 1;
  let col = 0;
  let quote: string | null = null;
  let comment = false;
  let lineStart = true;
  let indent = 0;
  let dashes = 0;
  for (const ch of text) {
    col += 1;
    if (ch === '\n') {
      line += 1;
      col = 0;
      comment = false;
      if (quote === "'") quote = null; // an unclosed plain quote: let the parser report it
      lineStart = true;
      indent = 0;
      dashes = 0;
      continue;
    }
    if (comment) continue;
    if (lineStart) {
      if (ch === ' ') {
        indent += 1;
        if (indent / 2 > MAX_YAML_DEPTH * 2) return { line, col };
        continue;
      }
      if (ch === '-') {
        dashes += 1;
        if (dashes > MAX_YAML_DEPTH) return { line, col };
        continue;
      }
      lineStart = false;
    }
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '#') comment = true;
    else if (ch === '[' || ch === '{') {
      depth += 1;
      if (depth > MAX_YAML_DEPTH) return { line, col };
    } else if ((ch === ']' || ch === '}') && depth > 0) depth -= 1;
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
