/**
 * JSON Schema of bot.config.yaml, the instance configuration. Descriptions double as documentation and
 * appear in error hints. Defaults here are the defaults the loader applies.
 */
import { GatewayIntentBits } from 'discord.js';

/** Every gateway intent name discord.js knows, e.g. `Guilds`, `MessageContent`. */
export const INTENT_NAMES = Object.keys(GatewayIntentBits).filter((k) => Number.isNaN(Number(k)));

/** Intents used when the file names none: enough for text and slash commands and member lookups. */
export const DEFAULT_INTENTS = ['Guilds', 'GuildMessages', 'DirectMessages', 'MessageContent', 'GuildMembers'];

const snowflake = {
  type: 'string',
  pattern: '^[0-9]{15,21}$',
  description: 'a Discord id as a quoted string, e.g. "123456789012345678" (unquoted, YAML reads long numbers inexactly)',
};

export const instanceConfigSchema = {
  title: 'Cogsmith instance configuration (bot.config.yaml)',
  type: 'object',
  additionalProperties: false,
  properties: {
    prefixes: {
      description: 'Text command prefixes. The longest matching prefix wins. Default: ["!"].',
      type: 'array',
      items: { type: 'string', minLength: 1, maxLength: 25, pattern: '\\S', description: 'a prefix such as "!" or "?"' },
      uniqueItems: true,
      default: ['!'],
    },
    mentionPrefix: {
      description: "Whether mentioning the bot (`@Bot ping`) works as a prefix. Default: true.",
      type: 'boolean',
      default: true,
    },
    owners: {
      description: 'User ids of the bot owners (owner-only commands). Default: none.',
      type: 'array',
      items: snowflake,
      uniqueItems: true,
      default: [],
    },
    ownersFromApplication: {
      description: "Whether the application's owner (from Discord) is also a bot owner, besides `owners`. Default: true.",
      type: 'boolean',
      default: true,
    },
    teamMembersAreOwners: {
      description: "When the application belongs to a team: every team member is a bot owner (else only the team's owner). Default: false.",
      type: 'boolean',
      default: false,
    },
    cooldowns: {
      description: 'How command cooldowns apply.',
      type: 'object',
      additionalProperties: false,
      properties: {
        ownersBypass: {
          description: 'Bot owners (`owners` and, unless `ownersFromApplication: false`, the application owner) are not held by command cooldowns. Max concurrency still applies. Default: false.',
          type: 'boolean',
          default: false,
        },
      },
    },
    discord: {
      description: 'How to reach Discord.',
      type: 'object',
      additionalProperties: false,
      properties: {
        api: {
          description:
            'REST base URL without version, e.g. http://127.0.0.1:5555/api for a local simulator. Default: Discord itself. The environment variable COGSMITH_DISCORD_API overrides it. The gateway URL is asked from `/gateway/bot`.',
          type: 'string',
          // Kept short: the pattern error quotes this description.
          pattern: '^https?://[^\\s/]+',
        },
        token: {
          description: 'The bot token. Prefer the environment variable DISCORD_TOKEN, which overrides this; never commit a token.',
          type: 'string',
          minLength: 1,
        },
        intents: {
          description: `Gateway intents by name. Default: ${DEFAULT_INTENTS.join(', ')}.`,
          type: 'array',
          items: { type: 'string', enum: INTENT_NAMES },
          uniqueItems: true,
        },
        shards: {
          description: 'Shard count run by this process: `auto` (as Discord recommends) or a whole number. Default: one shard.',
          // One node instead of anyOf so a bad value gets one message, not three.
          type: ['string', 'integer'],
          pattern: '^auto$',
          minimum: 1,
        },
        syncMode: {
          description:
            'Where slash commands are synced: `global` (every server and DMs; Discord may take a while to show changes) or `dev` (guild commands in `devGuilds` only, shown at once, for fast iteration). Switching clears the other scope once. Default: global.',
          type: 'string',
          enum: ['global', 'dev'],
          default: 'global',
        },
        devGuilds: {
          description: 'Development guild ids (quoted) that receive the slash commands when `syncMode` is `dev`. Default: none.',
          type: 'array',
          items: snowflake,
          uniqueItems: true,
          default: [],
        },
      },
    },
    storage: {
      description: 'Where Config keeps its data.',
      type: 'object',
      additionalProperties: false,
      properties: {
        driver: {
          description: 'json (files, the default), postgres (scale) or memory (tests; nothing kept).',
          type: 'string',
          enum: ['json', 'postgres', 'memory'],
          default: 'json',
        },
        path: {
          description: 'Data folder of the json driver, relative to this file. Default: data.',
          type: 'string',
          minLength: 1,
          default: 'data',
        },
        url: {
          description: 'PostgreSQL URL for the postgres driver; the environment variable COGSMITH_POSTGRES_URL overrides it. Without one, an embedded PGlite is used.',
          type: 'string',
          pattern: '^postgres(ql)?://',
        },
      },
    },
    cogs: {
      description: 'Cogs to load at start, by name (as in generated/registry.ts). Default: [general].',
      type: 'array',
      items: { type: 'string', pattern: '^[a-z][a-z0-9_-]*$', description: 'a cog name: lower case letters, digits, - and _' },
      uniqueItems: true,
      default: ['general'],
    },
  },
} as const;

/** The text of bot.config.schema.json (written by write-schema.ts, for editors). */
export function schemaFileText(): string {
  return JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...instanceConfigSchema }, null, 2) + '\n';
}
