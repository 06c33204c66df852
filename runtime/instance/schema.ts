/**
 * bot.config.yaml, the instance configuration: one source for its JSON Schema (what the loader validates
 * with ajv, and runtime/instance/bot.config.schema.json for editors) and its TypeScript types (`Static<>`,
 * see runtime/support/typed-schema.ts for why TypeBox). Descriptions double as documentation and appear
 * in error hints. Defaults here are the defaults the loader applies.
 */
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { GatewayIntentBits } from 'discord.js';
import { LOG_LEVELS } from '../logging/levels.js';
import { mapOf, oneOf, plainJson, Type as T, types, withJson, type Static } from '../support/typed-schema.js';
import { DEFAULT_INTENTS, STORAGE_DRIVERS } from './defaults.js';

/** Every gateway intent name discord.js knows, e.g. `Guilds`, `MessageContent`. */
export const INTENT_NAMES = Object.keys(GatewayIntentBits).filter((k) => Number.isNaN(Number(k)));

export { DEFAULT_INTENTS, STORAGE_DRIVERS } from './defaults.js';

const opt = T.Optional;
const closed = { additionalProperties: false } as const;

const snowflake = () =>
  T.String({
    pattern: '^[0-9]{15,21}$',
    description: 'a Discord id as a quoted string, e.g. "123456789012345678" (unquoted, YAML reads long numbers inexactly)',
  });

