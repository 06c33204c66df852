// Type tests (checked by tsc): a cog.ts manifest gets the schema's rules at compile time.
import { expectTypeOf } from 'vitest';
import { defineCog } from '../../generator/define.js';
import type { CogManifest } from '../../generator/manifest.js';

const ok = defineCog({
  name: 'ok',
  identifier: 1,
  description: 'Fine.',
  dataStatement: 'Keeps nothing.',
  commands: [{ name: 'ping', kind: 'hybrid', description: 'Pong.', options: [{ name: 'n', type: 'integer', description: 'N.', required: false, default: 1 }] }],
  config: { guild: { settings: { prefix: { type: 'string', default: '!' } } }, custom: { TICKETS: { keys: ['guildId'], fields: { open: { type: 'boolean', default: true } } } } },
});
expectTypeOf(ok).toEqualTypeOf<CogManifest>();

// @ts-expect-error dataStatement is required
defineCog({ name: 'x', identifier: 1, description: 'x' });
// @ts-expect-error identifier is a number
defineCog({ name: 'x', identifier: 'one', description: 'x', dataStatement: 'x' });
// @ts-expect-error unknown command kind
defineCog({ name: 'x', identifier: 1, description: 'x', dataStatement: 'x', commands: [{ name: 'a', kind: 'slsh', description: 'A.' }] });
// @ts-expect-error subcommands have no kind of their own
defineCog({ name: 'x', identifier: 1, description: 'x', dataStatement: 'x', commands: [{ name: 'a', kind: 'text', description: 'A.', subcommands: [{ name: 'b', kind: 'text', description: 'B.' }] }] });
// @ts-expect-error unknown option type
defineCog({ name: 'x', identifier: 1, description: 'x', dataStatement: 'x', commands: [{ name: 'a', kind: 'text', description: 'A.', options: [{ name: 'o', type: 'date', description: 'O.' }] }] });

// Tasks, jobs and dependencies.
defineCog({
  name: 'timers',
  identifier: 2,
  description: 'Timers.',
  dataStatement: 'Keeps reminders.',
  dependsOn: ['ok'],
  tasks: [{ name: 'sweep', every: '10m' }, { name: 'tick', every: '30s', atStart: true, stopTimeout: '1s' }, { name: 'warmUp' }],
  jobs: [{ name: 'remind', payload: { userId: { type: 'snowflake' }, at: { type: 'integer', nullable: true } }, userFields: ['userId'] }],
});
// @ts-expect-error a job kind needs a payload
defineCog({ name: 'x', identifier: 1, description: 'x', dataStatement: 'x', jobs: [{ name: 'remind' }] });
// @ts-expect-error payload fields are config types, without defaults
defineCog({ name: 'x', identifier: 1, description: 'x', dataStatement: 'x', jobs: [{ name: 'remind', payload: { at: { type: 'integer', default: 0 } } }] });
// @ts-expect-error `every` is a duration text (a number is in the type only to be refused with a hint)
defineCog({ name: 'x', identifier: 1, description: 'x', dataStatement: 'x', tasks: [{ name: 'sweep', every: true }] });
