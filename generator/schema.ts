/**
 * The cog manifest (v1), for `cog.yaml` and `cog.ts` alike: one source for its JSON Schema and its
 * TypeScript types. Each definition below is a TypeBox schema, so the same value is what ajv validates
 * with (load.ts), what editors get (generated/cog.schema.json), what the README reference is generated
 * from (readme.ts, from the descriptions) and, through `Static<>`, the `CogManifest` types (manifest.ts).
 * Why TypeBox, and the helpers for what it does not write itself: runtime/support/typed-schema.ts.
 * What a schema cannot see (duplicates across cogs, Discord's naming rules, defaults vs. types) is
 * checked in checks/.
 */

import {
  CHANNEL_KINDS as channelKinds,
  COMMAND_KINDS,
  CONFIG_TYPES as configTypes,
  COOLDOWN_BUCKETS,
  DURATION_UNITS as durationUnits,
  MANIFEST_OPTION_TYPES as optionTypes,
  MANIFEST_PRIVILEGES,
  USER_DATA_SCOPES,
} from '../runtime/contract/enums.js';
import { mapOf, oneOf, plainJson, recursive, ref, Type as T, types, withJson } from '../runtime/support/typed-schema.js';

const optionTypeDoc =
  'The converter: `string`, `integer`, `number`, `boolean`, `user`, `member`, `channel`, `role`, `mentionable` (member, role or user), ' +
  '`emoji` (custom or unicode), `attachment`, `duration` (`1h30m`, `2 days`; milliseconds), `snowflake` (a raw id, no lookup), ' +
  '`choice` (a string with `choices`); or a list of them for a union tried in order, e.g. `[member, role]`.';

/** Names a config key may have (it becomes a TypeScript property). */
export const configKeyPattern = '^[A-Za-z_][A-Za-z0-9_]*$';

/** A former config name: a key, or a dotted path of keys from the scope root. */
export const renamedFromPattern = '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$';

/** A period as a cooldown's `per` takes it (generator/model/duration.ts reads it, with runtime/support/duration.ts). */
const periodUnits = 'a duration with a unit such as `30s`, `10m`, `1h30m` or `1.5d` (units ms, s, m, h, d, w, mo, y; a bare number is refused)';

/** A field inside a stored document or a payload: a name, or a dotted path through nested objects. */
const dottedFieldPattern = '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$';

/** A cog name, as `name` requires it (and `dependsOn` refers to it). */
const cogNamePattern = '^[a-z][a-z0-9_]{0,31}$';

/** Names of tasks and job kinds: identifiers, since each is the key of its handler in `handlers.ts`. */
const handlerNameDoc = 'an identifier (letters, digits and `_`, not starting with a digit), also the key of its handler in `handlers.ts`';

const opt = T.Optional;
const closed = { additionalProperties: false } as const;

/** Any JSON value (a config field's `default`). */
export type ManifestJson = string | number | boolean | null | ManifestJson[] | { [key: string]: ManifestJson };

/** Who shares a cooldown or concurrency limit (inlined in both, so the README shows the values). */
const limitBucket = () =>
  oneOf(COOLDOWN_BUCKETS, {
    description:
      'Who shares the limit: `user` (everywhere), `member` (a user in one server), `guild`, `channel`, `category` (the channel\'s category), `role` (the member\'s top role) or `global`. Default `user`. In DMs, guild falls back to the user and category/role to the channel.',
  });

const privilege = oneOf(MANIFEST_PRIVILEGES, {
  description:
    'Who may run it: `mod` (a mod or admin role of the server, or higher), `admin` (an admin role, or higher), `guildOwner` (the server owner, or a bot owner) or `owner` (bot owners only). On a cog or group it applies to every command below; the highest level on the way down wins.',
});

const permissionNames = (description: string) =>
  T.Array(T.String({ pattern: '^[A-Z][A-Za-z]*$' }), { minItems: 1, uniqueItems: true, description });
