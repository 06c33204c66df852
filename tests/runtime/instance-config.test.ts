import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createInstanceConfig, InstanceConfigError, loadInstanceConfig, parseInstanceConfig } from '../../runtime/instance/config.js';
import { createLogger, type LogRecord } from '../../runtime/logging.js';

// Token-shaped but fake; also checked as a plain secret that does not look like a token.
const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB';
const PLAIN_SECRET = 'not-token-shaped-secret-value';

function problems(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseInstanceConfig(text, 'bot.config.yaml', env);
  } catch (error) {
    expect(error).toBeInstanceOf(InstanceConfigError);
    return (error as Error).message.split('\n');
  }
  throw new Error('expected an InstanceConfigError');
}

describe('instance config: defaults', () => {
  it('an empty file gives every default', () => {
    const config = parseInstanceConfig('', '/srv/bot/bot.config.yaml', {});
    expect(config).toMatchObject({
      prefixes: ['!'],
      mentionPrefix: true,
      owners: [],
      cogs: ['general'],
      discord: { intents: ['Guilds', 'GuildMessages', 'DirectMessages', 'MessageContent', 'GuildMembers'] },
      storage: { driver: 'json', path: '/srv/bot/data' },
    });
    expect(config.discord.token).toBeUndefined();
    expect(config.discord.api).toBeUndefined();
  });

  it('the repository bot.config.yaml is valid', () => {
    const config = loadInstanceConfig(join(import.meta.dirname, '../../bot.config.yaml'), {});
    expect(config.cogs).toContain('general');
  });

  it('reads every field', () => {
    const config = parseInstanceConfig(
      [
        "prefixes: ['!', '?']",
        'mentionPrefix: false',
        "owners: ['123456789012345678']",
        'discord:',
        '  api: http://127.0.0.1:5555/api/',
        '  intents: [Guilds]',
        '  shards: 2',
        'storage: { driver: postgres, url: "postgres://u:p@localhost/db", path: /var/bot }',
        'cogs: [general, economy]',
      ].join('\n'),
      'bot.config.yaml',
      {},
    );
    expect(config).toMatchObject({
      prefixes: ['!', '?'],
      mentionPrefix: false,
      owners: ['123456789012345678'],
      discord: { api: 'http://127.0.0.1:5555/api', intents: ['Guilds'], shards: 2 },
      storage: { driver: 'postgres', url: 'postgres://u:p@localhost/db', path: '/var/bot' },
      cogs: ['general', 'economy'],
    });
  });
});

