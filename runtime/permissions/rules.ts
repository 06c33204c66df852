/**
 * Allow/deny rules and the one precedence order that decides between them (RULES.md explains it in
 * words). This file is pure: no Discord, no storage. `decide` takes the rules that exist and the facts of
 * one invocation and answers which rule (if any) decides, so the check, `permissions canrun` and the unit
 * tests all run the very same function.
 */
import { inlineCode } from '../support/markdown.js';

/**
 * Whom or where a rule is about. `guild` means everyone in that guild: in a server's rules, that server
 * (written `everyone`, or its id, which is also its @everyone role's); in global rules, one server named by
 * its id, so the rule applies only to commands used there (as Red allows a server as a global subject).
 */
export type SubjectKind = 'user' | 'channel' | 'category' | 'role' | 'guild';

/** The order of subjects inside one target and scope: the most personal first. */
export const SUBJECT_ORDER: readonly SubjectKind[] = ['user', 'channel', 'category', 'role', 'guild'];

/** What a rule is about: a whole cog, or a command path (a group covers its subcommands). */
export type RuleTarget = { kind: 'cog'; name: string } | { kind: 'command'; path: string };

/** Where a rule was set: by a bot owner for every guild, or by a guild's admins for that guild. */
export type RuleScope = 'global' | { guild: string };

export type Effect = 'allow' | 'deny';

/** An explicit rule: allow or deny `target` for `subject`. */
export interface Rule {
  effect: Effect;
  target: RuleTarget;
  subject: { kind: SubjectKind; id: string };
}

/** A default rule: applies to `target` when no explicit rule about it (at that depth) matches. */
export interface DefaultRule {
  effect: Effect;
  target: RuleTarget;
}

/** The rules kept at one scope. */
export interface RuleSet {
  rules: Rule[];
  defaults: DefaultRule[];
}

/** The facts of one invocation that rules can match. `roles` are ordered highest first. */
export interface RuleFacts {
  userId: string;
  guildId: string | null;
  channelId: string | null;
  categoryId: string | null;
  roles: readonly string[];
}

/** The invoked command: its cog and its path (`['team', 'add']`). */
export interface RuleCommand {
  cog: string;
  path: readonly string[];
}

/** Which rule decided, or that none did. */
export type RuleDecision =
  | { decided: false }
  | { decided: true; allowed: boolean; scope: RuleScope; target: RuleTarget; rule: Rule | DefaultRule; isDefault: boolean };

/** Lower-cases and normalizes a target so `Team  Add` and `team add` are the same rule. */
export function normalizeTarget(target: RuleTarget): RuleTarget {
  if (target.kind === 'cog') return { kind: 'cog', name: target.name.trim().toLowerCase() };
  return { kind: 'command', path: target.path.trim().toLowerCase().split(/\s+/).join(' ') };
}

/** True when two targets are the same (after normalizing). */
export function sameTarget(a: RuleTarget, b: RuleTarget): boolean {
  const x = normalizeTarget(a);
  const y = normalizeTarget(b);
  return x.kind === y.kind && (x.kind === 'cog' ? x.name === (y as { name: string }).name : x.path === (y as { path: string }).path);
}

/**
 * The targets a command is covered by, most specific first: the full path, each enclosing group, then
 * the cog. `['team', 'add']` of cog `admin` → command `team add`, command `team`, cog `admin`.
 */
export function targetChain(command: RuleCommand): RuleTarget[] {
  const words = command.path.map((w) => w.toLowerCase());
  const chain: RuleTarget[] = [];
  for (let n = words.length; n >= 1; n--) chain.push({ kind: 'command', path: words.slice(0, n).join(' ') });
  chain.push({ kind: 'cog', name: command.cog.toLowerCase() });
  return chain;
}

/** The ids of `facts` a subject kind can match, in the order they are tried (roles highest first). */
function idsFor(kind: SubjectKind, facts: RuleFacts): readonly string[] {
  switch (kind) {
    case 'user':
      return [facts.userId];
    case 'channel':
      return facts.channelId ? [facts.channelId] : [];
    case 'category':
      return facts.categoryId ? [facts.categoryId] : [];
    case 'role':
      return facts.roles;
    case 'guild':
      return facts.guildId ? [facts.guildId] : [];
  }
}

/** The first explicit rule of `set` about `target` matching `facts`, in subject order. */
function explicitMatch(set: RuleSet | undefined, target: RuleTarget, facts: RuleFacts): Rule | undefined {
  if (!set) return undefined;
  const about = set.rules.filter((r) => sameTarget(r.target, target));
  if (about.length === 0) return undefined;
  for (const kind of SUBJECT_ORDER) {
    for (const id of idsFor(kind, facts)) {
      const hit = about.find((r) => r.subject.kind === kind && r.subject.id === id);
      if (hit) return hit;
    }
  }
  return undefined;
}

/**
 * Decides by the one precedence order (RULES.md):
 * 1. targets from the most specific (the full command path) to the least (the cog); the first target
 *    for which anything applies decides, so a subcommand's rule beats its group's and a command's its cog's;
 * 2. for that target: global explicit rules, then the guild's explicit rules (each: user, channel,
 *    category, role from the highest, the whole guild), then the guild's default, then the global default.
 *    A global rule about a guild sits where a server's `everyone` sits: after roles, in that guild only.
 * In a DM only global rules and the global default apply (there is no guild, so no guild subject matches).
 */
