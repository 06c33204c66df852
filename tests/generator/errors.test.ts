import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { formatProblem } from '../../runtime/support/yaml-source.js';
import { tsManifest } from './helpers/one-cog.js';
import { repoRoot, snapshotTree, tempProject, type TempProject } from './helpers/project.js';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

describe('manifest errors', () => {
  it('GIVEN manifests with many errors WHEN generating THEN every error is reported at file:line:col and nothing is written', async () => {
    project = tempProject('invalid');
    const before = snapshotTree(project.root);

    const result = await generate({ root: project.root });

    expect(result.ok).toBe(false);
    expect(result.errors.map(formatProblem)).toEqual([
      'cogs/alpha/cog.yaml:1:1 missing required key `description`',
      'cogs/alpha/cog.yaml:2:13 must be an integer, got "seven"',
      'cogs/alpha/cog.yaml:3:1 unknown key `descripton`; did you mean `description`?',
      'cogs/alpha/cog.yaml:7:11 must be one of `text`, `slash`, `hybrid`, got "slsh"; did you mean `slash`?',
      'cogs/beta/cog.yaml:6:11 slash command name `Ping` is refused by Discord: use 1–32 lowercase letters, digits, `-` or `_`',
      'cogs/beta/cog.yaml:14:17 required option `second` comes after optional option `first`; required options go first',
      'cogs/beta/cog.yaml:47:9 `many` has 26 options; Discord allows at most 25',
      'cogs/beta/cog.yaml:50:39 default "!" does not match type `integer`',
      'cogs/beta/cog.yaml:51:5 config key `get` is reserved by the Config API (it would shadow `get()`); choose another name',
      'cogs/gamma/cog.yaml:2:13 identifier 5 is already used by cog `beta` (cogs/beta/cog.yaml:2:13); each cog needs its own',
      'cogs/gamma/cog.yaml:6:11 command `echo` is already declared by cog `beta` (cogs/beta/cog.yaml:15:11)',
    ]);
    expect(snapshotTree(project.root)).toEqual(before);
  });

  it('GIVEN a YAML syntax error WHEN generating THEN it is reported at its line and column', async () => {
    project = tempProject();
    project.write('cogs/broken/cog.yaml', 'name: broken\nidentifier: 1\ncommands:\n  - name: x\n   kind: text\n');

    const result = await generate({ root: project.root });

    expect(result.errors.map(formatProblem)).toEqual([
      expect.stringMatching(/^cogs\/broken\/cog\.yaml:5:\d+ YAML syntax error: /),
    ]);
    expect(result.written).toEqual([]);
  });

  it('GIVEN a duplicate YAML key WHEN generating THEN it is a syntax error at the second key', async () => {
    project = tempProject();
    project.write('cogs/dup/cog.yaml', 'name: dup\nidentifier: 1\nname: again\n');
    const result = await generate({ root: project.root });
    expect(result.errors.map(formatProblem)).toEqual(['cogs/dup/cog.yaml:3:1 YAML syntax error: Map keys must be unique']);
  });

  it('GIVEN a cog.ts manifest with a schema error WHEN generating THEN its position points into the object literal', async () => {
    project = tempProject();
    project.write('cogs/tsbad/cog.ts', tsManifest(["{ name: 'fine', kind: 'slash', description: 'Good.' }", "{ name: 'ok', kind: 'text', description: 'Fine.', hiden: true }"]));

    const result = await generate({ root: project.root });

    expect(result.errors.map(formatProblem)).toEqual(['cogs/tsbad/cog.ts:11:55 unknown key `hiden`; did you mean `hidden`?']);
  });

  it('GIVEN a cog.ts manifest with a generator-level error WHEN generating THEN its position points into the object literal', async () => {
    project = tempProject();
    project.write('cogs/tsbad/cog.ts', tsManifest(["{ name: 'Shout', kind: 'slash', description: 'Bad name.' }"]));

    const result = await generate({ root: project.root });

    expect(result.errors.map(formatProblem)).toEqual([
      'cogs/tsbad/cog.ts:10:13 slash command name `Shout` is refused by Discord: use 1–32 lowercase letters, digits, `-` or `_`',
    ]);
  });

  it('GIVEN manifest errors WHEN running the CLI THEN it prints file:line:col lines and exits 1', () => {
    project = tempProject('invalid');
    const run = spawnSync(join(repoRoot, 'node_modules', '.bin', 'vite-node'), [join(repoRoot, 'generator', 'cli.ts')], {
      cwd: project.root,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cogs/beta/cog.yaml:47:9 `many` has 26 options; Discord allows at most 25\n');
    expect(run.stderr).toContain('11 errors; nothing was written.');
  });
});
