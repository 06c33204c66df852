/**
 * Rules as YAML, for `permissions acl get/set`: export a rule set, and import one with every problem
 * reported as `file:line:col message` (runtime/support/yaml-source.ts), all or nothing.
 *
 *   rules:
 *     - { effect: deny, command: team add, role: '123456789012345678' }
 *     - { effect: allow, cog: fun, user: '223456789012345678' }
 *     - { effect: deny, cog: fun, everyone: true }
 *   defaults:
 *     - { effect: deny, command: roll }
 */
import { stringify } from 'yaml';
import { formatProblem, parseYamlSource, positionOfPointer, type SourceProblem, type YamlSource } from '../support/yaml-source.js';
import { normalizeTarget, withDefault, withRule, emptyRuleSet, type Effect, type Rule, type RuleSet, type RuleTarget, type SubjectKind } from './rules.js';

/** Thrown by `parseRulesYaml`: every problem, with its line. */
export class RulesYamlError extends Error {
  override readonly name = 'RulesYamlError';
  constructor(readonly problems: SourceProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

const SUBJECT_KEYS: Record<string, SubjectKind> = { user: 'user', channel: 'channel', category: 'category', role: 'role' };
const SNOWFLAKE = /^\d{15,21}$/;

/** The YAML text of a rule set (a `guild` subject is written `everyone: true`). */
export function rulesToYaml(set: RuleSet): string {
  const target = (t: RuleTarget) => (t.kind === 'cog' ? { cog: t.name } : { command: t.path });
  const rules = set.rules.map((r) => ({ effect: r.effect, ...target(r.target), ...(r.subject.kind === 'guild' ? { everyone: true } : { [r.subject.kind]: r.subject.id }) }));
  const defaults = set.defaults.map((d) => ({ effect: d.effect, ...target(d.target) }));
  return stringify({ rules, defaults });
}

/** Parses and validates rules YAML; `guildId` is the guild `everyone: true` means (null at global scope: not allowed). */
export function parseRulesYaml(file: string, text: string, guildId: string | null): RuleSet {
  const { source, problems } = parseYamlSource(file, text);
  if (!source) throw new RulesYamlError(problems);
  const found: SourceProblem[] = [];
  const at = (path: (string | number)[], message: string, key = false) => found.push({ file, ...positionOfPointer(source, path, { key }), message });
  let set = emptyRuleSet();
  const root = source.value ?? {};
  if (!isObject(root)) {
    at([], 'The rules file is a map with `rules` and `defaults` lists.');
    throw new RulesYamlError(found);
  }
  for (const key of Object.keys(root)) if (key !== 'rules' && key !== 'defaults') at([key], `Unknown key \`${key}\`: only \`rules\` and \`defaults\` are allowed.`, true);
  for (const [list, isDefault] of [['rules', false], ['defaults', true]] as const) {
    const items = root[list] ?? [];
    if (!Array.isArray(items)) {
      at([list], `\`${list}\` must be a list.`);
      continue;
    }
    items.forEach((item, i) => {
      const parsed = parseItem(source, [list, i], item, isDefault, guildId, at);
      if (!parsed) return;
      if (isDefault) set = withDefault(set, parsed.target, parsed.effect);
      else set = withRule(set, parsed as Rule);
    });
  }
  if (found.length > 0) throw new RulesYamlError(found.sort((a, b) => a.line - b.line || a.col - b.col));
  return set;
}

type At = (path: (string | number)[], message: string, key?: boolean) => void;

function parseItem(_source: YamlSource, path: (string | number)[], item: unknown, isDefault: boolean, guildId: string | null, at: At): { effect: Effect; target: RuleTarget; subject?: Rule['subject'] } | undefined {
  if (!isObject(item)) {
    at(path, 'Each entry is a map such as `{ effect: deny, command: roll, role: "123…" }`.');
    return undefined;
  }
  let ok = true;
  const fail = (p: (string | number)[], message: string, key = false) => {
    ok = false;
    at(p, message, key);
  };
  const allowed = new Set(['effect', 'cog', 'command', ...(isDefault ? [] : [...Object.keys(SUBJECT_KEYS), 'everyone'])]);
  for (const key of Object.keys(item)) if (!allowed.has(key)) fail([...path, key], `Unknown key \`${key}\`${isDefault ? ' (a default has only effect and cog or command)' : ''}.`, true);
  const effect = item.effect;
  if (effect !== 'allow' && effect !== 'deny') fail(item.effect === undefined ? path : [...path, 'effect'], '`effect` must be `allow` or `deny`.');
  let target: RuleTarget | undefined;
  const hasCog = typeof item.cog === 'string' && item.cog.trim() !== '';
  const hasCommand = typeof item.command === 'string' && item.command.trim() !== '';
  if (hasCog === hasCommand) fail(path, 'Give exactly one of `cog` or `command` (a non-empty name).');
  else target = normalizeTarget(hasCog ? { kind: 'cog', name: item.cog as string } : { kind: 'command', path: item.command as string });
  let subject: Rule['subject'] | undefined;
  if (!isDefault) {
    const given = Object.keys(item).filter((k) => k in SUBJECT_KEYS || k === 'everyone');
    if (given.length !== 1) fail(path, 'Give exactly one of `user`, `role`, `channel`, `category` (an id) or `everyone: true`.');
    else if (given[0] === 'everyone') {
      if (item.everyone !== true) fail([...path, 'everyone'], '`everyone` can only be `true`.');
      else if (guildId === null) fail([...path, 'everyone'], '`everyone` means the whole server: it exists only in server rules.', true);
      else subject = { kind: 'guild', id: guildId };
    } else {
      const key = given[0]!;
      const id = item[key]; // numbers are refused: YAML would round an 18-digit id
      if (typeof id !== 'string' || !SNOWFLAKE.test(id)) fail([...path, key], `\`${key}\` must be a Discord id (15 to 21 digits, quoted).`);
      else subject = { kind: SUBJECT_KEYS[key]!, id };
    }
  }
  if (!ok || !target) return undefined;
  return { effect: effect as Effect, target, subject };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
