import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { fixturesDir } from './helpers/project.js';

describe('committed fixture output', () => {
  it('GIVEN the basic fixture THEN its committed generated/ and handlers (pinned by the *.test-d.ts files) are current', async () => {
    // Check mode writes nothing, so running it on the fixture in place is safe. To refresh the fixture after a
    // generator change: cd tests/generator/fixtures/basic && ../../../../node_modules/.bin/vite-node ../../../../generator/cli.ts
    const result = await generate({ root: join(fixturesDir, 'basic'), check: true });
    expect(result.errors).toEqual([]);
    expect(result.stale).toEqual([]);
  });
});
