/**
 * The JSON Schema of a cog manifest (v1), for `cog.yaml` and `cog.ts` alike. It is the single source of
 * the manifest's shape: ajv validates with it, the README reference is generated from its descriptions,
 * and a test keeps the `CogManifest` TypeScript type (manifest.ts) in step with it.
 * What a schema cannot see (duplicates across cogs, Discord's naming rules, defaults vs. types) is
 * checked in checks.ts.
 */

import {
  CHANNEL_KINDS as channelKinds,
  COMMAND_KINDS,
  CONFIG_TYPES as configType,
  COOLDOWN_BUCKETS,
  DURATION_UNITS as durationUnits,
  MANIFEST_OPTION_TYPES as optionTypes,
  MANIFEST_PRIVILEGES,
  USER_DATA_SCOPES,
} from '../runtime/contract/enums.js';

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

/** Who shares a cooldown or concurrency limit (inlined in both, so the README shows the values). */
const limitBucket = {
  enum: COOLDOWN_BUCKETS,
  description:
    'Who shares the limit: `user` (everywhere), `member` (a user in one server), `guild`, `channel`, `category` (the channel\'s category), `role` (the member\'s top role) or `global`. Default `user`. In DMs, guild falls back to the user and category/role to the channel.',
} as const;

/** Manifest checks besides `privilege` (cog, group or command; a group's apply to its subcommands). See generator/model/checks.ts. */
const checkFields = {
  permissions: {
    type: 'array',
    minItems: 1,
    uniqueItems: true,
    items: { type: 'string', pattern: '^[A-Z][A-Za-z]*$' },
    description:
      'Discord permissions (names of discord.js `PermissionFlagsBits`, e.g. `ManageGuild`) that let a member run it: together with `privilege` either one suffices (Red\'s "admin or Manage Server"); alone they are required. Bot owners always pass; never with `privilege: owner`.',
  },
  botPermissions: {
    type: 'array',
    minItems: 1,
    uniqueItems: true,
    items: { type: 'string', pattern: '^[A-Z][A-Za-z]*$' },
    description: 'Discord permissions the bot itself needs in the channel (e.g. `EmbedLinks`); a missing one is told to the user by name.',
  },
  dmOnly: { type: 'boolean', description: 'Only usable in direct messages: refused in servers.' },
  guildOnly: {
    type: 'boolean',
    description:
      'Only usable in a server: refused in DMs, by text and by slash. On a cog: every command (a command\'s own `guildOnly: false` opts out); on a command or subcommand: it and everything below (a subcommand cannot opt out of its group\'s). A guild-only top-level command is also marked so in Discord (not offered in DMs); Discord cannot hide a single subcommand, so that one is refused when used. Default: true for a command with a required `member` or `role` option, and for a group all of whose commands are guild-only; `false` opts out.',
  },
  nsfw: { type: 'boolean', description: 'Only usable in age-restricted (NSFW) channels (and DMs).' },
  roles: {
    type: 'array',
    minItems: 1,
    uniqueItems: true,
    items: { type: 'string', minLength: 1 },
    description: 'The member must hold at least one of these roles (by name or id); refused in DMs.',
  },
  checks: {
    type: 'array',
    items: { $ref: '#/definitions/check' },
    description:
      'More checks, all of which must pass: a custom predicate name (implemented in `handlers.ts` under `checks`), or `{ any: [...] }` / `{ all: [...] }` of checks, or one of `{ privilege }`, `{ permissions }`, `{ botPermissions }`, `{ roles }`, `{ nsfw: true }`, `{ dmOnly: true }`, `{ guildOnly: true }`.',
  },
} as const;