describe('instance config: errors at file:line:col', () => {
  it('names an unknown key at its position, with a suggestion', () => {
    expect(problems('discord:\n  tokn: abc\n')).toEqual(['bot.config.yaml:2:3 unknown key `tokn`; did you mean `token`?']);
  });

  it('reports every wrong value with its position', () => {
    expect(problems('prefixes: 3\ncogs: [general, Bad]\nstorage:\n  driver: mysql\n')).toEqual([
      'bot.config.yaml:1:11 must be an array, got number 3',
      'bot.config.yaml:2:17 "Bad" does not match the pattern ^[a-z][a-z0-9_-]*$ (a cog name: lower case letters, digits, - and _)',
      'bot.config.yaml:4:11 must be one of `json`, `postgres`, `memory`, got "mysql"',
    ]);
  });

  it('reads logging and metrics settings, and reports bad ones at their position', () => {
    const config = parseInstanceConfig('logging:\n  level: warn\n  loggers: { "cog:economy": debug }\n  file: { path: logs/bot.log, maxSize: 5M, keep: 3 }\nmetrics: { port: 9464, host: 0.0.0.0 }\n', 'bot.config.yaml', {});
    expect(config.logging).toEqual({ level: 'warn', loggers: { 'cog:economy': 'debug' }, file: { path: 'logs/bot.log', maxSize: '5M', keep: 3 } });
    expect(config.metrics).toEqual({ port: 9464, host: '0.0.0.0' });
    expect(parseInstanceConfig('{}', 'bot.config.yaml', {}).metrics).toBeUndefined();
    expect(problems('logging:\n  level: loud\n  file: { path: x.log, maxSize: 5 MB }\nmetrics: { port: 70000 }\n')).toEqual([
      'bot.config.yaml:2:10 must be one of `debug`, `info`, `warn`, `error`, got "loud"',
      'bot.config.yaml:3:33 "5 MB" does not match the pattern ^[1-9][0-9]*[BKMG]$ (Rotate at this size: a whole number and B, K, M or G. Default: 10M.)',
      'bot.config.yaml:4:18 must be at most 65535, got number 70000',
    ]);
  });

  it('explains unquoted ids (YAML rounds them)', () => {
    expect(problems('owners: [123456789012345678]')[0]).toMatch(/^bot\.config\.yaml:1:10 must be a string, got number .*write Discord ids in quotes/);
  });

  it('reports YAML syntax errors with their position', () => {
    expect(problems('prefixes: [\n')[0]).toMatch(/^bot\.config\.yaml:\d+:\d+ YAML syntax error: /);
  });

  it('rejects a configuration where text commands could never run', () => {
    expect(problems('prefixes: []\nmentionPrefix: false\n')).toEqual(['bot.config.yaml:1:11 no prefixes and mentionPrefix is false: text commands could never run']);
  });

  it('GIVEN schema errors and meaning errors in one file THEN both are reported at once, in file order', () => {
    expect(problems('prefixes: []\nmentionPrefix: false\ndiscord:\n  syncMode: dev\n  shards: many\nstorage:\n  url: mysql://db\n  driver: mysql\n')).toEqual([
      'bot.config.yaml:1:11 no prefixes and mentionPrefix is false: text commands could never run',
      'bot.config.yaml:4:13 discord.syncMode is dev but discord.devGuilds is empty: list the guild ids that should get the slash commands',
      expect.stringMatching(/^bot\.config\.yaml:5:11 /),
      expect.stringMatching(/^bot\.config\.yaml:7:8 "\[redacted\]" does not match the pattern \^postgres/), // once: the schema's
      'bot.config.yaml:8:11 must be one of `json`, `postgres`, `memory`, got "mysql"',
    ]);
  });

  it('a missing file is an error naming the file', () => {
    expect(() => loadInstanceConfig('/nonexistent/bot.config.yaml', {})).toThrow('/nonexistent/bot.config.yaml:1:1 file not found');
  });
});

describe('instance config: environment overrides', () => {
  it('DISCORD_TOKEN, COGSMITH_DISCORD_API and COGSMITH_POSTGRES_URL win over the file', () => {
    const config = parseInstanceConfig('discord:\n  token: from-file-token\n  api: http://file/api\nstorage:\n  url: postgres://file/db\n', 'bot.config.yaml', {
      DISCORD_TOKEN: TOKEN,
      COGSMITH_DISCORD_API: 'http://127.0.0.1:5555/api',
      COGSMITH_POSTGRES_URL: 'postgresql://env/db',
    });
    expect(config.discord.token).toBe(TOKEN);
    expect(config.discord.api).toBe('http://127.0.0.1:5555/api');
    expect(config.storage.url).toBe('postgresql://env/db');
  });

  it('discord.restProxy: url (run separately) or port (started with the bot); COGSMITH_REST_PROXY_URL wins', () => {
    expect(parseInstanceConfig('discord:\n  restProxy: { url: http://127.0.0.1:8080 }\n', 'bot.config.yaml', {}).discord.restProxy).toEqual({ url: 'http://127.0.0.1:8080' });
    expect(parseInstanceConfig('discord:\n  restProxy: { port: 8080, globalRequestsPerSecond: 45 }\n', 'bot.config.yaml', {}).discord.restProxy).toEqual({ port: 8080, globalRequestsPerSecond: 45 });
    expect(parseInstanceConfig('discord:\n  restProxy: { port: 8080 }\n', 'bot.config.yaml', { COGSMITH_REST_PROXY_URL: 'http://10.0.0.2:8080' }).discord.restProxy).toEqual({ url: 'http://10.0.0.2:8080' });
    expect(parseInstanceConfig('', 'bot.config.yaml', {}).discord.restProxy).toBeUndefined();
    expect(problems('discord:\n  restProxy: { url: http://127.0.0.1:8080, port: 8080 }\n')).toEqual(['bot.config.yaml:2:14 discord.restProxy has both url (a proxy run separately) and port (one started with the bot): give one']);
    expect(problems('discord:\n  restProxy: {}\n')[0]).toMatch(/^bot\.config\.yaml:2:14 discord\.restProxy needs url .* or port/);
    expect(problems('discord:\n  restProxy:\n    url: http://127.0.0.1:8080\n    globalRequestsPerSecond: 45\n')).toEqual([
      'bot.config.yaml:4:30 discord.restProxy.globalRequestsPerSecond is for a proxy started with the bot (port); give a proxy run separately its settings on `cogsmith proxy`',
    ]);
    expect(problems('discord:\n  restProxy: { url: proxy }\n')[0]).toMatch(/^bot\.config\.yaml:2:21 "proxy" does not match the pattern .*A REST proxy run separately/);
    expect(problems('', { COGSMITH_REST_PROXY_URL: 'proxy:8080' })[0]).toMatch(/COGSMITH_REST_PROXY_URL must be an http\(s\) URL/);
  });

  it('blank environment variables are ignored', () => {
    const config = parseInstanceConfig('discord:\n  token: from-file-token\n', 'bot.config.yaml', { DISCORD_TOKEN: '  ', COGSMITH_DISCORD_API: '' });
    expect(config.discord.token).toBe('from-file-token');
    expect(config.discord.api).toBeUndefined();
  });

  it('a bad COGSMITH_DISCORD_API is an error naming the variable', () => {
    expect(problems('prefixes: ["!"]\n', { COGSMITH_DISCORD_API: 'localhost:5555' })[0]).toContain('COGSMITH_DISCORD_API');
  });
});