const permissions = () =>
  permissionNames(
    'Discord permissions (names of discord.js `PermissionFlagsBits`, e.g. `ManageGuild`) that let a member run it: together with `privilege` either one suffices (Red\'s "admin or Manage Server"); alone they are required. Bot owners always pass; never with `privilege: owner`.',
  );
const botPermissions = () => permissionNames('Discord permissions the bot itself needs in the channel (e.g. `EmbedLinks`); a missing one is told to the user by name.');
const roles = () =>
  T.Array(T.String({ minLength: 1 }), { minItems: 1, uniqueItems: true, description: 'The member must hold at least one of these roles (by name or id); refused in DMs.' });

/** One check: a custom predicate name, a composition (`any` / `all`), or one built-in check. */
const check = recursive(
  'check',
  (self) =>
    T.Union([
      T.String({ pattern: '^[a-z][A-Za-z0-9_]*$' }),
      T.Object({ any: T.Array(self, { minItems: 1 }) }, closed),
      T.Object({ all: T.Array(self, { minItems: 1 }) }, closed),
      T.Object({ privilege: ref('privilege', privilege) }, closed),
      T.Object({ permissions: permissions() }, closed),
      T.Object({ botPermissions: botPermissions() }, closed),
      T.Object({ roles: roles() }, closed),
      T.Object({ nsfw: T.Unsafe<true>({ const: true }) }, closed),
      T.Object({ dmOnly: T.Unsafe<true>({ const: true }) }, closed),
      T.Object({ guildOnly: T.Unsafe<true>({ const: true }) }, closed),
    ]),
  { description: 'One check: a custom predicate name, a composition (`any` / `all`), or one built-in check.' },
);

/** Manifest checks besides `privilege` (cog, group or command; a group's apply to its subcommands). See generator/model/checks.ts. */
const checkFields = () => ({
  permissions: opt(permissions()),
  botPermissions: opt(botPermissions()),
  dmOnly: opt(T.Boolean({ description: 'Only usable in direct messages: refused in servers.' })),
  guildOnly: opt(
    T.Boolean({
      description:
        'Only usable in a server: refused in DMs, by text and by slash. On a cog: every command (a command\'s own `guildOnly: false` opts out); on a command or subcommand: it and everything below (a subcommand cannot opt out of its group\'s). A guild-only top-level command is also marked so in Discord (not offered in DMs); Discord cannot hide a single subcommand, so that one is refused when used. Default: true for a command with a required `member` or `role` option, and for a group all of whose commands are guild-only; `false` opts out.',
    }),
  ),
  nsfw: opt(T.Boolean({ description: 'Only usable in age-restricted (NSFW) channels (and DMs).' })),
  roles: opt(roles()),
  checks: opt(
    T.Array(ref('check', check), {
      description:
        'More checks, all of which must pass: a custom predicate name (implemented in `handlers.ts` under `checks`), or `{ any: [...] }` / `{ all: [...] }` of checks, or one of `{ privilege }`, `{ permissions }`, `{ botPermissions }`, `{ roles }`, `{ nsfw: true }`, `{ dmOnly: true }`, `{ guildOnly: true }`.',
    }),
  ),
});

const userDataCustom = T.Object(
  {
    group: T.String({ pattern: '^[A-Z][A-Z0-9_]*$', description: 'The custom group name, as declared under `config.custom`.' }),
    userKey: opt(T.String({ pattern: '^[a-z][A-Za-z0-9]*$', description: 'The primary key holding the user id.' })),
    userField: opt(T.String({ pattern: dottedFieldPattern, description: 'The document field holding the user id, e.g. `author` or `meta.author`.' })),
  },
  {
    ...closed,
    description:
      'A custom group with user data: `userKey` names the primary key that holds the user id, or `userField` the field inside each document (dotted path) that does. Matching documents are deleted and exported whole.',
  },
);

