/**
 * The config differ as a pure function: in-memory snapshot A (built from a v1 config) and manifest B (v2),
 * one case per change kind, with the steps each needs, plus the renames it refuses to guess.
 */
import { describe, expect, it } from 'vitest';
import type { MigrationStep } from '../../runtime/contract/migrations.js';
import type { ConfigManifest } from '../../generator/manifest.js';
import { diffConfig, type ConfigChangeKind } from '../../generator/migrations/diff.js';
import { buildSnapshot } from '../../generator/migrations/snapshot.js';

function diff(v1: ConfigManifest, v2: ConfigManifest, identifier = 1) {
  return diffConfig(buildSnapshot({ name: 'c', identifier: 1, config: v1 }, 0), { name: 'c', identifier, config: v2 });
}

const int = (value = 0) => ({ type: 'integer' as const, default: value });
const str = (value = '') => ({ type: 'string' as const, default: value });
const guild = { scope: 'guild' as const };

interface Case {
  name: string;
  v1: ConfigManifest;
  v2: ConfigManifest;
  kinds: ConfigChangeKind[];
  steps: MigrationStep[];
}

const cases: Case[] = [
  { name: 'a field added', v1: { guild: { a: int() } }, v2: { guild: { a: int(), b: str() } }, kinds: ['fieldAdded'], steps: [] },
  { name: 'a field removed', v1: { guild: { a: int(), b: str() } }, v2: { guild: { a: int() } }, kinds: ['fieldRemoved'], steps: [{ kind: 'drop', target: guild, path: ['b'] }] },
  {
    name: 'a field renamed',
    v1: { guild: { count: int() } },
    v2: { guild: { total: { ...int(), renamedFrom: 'count' } } },
    kinds: ['renamed'],
    steps: [{ kind: 'move', target: guild, from: ['count'], to: ['total'] }],
  },
  { name: 'a default changed (no rewrite)', v1: { guild: { a: int(1) } }, v2: { guild: { a: int(2) } }, kinds: ['defaultChanged'], steps: [] },
  {
    name: 'a duration default changed with rewriteOldDefault (registered values, ms)',
    v1: { guild: { wait: { type: 'duration', default: '30s' } } },
    v2: { guild: { wait: { type: 'duration', default: '1m', rewriteOldDefault: true } } },
    kinds: ['defaultChanged'],
    steps: [{ kind: 'rewriteDefault', target: guild, path: ['wait'], from: 30_000, to: 60_000 }],
  },
  {
    name: 'a type changed',
    v1: { guild: { settings: { count: str('0') } } },
    v2: { guild: { settings: { count: int() } } },
    kinds: ['typeChanged', 'defaultChanged'],
    steps: [{ kind: 'up', reason: 'cog c, guild settings.count: string → integer' }],
  },
  {
    name: 'a type changed inside items',
    v1: { member: { ids: { type: 'array', default: [], items: { type: 'string' } } } },
    v2: { member: { ids: { type: 'array', default: [], items: { type: 'integer' } } } },
    kinds: ['typeChanged'],
    steps: [{ kind: 'up', reason: 'cog c, member ids: array of string → array of integer' }],
  },
  {
    name: 'a type changed inside object fields (nullability of a field)',
    v1: { user: { at: { type: 'object', default: { x: 1 }, fields: { x: { type: 'integer' } } } } },
    v2: { user: { at: { type: 'object', default: { x: 1 }, fields: { x: { type: 'integer', nullable: true } } } } },
    kinds: ['typeChanged'],
    steps: [{ kind: 'up', reason: 'cog c, user at: object { x: integer } → object { x: integer | null }' }],
  },
  {
    name: 'a field that became a group',
    v1: { guild: { limit: int() } },
    v2: { guild: { limit: { max: int() } } },
    kinds: ['typeChanged', 'fieldAdded'],
    steps: [{ kind: 'up', reason: 'cog c, guild limit: integer → a group' }],
  },
  {
    name: 'nullable became non-nullable',
    v1: { guild: { channel: { type: 'snowflake', default: null, nullable: true } } },
    v2: { guild: { channel: { type: 'snowflake', default: '1' } } },
    kinds: ['nullabilityChanged', 'defaultChanged'],
    steps: [{ kind: 'replaceNull', target: guild, path: ['channel'], to: '1' }],
  },
  {
    name: 'non-nullable became nullable',
    v1: { guild: { a: int() } },
    v2: { guild: { a: { ...int(), nullable: true } } },
    kinds: ['nullabilityChanged'],
    steps: [],
  },
  {
    name: 'a field moved into a group (dotted renamedFrom from the scope root)',
    v1: { guild: { count: int(), stats: { wins: int() } } },
    v2: { guild: { stats: { wins: int(), count: { ...int(), renamedFrom: 'count' } } } },
    kinds: ['moved'],
    steps: [{ kind: 'move', target: guild, from: ['count'], to: ['stats', 'count'] }],
  },
  {
    name: 'a field moved between groups by a dotted path',
    v1: { member: { a: { x: int() }, b: { y: int() } } },
    v2: { member: { a: { y: { ...int(), renamedFrom: 'b.y' } }, b: { z: str() } } },
    kinds: ['moved', 'fieldAdded', 'fieldRemoved'],
    steps: [
      { kind: 'drop', target: { scope: 'member' }, path: ['a', 'x'] },
      { kind: 'move', target: { scope: 'member' }, from: ['b', 'y'], to: ['a', 'y'] },
    ],
  },
  {
    name: 'a nested group renamed, with a field renamed inside it',
    v1: { guild: { settings: { count: int(), prefix: str('!') } } },
    v2: { guild: { options: { renamedFrom: 'settings', total: { ...int(), renamedFrom: 'count' }, prefix: str('!') } } },
    kinds: ['renamed', 'renamed'],
    steps: [
      { kind: 'move', target: guild, from: ['settings'], to: ['options'] },
      { kind: 'move', target: guild, from: ['options', 'count'], to: ['options', 'total'] },
    ],
  },
  {
    name: 'a group removed after a field moved out of it',
    v1: { guild: { old: { keep: int(), lose: str() } } },
    v2: { guild: { keep: { ...int(), renamedFrom: 'old.keep' } } },
    kinds: ['moved', 'groupRemoved'],
    steps: [
      { kind: 'move', target: guild, from: ['old', 'keep'], to: ['keep'] },
      { kind: 'drop', target: guild, path: ['old'] },
    ],
  },
  {
    name: 'a name reused: the old field is dropped before the renamed one moves onto it',
    v1: { guild: { total: int(), count: int() } },
    v2: { guild: { count: { ...int(), renamedFrom: 'total' } } },
    kinds: ['renamed', 'fieldRemoved'],
    steps: [
      { kind: 'drop', target: guild, path: ['count'] },
      { kind: 'move', target: guild, from: ['total'], to: ['count'] },
    ],
  },
  {
    name: 'a custom group added',
    v1: {},
    v2: { custom: { TICKETS: { keys: ['id'], fields: { open: { type: 'boolean', default: true } } } } },
    kinds: ['customAdded', 'fieldAdded'],
    steps: [],
  },
  {
    name: 'a custom group removed',
    v1: { custom: { TICKETS: { keys: ['id'], fields: { open: { type: 'boolean', default: true } } } } },
    v2: {},
    kinds: ['customRemoved'],
    steps: [{ kind: 'dropTarget', target: { custom: 'TICKETS' } }],
  },
  {
    name: 'a custom group renamed, a field inside renamed too',
    v1: { custom: { TICKETS: { keys: ['id'], fields: { open: { type: 'boolean', default: true } } } } },
    v2: { custom: { CASES: { keys: ['id'], renamedFrom: 'TICKETS', fields: { active: { type: 'boolean', default: true, renamedFrom: 'open' } } } } },
    kinds: ['customRenamed', 'renamed'],
    steps: [
      { kind: 'renameCustom', from: 'TICKETS', to: 'CASES' },
      { kind: 'move', target: { custom: 'CASES' }, from: ['open'], to: ['active'] },
    ],
  },
  {
    name: 'a custom group renamed onto the name of a removed one: the old documents are dropped first',
    v1: { custom: { OLD: { keys: ['id'], fields: { a: int() } }, X: { keys: ['id'], fields: { a: int() } } } },
    v2: { custom: { X: { keys: ['id'], renamedFrom: 'OLD', fields: { a: int() } } } },
    kinds: ['customRenamed', 'customRemoved'],
    steps: [
      { kind: 'dropTarget', target: { custom: 'X' } },
      { kind: 'renameCustom', from: 'OLD', to: 'X' },
    ],
  },
  {
    name: "a custom group's key count changed",
    v1: { custom: { TICKETS: { keys: ['guildId'], fields: { open: { type: 'boolean', default: true } } } } },
    v2: { custom: { TICKETS: { keys: ['guildId', 'ticketId'], fields: { open: { type: 'boolean', default: true } } } } },
    kinds: ['customKeysChanged'],
    steps: [{ kind: 'up', reason: 'cog c, custom group TICKETS: 1 primary key (guildId) → 2 (guildId, ticketId)' }],
  },
  {
    name: "a custom group's keys renamed, count kept (keys are positional)",
    v1: { custom: { T: { keys: ['a'], fields: { open: { type: 'boolean', default: true } } } } },
    v2: { custom: { T: { keys: ['b'], fields: { open: { type: 'boolean', default: true } } } } },
    kinds: ['customKeysChanged'],
    steps: [],
  },
  { name: 'a scope removed', v1: { guild: { a: int() }, user: { b: int() } }, v2: { guild: { a: int() } }, kinds: ['scopeRemoved'], steps: [{ kind: 'dropTarget', target: { scope: 'user' } }] },
  { name: 'a scope added', v1: {}, v2: { channel: { a: int() } }, kinds: ['scopeAdded', 'fieldAdded'], steps: [] },
  {
    name: 'renamedFrom: null (a new field beside a removed one of the same type)',
    v1: { guild: { count: int() } },
    v2: { guild: { total: { ...int(), renamedFrom: null } } },
    kinds: ['fieldAdded', 'fieldRemoved'],
    steps: [{ kind: 'drop', target: guild, path: ['count'] }],
  },
  { name: 'nothing changed', v1: { guild: { a: int(), g: { b: str('x') } } }, v2: { guild: { g: { b: str('x') }, a: int() } }, kinds: [], steps: [] },
];

