/**
 * The generator's checks of option types and modifiers: each mistake is reported at its place with a
 * clear message, and a correct manifest normalizes to the OptionSpec the runtime reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { generate } from '../../generator/generate.js';
import { buildOption } from '../../generator/model/options.js';
import { formatProblem } from '../../runtime/support/yaml-source.js';
import { tempProject, type TempProject } from '../generator/helpers/project.js';

let project: TempProject;
beforeAll(() => {
  project = tempProject();
});
afterAll(() => project.cleanup());

const HEAD = 'name: c\nidentifier: 1\ndescription: C.\ndataStatement: Keeps nothing.\n';

async function problemsOf(body: string): Promise<{ errors: string[]; warnings: string[] }> {
  rmSync(project.path('cogs'), { recursive: true, force: true });
  project.write('cogs/c/cog.yaml', HEAD + body);
  const result = await generate({ root: project.root });
  const show = (list: typeof result.errors) => list.map((e) => formatProblem(e).replace('cogs/c/cog.yaml:', ''));
  return { errors: show(result.errors), warnings: show(result.warnings).filter((w) => !w.includes('stub')) };
}

const one = (options: string, extra = '') => `${extra}commands:\n  - name: x\n    kind: hybrid\n    description: X.\n    options:\n${options}`;

describe('option checks', () => {
  it('GIVEN misused modifiers THEN each is reported where it is', async () => {
    const { errors } = await problemsOf(
      one(`      - { name: a, type: [string, member], description: A. }
      - { name: b, type: choice, description: B. }
      - { name: c, type: role, description: C., channelKinds: [text] }
      - { name: d, type: integer, description: D., units: [m] }
      - { name: e, type: duration, description: E., min: 5, max: 1x }
      - { name: f, type: duration, description: F., min: 2h, max: 1h }
      - { name: g, type: string, description: G., converter: nope }
      - { name: h, type: boolean, description: H., autocomplete: true }
      - { name: i, type: member, description: I., list: { min: 3, max: 2 } }
      - { name: j, type: [attachment, role], description: J. }
      - { name: k, type: attachment, description: K., list: true }
      - { name: l, type: [integer, string], description: L., min: 1 }
`),
    );
    expect(errors).toEqual([
      '10:26 `string` accepts any text, so in a union it must come last',
      '11:26 `choice` needs `choices`',
      '12:49 `channelKinds` applies to channel options',
      '13:52 `units` applies to duration options',
      '14:58 `min: 5` has no unit; write `5s`: durations in a manifest carry a unit',
      '14:66 `max` "1x" is not a duration: `x` is not a unit (ms, s, m, h, d, w, mo, y)',
      '15:67 `max` is below `min`',
      "16:62 converter `nope` is not declared in `converters` (declared: none)",
      '17:52 `autocomplete` applies to string, integer and number options',
      '18:72 `list.max` is below `list.min`',
      '19:26 `attachment` cannot be part of a union',
      '20:55 a slash option holds one attachment: declare several attachment options instead of a list',
      '21:62 `min` does not apply to a union',
    ]);
  });

  it('GIVEN a converter on a non-string option, autocomplete on a text command and with choices THEN refused', async () => {
    const body = `converters:
  - { name: colour, description: A colour., produces: Colour, from: ./colour.js }
  - { name: unused, description: Unused., produces: "{ a: 1 }", from: ./x.js }
commands:
  - name: x
    kind: text
    description: X.
    options:
      - { name: a, type: integer, description: A., converter: colour }
      - { name: b, type: string, description: B., autocomplete: true, choices: [p, q] }
      - { name: c, type: duration, description: C., required: false, default: 1h, units: [m] }
      - { name: d, type: string, description: D., list: true, rest: true, required: false }
`;
    const { errors, warnings } = await problemsOf(body);
    expect(errors).toEqual([
      '7:53 with `from`, `produces` is the name of a type that module exports',
      '13:26 an option with a `converter` has `type: string` (the converter receives the text)',
      '14:51 `autocomplete` applies to slash and hybrid commands',
      '14:51 `autocomplete` and `choices` do not go together (Discord refuses both)',
      '15:79 `default` "1h" uses hours, which `units` leaves out (m)',
      '16:63 `rest` and `list` do not go together: a list already takes the remaining words',
    ]);
    expect(warnings).toContainEqual(expect.stringMatching(/^7:\d+ converter `unused` is not used by any option/));
  });

  it('GIVEN defaults of the new types THEN they must parse', async () => {
    const { errors } = await problemsOf(
      one(`      - { name: a, type: duration, description: A., required: false, default: soon }
      - { name: b, type: snowflake, description: B., required: false, default: "12" }
      - { name: c, type: emoji, description: C., required: false, default: "🙂" }
`),
    );
    expect(errors).toEqual(['10:79 `default` "soon" is not a duration: use numbers with units, e.g. `1h30m`, `2 days` or `1w`', '11:80 default "12" does not match type `snowflake`']);
  });
});

describe('option model', () => {
  it('GIVEN a duration with text bounds and default THEN the spec holds milliseconds and the units', () => {
    expect(buildOption({ name: 'd', description: 'D.', type: 'duration', required: false, default: '1h30m', min: '1m', max: '7d', units: ['m', 'h', 'd'] })).toEqual({
      name: 'd',
      description: 'D.',
      type: 'duration',
      required: false,
      rest: false,
      default: 5_400_000,
      min: 60_000,
      max: 7 * 86_400_000,
      durationUnits: ['m', 'h', 'd'],
    });
  });
  it('GIVEN a union, a list and choice THEN type, union, list bounds and choices are normalized', () => {
    expect(buildOption({ name: 'w', description: 'W.', type: ['member', 'role'] })).toMatchObject({ type: 'member', union: ['member', 'role'] });
    expect(buildOption({ name: 'l', description: 'L.', type: 'integer', list: true }).list).toEqual({ min: 1, max: 25 });
    expect(buildOption({ name: 'l', description: 'L.', type: 'integer', list: { min: 2 } }).list).toEqual({ min: 2, max: 25 });
    expect(buildOption({ name: 'c', description: 'C.', type: 'choice', choices: ['a', { name: 'Bee', value: 'b' }] })).toMatchObject({
      type: 'string',
      choices: [{ name: 'a', value: 'a' }, { name: 'Bee', value: 'b' }],
    });
  });
});
