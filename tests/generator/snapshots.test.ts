import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import { tempProject, type TempProject } from './helpers/project.js';

const TINY = `name: tiny
identifier: 9
description: A tiny cog.
dataStatement: Keeps each guild's greeting.
commands:
  - name: roll
    kind: hybrid
    description: Rolls a die.
    options:
      - { name: sides, type: integer, description: Sides of the die., required: false, default: 6, choices: [4, 6, 20] }
  - name: greet
    kind: text
    description: Greeting tools.
    subcommands:
      - name: set
        description: Sets the greeting.
        options:
          - { name: text, type: string, description: The greeting., rest: true, maxLength: 100 }
config:
  guild:
    greeting: { type: string, default: Hello! }
`;

const TIMERS = `name: timers
identifier: 10
description: Reminders.
dataStatement: Keeps reminders until they are due.
dependsOn: [tiny]
listeners:
  - { event: messageWithoutCommand, handler: chatter }
tasks:
  - { name: sweep, description: Drops reminders nobody can receive., every: 6h, atStart: true }
jobs:
  - name: remind
    description: Sends a reminder.
    payload:
      userId: { type: snowflake }
      text: { type: string }
      repeat: { type: object, nullable: true, fields: { everyMs: { type: integer } } }
    userFields: [userId]
`;

let project: TempProject;
beforeAll(async () => {
  project = tempProject();
  project.write('cogs/tiny/cog.yaml', TINY);
  project.write('cogs/timers/cog.yaml', TIMERS);
  expect((await generate({ root: project.root })).errors).toEqual([]);
});
afterAll(() => project.cleanup());

describe('readable output of a tiny cog', () => {
  it('GIVEN the tiny cog THEN types.ts is as reviewed', () => {
    expect(project.read('generated/cogs/tiny/types.ts')).toMatchSnapshot();
  });

  it('GIVEN the tiny cog THEN spec.ts is as reviewed', () => {
    expect(project.read('generated/cogs/tiny/spec.ts')).toMatchSnapshot();
  });

  it('GIVEN the tiny cog THEN config.ts is as reviewed', () => {
    expect(project.read('generated/cogs/tiny/config.ts')).toMatchSnapshot();
  });

  it('GIVEN a cog with a task, a job and a runtime-event listener THEN types.ts is as reviewed', () => {
    expect(project.read('generated/cogs/timers/types.ts')).toMatchSnapshot();
  });

  it('GIVEN a cog with a task, a job and dependsOn THEN spec.ts is as reviewed', () => {
    expect(project.read('generated/cogs/timers/spec.ts')).toMatchSnapshot();
  });
});
