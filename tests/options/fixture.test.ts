import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';

describe('optionkit fixture', () => {
  it('GIVEN the optionkit fixture THEN its committed generated/ (pinned by option-types.test-d.ts) is current', async () => {
    // Check mode writes nothing. To refresh after a generator change:
    // cd tests/options/fixture && ../../../node_modules/.bin/vite-node ../../../generator/cli.ts
    const result = await generate({ root: join(fileURLToPath(new URL('.', import.meta.url)), 'fixture'), check: true });
    expect(result.errors).toEqual([]);
    expect(result.stale).toEqual([]);
  });
});
