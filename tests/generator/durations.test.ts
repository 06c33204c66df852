/**
 * Durations in manifests (generator/model/duration.ts over runtime/support/duration.ts): written with a unit
 * everywhere, milliseconds in the spec. A bare number other than 0 is an error at its file:line:col with a
 * hint, so a manifest written when numbers meant seconds never silently changes meaning.
 */
import { rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import type { CogSpec } from '../../runtime/contract/spec.js';
import { formatProblem } from '../../runtime/support/yaml-source.js';
import { errorsOfCog } from './helpers/one-cog.js';
import { tempProject, type TempProject } from './helpers/project.js';

let project: TempProject;
beforeAll(() => {
  project = tempProject();
});
afterAll(() => project.cleanup());

const HINT = 'durations in a manifest carry a unit';

describe('bare numbers are refused where they stand, with the unit to write', () => {
  it('GIVEN a bare number in every place a cog.yaml takes a duration THEN each is an error at file:line:col with the hint', async () => {
    const body = `commands:
  - name: x
    kind: text
    description: X.
    cooldown: { rate: 1, per: 30 }
    options:
      - { name: d, type: duration, description: D., required: false, default: 90, min: 5, max: 3600 }
tasks:
  - { name: sweep, every: 600, stopTimeout: 10 }
config:
  guild:
    wait: { type: duration, default: 30 }
    waits: { type: array, items: { type: duration }, default: [30s, 45] }
    later: { type: object, fields: { after: { type: duration } }, default: { after: 2 } }
`;
    expect(await errorsOfCog(project, body, { withFile: true })).toEqual([
      `cogs/c/cog.yaml:9:31 \`per: 30\` has no unit; write \`30s\`: ${HINT}`,
      `cogs/c/cog.yaml:11:79 \`default: 90\` has no unit; write \`90s\`: ${HINT}`,
      `cogs/c/cog.yaml:11:88 \`min: 5\` has no unit; write \`5s\`: ${HINT}`,
      `cogs/c/cog.yaml:11:96 \`max: 3600\` has no unit; write \`3600s\`: ${HINT}`,
      `cogs/c/cog.yaml:13:27 \`every: 600\` has no unit; write \`600s\`: ${HINT}`,
      `cogs/c/cog.yaml:13:45 \`stopTimeout: 10\` has no unit; write \`10s\`: ${HINT}`,
      `cogs/c/cog.yaml:16:38 \`default: 30\` has no unit; write \`30s\`: ${HINT}`,
      `cogs/c/cog.yaml:17:69 \`default: 45\` has no unit; write \`45s\`: ${HINT}`,
      `cogs/c/cog.yaml:18:85 \`default: 2\` has no unit; write \`2s\`: ${HINT}`,
    ]);
  });

  it('GIVEN a bare number in a cog.ts manifest THEN the error points into the object literal', async () => {
    rmSync(project.path('cogs'), { recursive: true, force: true });
    project.write(
      'cogs/c/cog.ts',
      [
        "import { defineCog } from '../../generator/define.js';",
        '',
        'export default defineCog({',
        "  name: 'c',",
        '  identifier: 1,',
        "  description: 'C.',",
        "  dataStatement: 'Keeps nothing.',",
        "  tasks: [{ name: 'sweep', every: 600 }],",
        '});',
        '',
      ].join('\n'),
    );
    const result = await generate({ root: project.root });
    expect(result.errors.map(formatProblem)).toEqual([`cogs/c/cog.ts:8:35 \`every: 600\` has no unit; write \`600s\`: ${HINT}`]);
  });

  it('GIVEN text that is not a duration, or a negative number THEN the parser says what is wrong', async () => {
    const body = `tasks:
  - { name: sweep, every: 1h1h }
config:
  guild:
    wait: { type: duration, default: -5 }
    pause: { type: duration, default: 1 fortnight }
    tiny: { type: duration, default: 0.5ms }
`;
    expect(await errorsOfCog(project, body)).toEqual([
      '6:27 `every` "1h1h" is not a duration: hours are given twice',
      '9:38 `default` -5 is not a duration: write one with a unit, e.g. `30s`, `1h30m`, `500ms` or `2 days`',
      '10:39 `default` "1 fortnight" is not a duration: `fortnight` is not a unit (ms, s, m, h, d, w, mo, y)',
      '11:38 `default` "0.5ms" is not a duration: `0.5ms` is not a whole number of milliseconds',
    ]);
  });
});

describe('durations written with units become milliseconds in the spec', () => {
  it('GIVEN config defaults `"30s"`, `0`, and durations inside arrays and objects THEN the spec registers milliseconds', async () => {
    const spec = await specOf(`config:
  global:
    wait: { type: duration, default: "30s" }
    never: { type: duration, default: 0 }
    maybe: { type: duration, nullable: true, default: null }
  guild:
    steps: { type: array, items: { type: duration }, default: [1m, 1.5h, 0] }
    timer: { type: object, fields: { after: { type: duration }, label: { type: string } }, default: { after: 2 days, label: 2 days } }
commands:
  - name: x
    kind: text
    description: X.
    cooldown: { rate: 2, per: 1.5m }
    options:
      - { name: d, type: duration, description: D., required: false, default: 1h30m, min: 500ms, max: 1w }
tasks:
  - { name: sweep, every: 1.5h, stopTimeout: 2500ms }
`);
    expect(spec.config.global).toEqual({ wait: 30_000, never: 0, maybe: null });
    expect(spec.config.guild).toEqual({ steps: [60_000, 5_400_000, 0], timer: { after: 172_800_000, label: '2 days' } });
    const command = spec.commands[0]!;
    expect(command.cooldown).toEqual({ rate: 2, perMs: 90_000, bucket: 'user' });
    expect(command.options[0]).toMatchObject({ default: 5_400_000, min: 500, max: 604_800_000 });
    expect(spec.tasks).toEqual([{ name: 'sweep', description: '', everyMs: 5_400_000, atStart: false, stopTimeoutMs: 2_500 }]);
  });

  it('GIVEN a duration config field THEN its generated accessor says the value is milliseconds', async () => {
    await specOf('config:\n  guild:\n    wait: { type: duration, default: 30s, description: How long to wait. }\n');
    expect(project.read('generated/cogs/c/config.ts')).toContain('/** How long to wait. A duration in milliseconds. */\n  readonly wait: Value<number>;');
  });
});

// Each import gets its own URL: the module cache would otherwise serve an earlier test's file.
let imports = 0;
async function specOf(body: string): Promise<CogSpec> {
  expect(await errorsOfCog(project, body)).toEqual([]);
  const url = `${pathToFileURL(project.path('generated/cogs/c/spec.ts')).href}?v=${(imports += 1)}`;
  return ((await import(url)) as { spec: CogSpec }).spec;
}