describe('diffConfig: one case per change kind', () => {
  it.each(cases)('GIVEN $name WHEN diffing THEN the changes and steps are as expected', ({ v1, v2, kinds, steps }) => {
    const result = diff(v1, v2);
    expect(result.errors).toEqual([]);
    expect(result.changes.map((c) => c.kind)).toEqual(kinds);
    expect(result.steps).toEqual(steps);
    expect(result.next).toEqual(buildSnapshot({ name: 'c', identifier: 1, config: v2 }, 0));
  });

  it('GIVEN only changes that leave stored data valid THEN no change migrates', () => {
    const result = diff({ guild: { a: int(1), b: int() } }, { guild: { a: int(2), b: { ...int(), nullable: true }, c: str() }, user: { d: int() } });
    expect(result.changes.map((c) => [c.kind, c.migrates])).toEqual([
      ['defaultChanged', false],
      ['nullabilityChanged', false],
      ['fieldAdded', false],
      ['scopeAdded', false],
      ['fieldAdded', false],
    ]);
    expect(result.steps).toEqual([]);
  });

  it('GIVEN dropped targets, a renamed custom group, field steps and a type change THEN steps run targets first and every up last', () => {
    const result = diff(
      { guild: { a: str(), b: int() }, user: { x: int() }, custom: { OLD: { keys: ['id'], fields: { f: int() } }, GONE: { keys: ['id'], fields: { f: int() } } } },
      { guild: { a: int(), c: { ...int(), renamedFrom: 'b' } }, custom: { NEW: { keys: ['id'], renamedFrom: 'OLD', fields: { f: int() } } } },
    );
    expect(result.steps.map((s) => s.kind)).toEqual(['dropTarget', 'dropTarget', 'renameCustom', 'move', 'up']);
    expect(result.ups).toEqual([{ target: guild, path: ['a'], reason: 'cog c, guild a: string → integer' }]);
  });

  it('GIVEN a new identifier THEN it is a change that migrates nothing, with a warning', () => {
    const result = diff({ guild: { a: int() } }, { guild: { a: int() } }, 2);
    expect(result.changes.map((c) => c.kind)).toEqual(['identifierChanged']);
    expect(result.steps).toEqual([]);
    expect(result.warnings[0]!.message).toContain('the identifier changed from 1 (in the snapshot) to 2');
  });
});