/** What a command and a subcommand both have (besides their name, subcommands and `invokable`). */
const commandFields = {
  description: { type: 'string', minLength: 1, maxLength: 100, description: 'Shown in help and in the slash picker (1–100 characters).' },
  options: { type: 'array', items: { $ref: '#/definitions/option' }, description: 'Arguments, in order (at most 25).' },
  aliases: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Other text names.' },
  hidden: { type: 'boolean', description: 'Left out of help. Default false.' },
  allowedMentions: { $ref: '#/definitions/allowedMentions' },
  cooldown: { $ref: '#/definitions/cooldown' },
  maxConcurrency: { $ref: '#/definitions/maxConcurrency' },
  privilege: { $ref: '#/definitions/privilege' },
  ...checkFields,
} as const;

export const cogManifestSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'cogsmith:cog-manifest',
  title: 'Cogsmith cog manifest',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'identifier', 'description', 'dataStatement'],
  properties: {
    $schema: { type: 'string', description: 'Editor hint: the path of the generated JSON Schema. Ignored by the generator.' },
    name: {
      type: 'string',
      pattern: cogNamePattern,
      description: 'The cog name: lowercase letters, digits and `_`, starting with a letter. Must equal the folder name.',
    },
    identifier: {
      type: 'integer',
      minimum: 0,
      description: 'A number chosen once for config namespacing; never change it (stored data is keyed by it). Unique across cogs.',
    },
    description: { type: 'string', minLength: 1, description: 'One line shown in help.' },
    dataStatement: {
      type: 'string',
      minLength: 1,
      description: 'What end-user data the cog keeps, in plain words (shown to users who ask).',
    },
    dependsOn: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'string', pattern: cogNamePattern },
      description:
        'Other cogs of the project this one needs loaded first, by name: loading it loads them first, and unloading one of them is refused while this cog is loaded (or unloads this cog too, when asked). No cycles.',
    },
    commands: { type: 'array', items: { $ref: '#/definitions/command' }, description: 'Top-level commands.' },
    converters: { type: 'array', items: { $ref: '#/definitions/converter' }, description: 'Custom converters the cog implements in `handlers.ts` (`converters: { <name>: (raw, ctx) => value }`).' },
    listeners: { type: 'array', items: { $ref: '#/definitions/listener' }, description: 'discord.js client events (and the runtime\'s `messageWithoutCommand`) the cog handles.' },
    tasks: { type: 'array', items: { $ref: '#/definitions/task' }, description: 'Background tasks: run every period and/or once after `onLoad` (`tasks: { <name>: (cog, run) => ... }` in `handlers.ts`).' },
    jobs: { type: 'array', items: { $ref: '#/definitions/job' }, description: 'Kinds of jobs the cog schedules for later with `cog.jobs.schedule(at, name, payload)`; stored, so they survive restarts (`jobs: { <name>: (cog, job) => ... }` in `handlers.ts`).' },
    config: { $ref: '#/definitions/config' },
    privilege: { $ref: '#/definitions/privilege' },
    ...checkFields,
    userData: { $ref: '#/definitions/userData' },
  },
  definitions: {
    check: {
      description: 'One check: a custom predicate name, a composition (`any` / `all`), or one built-in check.',
      anyOf: [
        { type: 'string', pattern: '^[a-z][A-Za-z0-9_]*$' },
        { type: 'object', additionalProperties: false, required: ['any'], properties: { any: { type: 'array', minItems: 1, items: { $ref: '#/definitions/check' } } } },
        { type: 'object', additionalProperties: false, required: ['all'], properties: { all: { type: 'array', minItems: 1, items: { $ref: '#/definitions/check' } } } },
        { type: 'object', additionalProperties: false, required: ['privilege'], properties: { privilege: { $ref: '#/definitions/privilege' } } },
        { type: 'object', additionalProperties: false, required: ['permissions'], properties: { permissions: checkFields.permissions } },
        { type: 'object', additionalProperties: false, required: ['botPermissions'], properties: { botPermissions: checkFields.botPermissions } },
        { type: 'object', additionalProperties: false, required: ['roles'], properties: { roles: checkFields.roles } },
        { type: 'object', additionalProperties: false, required: ['nsfw'], properties: { nsfw: { const: true } } },
        { type: 'object', additionalProperties: false, required: ['dmOnly'], properties: { dmOnly: { const: true } } },
        { type: 'object', additionalProperties: false, required: ['guildOnly'], properties: { guildOnly: { const: true } } },
      ],
    },
    privilege: {
      enum: MANIFEST_PRIVILEGES,
      description:
        'Who may run it: `mod` (a mod or admin role of the server, or higher), `admin` (an admin role, or higher), `guildOwner` (the server owner, or a bot owner) or `owner` (bot owners only). On a cog or group it applies to every command below; the highest level on the way down wins.',
    },
    userData: {
      type: 'object',
      additionalProperties: false,
      description:
        'Where the cog keeps data about a user, so data requests can delete and export it (generated into `generated/cogs/<cog>/user-data.ts`). Leave it out when the cog does not handle data requests; `{}` says it keeps none. Data kept elsewhere: implement `onDeleteUserData` / `onExportUserData` in handlers.ts.',
      properties: {
        scopes: {
          type: 'array',
          uniqueItems: true,
          items: { enum: USER_DATA_SCOPES },
          description: '`user` (the user\'s document) and/or `member` (their document in every server); each must be declared under `config`.',
        },
        custom: {
          type: 'array',
          items: { $ref: '#/definitions/userDataCustom' },
          description: 'Custom config groups holding user data.',
        },
      },
    },
    userDataCustom: {
      type: 'object',
      additionalProperties: false,
      required: ['group'],
      description: 'A custom group with user data: `userKey` names the primary key that holds the user id, or `userField` the field inside each document (dotted path) that does. Matching documents are deleted and exported whole.',
      properties: {
        group: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$', description: 'The custom group name, as declared under `config.custom`.' },
        userKey: { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$', description: 'The primary key holding the user id.' },
        userField: { type: 'string', pattern: dottedFieldPattern, description: 'The document field holding the user id, e.g. `author` or `meta.author`.' },
      },
    },
    command: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'kind', 'description'],
      description: 'A top-level command.',
      properties: {
        name: { type: 'string', minLength: 1, description: 'Command name: 1–32 lowercase letters, digits, `-`, `_` (what Discord accepts for slash names; text commands follow the same rule).' },
        kind: {
          enum: COMMAND_KINDS,
          description: '`text` (prefix only), `slash` (application command only) or `hybrid` (both). Subcommands inherit it.',
        },
        ...commandFields,
        subcommands: { type: 'array', items: { $ref: '#/definitions/subcommand' }, description: 'Subcommands; the command becomes a group.' },
        invokable: {
          type: 'boolean',
          description: 'Text groups only: the group itself runs a handler when no subcommand follows. Default false for groups.',
        },
      },
    },
    subcommand: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'description'],
      description: 'A subcommand: like a command, without `kind` (it has its parent\'s).',
      properties: {
        name: { type: 'string', minLength: 1, description: 'Subcommand name (same rules as command names).' },
        ...commandFields,
        subcommands: { type: 'array', items: { $ref: '#/definitions/subcommand' }, description: 'Nested subcommands (slash: one more level at most).' },
        invokable: { type: 'boolean', description: 'Text groups only: the group itself runs a handler when no subcommand follows.' },
      },
    },
    option: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'description', 'type'],
      description: 'One argument of a command.',
      properties: {
        name: { type: 'string', minLength: 1, description: 'Option name: 1–32 lowercase letters, digits, `-`, `_`.' },
        description: { type: 'string', minLength: 1, maxLength: 100, description: 'Shown in help and in the slash picker.' },
        type: {
          anyOf: [
            { enum: optionTypes },
            { type: 'array', minItems: 2, uniqueItems: true, items: { enum: optionTypes } },
          ],
          description: optionTypeDoc,
        },
        required: { type: 'boolean', description: 'Default true. Required options come before optional ones.' },
        default: { type: ['string', 'number', 'boolean'], description: 'Value of an optional option left out; must match `type` (a duration: text such as `1h`).' },
        choices: {
          type: 'array',
          minItems: 1,
          maxItems: 25,
          items: { $ref: '#/definitions/choice' },
          description: 'Fixed values (string, integer, number): plain values, or `{ name, value }`.',
        },
        min: { type: ['number', 'string'], description: 'Smallest value (integer, number), or shortest duration as text (`30s`).' },
        max: { type: ['number', 'string'], description: 'Largest value (integer, number), or longest duration as text (`7d`).' },
        minLength: { type: 'integer', minimum: 0, maximum: 6000, description: 'Shortest length (string).' },
        maxLength: { type: 'integer', minimum: 1, maximum: 6000, description: 'Longest length (string).' },
        rest: { type: 'boolean', description: 'Text route: the last string option takes the rest of the line. Default false.' },
        channelKinds: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { enum: channelKinds },
          description: 'Channel options: the kinds accepted (`text`, `voice`, `thread`, `category`, `forum`, `announcement`, `stage`, `media`, `dm`); slash shows only these.',
        },
        units: {
          type: 'array',
          minItems: 1,
          uniqueItems: true,
          items: { enum: durationUnits },
          description: 'Duration options: the units accepted (`ms`, `s`, `m` minutes, `h`, `d`, `w`, `mo` months, `y`). Default all.',
        },
        list: {
          anyOf: [
            { type: 'boolean' },
            {
              type: 'object',
              additionalProperties: false,
              properties: { min: { type: 'integer', minimum: 1 }, max: { type: 'integer', minimum: 1 } },
            },
          ],
          description:
            'A greedy list of 1..N values (`true`, or `{ min, max }`; default 1..25). Text takes words while they convert; slash takes one string split the same way. The handler gets an array.',
        },
        converter: { type: 'string', minLength: 1, description: 'A custom converter declared in `converters` (with `type: string`): the option gets the type it produces.' },
        autocomplete: { type: 'boolean', description: 'Slash: suggest values as the user types (string, integer, number); the cog implements `autocomplete.<handler>.<option>`.' },
      },
    },
    converter: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'description', 'produces'],
      description: 'A custom converter: raw text in, a value of the produced type out.',
      properties: {
        name: { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$', description: 'Its name (camelCase), used by options as `converter: <name>` and as the key in `handlers.ts`.' },
        description: { type: 'string', minLength: 1, description: 'What it accepts, shown in help (e.g. `a colour name or #hex`).' },
        produces: { type: 'string', minLength: 1, description: 'The TypeScript type it produces, e.g. `number`, `{ r: number; g: number; b: number }`, or a type name exported by `from`.' },
        from: { type: 'string', pattern: '^\\./', description: 'A module of the cog (relative to its folder, e.g. `./colour.js`) that exports the type named by `produces`.' },
      },
    },
    choice: {
      type: ['string', 'number', 'object'],
      maxLength: 100,
      description: 'A fixed value, or `{ name, value }` to show another label.',
      if: { type: 'object' },
      then: {
        additionalProperties: false,
        required: ['name', 'value'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100, description: 'Label shown to users.' },
          value: { type: ['string', 'number'], maxLength: 100, description: 'The value the handler receives (strings: at most 100 characters).' },
        },
      },
    },
    cooldown: {
      type: 'object',
      additionalProperties: false,
      required: ['rate', 'per'],
      description: 'At most `rate` runs per `per` in one bucket, e.g. `{ rate: 2, per: 10s, bucket: user }`; a user over it is told when to retry.',
      properties: {
        rate: { type: 'integer', minimum: 1, description: 'Runs allowed per period (at least 1).' },
        per: {
          type: ['string', 'number'],
          description: `The period: ${periodUnits}.`,
        },
        bucket: limitBucket,
      },
    },
    maxConcurrency: {
      type: 'object',
      additionalProperties: false,
      required: ['limit'],
      description: 'At most `limit` runs at the same time in one bucket; another run is refused, or waits with `wait: true`.',
      properties: {
        limit: { type: 'integer', minimum: 1, description: 'Runs allowed at once (at least 1).' },
        bucket: limitBucket,
        wait: { type: 'boolean', description: 'Queue a run over the limit until a slot frees instead of refusing it. Default false.' },
      },
    },
    allowedMentions: {
      type: 'object',
      additionalProperties: false,
      description: 'Who replies may mention. Everything is off unless turned on here.',
      properties: {
        everyone: { type: 'boolean', description: '`@everyone` and `@here`. Default false.' },
        roles: { type: 'boolean', description: 'Role mentions. Default false.' },
        users: { type: 'boolean', description: 'User mentions. Default false.' },
        repliedUser: { type: 'boolean', description: 'The author of the message replied to. Default false.' },
      },
    },
    listener: {
      type: 'object',
      additionalProperties: false,
      required: ['event', 'handler'],
      description: 'A discord.js client event, or a runtime event, handled by the cog.',
      properties: {
        event: {
          type: 'string',
          description:
            'A discord.js client event name, e.g. `guildMemberAdd`, or the runtime event `messageWithoutCommand` (a message that is not a command, after the allow/block lists and ignores; the listener gets the `Message`).',
        },
        handler: { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$', description: 'Key of the listener in `handlers.ts` (camelCase).' },
        once: { type: 'boolean', description: 'Run once, then stop listening. Default false.' },
      },
    },
    task: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      description: 'A background task. Without `every` it is a start-up task that runs once after `onLoad`. Runs never overlap.',
      properties: {
        name: { type: 'string', minLength: 1, description: `Its name: ${handlerNameDoc}. Unique in the cog.` },
        description: { type: 'string', description: 'What it does (for people reading the spec and logs).' },
        every: { type: ['string', 'number'], description: `The period between runs: ${periodUnits}; at least 1 second. The first periodic run is one period after the cog loads.` },
        atStart: { type: 'boolean', description: 'Also run once right after `onLoad`. Default false with `every`; a task without `every` always runs at start (`false` is refused).' },
        stopTimeout: { type: ['string', 'number'], description: `How long an unload waits for a running run after signalling it to stop: ${periodUnits}. Default 5s.` },
      },
    },
    job: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'payload'],
      description: 'A kind of scheduled job, e.g. `unban` after a tempban: its handler runs at the time it was scheduled for, with its payload.',
      properties: {
        name: { type: 'string', minLength: 1, description: `Its name: ${handlerNameDoc}. Unique in the cog.` },
        description: { type: 'string', description: 'What a job of this kind does.' },
        payload: {
          type: 'object',
          propertyNames: { pattern: configKeyPattern, description: 'payload fields are identifiers: letters, digits, `_`' },
          additionalProperties: { $ref: '#/definitions/configType' },
          description: 'The payload\'s fields, each a type as config fields have them (without a default), e.g. `{ userId: { type: snowflake } }`; `cog.jobs.schedule` is type-checked against it.',
        },
        userFields: {
          type: 'array',
          uniqueItems: true,
          items: { type: 'string', pattern: dottedFieldPattern },
          description:
            'Payload fields (a name, or a dotted path into `object` fields) of type `snowflake` or `string` that hold a user id: a data-deletion request for that user removes the jobs naming them.',
        },
      },
    },
    config: {
      type: 'object',
      additionalProperties: false,
      description: 'Config defaults per scope; each scope is a group (see below). Scopes left out are not exposed.',
      properties: {
        global: { $ref: '#/definitions/configGroup' },
        guild: { $ref: '#/definitions/configGroup' },
        channel: { $ref: '#/definitions/configGroup' },
        role: { $ref: '#/definitions/configGroup' },
        user: { $ref: '#/definitions/configGroup' },
        member: { $ref: '#/definitions/configGroup' },
        forceRegistration: {
          type: 'boolean',
          description:
            'Default true: reading or writing a name the manifest does not declare is an error naming the cog, the scope and the name (with a did-you-mean). `false` lets handlers use names registered at run time, as Red allows without force registration.',
        },
        custom: {
          type: 'object',
          propertyNames: { pattern: '^[A-Z][A-Z0-9_]*$', description: 'custom group names are UPPER_SNAKE_CASE' },
          additionalProperties: { $ref: '#/definitions/customGroup' },
          description: 'Custom groups by name (UPPER_SNAKE_CASE), each with its primary keys.',
        },
      },
    },
    customGroup: {
      type: 'object',
      additionalProperties: false,
      required: ['keys', 'fields'],
      description: 'A custom config group.',
      properties: {
        keys: {
          type: 'array',
          minItems: 1,
          items: { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$' },
          description: 'Names of its primary keys, in order (camelCase); their count is what `initCustom` takes.',
        },
        fields: { $ref: '#/definitions/configGroup' },
        renamedFrom: {
          type: 'string',
          pattern: '^[A-Z][A-Z0-9_]*$',
          description: 'The custom group\'s former name: the next `npm run generate` writes a migration that moves its stored data here.',
        },
      },
    },
    configGroup: {
      type: 'object',
      title: 'a group of config entries, or a field such as `{ type: string, default: "" }`',
      minProperties: 1,
      description: 'A group: each key is a field (a map with `type`) or a nested group (any other map).',
      propertyNames: { pattern: configKeyPattern, description: 'config keys are identifiers: letters, digits, `_`' },
      properties: {
        renamedFrom: {
          type: 'string',
          pattern: renamedFromPattern,
          description:
            'The group\'s former name (a sibling\'s name, or a dotted path from the scope root when it moved): the next `npm run generate` writes a migration that moves its stored values here.',
        },
      },
      additionalProperties: {
        if: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
        then: { $ref: '#/definitions/configField' },
        else: { $ref: '#/definitions/configGroup' },
      },
    },
    configField: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'default'],
      description: 'A stored value with its type and default.',
      properties: {
        type: { enum: configType, description: 'One of `string`, `integer` (a whole number within ±(2^53−1)), `bigint` (a whole number of any size, stored as decimal text), `number`, `boolean`, `duration` (written with a unit, `30s`, or `0`; stored in milliseconds), `snowflake` (a Discord id as a string), `array`, `object`. Writes are checked against the type.' },
        default: { description: 'Default value; must match `type` (`null` only when `nullable`).' },
        nullable: { type: 'boolean', description: 'The value may be `null`. Default false.' },
        items: { $ref: '#/definitions/configType' },
        fields: {
          type: 'object',
          propertyNames: { pattern: configKeyPattern, description: 'config keys are identifiers: letters, digits, `_`' },
          additionalProperties: { $ref: '#/definitions/configType' },
          description: '`object` only: its fields.',
        },
        description: { type: 'string', description: 'A doc comment for the generated accessor.' },
        renamedFrom: {
          type: ['string', 'null'],
          pattern: renamedFromPattern,
          description:
            'The field\'s former name (a sibling\'s name, or a dotted path from the scope root when it moved between groups): the next `npm run generate` writes a migration that moves stored values here. `null` says the field is new, not a rename of a field removed in the same change.',
        },
        rewriteOldDefault: {
          type: 'boolean',
          description:
            'When the default changes: the migration also rewrites stored values that still hold the old default to the new one (values never set follow the new default anyway). Default false.',
        },
      },
    },
    configType: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      description: 'A type without a default: array items and object fields.',
      properties: {
        type: { enum: configType, description: 'As for fields.' },
        nullable: { type: 'boolean', description: 'May be `null`.' },
        items: { $ref: '#/definitions/configType' },
        fields: {
          type: 'object',
          propertyNames: { pattern: configKeyPattern, description: 'config keys are identifiers: letters, digits, `_`' },
          additionalProperties: { $ref: '#/definitions/configType' },
          description: '`object` only: its fields.',
        },
      },
    },
  },
} as const;