const userData = T.Object(
  {
    scopes: opt(
      T.Array(oneOf(USER_DATA_SCOPES), {
        uniqueItems: true,
        description: '`user` (the user\'s document) and/or `member` (their document in every server); each must be declared under `config`.',
      }),
    ),
    custom: opt(T.Array(ref('userDataCustom', userDataCustom), { description: 'Custom config groups holding user data.' })),
  },
  {
    ...closed,
    description:
      'Where the cog keeps data about a user, so data requests can delete and export it (generated into `generated/cogs/<cog>/user-data.ts`). Leave it out when the cog does not handle data requests; `{}` says it keeps none. Data kept elsewhere: implement `onDeleteUserData` / `onExportUserData` in handlers.ts.',
  },
);

/** A fixed value, or `{ name, value }`; one node with `if`, so a wrong value gets one message. */
const choiceObject = T.Object(
  {
    name: T.String({ minLength: 1, maxLength: 100, description: 'Label shown to users.' }),
    value: types(['string', 'number'], { maxLength: 100, description: 'The value the handler receives (strings: at most 100 characters).' }),
  },
  closed,
);
const choice = withJson(T.Union([T.String(), T.Number(), choiceObject]), {
  type: ['string', 'number', 'object'],
  maxLength: 100,
  description: 'A fixed value, or `{ name, value }` to show another label.',
  if: { type: 'object' },
  then: { additionalProperties: false, required: ['name', 'value'], properties: choiceObject.properties },
});

const option = T.Object(
  {
    name: T.String({ minLength: 1, description: 'Option name: 1–32 lowercase letters, digits, `-`, `_`.' }),
    description: T.String({ minLength: 1, maxLength: 100, description: 'Shown in help and in the slash picker.' }),
    type: T.Union([oneOf(optionTypes), T.Array(oneOf(optionTypes), { minItems: 2, uniqueItems: true })], { description: optionTypeDoc }),
    required: opt(T.Boolean({ description: 'Default true. Required options come before optional ones.' })),
    default: opt(types(['string', 'number', 'boolean'], { description: 'Value of an optional option left out; must match `type` (a duration: text such as `1h`).' })),
    choices: opt(
      T.Array(ref('choice', choice), {
        minItems: 1,
        maxItems: 25,
        description: 'Fixed values (string, integer, number): plain values, or `{ name, value }`.',
      }),
    ),
    min: opt(types(['number', 'string'], { description: 'Smallest value (integer, number), or shortest duration as text (`30s`).' })),
    max: opt(types(['number', 'string'], { description: 'Largest value (integer, number), or longest duration as text (`7d`).' })),
    minLength: opt(T.Integer({ minimum: 0, maximum: 6000, description: 'Shortest length (string).' })),
    maxLength: opt(T.Integer({ minimum: 1, maximum: 6000, description: 'Longest length (string).' })),
    rest: opt(T.Boolean({ description: 'Text route: the last string option takes the rest of the line. Default false.' })),
    channelKinds: opt(
      T.Array(oneOf(channelKinds), {
        minItems: 1,
        uniqueItems: true,
        description: 'Channel options: the kinds accepted (`text`, `voice`, `thread`, `category`, `forum`, `announcement`, `stage`, `media`, `dm`); slash shows only these.',
      }),
    ),
    units: opt(
      T.Array(oneOf(durationUnits), {
        minItems: 1,
        uniqueItems: true,
        description: 'Duration options: the units accepted (`ms`, `s`, `m` minutes, `h`, `d`, `w`, `mo` months, `y`). Default all.',
      }),
    ),
    list: opt(
      T.Union([T.Boolean(), T.Object({ min: opt(T.Integer({ minimum: 1 })), max: opt(T.Integer({ minimum: 1 })) }, closed)], {
        description:
          'A greedy list of 1..N values (`true`, or `{ min, max }`; default 1..25). Text takes words while they convert; slash takes one string split the same way. The handler gets an array.',
      }),
    ),
    converter: opt(T.String({ minLength: 1, description: 'A custom converter declared in `converters` (with `type: string`): the option gets the type it produces.' })),
    autocomplete: opt(T.Boolean({ description: 'Slash: suggest values as the user types (string, integer, number); the cog implements `autocomplete.<handler>.<option>`.' })),
  },
  { ...closed, description: 'One argument of a command.' },
);