describe('diffConfig: renames are never guessed', () => {
  it('GIVEN a removed field and an added field of the same type without renamedFrom THEN an error hints at renamedFrom and there are no steps', () => {
    const result = diff({ guild: { count: int(), name: str() } }, { guild: { total: int(), name: str() } });
    expect(result.errors).toEqual([
      {
        path: ['config', 'guild', 'total'],
        key: true,
        message: '`total` is new and `count` (integer) was removed from guild: did you mean `renamedFrom: count`? (write `renamedFrom: null` if it is a new field; nothing was written)',
      },
    ]);
    expect(result.steps).toEqual([]);
  });

  it('GIVEN the pair in different groups THEN the hint names the dotted path from the scope root', () => {
    const result = diff({ member: { stats: { wins: int() } } }, { member: { stats: { losses: str() }, wins: int() } });
    expect(result.errors.map((e) => e.message)).toEqual([
      '`wins` is new and `stats.wins` (integer) was removed from member: did you mean `renamedFrom: stats.wins`? (write `renamedFrom: null` if it is a new field; nothing was written)',
    ]);
    expect(result.errors[0]!.path).toEqual(['config', 'member', 'wins']);
    expect(result.steps).toEqual([]);
  });

  it('GIVEN the pair inside a custom group THEN the hint points into its fields', () => {
    const result = diff({ custom: { T: { keys: ['id'], fields: { a: str() } } } }, { custom: { T: { keys: ['id'], fields: { b: str() } } } });
    expect(result.errors.map((e) => e.path)).toEqual([['config', 'custom', 'T', 'fields', 'b']]);
    expect(result.errors[0]!.message).toContain('did you mean `renamedFrom: a`?');
  });

  it('GIVEN a removed and an added field of different types THEN it is a drop and an add, not an error', () => {
    const result = diff({ guild: { count: int() } }, { guild: { label: str() } });
    expect(result.errors).toEqual([]);
    expect(result.steps).toEqual([{ kind: 'drop', target: guild, path: ['count'] }]);
  });

  it('GIVEN a custom group renamed without renamedFrom (same keys and fields) THEN an error asks for renamedFrom and nothing is dropped', () => {
    const result = diff({ custom: { TAGS: { keys: ['id'], fields: { a: int() } } } }, { custom: { TAG: { keys: ['id'], fields: { a: int() } } } });
    expect(result.errors).toEqual([
      {
        path: ['config', 'custom', 'TAG'],
        key: true,
        message: 'custom group `TAG` is new and `TAGS` (1 key) was removed: did you mean `renamedFrom: TAGS`? (write `renamedFrom: null` if it is a new group; nothing was written)',
      },
    ]);
    expect(result.steps).toEqual([]);
  });

  it('GIVEN a new custom group with renamedFrom: null beside a removed one THEN the old group is dropped, no error', () => {
    const result = diff({ custom: { OLD: { keys: ['id'], fields: { a: int() } } } }, { custom: { NEW: { keys: ['id'], fields: { a: int() }, renamedFrom: null } } });
    expect(result.errors).toEqual([]);
    expect(result.steps).toEqual([{ kind: 'dropTarget', target: { custom: 'OLD' } }]);
    expect(result.changes.map((c) => c.kind)).toEqual(expect.arrayContaining(['customAdded', 'customRemoved']));
  });

  it('GIVEN a renamedFrom the snapshot no longer has (already migrated) THEN it is ignored with a warning that it can be removed', () => {
    const result = diff({ guild: { total: int() } }, { guild: { total: { ...int(), renamedFrom: 'count' } } });
    expect(result.errors).toEqual([]);
    expect(result.changes).toEqual([]);
    expect(result.steps).toEqual([]);
    expect(result.warnings).toEqual([{ path: ['config', 'guild', 'total', 'renamedFrom'], message: 'renamedFrom `count`: the snapshot has nothing there (already migrated); this renamedFrom can be removed' }]);
  });

  it('GIVEN a renamedFrom naming nothing while only a field of another type was removed THEN it is still the already-migrated warning', () => {
    const result = diff({ guild: { total: int(), label: str() } }, { guild: { total: int(), name: { ...int(), renamedFrom: 'lable' } } });
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.message)).toEqual(['renamedFrom `lable`: the snapshot has nothing there (already migrated); this renamedFrom can be removed']);
  });

  it('GIVEN a renamedFrom with a typo beside a removed field of the same type THEN an error with a did-you-mean at the renamedFrom, and no drop', () => {
    const result = diff({ guild: { rolls: int() } }, { guild: { counters: { rolls: { ...int(), renamedFrom: 'rols' } } } });
    expect(result.warnings).toEqual([]);
    expect(result.errors).toEqual([
      { path: ['config', 'guild', 'counters', 'rolls', 'renamedFrom'], message: '`renamedFrom: rols` names nothing in the snapshot; did you mean `renamedFrom: rolls`? Nothing was written.' },
    ]);
    expect(result.steps).toEqual([]);
  });

  it('GIVEN a renamedFrom naming nothing and no close name, beside a removed field of the same type THEN an error names the removed field', () => {
    const result = diff({ guild: { settings: { count: int() } } }, { guild: { settings: { total: { ...int(), renamedFrom: 'xyz' } } } });
    expect(result.errors.map((e) => e.message)).toEqual([
      '`renamedFrom: xyz` names nothing in the snapshot; `settings.count` (integer) in guild was removed: did you mean `renamedFrom: count`? (write `renamedFrom: null` if the field is new) Nothing was written.',
    ]);
    expect(result.steps).toEqual([]);
  });

  it('GIVEN a renamedFrom left from a migration that ran, while another field of its type is removed THEN the error says to remove it', () => {
    const result = diff({ guild: { total: int(), spare: int() } }, { guild: { total: { ...int(), renamedFrom: 'count' } } });
    expect(result.errors.map((e) => e.message)).toEqual([
      '`renamedFrom: count` names nothing in the snapshot; `spare` (integer) in guild was removed: did you mean `renamedFrom: spare`? (remove this renamedFrom if `count` was migrated already) Nothing was written.',
    ]);
  });

  it('GIVEN a custom group renamedFrom with a typo beside a removed group with as many keys THEN an error with a did-you-mean', () => {
    const result = diff({ custom: { TAGS: { keys: ['id'], fields: { a: int() } } } }, { custom: { TAG: { keys: ['id'], fields: { a: int() }, renamedFrom: 'TAGZ' } } });
    expect(result.errors).toEqual([{ path: ['config', 'custom', 'TAG', 'renamedFrom'], message: '`renamedFrom: TAGZ` names nothing in the snapshot; did you mean `renamedFrom: TAGS`? Nothing was written.' }]);
    expect(result.steps).toEqual([]);
  });

  it('GIVEN a custom group renamedFrom the snapshot no longer has and no group removed THEN the already-migrated warning', () => {
    const result = diff({ custom: { TAG: { keys: ['id'], fields: { a: int() } } } }, { custom: { TAG: { keys: ['id'], fields: { a: int() }, renamedFrom: 'TAGS' } } });
    expect(result.errors).toEqual([]);
    expect(result.warnings.map((w) => w.message)).toEqual(['renamedFrom `TAGS`: the snapshot has no custom group `TAGS` (already migrated); this renamedFrom can be removed']);
  });

  it('GIVEN a renamedFrom naming a field the manifest still declares THEN it is an error', () => {
    const result = diff({ guild: { a: int(), b: int() } }, { guild: { a: { ...int(), renamedFrom: 'b' }, b: { ...int(), renamedFrom: 'a' } } });
    expect(result.errors.map((e) => e.message)).toEqual([
      'renamedFrom `b`: the manifest still declares `b` (a renamed field leaves its old name; a swap takes two migrations)',
      'renamedFrom `a`: the manifest still declares `a` (a renamed field leaves its old name; a swap takes two migrations)',
    ]);
    expect(result.steps).toEqual([]);
  });

  it('GIVEN two fields renamed from one THEN the second is an error', () => {
    const result = diff({ guild: { a: int() } }, { guild: { b: { ...int(), renamedFrom: 'a' }, c: { ...int(), renamedFrom: 'a' } } });
    expect(result.errors.map((e) => e.message)).toEqual(['renamedFrom `a`: `b` is renamed from `a` too']);
  });

  it('GIVEN renamedFrom on a scope THEN it is an error (data does not move between scopes)', () => {
    const result = diff({ guild: { a: int() } }, { guild: { renamedFrom: 'user', a: int() } });
    expect(result.errors.map((e) => e.path)).toEqual([['config', 'guild', 'renamedFrom']]);
  });
});