export function decide(command: RuleCommand, facts: RuleFacts, global: RuleSet | undefined, guild: RuleSet | undefined): RuleDecision {
  const local = facts.guildId ? guild : undefined;
  const guildScope: RuleScope | undefined = facts.guildId ? { guild: facts.guildId } : undefined;
  for (const target of targetChain(command)) {
    const g = explicitMatch(global, target, facts);
    if (g) return { decided: true, allowed: g.effect === 'allow', scope: 'global', target, rule: g, isDefault: false };
    const l = explicitMatch(local, target, facts);
    if (l) return { decided: true, allowed: l.effect === 'allow', scope: guildScope!, target, rule: l, isDefault: false };
    const ld = local?.defaults.find((d) => sameTarget(d.target, target));
    if (ld) return { decided: true, allowed: ld.effect === 'allow', scope: guildScope!, target, rule: ld, isDefault: true };
    const gd = global?.defaults.find((d) => sameTarget(d.target, target));
    if (gd) return { decided: true, allowed: gd.effect === 'allow', scope: 'global', target, rule: gd, isDefault: true };
  }
  return { decided: false };
}

/** A code span for text users typed (see runtime/support/markdown.ts). */
export function codeSpan(text: string, max = 60): string {
  return inlineCode(text, max);
}

/** `command team add`, `cog admin`: how a target is written in messages and YAML. */
export function describeTarget(target: RuleTarget): string {
  return target.kind === 'cog' ? `cog ${codeSpan(target.name, 100)}` : `command ${codeSpan(target.path, 100)}`;
}

const SUBJECT_WORDS: Record<SubjectKind, string> = { user: 'user', channel: 'channel', category: 'category', role: 'role', guild: 'everyone in server' };

/** One decision in words, e.g. "the server rule deny role 123 on command `team` decided: denied". */
export function explainDecision(decision: RuleDecision): string {
  if (!decision.decided) return 'No permission rule applies, so the command\'s own checks decide.';
  const scope = decision.scope === 'global' ? 'global' : 'server';
  const verdict = decision.allowed ? 'allowed' : 'denied';
  if (decision.isDefault) return `The ${scope} default rule (${decision.rule.effect}) for ${describeTarget(decision.target)} decided: ${verdict}.`;
  const rule = decision.rule as Rule;
  return `The ${scope} rule "${rule.effect} ${SUBJECT_WORDS[rule.subject.kind]} ${rule.subject.id}" on ${describeTarget(decision.target)} decided: ${verdict}.`;
}

/** Adds or replaces (same target and subject) an explicit rule; returns the new set. */
export function withRule(set: RuleSet, rule: Rule): RuleSet {
  const target = normalizeTarget(rule.target);
  const rules = set.rules.filter((r) => !(sameTarget(r.target, target) && r.subject.kind === rule.subject.kind && r.subject.id === rule.subject.id));
  return { ...set, rules: [...rules, { effect: rule.effect, target, subject: { ...rule.subject } }] };
}

/** Removes the explicit rule about `target` for `subject`; `removed` says whether there was one. */
export function withoutRule(set: RuleSet, target: RuleTarget, subject: Rule['subject']): { set: RuleSet; removed: boolean } {
  const rules = set.rules.filter((r) => !(sameTarget(r.target, target) && r.subject.kind === subject.kind && r.subject.id === subject.id));
  return { set: { ...set, rules }, removed: rules.length !== set.rules.length };
}

/**
 * Removes every explicit rule about `target` whose subject has this id, whatever kind it was stored as (a
 * role, channel or server that is gone can still be named by its id); `removed` lists what went.
 */
export function withoutSubjectId(set: RuleSet, target: RuleTarget, id: string): { set: RuleSet; removed: Rule[] } {
  const removed = set.rules.filter((r) => sameTarget(r.target, target) && r.subject.id === id);
  return { set: removed.length === 0 ? set : { ...set, rules: set.rules.filter((r) => !removed.includes(r)) }, removed };
}

/** True when two rule sets hold the same rules and defaults (order does not matter to `decide`). */
export function sameRuleSet(a: RuleSet, b: RuleSet): boolean {
  const key = (t: RuleTarget) => { const n = normalizeTarget(t); return n.kind === 'cog' ? `cog:${n.name}` : `command:${n.path}`; };
  const canonical = (set: RuleSet) => JSON.stringify([
    set.rules.map((r) => [r.effect, key(r.target), r.subject.kind, r.subject.id].join('\u0000')).sort(),
    set.defaults.map((d) => [d.effect, key(d.target)].join('\u0000')).sort(),
  ]);
  return canonical(a) === canonical(b);
}

/** Sets (effect) or clears (null) the default rule of `target`. */
export function withDefault(set: RuleSet, target: RuleTarget, effect: Effect | null): RuleSet {
  const defaults = set.defaults.filter((d) => !sameTarget(d.target, target));
  if (effect !== null) defaults.push({ effect, target: normalizeTarget(target) });
  return { ...set, defaults };
}

/** An empty rule set. */
export function emptyRuleSet(): RuleSet {
  return { rules: [], defaults: [] };
}