const cooldown = T.Object(
  {
    rate: T.Integer({ minimum: 1, description: 'Runs allowed per period (at least 1).' }),
    per: types(['string', 'number'], { description: `The period: ${periodUnits}.` }),
    bucket: opt(limitBucket()),
  },
  { ...closed, description: 'At most `rate` runs per `per` in one bucket, e.g. `{ rate: 2, per: 10s, bucket: user }`; a user over it is told when to retry.' },
);

const maxConcurrency = T.Object(
  {
    limit: T.Integer({ minimum: 1, description: 'Runs allowed at once (at least 1).' }),
    bucket: opt(limitBucket()),
    wait: opt(T.Boolean({ description: 'Queue a run over the limit until a slot frees instead of refusing it. Default false.' })),
  },
  { ...closed, description: 'At most `limit` runs at the same time in one bucket; another run is refused, or waits with `wait: true`.' },
);

const allowedMentions = T.Object(
  {
    everyone: opt(T.Boolean({ description: '`@everyone` and `@here`. Default false.' })),
    roles: opt(T.Boolean({ description: 'Role mentions. Default false.' })),
    users: opt(T.Boolean({ description: 'User mentions. Default false.' })),
    repliedUser: opt(T.Boolean({ description: 'The author of the message replied to. Default false.' })),
  },
  { ...closed, description: 'Who replies may mention. Everything is off unless turned on here.' },
);

/** What a command and a subcommand both have (besides their name, subcommands and `invokable`). */
const commandFields = () => ({
  description: T.String({ minLength: 1, maxLength: 100, description: 'Shown in help and in the slash picker (1–100 characters).' }),
  options: opt(T.Array(ref('option', option), { description: 'Arguments, in order (at most 25).' })),
  aliases: opt(T.Array(T.String({ minLength: 1 }), { description: 'Other text names.' })),
  hidden: opt(T.Boolean({ description: 'Left out of help. Default false.' })),
  allowedMentions: opt(ref('allowedMentions', allowedMentions)),
  cooldown: opt(ref('cooldown', cooldown)),
  maxConcurrency: opt(ref('maxConcurrency', maxConcurrency)),
  privilege: opt(ref('privilege', privilege)),
  ...checkFields(),
});

const subcommand = recursive(
  'subcommand',
  (self) =>
    T.Object(
      {
        name: T.String({ minLength: 1, description: 'Subcommand name (same rules as command names).' }),
        ...commandFields(),
        subcommands: opt(T.Array(self, { description: 'Nested subcommands (slash: one more level at most).' })),
        invokable: opt(T.Boolean({ description: 'Text groups only: the group itself runs a handler when no subcommand follows.' })),
      },
      closed,
    ),
  { description: 'A subcommand: like a command, without `kind` (it has its parent\'s).' },
);

const command = T.Object(
  {
    name: T.String({ minLength: 1, description: 'Command name: 1–32 lowercase letters, digits, `-`, `_` (what Discord accepts for slash names; text commands follow the same rule).' }),
    kind: oneOf(COMMAND_KINDS, { description: '`text` (prefix only), `slash` (application command only) or `hybrid` (both). Subcommands inherit it.' }),
    ...commandFields(),
    subcommands: opt(T.Array(ref('subcommand', subcommand), { description: 'Subcommands; the command becomes a group.' })),
    invokable: opt(T.Boolean({ description: 'Text groups only: the group itself runs a handler when no subcommand follows. Default false for groups.' })),
  },
  { ...closed, description: 'A top-level command.' },
);

