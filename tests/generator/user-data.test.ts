/**
 * The manifest's `userData` and `privilege`: checks with file:line:col errors, the emitted user-data.ts
 * (plain, one call per declared place) and its registration in generated/registry.ts.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pathToFileURL } from 'node:url';
import { generate } from '../../generator/generate.js';
import type { CogSpec, CommandSpec } from '../../runtime/contract/spec.js';
import { formatProblem } from '../../runtime/support/yaml-source.js';
import { tempProject, type TempProject } from './helpers/project.js';

let project: TempProject;
beforeAll(() => {
  project = tempProject();
});
afterAll(() => project.cleanup());

const HEAD = 'name: c\nidentifier: 1\ndescription: C.\ndataStatement: Keeps votes.\n';
const CONFIG = `config:
  user:
    score: { type: integer, default: 0 }
  custom:
    VOTES:
      keys: [pollId, voterId]
      fields:
        choice: { type: string, default: '' }
`;

async function run(body: string) {
  rmSync(project.path('cogs'), { recursive: true, force: true });
  rmSync(project.path('generated'), { recursive: true, force: true });
  project.write('cogs/c/cog.yaml', HEAD + body);
  const result = await generate({ root: project.root });
  return { result, errors: result.errors.map((e) => formatProblem(e).replace('cogs/c/cog.yaml:', '')) };
}

describe('userData checks', () => {
  it('GIVEN a scope or custom group the config does not declare THEN each is an error at its place', async () => {
    const { errors } = await run(`${CONFIG}userData:\n  scopes: [user, member]\n  custom:\n    - { group: TICKETS, userKey: opener }\n`);
    expect(errors).toEqual([
      '14:18 userData names scope `member`, but config declares no `member` scope',
      '16:16 custom group `TICKETS` is not declared under config.custom (declared: VOTES)',
    ]);
  });

  it('GIVEN a userKey that is not a key, or both userKey and userField, or neither THEN each is refused', async () => {
    const { errors } = await run(
      `${CONFIG}userData:\n  custom:\n    - { group: VOTES, userKey: voter }\n    - { group: VOTES, userKey: voterId, userField: choice }\n    - { group: VOTES }\n`,
    );
    expect(errors).toEqual([
      '15:32 `voter` is not a primary key of VOTES (keys: pollId, voterId)',
      '16:7 give exactly one of `userKey` (a primary key of VOTES: pollId, voterId) or `userField` (a document field)',
      '17:7 give exactly one of `userKey` (a primary key of VOTES: pollId, voterId) or `userField` (a document field)',
    ]);
  });

  it('GIVEN an unknown scope name THEN the schema refuses it', async () => {
    const { errors } = await run(`${CONFIG}userData:\n  scopes: [guild]\n`);
    expect(errors.join('\n')).toMatch(/^14:\d+ .*(user|member)/);
  });
});

describe('emitted user-data.ts', () => {
  it('GIVEN userData THEN user-data.ts makes one plain call per declared place and the registry hands it to the runtime', async () => {
    const { result } = await run(`${CONFIG}userData:\n  scopes: [user]\n  custom:\n    - { group: VOTES, userKey: voterId }\n`);
    expect(result.errors).toEqual([]);
    const text = project.read('generated/cogs/c/user-data.ts');
    expect(text).toContain("export async function deleteUserData(config: Config, userId: string, _requester: DeletionRequester): Promise<void> {\n  await deleteUserDocument(config, userId);\n  await deleteCustomByKey(config, 'VOTES', ['pollId', 'voterId'], 'voterId', userId);\n}");
    expect(text).toContain("    user: await exportUserDocument(config, userId),\n    'VOTES.voterId': documentsJson(await exportCustomByKey(config, 'VOTES', ['pollId', 'voterId'], 'voterId', userId)),");
    expect(text).toContain('the user document; VOTES documents whose key `voterId` is the user.');
    const registry = project.read('generated/registry.ts');
    expect(registry).toContain("import * as cUserData from './cogs/c/user-data.js';");
    expect(registry).toContain("userData: cUserData }");
    expect(project.read('generated/cogs/c/spec.ts')).toContain("userData: {\n    scopes: ['user'],");
  });

  it('GIVEN jobs whose userFields name users THEN user-data.ts says the runtime removes those jobs, and deletes nothing more itself', async () => {
    const jobs = 'jobs:\n  - { name: remind, payload: { userId: { type: snowflake } }, userFields: [userId] }\n  - { name: expire, payload: { key: { type: string } } }\n';
    const { result } = await run(`${CONFIG}userData:\n  scopes: [user]\n${jobs}`);
    expect(result.errors).toEqual([]);
    const text = project.read('generated/cogs/c/user-data.ts');
    expect(text).toContain(' * Scheduled jobs naming the user (`remind` (`userId`)) are removed by the runtime, not here.\n */');
    expect(text).toContain('Promise<void> {\n  await deleteUserDocument(config, userId);\n}');
    expect(project.read('generated/cogs/c/spec.ts')).toContain("userFields: ['userId']");
  });

  it('GIVEN no userData THEN no user-data.ts and no registry entry: the cog does not handle data requests', async () => {
    const { result } = await run(CONFIG);
    expect(result.errors).toEqual([]);
    expect(result.written).not.toContain('generated/cogs/c/user-data.ts');
    expect(project.read('generated/registry.ts')).not.toContain('userData');
  });
});

describe('privilege', () => {
  it('GIVEN privileges on the cog, a group and a subcommand THEN each command\'s spec holds the highest on its way down', async () => {
    const { result } = await run(`privilege: mod
commands:
  - name: g
    kind: hybrid
    description: G.
    privilege: admin
    subcommands:
      - { name: a, description: A. }
      - { name: b, description: B., privilege: mod }
      - { name: o, description: O., privilege: owner }
  - { name: plain, kind: text, description: P. }
`);
    expect(result.errors).toEqual([]);
    const { spec } = (await import(pathToFileURL(project.path('generated/cogs/c/spec.ts')).href)) as { spec: CogSpec };
    const flat = (list: CommandSpec[]): CommandSpec[] => list.flatMap((c) => [c, ...flat(c.subcommands)]);
    expect(Object.fromEntries(flat(spec.commands).map((c) => [c.path.join(' '), c.privilege]))).toEqual({ g: 'admin', 'g a': 'admin', 'g b': 'admin', 'g o': 'owner', plain: 'mod' });
    // The cog's level is folded into every command, and kept on the cog for the runtime too.
    expect(spec.privilege).toBe('mod');
  });
});
