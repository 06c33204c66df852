import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { generate } from '../../generator/generate.js';
import { registeredValue } from '../../generator/model/config.js';
import { formatProblem } from '../../runtime/support/yaml-source.js';
import { errorsOfCog, HEAD } from './helpers/one-cog.js';
import { tempProject, type TempProject } from './helpers/project.js';

let project: TempProject;
beforeAll(() => {
  project = tempProject();
});
afterAll(() => project.cleanup());

/** The errors of a one-cog project with this manifest body. */
const errorsOf = (body: string) => errorsOfCog(project, body);

describe('checks beyond the schema', () => {
  it('GIVEN slash commands nested three levels below the command THEN it is refused with the depth rule', async () => {
    const body = `commands:
  - name: a
    kind: slash
    description: A.
    subcommands:
      - name: b
        description: B.
        subcommands:
          - name: c
            description: C.
            subcommands:
              - { name: d, description: D. }
`;
    expect(await errorsOf(body)).toEqual([
      '16:25 `a b c d` is nested too deep for a slash command: Discord allows command → group → subcommand (two levels below the command)',
    ]);
  });

  it('GIVEN the same depth as a text command THEN it is accepted', async () => {
    const body = `commands:
  - name: a
    kind: text
    description: A.
    subcommands:
      - name: b
        description: B.
        subcommands:
          - name: c
            description: C.
            subcommands:
              - { name: d, description: D. }
`;
    expect(await errorsOf(body)).toEqual([]);
  });

  it('GIVEN option-level mistakes THEN each is reported where it is', async () => {
    const body = `commands:
  - name: x
    kind: hybrid
    description: X.
    options:
      - { name: a, type: integer, description: A., choices: [1, two] }
      - { name: b, type: boolean, description: B., min: 1, required: false }
      - { name: c, type: string, description: C., rest: true, required: false }
      - { name: d, type: string, description: D., default: hi }
      - { name: Bad, type: string, description: E., required: false }
`;
    expect(await errorsOf(body)).toEqual([
      '10:65 choice "two" does not match type `integer`',
      '11:52 `min` applies to integer, number and duration options',
      '12:51 `rest` applies to the last option only',
      '13:17 required option `d` comes after optional option `b`; required options go first',
      '13:51 option `d` has a default, so it is optional: add `required: false`',
      '14:17 option name `Bad` is refused by Discord: use 1–32 lowercase letters, digits, `-` or `_`',
    ]);
  });

  it('GIVEN handler keys that collide THEN the later command is refused', async () => {
    const body = `commands:
  - name: set-prefix
    kind: text
    description: A.
  - name: set
    kind: text
    description: B.
    subcommands:
      - { name: prefix, description: C. }
`;
    expect(await errorsOf(body)).toEqual(['13:17 `set prefix` and `set-prefix` both get the handler key `setPrefix`; rename one']);
  });

  it('GIVEN an unknown listener event THEN it suggests the nearest discord.js event', async () => {
    expect(await errorsOf('listeners:\n  - { event: guildMemberAd, handler: welcome }\n')).toEqual([
      '6:14 `guildMemberAd` is not a discord.js client event or a runtime event (`messageWithoutCommand`); did you mean `guildMemberAdd`?',
    ]);
  });

  it('GIVEN config defaults that do not match their types THEN each mismatch is reported at the default', async () => {
    const body = `config:
  guild:
    big: { type: snowflake, default: 123456789012345678 }
    wait: { type: duration, default: -5 }
    tags: { type: array, items: { type: string }, default: [a, 2] }
    owner: { type: object, fields: { id: { type: snowflake } }, default: { name: x } }
    list: { type: array, default: [] }
    nothing: { type: string, default: null }
  member:
    deep:
      set: { type: boolean, default: false }
`;
    expect(await errorsOf(body)).toEqual([
      '7:38 snowflake default 123456789012345680 must be a quoted string of digits (large numbers lose precision)',
      '8:38 `default` -5 is not a duration: write one with a unit, e.g. `30s`, `1h30m`, `500ms` or `2 days`',
      '9:64 default 2 does not match type `string`',
      '10:74 default is missing the field `id`',
      '10:76 default has `name`, which is not among the object\'s fields',
      '11:11 type `array` needs `items` (the type of its elements)',
      '12:39 default is null but the field is not `nullable: true`',
      '15:7 config key `set` is reserved by the Config API (it would shadow `set()`); choose another name',
    ]);
  });

  it('GIVEN integer and bigint defaults THEN an integer past 2^53−1 is refused with a hint, a bigint default is registered as decimal text', async () => {
    const body = `config:
  guild:
    huge: { type: integer, default: 9007199254740993 }
    half: { type: bigint, default: 12.5 }
    total: { type: bigint, default: "9223372036854775808" }
    small: { type: bigint, default: 7 }
`;
    expect(await errorsOf(body)).toEqual([
      '7:37 default 9007199254740992 does not match type `integer` (past 2^53−1 whole numbers lose precision; use type `bigint`)',
      '8:36 default 12.5 does not match type `bigint` (a whole number, as a bigint or decimal text)',
    ]);
    expect(registeredValue(7, { type: 'bigint' })).toBe('7');
    expect(registeredValue('9223372036854775808', { type: 'bigint' })).toBe('9223372036854775808');
  });

  it('GIVEN a manifest without a dataStatement, or an empty one THEN generation fails at its place and writes nothing', async () => {
    rmSync(project.path('cogs'), { recursive: true, force: true });
    project.write('cogs/c/cog.yaml', 'name: c\nidentifier: 1\ndescription: C.\n');
    const missing = await generate({ root: project.root });
    expect(missing.ok).toBe(false);
    expect(missing.written).toEqual([]);
    expect(missing.errors.map(formatProblem).join('\n')).toMatch(/^cogs\/c\/cog\.yaml:1:1 .*dataStatement/);
    project.write('cogs/c/cog.yaml', 'name: c\nidentifier: 1\ndescription: C.\ndataStatement: ""\n');
    const empty = await generate({ root: project.root });
    expect(empty.ok).toBe(false);
    expect(empty.errors.map(formatProblem).join('\n')).toMatch(/^cogs\/c\/cog\.yaml:4:16 /);
  });

  it('GIVEN a cog whose name differs from its folder THEN it is refused', async () => {
    rmSync(project.path('cogs'), { recursive: true, force: true });
    project.write('cogs/other/cog.yaml', HEAD);
    const result = await generate({ root: project.root });
    expect(result.errors.map(formatProblem)).toEqual(['cogs/other/cog.yaml:1:7 cog name `c` must equal its folder name `other`']);
  });

  it('GIVEN custom checks on a command THEN they are enforced, so no warning; a malformed one is an error at its place', async () => {
    rmSync(project.path('cogs'), { recursive: true, force: true });
    project.write('cogs/c/cog.yaml', `${HEAD}commands:\n  - { name: x, kind: text, description: X., checks: [y] }\n`);
    const result = await generate({ root: project.root });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    project.write('cogs/c/cog.yaml', `${HEAD}commands:\n  - { name: x, kind: text, description: X., checks: [{ anyy: [y] }] }\n`);
    const bad = await generate({ root: project.root });
    expect(bad.errors.map(formatProblem).join('\n')).toMatch(/cogs\/c\/cog\.yaml:6:\d+ /);
  });

  it('GIVEN a privilege on a command THEN it is enforced, so no warning; GIVEN an unknown level THEN an error', async () => {
    rmSync(project.path('cogs'), { recursive: true, force: true });
    project.write('cogs/c/cog.yaml', `${HEAD}commands:\n  - { name: x, kind: text, description: X., privilege: owner }\n`);
    const ok = await generate({ root: project.root });
    expect(ok.errors).toEqual([]);
    expect(ok.warnings).toEqual([]);
    project.write('cogs/c/cog.yaml', `${HEAD}commands:\n  - { name: x, kind: text, description: X., privilege: root }\n`);
    const bad = await generate({ root: project.root });
    expect(bad.errors.map(formatProblem).join('\n')).toMatch(/cogs\/c\/cog\.yaml:6:\d+ .*(mod|admin|guildOwner|owner)/);
  });
});

describe('cog folders', () => {
  it('GIVEN both cog.yaml and cog.ts THEN the cog is refused; GIVEN neither THEN the folder is skipped with a warning', async () => {
    rmSync(project.path('cogs'), { recursive: true, force: true });
    project.write('cogs/c/cog.yaml', HEAD);
    project.write('cogs/c/cog.ts', 'export default {};\n');
    project.write('cogs/shared/util.ts', 'export const x = 1;\n');
    const result = await generate({ root: project.root });
    expect(result.errors.map(formatProblem)).toEqual(['cogs/c/cog.ts:1:1 a cog has one manifest: remove cog.ts or cog.yaml']);
    expect(result.warnings.map(formatProblem)).toEqual(['cogs/shared:1:1 no cog.yaml or cog.ts here: the folder is not a cog and was skipped']);
  });
});

describe('config shape errors', () => {
  it('GIVEN a bare value where a config field belongs THEN the message says what was expected', async () => {
    expect(await errorsOf('config:\n  guild:\n    prefix: "!"\n')).toEqual([
      '7:13 must be an object, got "!" (expected a group of config entries, or a field such as `{ type: string, default: "" }`)',
    ]);
  });
});