const instanceFile = T.Object(
  {
    prefixes: opt(
      T.Array(T.String({ minLength: 1, maxLength: 25, pattern: '\\S', description: 'a prefix such as "!" or "?"' }), {
        description: 'Text command prefixes. The longest matching prefix wins. Default: ["!"].',
        uniqueItems: true,
        default: ['!'],
      }),
    ),
    mentionPrefix: opt(T.Boolean({ description: 'Whether mentioning the bot (`@Bot ping`) works as a prefix. Default: true.', default: true })),
    owners: opt(T.Array(snowflake(), { description: 'User ids of the bot owners (owner-only commands). Default: none.', uniqueItems: true, default: [] })),
    ownersFromApplication: opt(
      T.Boolean({ description: "Whether the application's owner (from Discord) is also a bot owner, besides `owners`. Default: true.", default: true }),
    ),
    teamMembersAreOwners: opt(
      T.Boolean({
        description: "When the application belongs to a team: every team member is a bot owner (else only the team's owner). Default: false.",
        default: false,
      }),
    ),
    cooldowns: opt(
      T.Object(
        {
          ownersBypass: opt(
            T.Boolean({
              description:
                'Bot owners (`owners` and, unless `ownersFromApplication: false`, the application owner) are not held by command cooldowns. Max concurrency still applies. Default: false.',
              default: false,
            }),
          ),
        },
        { description: 'How command cooldowns apply.', ...closed },
      ),
    ),
    replies: opt(
      T.Object(
        {
          perChannel: opt(T.Integer({ minimum: 1, description: 'Text replies that may be pending (sending, or waiting for the rate limit) in one channel; commands beyond are not run. Default: 50.', default: 50 })),
          global: opt(T.Integer({ minimum: 1, description: 'Text replies that may be pending in total; commands beyond are not run. Default: 1000.', default: 1000 })),
        },
        { description: 'Backpressure: bounds on pending replies under a flood of commands (runtime/context/backpressure.ts).', ...closed },
      ),
    ),
    discord: opt(
      T.Object(
        {
          api: opt(
            T.String({
              description:
                'REST base URL without version, e.g. http://127.0.0.1:5555/api for a local simulator. Default: Discord itself. The environment variable COGSMITH_DISCORD_API overrides it. The gateway URL is asked from `/gateway/bot`.',
              // Kept short: the pattern error quotes this description.
              pattern: '^https?://[^\\s/]+',
            }),
          ),
          token: opt(
            T.String({
              description: 'The bot token. Prefer the environment variable DISCORD_TOKEN, which overrides this; never commit a token.',
              minLength: 1,
            }),
          ),
          intents: opt(
            T.Array(oneOf(INTENT_NAMES, { type: 'string' }), {
              description: `Gateway intents by name. Default: ${DEFAULT_INTENTS.join(', ')}.`,
              uniqueItems: true,
            }),
          ),
          // One node instead of anyOf so a bad value gets one message, not three.
          shards: opt(
            withJson(T.Union([T.Literal('auto'), T.Integer()]), {
              description: 'Shard count of the bot: `auto` (as Discord recommends) or a whole number. `--shard-count` overrides it. Default: one shard.',
              type: ['string', 'integer'],
              pattern: '^auto$',
              minimum: 1,
            }),
          ),
          processes: opt(
            T.Integer({
              minimum: 1,
              description:
                'Processes the shards are split into (contiguous groups, one process each, run by a supervisor; runtime/shards). More than 1 needs PostgreSQL storage with a URL. `--processes` overrides it. Default: 1.',
            }),
          ),
          shardIds: opt(
            T.Array(T.Integer({ minimum: 0, description: 'a shard id' }), {
              description: 'Run exactly these shards in one process (pinned by hand; on PostgreSQL held with leases so other hosts never run them). Needs a whole-number `shards`. `--shard-ids` overrides it. Default: none.',
              uniqueItems: true,
              minItems: 1,
            }),
          ),
          leases: opt(
            T.Object(
              {
                ttlMs: opt(T.Integer({ minimum: 1000, description: 'How long a shard lease lasts without renewal, in ms. Default: 15000.' })),
                renewMs: opt(T.Integer({ minimum: 100, description: 'How often leases are renewed and free groups looked for, in ms; at most a third of ttlMs. Default: 5000.' })),
              },
              {
                description:
                  'Shard leases in PostgreSQL (runtime/shards/leases.ts): hosts sharing the database divide the shard groups; a dead host\'s groups are taken over within ttlMs + renewMs + a process start. Used whenever processes > 1 or shardIds is set on PostgreSQL; setting this block turns them on for processes: 1 too (a standby host). Default: 15000 / 5000.',
                ...closed,
              },
            ),
          ),
          syncMode: opt(
            oneOf(['global', 'dev'] as const, {
              description:
                'Where slash commands are synced: `global` (every server and DMs; Discord may take a while to show changes) or `dev` (guild commands in `devGuilds` only, shown at once, for fast iteration). Switching clears the other scope once. Default: global.',
              type: 'string',
              default: 'global',
            }),
          ),
          devGuilds: opt(
            T.Array(snowflake(), {
              description: 'Development guild ids (quoted) that receive the slash commands when `syncMode` is `dev`. Default: none.',
              uniqueItems: true,
              default: [],
            }),
          ),
          restProxy: opt(
            T.Object(
              {
                url: opt(
                  T.String({
                    description: 'A REST proxy run separately (`cogsmith proxy`), e.g. http://127.0.0.1:8080: the REST of every process with this setting goes through it. COGSMITH_REST_PROXY_URL overrides it.',
                    pattern: '^https?://[^\\s/]+',
                  }),
                ),
                port: opt(T.Integer({ minimum: 0, maximum: 65535, description: '`npm start` and `cogsmith start` start the proxy as a child process on this port (0: a free one) and stop it with the bot.' })),
                host: opt(T.String({ minLength: 1, description: 'Where the started proxy listens (with `port`). Default: 127.0.0.1.' })),
                globalRequestsPerSecond: opt(T.Integer({ minimum: 1, description: "The started proxy's global limit per token (with `port`). Default: 50, Discord's." })),
              },
              {
                description:
                  "Shared REST rate limits (runtime/rest-proxy): the bot's REST goes through @discordjs/proxy, which holds Discord's limits for every process using it. `url` for one run separately, or `port` for one started with the bot. Default: none (each process keeps its own limits).",
                ...closed,
              },
            ),
          ),
        },
        { description: 'How to reach Discord.', ...closed },
      ),
    ),
    storage: opt(
      T.Object(
        {
          driver: opt(
            oneOf(STORAGE_DRIVERS, {
              description: 'json (files, the default), postgres (scale) or memory (tests; nothing kept).',
              type: 'string',
              default: 'json',
            }),
          ),
          path: opt(T.String({ description: 'Data folder of the json driver, relative to this file. Default: data.', minLength: 1, default: 'data' })),
          url: opt(
            T.String({
              description:
                'PostgreSQL URL for the postgres driver; the environment variable COGSMITH_POSTGRES_URL overrides it. Without one, an embedded PGlite is used.',
              pattern: '^postgres(ql)?://',
            }),
          ),
        },
        { description: 'Where Config keeps its data.', ...closed },
      ),
    ),
    logging: opt(
      T.Object(
        {
          level: opt(oneOf(LOG_LEVELS, { type: 'string', description: 'The level of every logger `loggers` does not name. COGSMITH_LOG_LEVEL overrides it. Default: info.' })),
          loggers: opt(
            mapOf(oneOf(LOG_LEVELS, { type: 'string', description: 'a level' }), { pattern: '^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)*$', description: 'a logger name such as `cog:economy`' }, {
              description: 'Levels by logger name, e.g. `cog:economy: debug` (covers the cog\'s logger and its children).',
            }),
          ),
          format: opt(oneOf(['json', 'pretty', 'auto'] as const, { type: 'string', description: 'Terminal output: JSON lines, readable colour lines, or `auto` (pretty on a terminal). COGSMITH_LOG_FORMAT overrides it. Default: auto.' })),
          file: opt(
            T.Object(
              {
                path: T.String({ minLength: 1, description: 'The live log file (JSON lines), relative to this file; rotated ones are `<path>.1` … `<path>.<keep>`.' }),
                maxSize: opt(T.String({ pattern: '^[1-9][0-9]*[BKMG]$', description: 'Rotate at this size: a whole number and B, K, M or G. Default: 10M.' })),
                keep: opt(T.Integer({ minimum: 0, maximum: 1000, description: 'Rotated files kept beside the live one. Default: 5.' })),
              },
              { description: 'A log file with rotation by size (COGSMITH_LOG_FILE and _SIZE, _KEEP override it). Default: none.', ...closed },
            ),
          ),
        },
        { description: 'Log output (runtime/logging/settings.ts); the environment variables override each setting.', ...closed },
      ),
    ),
    metrics: opt(
      T.Object(
        {
          port: T.Integer({ minimum: 0, maximum: 65535, description: 'The HTTP port of /metrics (Prometheus), /healthz and /readyz.' }),
          host: opt(T.String({ minLength: 1, description: 'Where to listen. Default: 127.0.0.1 (0.0.0.0 to be scraped from outside a container).' })),
        },
        { description: 'The metrics and health endpoint (runtime/metrics). Default: off.', ...closed },
      ),
    ),
    cogs: opt(
      T.Array(T.String({ pattern: '^[a-z][a-z0-9_-]*$', description: 'a cog name: lower case letters, digits, - and _' }), {
        description: 'Cogs to load at start, by name (as in generated/registry.ts). Default: [general].',
        uniqueItems: true,
        default: ['general'],
      }),
    ),
  },
  { title: 'Cogsmith instance configuration (bot.config.yaml)', ...closed },
);

