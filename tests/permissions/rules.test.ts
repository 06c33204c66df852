/**
 * The rule model and its one precedence order (runtime/permissions/RULES.md), as a pure function, and the
 * YAML import/export with line-numbered errors.
 */
import { describe, expect, it } from 'vitest';
import { decide, emptyRuleSet, explainDecision, targetChain, withDefault, withoutRule, withRule, type Effect, type RuleFacts, type RuleSet, type RuleTarget, type SubjectKind } from '../../runtime/permissions/rules.js';
import { parseRulesYaml, rulesToYaml, RulesYamlError } from '../../runtime/permissions/rules-yaml.js';

const G = '100000000000000001';
const facts: RuleFacts = { userId: '200000000000000001', guildId: G, channelId: '300000000000000001', categoryId: '400000000000000001', roles: ['500000000000000002', '500000000000000001'] };
const cmd = { cog: 'fun', path: ['team', 'add'] };
const SUBJECT_ID: Record<SubjectKind, string> = { user: facts.userId, channel: facts.channelId!, category: facts.categoryId!, role: facts.roles[0]!, guild: G };
const TARGETS: RuleTarget[] = [{ kind: 'command', path: 'team add' }, { kind: 'command', path: 'team' }, { kind: 'cog', name: 'fun' }];

function set(...rules: [Effect, RuleTarget, SubjectKind][]): RuleSet {
  return rules.reduce((s, [effect, target, kind]) => withRule(s, { effect, target, subject: { kind, id: SUBJECT_ID[kind] } }), emptyRuleSet());
}

describe('decide: one precedence order', () => {
  it('GIVEN a command path THEN the targets run subcommand, group, cog', () => {
    expect(targetChain(cmd)).toEqual(TARGETS);
  });

  it('GIVEN no rules THEN nothing decides', () => {
    expect(decide(cmd, facts, emptyRuleSet(), emptyRuleSet())).toEqual({ decided: false });
    expect(explainDecision({ decided: false })).toMatch(/No permission rule applies/);
  });

  it('GIVEN every pair of (target, scope, subject) rules with opposite effects THEN the more specific target always wins, then global before guild, then subject order', () => {
    const kinds: SubjectKind[] = ['user', 'channel', 'category', 'role', 'guild'];
    type Slot = { t: number; scope: 'global' | 'guild'; k: number };
    const slots: Slot[] = [];
    for (let t = 0; t < 3; t++) for (const scope of ['global', 'guild'] as const) for (let k = 0; k < kinds.length; k++) slots.push({ t, scope, k });
    const rank = (s: Slot) => s.t * 100 + (s.scope === 'global' ? 0 : 10) + s.k;
    let cases = 0;
    for (const a of slots) {
      for (const b of slots) {
        if (a === b) continue;
        const g = emptyRuleSet();
        const l = emptyRuleSet();
        const add = (s: Slot, effect: Effect, into: { g: RuleSet; l: RuleSet }) => {
          const r = { effect, target: TARGETS[s.t]!, subject: { kind: kinds[s.k]!, id: SUBJECT_ID[kinds[s.k]!] } };
          if (s.scope === 'global') into.g = withRule(into.g, r);
          else into.l = withRule(into.l, r);
        };
        const sets = { g, l };
        add(a, 'allow', sets);
        add(b, 'deny', sets);
        const d = decide(cmd, facts, sets.g, sets.l);
        expect(d.decided && d.allowed).toBe(rank(a) < rank(b));
        cases++;
      }
    }
    expect(cases).toBe(870);
  });

  it('GIVEN a cog deny for a user and a command default allow THEN the command wins (issue #6395: command beats cog, always)', () => {
    const guild = withDefault(set(['deny', { kind: 'cog', name: 'fun' }, 'user']), { kind: 'command', path: 'team' }, 'allow');
    const d = decide(cmd, facts, emptyRuleSet(), guild);
    expect(d).toMatchObject({ decided: true, allowed: true, isDefault: true });
    expect(explainDecision(d)).toBe('The server default rule (allow) for command `team` decided: allowed.');
  });

  it('GIVEN defaults at both scopes THEN explicit rules of the same target come first, then the guild default, then the global default', () => {
    const target = TARGETS[0]!;
    const globalDefault = withDefault(emptyRuleSet(), target, 'deny');
    expect(decide(cmd, facts, globalDefault, emptyRuleSet())).toMatchObject({ allowed: false, scope: 'global', isDefault: true });
    expect(decide(cmd, facts, globalDefault, withDefault(emptyRuleSet(), target, 'allow'))).toMatchObject({ allowed: true, isDefault: true, scope: { guild: G } });
    expect(decide(cmd, facts, globalDefault, set(['allow', target, 'guild']))).toMatchObject({ allowed: true, isDefault: false });
  });

  it('GIVEN rules for two roles THEN the highest role decides', () => {
    let s = withRule(emptyRuleSet(), { effect: 'deny', target: TARGETS[2]!, subject: { kind: 'role', id: facts.roles[1]! } });
    s = withRule(s, { effect: 'allow', target: TARGETS[2]!, subject: { kind: 'role', id: facts.roles[0]! } });
    expect(decide(cmd, facts, undefined, s)).toMatchObject({ allowed: true });
    expect(decide(cmd, { ...facts, roles: [facts.roles[1]!] }, undefined, s)).toMatchObject({ allowed: false });
  });

  it('GIVEN a DM THEN guild rules are not consulted, global ones are', () => {
    const dm: RuleFacts = { userId: facts.userId, guildId: null, channelId: null, categoryId: null, roles: [] };
    expect(decide(cmd, dm, emptyRuleSet(), set(['deny', TARGETS[2]!, 'user']))).toEqual({ decided: false });
    expect(decide(cmd, dm, set(['deny', TARGETS[2]!, 'user']), undefined)).toMatchObject({ allowed: false, scope: 'global' });
  });

  it('GIVEN a rule set THEN adding the same slot replaces it and removing it reports whether it was there', () => {
    let s = set(['deny', { kind: 'command', path: 'Team  Add' }, 'user']);
    s = withRule(s, { effect: 'allow', target: { kind: 'command', path: 'team add' }, subject: { kind: 'user', id: facts.userId } });
    expect(s.rules).toHaveLength(1);
    expect(s.rules[0]!.effect).toBe('allow');
    expect(withoutRule(s, TARGETS[0]!, { kind: 'user', id: facts.userId }).removed).toBe(true);
    expect(withoutRule(s, TARGETS[1]!, { kind: 'user', id: facts.userId }).removed).toBe(false);
  });
});

