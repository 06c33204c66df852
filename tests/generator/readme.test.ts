import { describe, expect, it } from 'vitest';
import { dataStatements, manifestReference, withReference, withSection } from '../../generator/readme.js';
import { registry } from '../../generated/registry.js';
import { readFileSync } from 'node:fs';
import { cogManifestSchema } from '../../generator/schema.js';
import type { ConfigManifest } from '../../generator/manifest.js';
import { diffConfig } from '../../generator/migrations/diff.js';
import { buildSnapshot } from '../../generator/migrations/snapshot.js';

describe('README manifest reference', () => {
  it('GIVEN the schema THEN every property of every object definition has a row with its description', () => {
    const reference = manifestReference();
    const definitions = cogManifestSchema.definitions as unknown as Record<string, { properties?: Record<string, { description?: string }>; then?: { properties?: Record<string, { description?: string }> } }>;
    const all = [cogManifestSchema as unknown as { properties: Record<string, { description?: string }> }, ...Object.values(definitions).map((d) => d.then ?? d)];
    for (const node of all) {
      for (const [name, property] of Object.entries(node.properties ?? {})) {
        expect(reference).toContain(`| \`${name}\` |`);
        if (property.description) expect(reference).toContain(property.description.replace(/\|/g, '\\|'));
      }
    }
  });

  it('GIVEN a plain renamedFrom name THEN the reference says what the differ does: a sibling first, then a name at the scope root', () => {
    const int = { type: 'integer' as const, default: 0 };
    const diff = (v1: ConfigManifest, v2: ConfigManifest) => diffConfig(buildSnapshot({ name: 'c', identifier: 1, config: v1 }, 0), { name: 'c', identifier: 1, config: v2 }).steps;
    const guild = { scope: 'guild' };
    // A sibling wins over a name at the root; with no sibling of that name, the root's is taken.
    expect(diff({ guild: { count: int, stats: { count: int } } }, { guild: { count: int, stats: { total: { ...int, renamedFrom: 'count' } } } })).toEqual([{ kind: 'move', target: guild, from: ['stats', 'count'], to: ['stats', 'total'] }]);
    expect(diff({ guild: { rolls: int } }, { guild: { stats: { rolls: { ...int, renamedFrom: 'rolls' } } } })).toEqual([{ kind: 'move', target: guild, from: ['rolls'], to: ['stats', 'rolls'] }]);
    const reference = manifestReference().replace(/\s+/g, ' ');
    expect(reference).toContain('A plain name is looked up as a sibling first');
    expect(reference).toContain('then as a name at the scope root (so `renamedFrom: rolls` on `stats.rolls` moves the root field `rolls` into `stats`)');
  });

  it('GIVEN a README THEN only the text between the markers changes', () => {
    const readme = '# Title\n\nintro\n<!-- manifest-reference:start -->\nOLD-REFERENCE-TEXT\n<!-- manifest-reference:end -->\n\nrest\n';
    const updated = withReference(readme)!;
    expect(updated.startsWith('# Title\n\nintro\n<!-- manifest-reference:start -->\n## Manifest reference\n')).toBe(true);
    expect(updated.endsWith('\n<!-- manifest-reference:end -->\n\nrest\n')).toBe(true);
    expect(updated).not.toContain('OLD-REFERENCE-TEXT');
    expect(withReference(updated)).toBe(updated);
    expect(withReference('# no markers\n')).toBeUndefined();
  });

  it('GIVEN the cogs of this repository THEN the README lists every data statement, in name order, between its markers', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const specs = Object.values(registry).map((entry) => entry.spec);
    expect(specs.length).toBeGreaterThan(3);
    for (const spec of specs) expect(readme).toContain(`- **${spec.name}**: ${spec.dataStatement.trim().replace(/\s*\n\s*/g, ' ')}`);
    const list = dataStatements([{ name: 'zeta', dataStatement: 'Keeps\nnothing.' }, { name: 'alpha', dataStatement: 'Keeps ids.' }]);
    expect(list.split('\n').slice(2)).toEqual(['- **alpha**: Keeps ids.', '- **zeta**: Keeps nothing.']);
    const updated = withSection('a\n<!-- data-statements:start -->\nOLD\n<!-- data-statements:end -->\nb\n', 'data-statements', list)!;
    expect(updated).toBe(`a\n<!-- data-statements:start -->\n${list}\n<!-- data-statements:end -->\nb\n`);
    expect(withSection('no markers', 'data-statements', list)).toBeUndefined();
  });

  it('GIVEN a cog whose scheduled jobs name users THEN its entry says which jobs a data deletion removes', () => {
    const jobs = [
      { name: 'unban', description: '', userFields: ['userId', 'by.id'] },
      { name: 'expire', description: '', userFields: [] },
    ];
    const list = dataStatements([{ name: 'mod', dataStatement: 'Keeps bans.', jobs }, { name: 'quiet', dataStatement: 'Keeps nothing.', jobs: [jobs[1]!] }]);
    expect(list.split('\n').slice(2)).toEqual([
      "- **mod**: Keeps bans. *Scheduled jobs that name a user, removed when that user's data is deleted: `unban` (`userId`, `by.id`).*",
      '- **quiet**: Keeps nothing.',
    ]);
  });
});