describe('instance config: the token never leaks', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('GIVEN a token in the wrong place WHEN validation fails THEN the message does not contain it', () => {
    const messages = [
      ...problems(`prefixes: ${PLAIN_SECRET}\ndiscord:\n  token: ${PLAIN_SECRET}\n`),
      ...problems(`discord:\n  api: ${TOKEN}\n`),
      ...problems(`cogs: [${PLAIN_SECRET.toUpperCase()}]\n`, { DISCORD_TOKEN: PLAIN_SECRET.toUpperCase() }),
    ];
    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const message of messages) {
      expect(message).not.toContain(PLAIN_SECRET);
      expect(message).not.toContain(PLAIN_SECRET.toUpperCase());
      expect(message).not.toContain(TOKEN);
    }
  });

  it('GIVEN a loaded token WHEN anything logs it THEN the line is redacted', () => {
    dir = mkdtempSync(join(tmpdir(), 'cogsmith-instance-'));
    const file = join(dir, 'bot.config.yaml');
    writeFileSync(file, `discord:\n  token: ${PLAIN_SECRET}-file\n`);
    const config = loadInstanceConfig(file, {});
    const records: LogRecord[] = [];
    const logger = createLogger('test', { sink: (r) => records.push(r) });
    logger.info(`token is ${config.discord.token}`);
    expect(records[0]!.message).toBe('token is [redacted]');
  });

  it('createInstanceConfig validates code-built configs the same way, without echoing secrets', () => {
    expect(createInstanceConfig({ prefixes: ['?'] }).prefixes).toEqual(['?']);
    expect(() => createInstanceConfig({ storage: { driver: 'nope' as never } })).toThrow(InstanceConfigError);
    try {
      createInstanceConfig({ discord: { token: PLAIN_SECRET, api: PLAIN_SECRET } });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain(PLAIN_SECRET);
    }
  });
});

describe('instance config: schema file for editors', () => {
  it('runtime/instance/bot.config.schema.json matches schema.ts (rerun runtime/instance/write-schema.ts)', async () => {
    const { readFileSync } = await import('node:fs');
    const { schemaFileText } = await import('../../runtime/instance/schema.js');
    expect(readFileSync(join(import.meta.dirname, '../../runtime/instance/bot.config.schema.json'), 'utf8')).toBe(schemaFileText());
  });

  it('runtime/instance/bot.config.validate.ts (the loader\'s precompiled validator) matches schema.ts (rerun runtime/instance/write-schema.ts)', async () => {
    const { readFileSync } = await import('node:fs');
    const { validatorFileText } = await import('../../runtime/instance/schema.js');
    expect(readFileSync(join(import.meta.dirname, '../../runtime/instance/bot.config.validate.ts'), 'utf8')).toBe(validatorFileText());
  });
});
