/**
 * The JSON Schema of a cog manifest (v1), for `cog.yaml` and `cog.ts` alike. It is the single source of
 * the manifest's shape: ajv validates with it, the README reference is generated from its descriptions,
 * and a test keeps the `CogManifest` TypeScript type (manifest.ts) in step with it.
 * What a schema cannot see (duplicates across cogs, Discord's naming rules, defaults vs. types) is
 * checked in checks.ts.
 */

const configType = ['string', 'integer', 'number', 'boolean', 'duration', 'snowflake', 'array', 'object'] as const;

/** Names a config key may have (it becomes a TypeScript property). */
export const configKeyPattern = '^[A-Za-z_][A-Za-z0-9_]*$';

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
      pattern: '^[a-z][a-z0-9_]{0,31}$',
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
    commands: { type: 'array', items: { $ref: '#/definitions/command' }, description: 'Top-level commands.' },
    listeners: { type: 'array', items: { $ref: '#/definitions/listener' }, description: 'discord.js client events the cog handles.' },
    config: { $ref: '#/definitions/config' },
  },
  definitions: {
    command: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'kind', 'description'],
      description: 'A top-level command.',
      properties: {
        name: { type: 'string', minLength: 1, description: 'Command name: 1–32 lowercase letters, digits, `-`, `_` (what Discord accepts for slash names; text commands follow the same rule).' },
        kind: {
          enum: ['text', 'slash', 'hybrid'],
          description: '`text` (prefix only), `slash` (application command only) or `hybrid` (both). Subcommands inherit it.',
        },
        description: { type: 'string', minLength: 1, maxLength: 100, description: 'Shown in help and in the slash picker (1–100 characters).' },
        options: { type: 'array', items: { $ref: '#/definitions/option' }, description: 'Arguments, in order (at most 25).' },
        subcommands: { type: 'array', items: { $ref: '#/definitions/subcommand' }, description: 'Subcommands; the command becomes a group.' },
        invokable: {
          type: 'boolean',
          description: 'Text groups only: the group itself runs a handler when no subcommand follows. Default false for groups.',
        },
        aliases: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Other text names.' },
        hidden: { type: 'boolean', description: 'Left out of help. Default false.' },
        allowedMentions: { $ref: '#/definitions/allowedMentions' },
        checks: { type: 'array', items: { type: 'string' }, description: 'Reserved for a later version: accepted, not enforced yet.' },
        cooldown: { type: 'object', description: 'Reserved for a later version: accepted, not enforced yet.' },
        privilege: { type: 'string', description: 'Reserved for a later version: accepted, not enforced yet.' },
      },
    },
    subcommand: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'description'],
      description: 'A subcommand: like a command, without `kind` (it has its parent\'s).',
      properties: {
        name: { type: 'string', minLength: 1, description: 'Subcommand name (same rules as command names).' },
        description: { type: 'string', minLength: 1, maxLength: 100, description: 'Shown in help and in the slash picker (1–100 characters).' },
        options: { type: 'array', items: { $ref: '#/definitions/option' }, description: 'Arguments, in order (at most 25).' },
        subcommands: { type: 'array', items: { $ref: '#/definitions/subcommand' }, description: 'Nested subcommands (slash: one more level at most).' },
        invokable: { type: 'boolean', description: 'Text groups only: the group itself runs a handler when no subcommand follows.' },
        aliases: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'Other text names.' },
        hidden: { type: 'boolean', description: 'Left out of help. Default false.' },
        allowedMentions: { $ref: '#/definitions/allowedMentions' },
        checks: { type: 'array', items: { type: 'string' }, description: 'Reserved for a later version.' },
        cooldown: { type: 'object', description: 'Reserved for a later version.' },
        privilege: { type: 'string', description: 'Reserved for a later version.' },
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
          enum: ['string', 'integer', 'number', 'boolean', 'user', 'member', 'channel', 'role'],
          description: 'The converter: `string`, `integer`, `number`, `boolean`, `user`, `member`, `channel` or `role`.',
        },
        required: { type: 'boolean', description: 'Default true. Required options come before optional ones.' },
        default: { type: ['string', 'number', 'boolean'], description: 'Value of an optional option left out; must match `type`.' },
        choices: {
          type: 'array',
          minItems: 1,
          maxItems: 25,
          items: { $ref: '#/definitions/choice' },
          description: 'Fixed values (string, integer, number): plain values, or `{ name, value }`.',
        },
        min: { type: 'number', description: 'Smallest value (integer, number).' },
        max: { type: 'number', description: 'Largest value (integer, number).' },
        minLength: { type: 'integer', minimum: 0, maximum: 6000, description: 'Shortest length (string).' },
        maxLength: { type: 'integer', minimum: 1, maximum: 6000, description: 'Longest length (string).' },
        rest: { type: 'boolean', description: 'Text route: the last string option takes the rest of the line. Default false.' },
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
      description: 'A discord.js client event handled by the cog.',
      properties: {
        event: { type: 'string', description: 'A discord.js client event name, e.g. `guildMemberAdd`.' },
        handler: { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$', description: 'Key of the listener in `handlers.ts` (camelCase).' },
        once: { type: 'boolean', description: 'Run once, then stop listening. Default false.' },
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
      },
    },
    configGroup: {
      type: 'object',
      title: 'a group of config entries, or a field such as `{ type: string, default: "" }`',
      minProperties: 1,
      description: 'A group: each key is a field (a map with `type`) or a nested group (any other map).',
      propertyNames: { pattern: configKeyPattern, description: 'config keys are identifiers: letters, digits, `_`' },
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
        type: { enum: configType, description: 'One of `string`, `integer`, `number`, `boolean`, `duration` (integer seconds), `snowflake` (a Discord id as a string), `array`, `object`.' },
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