const converter = T.Object(
  {
    name: T.String({ pattern: '^[a-z][A-Za-z0-9]*$', description: 'Its name (camelCase), used by options as `converter: <name>` and as the key in `handlers.ts`.' }),
    description: T.String({ minLength: 1, description: 'What it accepts, shown in help (e.g. `a colour name or #hex`).' }),
    produces: T.String({ minLength: 1, description: 'The TypeScript type it produces, e.g. `number`, `{ r: number; g: number; b: number }`, or a type name exported by `from`.' }),
    from: opt(T.String({ pattern: '^\\./', description: 'A module of the cog (relative to its folder, e.g. `./colour.js`) that exports the type named by `produces`.' })),
  },
  { ...closed, description: 'A custom converter: raw text in, a value of the produced type out.' },
);

const listener = T.Object(
  {
    event: T.String({
      description:
        'A discord.js client event name, e.g. `guildMemberAdd`, or the runtime event `messageWithoutCommand` (a message that is not a command, after the allow/block lists and ignores; the listener gets the `Message`).',
    }),
    handler: T.String({ pattern: '^[a-z][A-Za-z0-9]*$', description: 'Key of the listener in `handlers.ts` (camelCase).' }),
    once: opt(T.Boolean({ description: 'Run once, then stop listening. Default false.' })),
  },
  { ...closed, description: 'A discord.js client event, or a runtime event, handled by the cog.' },
);

const task = T.Object(
  {
    name: T.String({ minLength: 1, description: `Its name: ${handlerNameDoc}. Unique in the cog.` }),
    description: opt(T.String({ description: 'What it does (for people reading the spec and logs).' })),
    every: opt(types(['string', 'number'], { description: `The period between runs: ${periodUnits}; at least 1 second. The first periodic run is one period after the cog loads.` })),
    atStart: opt(T.Boolean({ description: 'Also run once right after `onLoad`. Default false with `every`; a task without `every` always runs at start (`false` is refused).' })),
    stopTimeout: opt(types(['string', 'number'], { description: `How long an unload waits for a running run after signalling it to stop: ${periodUnits}. Default 5s.` })),
  },
  { ...closed, description: 'A background task. Without `every` it is a start-up task that runs once after `onLoad`. Runs never overlap.' },
);

const configKeys = { pattern: configKeyPattern, description: 'config keys are identifiers: letters, digits, `_`' };
const configTypeNames = (description: string) =>
  oneOf(configTypes, { description });

/** A type without a default: array items and object fields. */
const configType = recursive(
  'configType',
  (self) =>
    T.Object(
      {
        type: configTypeNames('As for fields.'),
        nullable: opt(T.Boolean({ description: 'May be `null`.' })),
        items: opt(self),
        fields: opt(mapOf(self, configKeys, { description: '`object` only: its fields.' })),
      },
      closed,
    ),
  { description: 'A type without a default: array items and object fields.' },
);

const job = T.Object(
  {
    name: T.String({ minLength: 1, description: `Its name: ${handlerNameDoc}. Unique in the cog.` }),
    description: opt(T.String({ description: 'What a job of this kind does.' })),
    payload: mapOf(
      ref('configType', configType),
      { pattern: configKeyPattern, description: 'payload fields are identifiers: letters, digits, `_`' },
      {
        description:
          'The payload\'s fields, each a type as config fields have them (without a default), e.g. `{ userId: { type: snowflake } }`; `cog.jobs.schedule` is type-checked against it.',
      },
    ),
    userFields: opt(
      T.Array(T.String({ pattern: dottedFieldPattern }), {
        uniqueItems: true,
        description:
          'Payload fields (a name, or a dotted path into `object` fields) of type `snowflake` or `string` that hold a user id: a data-deletion request for that user removes the jobs naming them.',
      }),
    ),
  },
  { ...closed, description: 'A kind of scheduled job, e.g. `unban` after a tempban: its handler runs at the time it was scheduled for, with its payload.' },
);

