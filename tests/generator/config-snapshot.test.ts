import { describe, expect, it } from 'vitest';
import { buildSnapshot, parseSnapshot, stableJson } from '../../generator/migrations/snapshot.js';

describe('config snapshots', () => {
  it('GIVEN durations (also inside arrays and objects) THEN the snapshot holds registered values in ms, not the manifest text', () => {
    const snapshot = buildSnapshot(
      {
        name: 'timers',
        identifier: 3,
        config: {
          guild: {
            wait: { type: 'duration', default: '1m30s' },
            steps: { type: 'array', default: ['1s', '500ms'], items: { type: 'duration' } },
            window: { type: 'object', default: { span: '2h', label: 'x' }, fields: { span: { type: 'duration' }, label: { type: 'string' } } },
          },
        },
      },
      0,
    );
    const entries = snapshot.scopes.guild!.entries;
    expect(entries.wait).toEqual({ kind: 'field', type: 'duration', nullable: false, default: 90_000 });
    expect(entries.steps).toEqual({ kind: 'field', type: 'array', nullable: false, default: [1000, 500], items: { type: 'duration', nullable: false } });
    expect(entries.window).toEqual({
      kind: 'field',
      type: 'object',
      nullable: false,
      default: { span: 7_200_000, label: 'x' },
      fields: { span: { type: 'duration', nullable: false }, label: { type: 'string', nullable: false } },
    });
  });

  it('GIVEN scopes, nested groups and custom groups THEN every one is in the snapshot with its keys, and renamedFrom marks are not', () => {
    const snapshot = buildSnapshot(
      {
        name: 'shop',
        identifier: 7,
        config: {
          member: { stats: { renamedFrom: 'old', wins: { type: 'integer', default: 0, renamedFrom: 'w' } } },
          user: { note: { type: 'string', default: null, nullable: true, rewriteOldDefault: true } },
          custom: { TICKETS: { keys: ['guildId', 'ticketId'], renamedFrom: 'CASES', fields: { open: { type: 'boolean', default: true } } } },
        },
      },
      4,
    );
    expect(snapshot).toEqual({
      format: 1,
      cog: 'shop',
      identifier: 7,
      version: 4,
      scopes: {
        member: { kind: 'group', entries: { stats: { kind: 'group', entries: { wins: { kind: 'field', type: 'integer', nullable: false, default: 0 } } } } },
        user: { kind: 'group', entries: { note: { kind: 'field', type: 'string', nullable: true, default: null } } },
      },
      custom: { TICKETS: { keys: ['guildId', 'ticketId'], fields: { kind: 'group', entries: { open: { kind: 'field', type: 'boolean', nullable: false, default: true } } } } },
    });
  });

  it('GIVEN the same config written in another key order THEN the JSON text is identical: sorted keys, 2-space indent, trailing newline', () => {
    const a = buildSnapshot({ name: 'c', identifier: 1, config: { guild: { b: { type: 'integer', default: 1 }, a: { type: 'string', default: 'x' } } } }, 0);
    const b = buildSnapshot({ name: 'c', identifier: 1, config: { guild: { a: { type: 'string', default: 'x' }, b: { type: 'integer', default: 1 } } } }, 0);
    expect(stableJson(a)).toBe(stableJson(b));
    expect(stableJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{\n  "a": {\n    "c": null,\n    "d": [\n      2,\n      1\n    ]\n  },\n  "b": 1\n}\n');
  });

  it('GIVEN snapshot text THEN it parses back, and broken text says what is wrong', () => {
    const snapshot = buildSnapshot({ name: 'c', identifier: 1, config: { guild: { a: { type: 'integer', default: 1 } } } }, 2);
    expect(parseSnapshot(stableJson(snapshot))).toEqual(snapshot);
    expect(parseSnapshot('{ nope')).toEqual({ error: expect.stringContaining('is not JSON') });
    expect(parseSnapshot(JSON.stringify({ ...snapshot, format: 2 }))).toEqual({ error: 'has format 2; this generator reads format 1' });
    expect(parseSnapshot(JSON.stringify({ ...snapshot, scopes: { server: snapshot.scopes.guild } }))).toEqual({ error: '`scopes` has `server`, which is not a config scope' });
  });
});