/** What bot.config.yaml may hold, every key optional (the loader fills in the defaults). */
export type InstanceConfigFile = Static<typeof instanceFile>;

/** The JSON Schema of bot.config.yaml (draft-07), as ajv validates it. */
export const instanceConfigSchema = plainJson(instanceFile);

/** The text of bot.config.schema.json (written by write-schema.ts, for editors). */
export function schemaFileText(): string {
  return JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...instanceConfigSchema }, null, 2) + '\n';
}

/** The options the instance file is validated with (every error, each with its schema and value). */
export const VALIDATOR_OPTIONS = { allErrors: true, verbose: true, strict: false } as const;

/**
 * The text of bot.config.validate.ts (written by write-schema.ts): ajv's validator for the schema, compiled
 * ahead of time (ajv's standalone code), so that loading an instance file needs neither ajv's compiler nor
 * TypeBox. Its one run-time helper is imported from ajv (the generated code would `require` it).
 */
export function validatorFileText(): string {
  const ajv = new Ajv({ ...VALIDATOR_OPTIONS, code: { source: true, esm: true } });
  // A CommonJS module: its function is the default export under vite, `.default` of it under plain Node.
  type ToCode = (ajv: Ajv, validate: unknown) => string;
  const module = standalone as unknown as ToCode | { default: ToCode };
  const toCode = typeof module === 'function' ? module : module.default;
  let code = toCode(ajv, ajv.compile(instanceConfigSchema));
  const helpers: string[] = [];
  code = code.replace(/require\("ajv\/dist\/runtime\/([a-z0-9]+)"\)\.default/gi, (_: string, name: string) => {
    helpers.push(`import ${name} from 'ajv/dist/runtime/${name}.js';`);
    return `(${name}.default ?? ${name})`; // the same CommonJS interop, in the generated file
  });
  if (/require\(/.test(code)) throw new Error('ajv standalone code requires a module this writer does not import');
  return [
    '// Generated by runtime/instance/write-schema.ts from schema.ts (ajv standalone code). Do not edit.',
    '// @ts-nocheck',
    '/* eslint-disable */',
    ...helpers,
    code.replace(/^"use strict";/, ''),
    '',
  ].join('\n');
}
