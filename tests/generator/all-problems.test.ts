/** `generate` reports every problem of a run at once: the schema pass and the checks of meaning together. */
import { Ajv } from 'ajv';
import { afterEach, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { manifestValidator } from '../../generator/load.js';
import { cogManifestSchema } from '../../generator/schema.js';
import { wellFormedPart } from '../../generator/well-formed.js';
import { formatProblem } from '../../runtime/support/yaml-source.js';
import { tsManifest } from './helpers/one-cog.js';
import { snapshotTree, tempProject, type TempProject } from './helpers/project.js';

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

const errorsOf = async (files: Record<string, string>) => {
  project = tempProject();
  for (const [path, text] of Object.entries(files)) project.write(path, text);
  const before = snapshotTree(project.root);
  const result = await generate({ root: project.root });
  expect(result.ok).toBe(false);
  expect(snapshotTree(project.root)).toEqual(before);
  return result.errors.map(formatProblem);
};

const COG = `name: c
identifier: 1
description: C.
dataStatement: Keeps nothing.
commands:
  - name: broken
    kind: slsh
    description: A schema error in the first command.
  - name: ping
    kind: text
    description: Pong.
    cooldown: { rate: 0, per: 10s }
  - name: echo
    kind: text
    description: Echo.
    options:
      - { name: first, type: string, description: F., required: false }
      - { name: second, type: string, description: S. }
  - name: ping
    kind: text
    description: Again.
`;

describe('every problem at once', () => {
  it('GIVEN a manifest with schema errors, a command declared twice and a required option after an optional one THEN all are reported, each at file:line:col', async () => {
    expect(await errorsOf({ 'cogs/c/cog.yaml': COG })).toEqual([
      'cogs/c/cog.yaml:7:11 must be one of `text`, `slash`, `hybrid`, got "slsh"; did you mean `slash`?',
      'cogs/c/cog.yaml:12:23 must be at least 1, got number 0',
      'cogs/c/cog.yaml:18:17 required option `second` comes after optional option `first`; required options go first',
      'cogs/c/cog.yaml:19:11 `ping` is declared twice in this cog',
      'cogs/c/cog.yaml:19:11 `ping` and `ping` both get the handler key `ping`; rename one',
    ]);
  });

  it('GIVEN a top-level key the schema requires that is wrong THEN the checks of meaning still run on the rest', async () => {
    const body = COG.replace('identifier: 1', 'identifier: seven').replace('name: c\n', '');
    expect(await errorsOf({ 'cogs/c/cog.yaml': body })).toEqual([
      'cogs/c/cog.yaml:1:1 missing required key `name`',
      'cogs/c/cog.yaml:1:13 must be an integer, got "seven"',
      'cogs/c/cog.yaml:6:11 must be one of `text`, `slash`, `hybrid`, got "slsh"; did you mean `slash`?',
      'cogs/c/cog.yaml:11:23 must be at least 1, got number 0',
      'cogs/c/cog.yaml:17:17 required option `second` comes after optional option `first`; required options go first',
      'cogs/c/cog.yaml:18:11 `ping` is declared twice in this cog',
      'cogs/c/cog.yaml:18:11 `ping` and `ping` both get the handler key `ping`; rename one',
    ]);
  });

  it('GIVEN a cog with a schema error THEN the other cogs still see it: its identifier, its commands and its name for dependsOn', async () => {
    const alpha = 'name: alpha\nidentifier: 5\ndescription: A.\ndataStatement: x\nhidden: true\ncommands:\n  - { name: echo, kind: text, description: E. }\n';
    const beta = 'name: beta\nidentifier: 5\ndescription: B.\ndataStatement: x\ndependsOn: [alpha]\ncommands:\n  - { name: echo, kind: text, description: E. }\n';
    expect(await errorsOf({ 'cogs/alpha/cog.yaml': alpha, 'cogs/beta/cog.yaml': beta })).toEqual([
      'cogs/alpha/cog.yaml:5:1 unknown key `hidden`',
      'cogs/beta/cog.yaml:2:13 identifier 5 is already used by cog `alpha` (cogs/alpha/cog.yaml:2:13); each cog needs its own',
      'cogs/beta/cog.yaml:7:13 command `echo` is already declared by cog `alpha` (cogs/alpha/cog.yaml:7:13)',
    ]);
  });

  it('GIVEN a cog.ts manifest with a schema error and a duplicate command THEN both point into the object literal', async () => {
    const ts = tsManifest(["{ name: 'bad', kind: 'slsh', description: 'Bad.' }", "{ name: 'a', kind: 'text', description: 'A.' }", "{ name: 'a', kind: 'text', description: 'A again.' }"]);
    expect(await errorsOf({ 'cogs/tsbad/cog.ts': ts })).toEqual([
      'cogs/tsbad/cog.ts:10:26 must be one of `text`, `slash`, `hybrid`, got "slsh"; did you mean `slash`?',
      'cogs/tsbad/cog.ts:12:13 `a` is declared twice in this cog',
      'cogs/tsbad/cog.ts:12:13 `a` and `a` both get the handler key `a`; rename one',
    ]);
  });

  it('GIVEN malformed manifests of every kind THEN generate reports them and never throws', async () => {
    const bodies = [
      '[1, 2]',
      '"just text"',
      'name: c\nidentifier: 1\n',
      'commands: 5\nconfig: []\nuserData: { scopes: [guild], custom: [{ group: nope }] }\n',
      'name: c\nidentifier: 1\ndescription: C.\ndataStatement: x\ncommands: [{ name: a, kind: text, description: A., subcommands: [{ name: b }], options: [{ name: o, type: [member, 5], description: O. }] }]\n',
      'name: c\nidentifier: 1\ndescription: C.\ndataStatement: x\nconfig: { guild: { a: { type: array, default: [], items: { type: 5 } }, b: {}, c: { renamedFrom: 5 } }, custom: { bad: {}, OK: { keys: [], fields: {} } } }\nuserData: { scopes: [member], custom: [{ group: OK, userKey: x }] }\n',
      'name: c\nidentifier: 1\ndescription: C.\ndataStatement: x\njobs: [{ name: j, payload: { 1x: { type: string } }, userFields: [nope] }]\ntasks: [{ name: t, every: 5 }, { every: 1s }]\nlisteners: [{ event: 5, handler: h }]\nconverters: [{ name: c, description: C. }]\n',
    ];
    for (const body of bodies) {
      const errors = await errorsOf({ 'cogs/c/cog.yaml': body });
      expect(errors.length, body).toBeGreaterThan(0);
      for (const error of errors) expect(error, body).toMatch(/^cogs\/c\/cog\.yaml:\d+:\d+ \S/);
    }
  });
});

describe('the well-formed part of a manifest', () => {
  const validate = manifestValidator();
  const base = { name: 'c', identifier: 1, description: 'C.', dataStatement: 'x' };

  it('GIVEN a bad item in a list THEN the item is left out and later paths map back to their own place', () => {
    const manifest = { ...base, commands: [{ name: 'a', kind: 'text', description: 'A.' }, { name: 'b', kind: 'bad', description: 'B.' }, { name: 'c', kind: 'text', description: 'C.' }] };
    expect(validate(manifest)).toBe(false);
    const part = wellFormedPart(manifest, validate, cogManifestSchema)!;
    expect((part.value.commands as { name: string }[]).map((c) => c.name)).toEqual(['a', 'c']);
    expect(part.toOriginal(['commands', 1, 'name'])).toEqual(['commands', 2, 'name']);
    expect(part.toOriginal(['commands', 0])).toEqual(['commands', 0]);
    expect(validate(part.value)).toBe(true);
  });

  it('GIVEN a bad value in an option THEN the whole option is left out, not the value (a dropped `required` would read as true)', () => {
    const manifest = { ...base, commands: [{ name: 'a', kind: 'text', description: 'A.', options: [{ name: 'o', type: 'string', description: 'O.', required: 'no' }] }] };
    const part = wellFormedPart(manifest, validate, cogManifestSchema)!;
    expect(part.value.commands).toEqual([{ name: 'a', kind: 'text', description: 'A.', options: [] }]);
  });

  it('GIVEN a bad config field, a bad optional map and a bad top-level key THEN each is left out alone', () => {
    const manifest = {
      ...base,
      identifier: 'one',
      commands: [{ name: 'a', kind: 'text', description: 'A.', cooldown: { rate: 0, per: '1s' } }],
      config: { guild: { good: { type: 'string', default: '' }, bad: { type: 'integer', default: 0, nullable: 'yes' } } },
    };
    const part = wellFormedPart(manifest, validate, cogManifestSchema)!;
    expect(part.value).toEqual({
      name: 'c',
      description: 'C.',
      dataStatement: 'x',
      commands: [{ name: 'a', kind: 'text', description: 'A.' }],
      config: { guild: { good: { type: 'string', default: '' } } },
    });
  });

  it('GIVEN a value that is not a map THEN there is no well-formed part', () => {
    expect(wellFormedPart([1], validate, cogManifestSchema)).toBeUndefined();
    expect(wellFormedPart('x', validate, cogManifestSchema)).toBeUndefined();
  });

  it('GIVEN another schema THEN it works the same (nothing here knows the manifest)', () => {
    const schema = { type: 'object', properties: { items: { type: 'array', items: { type: 'object', required: ['n'], properties: { n: { type: 'integer' } } } } } };
    const check = new Ajv({ allErrors: true }).compile(schema);
    const value = { items: [{ n: 'x' }, { n: 1 }, {}] };
    expect(check(value)).toBe(false);
    const part = wellFormedPart(value, check, schema)!;
    expect(part.value).toEqual({ items: [{ n: 1 }] });
    expect(part.toOriginal(['items', 0, 'n'])).toEqual(['items', 1, 'n']);
  });
});
