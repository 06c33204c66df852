/**
 * The project's folder is found alike from the sources and from the build: the supervisor starts its shard
 * processes through runtime/host/launch.mjs with runtime/shards/child.ts from it (a path taken from dist/
 * once pointed at dist/runtime/shards/child.ts, which does not exist), and `cogsmith proxy` from bin/.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../runtime/support/project-root.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('projectRoot', () => {
  it('GIVEN a folder of the sources or of the build WHEN asked THEN it is the folder with package.json, holding the launcher and the shard entry', () => {
    for (const from of [join(ROOT, 'runtime', 'shards'), join(ROOT, 'dist', 'runtime', 'shards')]) {
      const root = projectRoot(from);
      expect(root).toBe(ROOT);
      expect(existsSync(join(root, 'runtime', 'host', 'launch.mjs'))).toBe(true);
      expect(existsSync(join(root, 'runtime', 'shards', 'child.ts'))).toBe(true);
    }
  });

});