const configField = T.Object(
  {
    type: configTypeNames(
      'One of `string`, `integer` (a whole number within ±(2^53−1)), `bigint` (a whole number of any size, stored as decimal text), `number`, `boolean`, `duration` (written with a unit, `30s`, or `0`; stored in milliseconds), `snowflake` (a Discord id as a string), `array`, `object`. Writes are checked against the type.',
    ),
    default: T.Unsafe<ManifestJson>({ description: 'Default value; must match `type` (`null` only when `nullable`).' }),
    nullable: opt(T.Boolean({ description: 'The value may be `null`. Default false.' })),
    items: opt(ref('configType', configType)),
    fields: opt(mapOf(ref('configType', configType), configKeys, { description: '`object` only: its fields.' })),
    description: opt(T.String({ description: 'A doc comment for the generated accessor.' })),
    renamedFrom: opt(
      types(['string', 'null'], {
        pattern: renamedFromPattern,
        description:
          'The field\'s former name: a plain name is a sibling\'s first, then a name at the scope root; a dotted path is from the scope root (a field moved between groups). The next `npm run generate` writes a migration that moves stored values here. `null` says the field is new, not a rename of a field removed in the same change.',
      }),
    ),
    rewriteOldDefault: opt(
      T.Boolean({
        description:
          'When the default changes: the migration also rewrites stored values that still hold the old default to the new one (values never set follow the new default anyway). Default false.',
      }),
    ),
  },
  { ...closed, description: 'A stored value with its type and default.' },
);

/**
 * A group: each key is a field (a map with a string `type`) or a nested group (any other map); the key
 * `renamedFrom` is a string, the group's former name. The JSON picks field or group with `if`/`then`/`else`
 * (one clear message for a bad entry, not one per branch); the type is the map of either, or a string for
 * `renamedFrom` (read entries with `configEntries` in checks/config.ts).
 */
const configGroup = recursive(
  'configGroup',
  (self) =>
    withJson(
      T.Intersect([
        T.Object({ renamedFrom: opt(T.String()) }),
        T.Record(T.String(), T.Union([ref('configField', configField), self, T.String()])),
      ]),
      {
        type: 'object',
        title: 'a group of config entries, or a field such as `{ type: string, default: "" }`',
        minProperties: 1,
        propertyNames: configKeys,
        properties: {
          renamedFrom: {
            type: 'string',
            pattern: renamedFromPattern,
            description:
              'The group\'s former name: a plain name is a sibling\'s first, then a name at the scope root; a dotted path is from the scope root (a group moved). The next `npm run generate` writes a migration that moves its stored values here.',
          },
        },
        additionalProperties: {
          // A map whose `type` is not itself a map is a field (so `type: 5` is told the field types); a map-valued `type` is a group named so.
          if: { type: 'object', required: ['type'], properties: { type: { not: { type: 'object' } } } },
          then: { $ref: '#/definitions/configField' },
          else: { $ref: '#/definitions/configGroup' },
        },
      },
    ),
  { description: 'A group: each key is a field (a map with `type`) or a nested group (any other map).' },
);

const customGroup = T.Object(
  {
    keys: T.Array(T.String({ pattern: '^[a-z][A-Za-z0-9]*$' }), {
      minItems: 1,
      description: 'Names of its primary keys, in order (camelCase); their count is what `initCustom` takes.',
    }),
    fields: ref('configGroup', configGroup),
    renamedFrom: opt(
      types(['string', 'null'], {
        pattern: '^[A-Z][A-Z0-9_]*$',
        description:
          'The custom group\'s former name: the next `npm run generate` writes a migration that moves its stored data here. `null` says the group is new, not a rename of a custom group with as many keys removed in the same change.',
      }),
    ),
  },
  { ...closed, description: 'A custom config group.' },
);

