/** `cooldown` and `maxConcurrency` in manifests: validated with positions, normalized into CommandSpec. */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { buildCommandSpecs } from '../../generator/model/commands.js';
import { formatProblem } from '../../runtime/support/yaml-source.js';
import { tempProject, type TempProject } from './helpers/project.js';

let project: TempProject;
beforeAll(() => {
  project = tempProject();
});
afterAll(() => project.cleanup());

const HEAD = 'name: c\nidentifier: 1\ndescription: C.\ndataStatement: Keeps nothing.\n';

async function generateBody(body: string) {
  rmSync(project.path('cogs'), { recursive: true, force: true });
  project.write('cogs/c/cog.yaml', HEAD + body);
  const result = await generate({ root: project.root });
  return { errors: result.errors.map((e) => formatProblem(e).replace('cogs/c/cog.yaml:', '')), warnings: result.warnings.map(formatProblem) };
}

describe('normalization into CommandSpec', () => {
  it('GIVEN a cooldown and a max concurrency THEN the spec has milliseconds and default buckets', () => {
    const [spec] = buildCommandSpecs([
      { name: 'daily', kind: 'hybrid', description: 'D.', cooldown: { rate: 2, per: '10s', bucket: 'guild' }, maxConcurrency: { limit: 1 } },
    ]);
    expect(spec!.cooldown).toEqual({ rate: 2, perMs: 10_000, bucket: 'guild' });
    expect(spec!.maxConcurrency).toEqual({ limit: 1, bucket: 'user', wait: false });
  });

  it('GIVEN no limits THEN the spec carries no limit fields (specs stay small)', () => {
    const [spec] = buildCommandSpecs([{ name: 'ping', kind: 'hybrid', description: 'P.' }]);
    expect('cooldown' in spec!).toBe(false);
    expect('maxConcurrency' in spec!).toBe(false);
  });

  it('GIVEN a subcommand with a cooldown THEN only that subcommand has it', () => {
    const [group] = buildCommandSpecs([
      { name: 'shop', kind: 'text', description: 'S.', subcommands: [{ name: 'buy', description: 'B.', cooldown: { rate: 1, per: '30s', bucket: 'member' } }, { name: 'list', description: 'L.' }] },
    ]);
    expect(group!.cooldown).toBeUndefined();
    expect(group!.subcommands[0]!.cooldown).toEqual({ rate: 1, perMs: 30_000, bucket: 'member' });
    expect(group!.subcommands[1]!.cooldown).toBeUndefined();
  });
});

describe('manifest validation', () => {
  it('GIVEN valid limits THEN generation succeeds without the old "not enforced" warning, and the spec file holds them', async () => {
    const { errors, warnings } = await generateBody(
      'commands:\n  - { name: x, kind: text, description: X., cooldown: { rate: 2, per: 1m, bucket: channel }, maxConcurrency: { limit: 1, bucket: guild, wait: true } }\n',
    );
    expect(errors).toEqual([]);
    expect(warnings.filter((w) => w.includes('cooldown'))).toEqual([]);
    const spec = project.read('generated/cogs/c/spec.ts');
    expect(spec).toContain("cooldown: { rate: 2, perMs: 60000, bucket: 'channel' }");
    expect(spec).toContain("maxConcurrency: { limit: 1, bucket: 'guild', wait: true }");
  });

  it('GIVEN a bad period THEN the error points at `per` and says what a duration looks like', async () => {
    const { errors } = await generateBody('commands:\n  - name: x\n    kind: text\n    description: X.\n    cooldown: { rate: 1, per: soon }\n');
    expect(errors).toEqual(['9:31 `per` "soon" is not a duration: use numbers with units, e.g. `1h30m`, `2 days` or `1w`']);
  });

  it('GIVEN an unknown bucket or a zero rate THEN the schema refuses it at its position', async () => {
    const { errors } = await generateBody('commands:\n  - name: x\n    kind: text\n    description: X.\n    cooldown: { rate: 0, per: 10s, bucket: planet }\n');
    expect(errors).toEqual(['9:23 must be at least 1, got number 0', '9:44 must be one of `user`, `member`, `guild`, `channel`, `category`, `role`, `global`, got "planet"']);
  });

  it('GIVEN a cooldown on a group without its own handler THEN it is refused: the limit belongs on the subcommands', async () => {
    const { errors } = await generateBody(
      'commands:\n  - name: g\n    kind: text\n    description: G.\n    cooldown: { rate: 1, per: 5s }\n    subcommands:\n      - { name: s, description: S. }\n',
    );
    expect(errors).toEqual([expect.stringMatching(/^9:5 `cooldown` applies to commands that run a handler; `g` is a group/)]);
  });
});
