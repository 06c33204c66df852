/**
 * Generation refuses, at the manifest position, the command shapes Discord cannot express for slash:
 * more than 25 subcommands, more than two levels, a group with its own handler, more than 100 commands.
 * The same shapes as text commands are accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsOfCog } from './helpers/one-cog.js';
import { tempProject, type TempProject } from './helpers/project.js';

let project: TempProject;
beforeAll(() => {
  project = tempProject();
});
afterAll(() => project.cleanup());

/** The errors of a one-cog project with this manifest body. */
const errorsOf = (body: string) => errorsOfCog(project, body, { withFile: true });

const subs = (n: number, indent: string) => Array.from({ length: n }, (_, i) => `${indent}- { name: s${i}, description: S. }`).join('\n');

describe('slash shapes Discord refuses', () => {
  it('GIVEN 26 subcommands under a hybrid command THEN the 26th is refused with the limit', async () => {
    const body = `commands:\n  - name: big\n    kind: hybrid\n    description: Big.\n    subcommands:\n${subs(26, '      ')}\n`;
    // 4 head lines, then `commands:` at 5 … `subcommands:` at 9: the 26th entry is on line 35.
    expect(await errorsOf(body)).toEqual([
      'cogs/c/cog.yaml:35:9 `big` has 26 subcommands; Discord allows at most 25 under one slash command or group (make it `kind: text`, or split it into groups)',
    ]);
  });

  it('GIVEN 26 subcommands in a slash group THEN the group is refused; 25 are accepted', async () => {
    const group = (n: number) => `commands:\n  - name: big\n    kind: slash\n    description: Big.\n    subcommands:\n      - name: g\n        description: G.\n        subcommands:\n${subs(n, '          ')}\n`;
    expect(await errorsOf(group(25))).toEqual([]);
    expect(await errorsOf(group(26))).toEqual([
      'cogs/c/cog.yaml:38:13 `big g` has 26 subcommands; Discord allows at most 25 under one slash command or group (make it `kind: text`, or split it into groups)',
    ]);
  });

  it('GIVEN a slash group with its own handler THEN `invokable` is refused where it is written', async () => {
    const body = `commands:\n  - name: grp\n    kind: hybrid\n    description: G.\n    invokable: true\n    subcommands:\n      - { name: a, description: A. }\n`;
    expect(await errorsOf(body)).toEqual(['cogs/c/cog.yaml:9:5 `invokable` applies to text groups only: a slash group cannot run by itself']);
  });

  it('GIVEN more than 100 slash commands THEN the 101st is refused', async () => {
    const many = Array.from({ length: 101 }, (_, i) => `  - { name: c${i}, kind: slash, description: C. }`).join('\n');
    expect(await errorsOf(`commands:\n${many}\n`)).toEqual([
      'cogs/c/cog.yaml:106:13 `c100` is slash command number 101; Discord allows at most 100 per bot (make some `kind: text`, or group them)',
    ]);
  });

  it('GIVEN the same shapes as text commands THEN nothing is refused (text groups have no limits)', async () => {
    const body = `commands:\n  - name: big\n    kind: text\n    description: Big.\n    invokable: true\n    subcommands:\n${subs(30, '      ')}\n      - name: deep\n        description: D.\n        subcommands:\n          - name: deeper\n            description: D.\n            subcommands:\n              - { name: deepest, description: D. }\n`;
    expect(await errorsOf(body)).toEqual([]);
  });
});
