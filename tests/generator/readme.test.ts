import { describe, expect, it } from 'vitest';
import { manifestReference, withReference } from '../../generator/readme.js';
import { cogManifestSchema } from '../../generator/schema.js';

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

  it('GIVEN a README THEN only the text between the markers changes', () => {
    const readme = '# Title\n\nintro\n<!-- manifest-reference:start -->\nOLD-REFERENCE-TEXT\n<!-- manifest-reference:end -->\n\nrest\n';
    const updated = withReference(readme)!;
    expect(updated.startsWith('# Title\n\nintro\n<!-- manifest-reference:start -->\n## Manifest reference\n')).toBe(true);
    expect(updated.endsWith('\n<!-- manifest-reference:end -->\n\nrest\n')).toBe(true);
    expect(updated).not.toContain('OLD-REFERENCE-TEXT');
    expect(withReference(updated)).toBe(updated);
    expect(withReference('# no markers\n')).toBeUndefined();
  });
});
