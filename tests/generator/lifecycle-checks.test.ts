import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsOfCog } from './helpers/one-cog.js';
import { tempProject, type TempProject } from './helpers/project.js';

let project: TempProject;
beforeAll(() => {
  project = tempProject();
});
afterAll(() => project.cleanup());

/** The errors of a one-cog project with this manifest body. */
const errorsOf = (body: string) => errorsOfCog(project, body);

describe('tasks: checks at their place', () => {
  it('GIVEN well-formed tasks THEN there are no errors', async () => {
    expect(await errorsOf('tasks:\n  - { name: sweep, every: 10m }\n  - { name: warm_up }\n  - { name: tick, every: 1s, atStart: true, stopTimeout: 500ms }\n')).toEqual([]);
  });

  it('GIVEN a task name that is not an identifier, and one declared twice THEN each is refused at its name', async () => {
    expect(await errorsOf('tasks:\n  - { name: clean-up }\n  - { name: sweep, every: 1h }\n  - { name: sweep, every: 2h }\n')).toEqual([
      '6:13 task name `clean-up` must be an identifier (letters, digits and `_`, not starting with a digit): it is the key of its handler in handlers.ts',
      '8:13 task `sweep` is declared twice in this cog',
    ]);
  });

  it('GIVEN an `every` under a second THEN it says so at `every`', async () => {
    expect(await errorsOf('tasks:\n  - { name: fast, every: 500ms }\n  - { name: faster, every: 0.25s }\n')).toEqual([
      '6:26 `every` must be at least 1 second, got "500ms"',
      '7:28 `every` must be at least 1 second, got "0.25s"',
    ]);
  });

  it('GIVEN an `every` or a `stopTimeout` that is not a duration THEN the parser\'s message names the key', async () => {
    expect(await errorsOf('tasks:\n  - { name: sweep, every: soon }\n  - { name: warm, stopTimeout: 0 }\n')).toEqual([
      '6:27 `every` "soon" is not a duration: use numbers with units, e.g. `1h30m`, `2 days` or `1w`',
      '7:32 `stopTimeout` must be longer than zero, got 0',
    ]);
  });

  it('GIVEN a `stopTimeout` over 10 minutes THEN it is refused: unloads and shutdowns would wait that long', async () => {
    expect(await errorsOf('tasks:\n  - { name: warm, stopTimeout: 10m }\n  - { name: cold, stopTimeout: 30d }\n')).toEqual([
      '7:32 `stopTimeout` must be at most 10 minutes (an unload, a reload and a shutdown wait that long for the task), got "30d"',
    ]);
  });

  it('GIVEN `atStart: false` on a task without `every` THEN it is refused: a start-up task always runs at start', async () => {
    expect(await errorsOf('tasks:\n  - name: warm\n    atStart: false\n')).toEqual([
      '7:14 task `warm` has no `every`, so it is a start-up task that runs once after onLoad: remove `atStart: false`, or give it an `every`',
    ]);
  });

  it('GIVEN a key tasks do not have THEN the schema refuses it with a did-you-mean', async () => {
    expect(await errorsOf('tasks:\n  - { name: sweep, evry: 10m }\n')).toEqual(['6:20 unknown key `evry`; did you mean `every`?']);
  });
});

describe('jobs: checks at their place', () => {
  const refund = (userFields: string) => `jobs:
  - name: refund
    payload:
      userId: { type: snowflake }
      amount: { type: integer }
      by: { type: object, fields: { id: { type: string }, roles: { type: array, items: { type: snowflake } } } }
    userFields: ${userFields}
`;

  it('GIVEN userFields naming snowflake and string fields, also through an object THEN there are no errors', async () => {
    expect(await errorsOf(refund('[userId, by.id]'))).toEqual([]);
  });

  it('GIVEN userFields naming a missing field, a field of another type, and a path through a non-object THEN each is refused at its entry', async () => {
    expect(await errorsOf(refund('[usrId, amount, by.roles, by.nme, amount.x]'))).toEqual([
      '11:18 `usrId` is not a payload field of job `refund`: the payload has no field `usrId`; did you mean `userId`?',
      '11:25 `amount` is of type `integer`; userFields name payload fields of type `snowflake` or `string` that hold a user id',
      '11:33 `by.roles` is of type `array`; userFields name payload fields of type `snowflake` or `string` that hold a user id',
      '11:43 `by.nme` is not a payload field of job `refund`: `by` has no field `nme`',
      '11:51 `amount.x` is not a payload field of job `refund`: `amount` is of type `integer`, not an object with fields',
    ]);
  });

  it('GIVEN payload types missing their items or fields, or with them where they do not apply THEN each is refused as in config', async () => {
    const body = `jobs:
  - name: remind
    payload:
      tags: { type: array }
      meta: { type: object }
      text: { type: string, items: { type: string } }
`;
    expect(await errorsOf(body)).toEqual([
      '8:13 type `array` needs `items` (the type of its elements)',
      '9:13 type `object` needs `fields`',
      '10:29 `items` applies to type `array` only',
    ]);
  });

  it('GIVEN payload fields named like Config API members THEN they are accepted: a payload is plain data', async () => {
    expect(await errorsOf('jobs:\n  - name: remind\n    payload:\n      get: { type: string }\n      set: { type: object, fields: { all: { type: boolean } } }\n')).toEqual([]);
  });

  it('GIVEN a payload field that is not an identifier, or a payload field with a default THEN the schema refuses it', async () => {
    expect(await errorsOf('jobs:\n  - name: remind\n    payload:\n      user-id: { type: snowflake }\n      at: { type: integer, default: 0 }\n')).toEqual([
      '8:7 "user-id" does not match the pattern ^[A-Za-z_][A-Za-z0-9_]*$ (payload fields are identifiers: letters, digits, `_`)',
      expect.stringMatching(/^8:7 key `user-id` is not allowed here/),
      '9:28 unknown key `default`',
    ]);
  });

  it('GIVEN job names that are not identifiers, declared twice, or sharing a payload type name THEN each is refused at its name', async () => {
    const body = `jobs:
  - { name: 1st, payload: {} }
  - { name: unban, payload: {} }
  - { name: unban, payload: {} }
  - { name: un_ban, payload: {} }
`;
    expect(await errorsOf(body)).toEqual([
      '6:13 job name `1st` must be an identifier (letters, digits and `_`, not starting with a digit): it is the key of its handler in handlers.ts',
      '8:13 job `unban` is declared twice in this cog',
    ]);
    expect(await errorsOf('jobs:\n  - { name: unBan, payload: {} }\n  - { name: un_ban, payload: {} }\n')).toEqual([
      '7:13 jobs `unBan` and `un_ban` would both generate the payload type `…UnBanJobPayload`; rename one',
    ]);
  });

  it('GIVEN a job without a payload THEN the schema asks for one', async () => {
    expect(await errorsOf('jobs:\n  - { name: remind }\n')).toEqual(['6:5 missing required key `payload`']);
  });
});

describe('listeners: runtime events', () => {
  it('GIVEN a listener of the runtime event messageWithoutCommand THEN it is accepted', async () => {
    expect(await errorsOf('listeners:\n  - { event: messageWithoutCommand, handler: chatter }\n')).toEqual([]);
  });

  it('GIVEN a near miss of the runtime event THEN it suggests it', async () => {
    expect(await errorsOf('listeners:\n  - { event: messageWithoutCommnd, handler: chatter }\n')).toEqual([
      '6:14 `messageWithoutCommnd` is not a discord.js client event or a runtime event (`messageWithoutCommand`); did you mean `messageWithoutCommand`?',
    ]);
  });
});
