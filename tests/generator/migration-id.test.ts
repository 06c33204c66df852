/**
 * The migration id (runtime/migrations/id.ts), one function for the generator and the runtime: the first
 * 16 hex digits of the sha256 of the steps' canonical JSON (keys sorted at every depth, arrays in order).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { emitMigrationFile } from '../../generator/migrations/files.js';
import { stableJson } from '../../generator/migrations/snapshot.js';
import type { MigrationStep } from '../../runtime/contract/migrations.js';
import { canonicalJson, migrationId } from '../../runtime/migrations/id.js';

const steps: MigrationStep[] = [
  { kind: 'move', target: { scope: 'guild' }, from: ['count'], to: ['total'] },
  { kind: 'drop', target: { custom: 'tags' }, path: ['old'] },
];

describe('migration id', () => {
  it('GIVEN nested objects WHEN made canonical THEN keys are sorted at every depth, arrays keep their order, no spaces', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  });

  it('GIVEN steps WHEN hashed THEN the id is the first 16 hex digits of the sha256 of their canonical JSON, whatever the key order', () => {
    const text = '[{"from":["count"],"kind":"move","target":{"scope":"guild"},"to":["total"]},{"kind":"drop","path":["old"],"target":{"custom":"tags"}}]';
    expect(migrationId(steps)).toBe(createHash('sha256').update(text).digest('hex').slice(0, 16));
    const reordered = steps.map((step) => Object.fromEntries(Object.entries(step).reverse()) as MigrationStep);
    expect(migrationId(reordered)).toBe(migrationId(steps));
    expect(migrationId([steps[1]!, steps[0]!])).not.toBe(migrationId(steps));
  });

  it('GIVEN a migration file the generator writes THEN its id is migrationId of its steps', () => {
    const text = emitMigrationFile({ file: 'cogs/x/migrations/0001_a.ts', cog: 'x', number: 1, name: 'a', steps, changes: [], ups: [] });
    expect(text).toContain(`id: '${migrationId(steps)}',`);
  });

  it('GIVEN a value WHEN written as snapshot text THEN it is the canonical JSON indented by 2 with a trailing newline', () => {
    expect(stableJson({ b: 1, a: [2, 1] })).toBe('{\n  "a": [\n    2,\n    1\n  ],\n  "b": 1\n}\n');
  });
});
