/** A value that fits no branch of a union (`anyOf`) gets one message, not one per branch. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsOfCog } from './helpers/one-cog.js';
import { tempProject, type TempProject } from './helpers/project.js';

let project: TempProject;
beforeAll(() => {
  project = tempProject();
});
afterAll(() => project.cleanup());

const OPTION_TYPES = '`string`, `integer`, `number`, `boolean`, `user`, `member`, `channel`, `role`, `mentionable`, `emoji`, `attachment`, `duration`, `snowflake`, `choice`';

/** A command whose line 9 is the option (or checks) under test. */
const command = (line: string) => `commands:
  - name: a
    kind: text
    description: A.
${line}
`;

describe('union errors are reported once', () => {
  it('GIVEN an option type of the wrong type (a name or a list of names) THEN one message names both alternatives', async () => {
    expect(await errorsOfCog(project, command('    options: [{ name: o, description: O., type: 5 }]'))).toEqual([
      `9:49 must be one of ${OPTION_TYPES} or an array, got number 5`,
    ]);
  });

  it('GIVEN a misspelt option type THEN one message with a did-you-mean', async () => {
    expect(await errorsOfCog(project, command('    options: [{ name: o, description: O., type: strng }]'))).toEqual([
      `9:49 must be one of ${OPTION_TYPES} or an array, got "strng"; did you mean \`string\`?`,
    ]);
  });

  it('GIVEN a value of a type one branch takes THEN only that branch speaks', async () => {
    expect(await errorsOfCog(project, command('    options: [{ name: o, description: O., type: string, list: { min: 0 } }]'))).toEqual(['9:70 must be at least 1, got number 0']);
    expect(await errorsOfCog(project, command('    options: [{ name: o, description: O., type: [string, strng] }]'))).toEqual([
      `9:58 must be one of ${OPTION_TYPES}, got "strng"; did you mean \`string\`?`,
    ]);
    expect(await errorsOfCog(project, command('    checks: [{ nsfw: false }]'))).toEqual(['9:22 must be `true`']);
  });

  it('GIVEN a check of no shape (nested in a composition) THEN one message each', async () => {
    expect(await errorsOfCog(project, command('    checks: [5, { any: [7] }]'))).toEqual(['9:14 must be a string or an object, got number 5', '9:25 must be a string or an object, got number 7']);
  });

  it('GIVEN a check map with an unknown key THEN the keys any check would take are one message and the unknown key one more', async () => {
    expect(await errorsOfCog(project, command('    checks: [{ nsf: true }]'))).toEqual([
      '9:14 must have one of the keys `any`, `all`, `privilege`, `permissions`, `botPermissions`, `roles`, `nsfw`, `dmOnly`, `guildOnly`',
      '9:16 unknown key `nsf`; did you mean `nsfw`?',
    ]);
  });

  it('GIVEN a config field whose type is of the wrong type THEN it is told the field types once (not taken for a group with two bad entries)', async () => {
    expect(await errorsOfCog(project, 'config:\n  guild:\n    x: { type: 5, default: 1 }\n    nested: { type: { a: { type: string, default: "" } } }\n')).toEqual([
      '7:16 must be one of `string`, `integer`, `bigint`, `number`, `boolean`, `duration`, `snowflake`, `array`, `object`, got number 5',
    ]);
  });
});