describe('rules as YAML', () => {
  it('GIVEN a rule set WHEN exported and imported THEN it is the same', () => {
    const s = withDefault(set(['deny', TARGETS[0]!, 'role'], ['allow', TARGETS[2]!, 'user'], ['deny', TARGETS[1]!, 'guild']), TARGETS[1]!, 'allow');
    expect(parseRulesYaml('rules.yaml', rulesToYaml(s), G)).toEqual(s);
  });

  it('GIVEN bad entries THEN every problem is reported with its line, and nothing is returned', () => {
    const text = [
      'rules:', //                                                              1
      '  - { effect: allow, cog: fun, user: "200000000000000001" }', //        2 fine
      '  - { effect: maybe, cog: fun, user: "200000000000000001" }', //        3 bad effect
      '  - { effect: deny, cog: fun, command: roll, role: "500000000000000001" }', // 4 both targets
      '  - { effect: deny, command: roll, role: 12 }', //                      5 bad id
      'defaults:', //                                                          6
      '  - { effect: deny, cog: fun, user: "200000000000000001" }', //         7 subject on a default
      'extra: 1', //                                                           8
    ].join('\n');
    let error: RulesYamlError | undefined;
    try {
      parseRulesYaml('rules.yaml', text, G);
    } catch (e) {
      error = e as RulesYamlError;
    }
    expect(error).toBeInstanceOf(RulesYamlError);
    expect(error!.problems.map((p) => p.line)).toEqual([3, 4, 5, 7, 8]);
    expect(error!.message).toMatch(/rules\.yaml:3:\d+ `effect` must be `allow` or `deny`/);
    expect(error!.message).toMatch(/rules\.yaml:5:\d+ `role` must be a Discord id/);
  });

  it('GIVEN a server subject THEN a server set writes `everyone: true` and the global set `guild:`, and both read back; the server id as a role is everyone', () => {
    const s = set(['deny', TARGETS[0]!, 'guild']);
    expect(rulesToYaml(s)).toContain('everyone: true');
    expect(rulesToYaml(s, 'global')).toContain(`guild: "${G}"`);
    expect(parseRulesYaml('g.yaml', rulesToYaml(s, 'global'), null)).toEqual(s);
    expect(parseRulesYaml('s.yaml', `rules:\n  - { effect: deny, command: team add, role: "${G}" }`, G)).toEqual(s);
    expect(() => parseRulesYaml('s.yaml', 'rules:\n  - { effect: deny, command: roll, guild: "100000000000000009" }', G)).toThrow(/s\.yaml:2:\d+ `guild` in server rules can only be this server/);
  });

  it('GIVEN broken YAML or `everyone` at global scope THEN a clear error says where', () => {
    expect(() => parseRulesYaml('x.yaml', 'rules: [', G)).toThrow(/x\.yaml:1:\d+ YAML syntax error/);
    expect(() => parseRulesYaml('x.yaml', 'rules:\n  - { effect: deny, cog: fun, everyone: true }', null)).toThrow(/x\.yaml:2:\d+ `everyone` in global rules would mean everyone everywhere/);
  });
});