const scopeGroup = () => opt(ref('configGroup', configGroup));
const config = T.Object(
  {
    global: scopeGroup(),
    guild: scopeGroup(),
    channel: scopeGroup(),
    role: scopeGroup(),
    user: scopeGroup(),
    member: scopeGroup(),
    forceRegistration: opt(
      T.Boolean({
        description:
          'Default true: reading or writing a name the manifest does not declare is an error naming the cog, the scope and the name (with a did-you-mean). `false` lets handlers use names registered at run time, as Red allows without force registration.',
      }),
    ),
    custom: opt(
      mapOf(
        ref('customGroup', customGroup),
        { pattern: '^[A-Z][A-Z0-9_]*$', description: 'custom group names are UPPER_SNAKE_CASE' },
        { description: 'Custom groups by name (UPPER_SNAKE_CASE), each with its primary keys.' },
      ),
    ),
  },
  { ...closed, description: 'Config defaults per scope; each scope is a group (see below). Scopes left out are not exposed.' },
);

const cogManifest = T.Object(
  {
    $schema: opt(T.String({ description: 'Editor hint: the path of the generated JSON Schema. Ignored by the generator.' })),
    name: T.String({
      pattern: cogNamePattern,
      description: 'The cog name: lowercase letters, digits and `_`, starting with a letter. Must equal the folder name.',
    }),
    identifier: T.Integer({
      minimum: 0,
      description: 'A number chosen once for config namespacing; never change it (stored data is keyed by it). Unique across cogs.',
    }),
    description: T.String({ minLength: 1, description: 'One line shown in help.' }),
    dataStatement: T.String({ minLength: 1, description: 'What end-user data the cog keeps, in plain words (shown to users who ask).' }),
    dependsOn: opt(
      T.Array(T.String({ pattern: cogNamePattern }), {
        uniqueItems: true,
        description:
          'Other cogs of the project this one needs loaded first, by name: loading it loads them first, and unloading one of them is refused while this cog is loaded (or unloads this cog too, when asked). No cycles.',
      }),
    ),
    commands: opt(T.Array(ref('command', command), { description: 'Top-level commands.' })),
    converters: opt(T.Array(ref('converter', converter), { description: 'Custom converters the cog implements in `handlers.ts` (`converters: { <name>: (raw, ctx) => value }`).' })),
    listeners: opt(T.Array(ref('listener', listener), { description: 'discord.js client events (and the runtime\'s `messageWithoutCommand`) the cog handles.' })),
    tasks: opt(T.Array(ref('task', task), { description: 'Background tasks: run every period and/or once after `onLoad` (`tasks: { <name>: (cog, run) => ... }` in `handlers.ts`).' })),
    jobs: opt(
      T.Array(ref('job', job), {
        description:
          'Kinds of jobs the cog schedules for later with `cog.jobs.schedule(at, name, payload)`; stored, so they survive restarts (`jobs: { <name>: (cog, job) => ... }` in `handlers.ts`).',
      }),
    ),
    config: opt(ref('config', config)),
    privilege: opt(ref('privilege', privilege)),
    ...checkFields(),
    userData: opt(ref('userData', userData)),
  },
  {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'cogsmith:cog-manifest',
    title: 'Cogsmith cog manifest',
    ...closed,
  },
);

/** The TypeBox schemas of the manifest, by definition name (manifest.ts takes the types from them). */
export const manifestTypes = {
  cogManifest,
  check,
  privilege,
  userData,
  userDataCustom,
  command,
  subcommand,
  option,
  converter,
  choice,
  cooldown,
  maxConcurrency,
  allowedMentions,
  listener,
  task,
  job,
  config,
  customGroup,
  configGroup,
  configField,
  configType,
};

/** The JSON Schema (draft-07) of a cog manifest: what ajv validates with and editors read. */
export const cogManifestSchema = plainJson({
  ...cogManifest,
  definitions: Object.fromEntries(Object.entries(manifestTypes).filter(([name]) => name !== 'cogManifest')),
});
