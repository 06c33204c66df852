/**
 * The `cogsmith` command end to end: bin/cogsmith.mjs as real processes, with XDG_CONFIG_HOME and
 * XDG_DATA_HOME pointing at temporary folders, and `start` against a Discord simulator started here (the
 * token and COGSMITH_DISCORD_API as tests/core/exit-codes.test.ts gives them). The PostgreSQL conversion
 * needs a real server (COGSMITH_TEST_POSTGRES_URL); without one it is skipped with a printed reason.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { JsonDriver, PostgresDriver } from '../../runtime/config/index.js';
import type { ConfigDriver, NamespaceExport } from '../../runtime/drivers/types.js';
import { EXIT_CODES } from '../../runtime/core/exit-codes.js';
import { redact } from '../../runtime/logging.js';
import { Simulator } from '../../runtime/testing/simulator.js';
import { exitCode, freePort, ROOT, StartRuns, WAIT_MS, type Run } from '../helpers/npm-start.js';

// A token-shaped fake the simulator accepts; the log scrubber would catch it if it were printed.
const FAKE_TOKEN = `${Buffer.from('323456789012345678').toString('base64url')}.GhTk3a.${'z9Y8x7'.repeat(6)}`;
const PG_URL = process.env.COGSMITH_TEST_POSTGRES_URL;
// Each test runs several real processes one after another (each a second or two, more on a busy machine).
const SLOW = 240_000;
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

const runs = new StartRuns();
afterEach(() => runs.cleanup());

/** Temporary config and data homes, as a user's XDG folders. */
function homes(): { env: Record<string, string>; config: string; data: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cogsmith-cli-'));
  runs.defer(() => rmSync(dir, { recursive: true, force: true }));
  const config = join(dir, 'config');
  const data = join(dir, 'data');
  return { env: { XDG_CONFIG_HOME: config, XDG_DATA_HOME: data }, config, data };
}

interface Done {
  code: number | null;
  stdout: string;
  stderr: string;
  output: string;
}

/** Runs `cogsmith <args>` to its end (with `input` on stdin). */
async function cogsmith(env: Record<string, string>, args: string[], input = ''): Promise<Done> {
  const run = runs.cogsmith(env, args);
  let stdout = '';
  let stderr = '';
  run.child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
  run.child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  run.child.stdin.end(input);
  const code = await exitCode(run);
  return { code, stdout, stderr, output: run.output() };
}

/** Nothing token-shaped, and not the token itself, in the output. */
function expectNoSecret(output: string, ...secrets: string[]): void {
  expect(redact(output)).toBe(output);
  for (const secret of [FAKE_TOKEN, ...secrets]) expect(output).not.toContain(secret);
}

/** Every namespace of a driver, exported (sorted), for comparing data. */
async function exportsOf(driver: ConfigDriver): Promise<NamespaceExport[]> {
  await driver.open();
  try {
    const all: NamespaceExport[] = [];
    for (const ns of await driver.namespaces()) all.push(await driver.exportNamespace(ns));
    return all.sort((a, b) => `${a.namespace.cogName}/${a.namespace.identifier}`.localeCompare(`${b.namespace.cogName}/${b.namespace.identifier}`));
  } finally {
    await driver.close();
  }
}

const settingsOf = (config: string, name: string) => JSON.parse(readFileSync(join(config, 'cogsmith', 'instances', `${name}.json`), 'utf8'));

interface Chat {
  sim: Simulator;
  say(text: string): Promise<string>;
}

/** A simulator with a guild in which the application's owner talks. */
async function simulator(): Promise<Chat> {
  const sim = await Simulator.start({ token: FAKE_TOKEN });
  runs.defer(() => sim.stop());
  const guild = sim.createGuild({ name: 'Ops' });
  const owner = sim.createMember(guild, { username: 'app-owner', user: sim.owner });
  return {
    sim,
    say: async (text) => {
      await sim.say(guild.general, owner, text);
      return (await sim.waitForMessage({ timeoutMs: WAIT_MS })).content;
    },
  };
}

/** `cogsmith start <name>` against the simulator; resolves once ready. */
async function startInstance(env: Record<string, string>, name: string, chat: Chat, extra: Record<string, string> = {}): Promise<Run> {
  const run = runs.cogsmith({ ...env, COGSMITH_DISCORD_API: chat.sim.apiUrl, ...extra }, ['start', name]);
  await run.waitFor(/Ready: logged in/);
  return run;
}

/** Types `shutdown` as the owner and waits for exit 0. */
async function shutDown(run: Run, chat: Chat, prefix: string): Promise<string> {
  expect(await chat.say(`${prefix}shutdown`)).toBe('Shutting down.');
  expect(await exitCode(run)).toBe(EXIT_CODES.shutdown);
  return run.output();
}

/**
 * A json instance `demo` (core and general) whose owner set the prefix to `?` in a first run; its stored data
 * (every namespace exported) is `before`.
 */
async function demoWithData() {
  const { env, config } = homes();
  expect((await cogsmith(env, ['setup', '--no-prompt', '--instance-name', 'demo', '--token', FAKE_TOKEN, '--cogs', 'core,general'])).code).toBe(0);
  const chat = await simulator();
  const run = await startInstance(env, 'demo', chat);
  expect(await chat.say('!set prefix ?')).toContain('?');
  await shutDown(run, chat, '?');
  const dataPath = settingsOf(config, 'demo').dataPath;
  const before = await exportsOf(new JsonDriver({ path: join(dataPath, 'data') }));
  return { env, config, chat, dataPath, before };
}

describe('cogsmith: the command', { timeout: SLOW }, () => {
  it('GIVEN --version and --help THEN they print the version and the subcommands and exit 0; an unknown option exits 2', async () => {
    const { env } = homes();
    const version = await cogsmith(env, ['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(VERSION);
    const help = await cogsmith(env, ['--help']);
    expect(help.code).toBe(0);
    for (const command of ['setup', 'list', 'edit', 'delete', 'backup', 'restore', 'convert', 'start', 'generate', 'new', 'migrations']) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    const bad = await cogsmith(env, ['list', '--bogus']);
    expect(bad.code).toBe(EXIT_CODES.usage);
    expect(bad.stderr).toContain("unknown option '--bogus'");
  });
});

describe('cogsmith: an instance from setup to restore', { timeout: SLOW }, () => {
  it('GIVEN setup --no-prompt WHEN listed, started, backed up, deleted and restored THEN it answers !ping and keeps its data; secrets stay 0600 and unprinted', async () => {
    const { env, config, data } = homes();
    const setup = await cogsmith(env, ['setup', '--no-prompt', '--instance-name', 'demo', '--backend', 'json', '--token', FAKE_TOKEN]);
    expect(setup.code).toBe(0);
    expect(setup.stdout).toContain('Instance demo is set up: json storage');
    const instances = join(config, 'cogsmith', 'instances');
    expect(statSync(join(instances, 'demo.secrets.json')).mode & 0o777).toBe(0o600);
    expect(statSync(instances).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(join(instances, 'demo.secrets.json'), 'utf8'))).toEqual({ token: FAKE_TOKEN });
    expect(readFileSync(join(instances, 'demo.json'), 'utf8')).not.toContain(FAKE_TOKEN);
    const settings = settingsOf(config, 'demo');
    // A new instance loads the cogs bot.config.yaml lists.
    expect(settings.cogs).toEqual(['core', 'general', 'help', 'mydata', 'access', 'permissions']);
    expect(settings.dataPath).toBe(join(data, 'cogsmith', 'demo'));
    for (const folder of ['data', 'logs', 'cogs']) expect(existsSync(join(settings.dataPath, folder))).toBe(true);
    expect(existsSync(join(data, 'cogsmith', 'cogs'))).toBe(true);

    const listed = await cogsmith(env, ['list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^demo\tjson\t.*\ttoken stored\t/m);

    // Started with the stored token; it answers, and `set prefix` stores data in its Config.
    const chat = await simulator();
    const first = await startInstance(env, 'demo', chat);
    expect(await chat.say('!ping')).toMatch(/^Pong!/);
    expect(await chat.say('!set prefix ?')).toContain('?');
    const firstOutput = await shutDown(first, chat, '?');
    expect(readdirSync(join(settings.dataPath, 'logs'))).toContain('cogsmith.log');
    const before = await exportsOf(new JsonDriver({ path: join(settings.dataPath, 'data') }));
    expect(before.map((e) => e.namespace.cogName)).toContain('Core');

    const backupDir = join(data, 'backups');
    const backup = await cogsmith(env, ['backup', 'demo', backupDir]);
    expect(backup.code).toBe(0);
    const archive = /Backup of demo: (\S+\.tar\.gz)/.exec(backup.stdout)![1]!;
    expect(statSync(archive).mode & 0o777).toBe(0o600);

    const deleted = await cogsmith(env, ['delete', 'demo', '--yes']);
    expect(deleted.code).toBe(0);
    expect(existsSync(settings.dataPath)).toBe(false);
    expect((await cogsmith(env, ['list'])).stdout).toContain('No instances yet');

    const restored = await cogsmith(env, ['restore', archive]);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/Restored demo from .*: \d+ namespaces/);
    expect(await exportsOf(new JsonDriver({ path: join(settings.dataPath, 'data') }))).toEqual(before);
    expect(statSync(join(instances, 'demo.secrets.json')).mode & 0o777).toBe(0o600);

    // The restored instance runs with the same data: the prefix set before the backup.
    const second = await startInstance(env, 'demo', chat);
    expect(await chat.say('?ping')).toMatch(/^Pong!/);
    const secondOutput = await shutDown(second, chat, '?');

    for (const output of [setup.output, listed.output, firstOutput, backup.output, deleted.output, restored.output, secondOutput]) expectNoSecret(output);
  });

  it('GIVEN an instance without a token WHEN DISCORD_TOKEN is set THEN start uses it; without it start exits 78 naming the fix', async () => {
    const { env } = homes();
    expect((await cogsmith(env, ['setup', '--no-prompt', '--instance-name', 'bare', '--cogs', 'core,general'])).code).toBe(0);
    const missing = await cogsmith(env, ['start', 'bare']);
    expect(missing.code).toBe(EXIT_CODES.configuration);
    expect(missing.stderr).toBe('cogsmith: instance bare has no token: set DISCORD_TOKEN, or run cogsmith edit bare --token <token> (or start it with --sandbox)\n');
    const chat = await simulator();
    const run = await startInstance(env, 'bare', chat, { DISCORD_TOKEN: FAKE_TOKEN });
    expect(run.output()).toContain('with the token from the DISCORD_TOKEN environment variable');
    expect(run.output()).toContain('cogs: core, general');
    expect(await chat.say('!ping')).toMatch(/^Pong!/);
    expectNoSecret(await shutDown(run, chat, '!'));
  });
});

describe('cogsmith: an instance\'s metrics and log level', { timeout: SLOW }, () => {
  it('GIVEN setup with --metrics-port and --log-level THEN start serves /healthz and /metrics and says which code it runs; edit --metrics-port off turns it off', async () => {
    const { env, config } = homes();
    const port = String(await freePort());
    const bad = await cogsmith(env, ['setup', '--no-prompt', '--instance-name', 'watched', '--cogs', 'core,general', '--metrics-port', 'lots']);
    expect(bad.code).toBe(EXIT_CODES.configuration);
    expect(bad.stderr).toBe('cogsmith: --metrics-port must be a port number (0-65535) or off, got "lots"\n');
    expect((await cogsmith(env, ['setup', '--no-prompt', '--instance-name', 'watched', '--cogs', 'core,general', '--metrics-port', port, '--log-level', 'debug'])).code).toBe(0);
    const chat = await simulator();
    const run = await startInstance(env, 'watched', chat, { DISCORD_TOKEN: FAKE_TOKEN });
    expect(run.output()).toMatch(/Running (the compiled build|the TypeScript sources)/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await chat.say('!ping')).toMatch(/^Pong!/);
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toMatch(/^cogsmith_commands_total\{cog="general",command="ping",kind="text",outcome="ok"\} 1$/m);
    expectNoSecret(await shutDown(run, chat, '!'));
    const stored = () => JSON.parse(readFileSync(join(config, 'cogsmith', 'instances', 'watched.json'), 'utf8')) as { metrics?: unknown; logging?: unknown };
    expect(stored()).toMatchObject({ metrics: { port: Number(port) }, logging: { level: 'debug' } });
    expect((await cogsmith(env, ['edit', 'watched', '--metrics-port', 'off'])).code).toBe(0);
    expect(stored().metrics).toBeUndefined();
  });
});

describe('cogsmith start: exit codes for a process manager', { timeout: SLOW }, () => {
  it('GIVEN a running instance WHEN the owner types !restart THEN cogsmith exits 26', async () => {
    const { env } = homes();
    expect((await cogsmith(env, ['setup', '--no-prompt', '--instance-name', 'svc', '--token', FAKE_TOKEN, '--cogs', 'core'])).code).toBe(0);
    const chat = await simulator();
    const run = await startInstance(env, 'svc', chat);
    expect(await chat.say('!restart')).toBe('Restarting.');
    expect(await exitCode(run)).toBe(EXIT_CODES.restart);
  });
});

describe('cogsmith: errors exit with the documented code and one line', { timeout: SLOW }, () => {
  const cases: [string, string[], number, RegExp][] = [
    ['an unknown instance', ['start', 'nope'], EXIT_CODES.configuration, /^cogsmith: unknown instance "nope" \(none set up yet: run cogsmith setup\)\n$/],
    ['a bad instance name', ['setup', '--no-prompt', '--instance-name', 'my bot'], EXIT_CODES.configuration, /^cogsmith: invalid instance name "my bot": it may contain only letters A-z, digits, _ and -\n$/],
    ['a missing --instance-name with --no-prompt', ['setup', '--no-prompt'], EXIT_CODES.configuration, /^cogsmith: --instance-name is required with --no-prompt\n$/],
    ['an unknown cog', ['setup', '--no-prompt', '--instance-name', 'x', '--cogs', 'nosuch'], EXIT_CODES.configuration, /^cogsmith: unknown cog nosuch \(this project has: .*\)\n$/],
    ['a bad owner id', ['setup', '--no-prompt', '--instance-name', 'x', '--owner', '12'], EXIT_CODES.configuration, /^cogsmith: invalid owner "12": a Discord user id is 15 to 21 digits\n$/],
    ['an unreachable postgres', ['setup', '--no-prompt', '--instance-name', 'pg', '--backend', 'postgres', '--postgres-url', 'postgres://bot:s3cret-pw@127.0.0.1:1/cogs'], EXIT_CODES.configuration, /^cogsmith: cannot open the postgres storage \(the PostgreSQL database\): .*127\.0\.0\.1:1.*\n$/],
    ['an unknown backend', ['setup', '--no-prompt', '--instance-name', 'x', '--backend', 'mongo'], EXIT_CODES.usage, /argument 'mongo' is invalid/],
    ['an unknown command', ['frobnicate'], EXIT_CODES.usage, /unknown command 'frobnicate'/],
  ];
  it.each(cases)('GIVEN %s THEN it exits with its code and a one-line reason', async (_what, args, code, stderr) => {
    const { env, config } = homes();
    const done = await cogsmith(env, args);
    expect(done.code).toBe(code);
    expect(done.stderr).toMatch(stderr);
    expect(done.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(done.output).not.toContain('s3cret-pw');
    // Nothing was set up.
    expect(existsSync(join(config, 'cogsmith', 'instances')) ? readdirSync(join(config, 'cogsmith', 'instances')) : []).toEqual([]);
  });

  it('GIVEN an existing instance WHEN set up again THEN it is refused (78) unless --overwrite', async () => {
    const { env, config } = homes();
    expect((await cogsmith(env, ['setup', '--no-prompt', '--instance-name', 'twice', '--prefix', '?'])).code).toBe(0);
    const again = await cogsmith(env, ['setup', '--no-prompt', '--instance-name', 'twice', '--prefix', '$']);
    expect(again.code).toBe(EXIT_CODES.configuration);
    expect(again.stderr).toBe('cogsmith: instance twice already exists (use --overwrite to replace its settings, or choose another name)\n');
    expect(settingsOf(config, 'twice').prefixes).toEqual(['?']);
    expect((await cogsmith(env, ['setup', '--no-prompt', '--instance-name', 'twice', '--prefix', '$', '--overwrite'])).code).toBe(0);
    expect(settingsOf(config, 'twice').prefixes).toEqual(['$']);
  });
});

describe('cogsmith setup: interactive', { timeout: SLOW }, () => {
  it('GIVEN answers typed at each prompt (a bad name first) THEN the instance has them, and the token is not echoed', async () => {
    const { env, config, data } = homes();
    const run = runs.cogsmith(env, ['setup']);
    const answer = async (prompt: RegExp, text: string) => {
      await run.waitFor(prompt);
      run.child.stdin.write(`${text}\n`);
    };
    await answer(/Instance name[^\n]*: $/, 'bad name');
    await run.waitFor(/invalid instance name "bad name"/);
    await answer(/invalid instance name[^\n]*\nInstance name[^\n]*: $/, 'asked');
    await answer(/Data folder \[[^\]]+\]: $/, join(data, 'elsewhere'));
    await answer(/Storage: json \(files, no database\) or postgres \[json\]: $/, '');
    await answer(/Command prefix \[!\]: $/, '?');
    await answer(/Owner user id[^\n]*: $/, '123456789012345678');
    await answer(/Bot token[^\n]*: $/, FAKE_TOKEN);
    expect(await exitCode(run)).toBe(0);
    expect(run.output()).toContain('Instance asked is set up: json storage');
    expectNoSecret(run.output());
    const settings = settingsOf(config, 'asked');
    expect(settings).toMatchObject({ name: 'asked', backend: 'json', dataPath: join(data, 'elsewhere'), prefixes: ['?'], owners: ['123456789012345678'] });
    expect(JSON.parse(readFileSync(join(config, 'cogsmith', 'instances', 'asked.secrets.json'), 'utf8'))).toEqual({ token: FAKE_TOKEN });
  });

  it('GIVEN the input ends before every answer THEN nothing is set up and it exits 78', async () => {
    const { env, config } = homes();
    const done = await cogsmith(env, ['setup'], 'early\n');
    expect(done.code).toBe(EXIT_CODES.configuration);
    expect(done.stderr).toBe('cogsmith: the input ended before every question was answered\n');
    expect(existsSync(join(config, 'cogsmith', 'instances', 'early.json'))).toBe(false);
  });
});

describe('cogsmith edit, delete and start flags', { timeout: SLOW }, () => {
  it('GIVEN edit flags THEN prefixes, owners, token, cogs, name and data folder change as asked', async () => {
    const { env, config, data } = homes();
    expect((await cogsmith(env, ['setup', '--no-prompt', '--instance-name', 'ed', '--owner', '111111111111111111', '--token', FAKE_TOKEN])).code).toBe(0);
    const edited = await cogsmith(env, ['edit', 'ed', '--prefix', '?', '--prefix', '$', '--add-owner', '222222222222222222', '--remove-owner', '111111111111111111', '--cogs', 'core,general', '--token', '']);
    expect(edited.code).toBe(0);
    expect(settingsOf(config, 'ed')).toMatchObject({ prefixes: ['?', '$'], owners: ['222222222222222222'], cogs: ['core', 'general'] });
    expect(existsSync(join(config, 'cogsmith', 'instances', 'ed.secrets.json'))).toBe(false);
    expect((await cogsmith(env, ['edit', 'ed', '--owner', '333333333333333333', '--owner', '444444444444444444'])).code).toBe(0);
    expect(settingsOf(config, 'ed').owners).toEqual(['333333333333333333', '444444444444444444']);

    const old = settingsOf(config, 'ed').dataPath;
    const moved = join(data, 'moved');
    expect((await cogsmith(env, ['edit', 'ed', '--name', 'renamed', '--data-path', moved, '--copy-data'])).code).toBe(0);
    expect(existsSync(join(config, 'cogsmith', 'instances', 'ed.json'))).toBe(false);
    expect(settingsOf(config, 'renamed')).toMatchObject({ name: 'renamed', dataPath: moved });
    expect(existsSync(join(moved, 'logs'))).toBe(true);
    expect(existsSync(old)).toBe(true); // copied, not moved
    const bad = await cogsmith(env, ['edit', 'renamed', '--owner', 'x']);
    expect(bad.code).toBe(EXIT_CODES.configuration);
    expect((await cogsmith(env, ['edit', 'ghost', '--prefix', '?'])).code).toBe(EXIT_CODES.configuration);
  });

  it('GIVEN delete without --yes WHEN the answer is not the name THEN nothing is deleted (exit 1); with --backup a backup is written first', async () => {
    const { env, config, data } = homes();
    expect((await cogsmith(env, ['setup', '--no-prompt', '--instance-name', 'del'])).code).toBe(0);
    const refused = await cogsmith(env, ['delete', 'del'], 'no\n');
    expect(refused.code).toBe(EXIT_CODES.failure);
    expect(refused.stderr).toBe('cogsmith: not deleted: the answer was not "del"\n');
    expect(existsSync(join(config, 'cogsmith', 'instances', 'del.json'))).toBe(true);
    const backups = join(data, 'b');
    const dataPath = settingsOf(config, 'del').dataPath;
    writeFileSync(join(dataPath, 'notes.txt'), 'not the instance\'s');
    const confirmed = await cogsmith(env, ['delete', 'del', '--backup', '--backup-dir', backups], 'del\n');
    expect(confirmed.code).toBe(0);
    // What the instance keeps goes; a file it did not make stays.
    expect(readdirSync(dataPath)).toEqual(['notes.txt']);
    expect(readdirSync(backups).filter((f) => f.startsWith('del-') && f.endsWith('.tar.gz'))).toHaveLength(1);
    expect(existsSync(join(config, 'cogsmith', 'instances', 'del.json'))).toBe(false);
  });

  it('GIVEN start --dry-run with --no-cogs / --load-cogs THEN it checks and exits 0 before logging in', async () => {
    const { env } = homes();
    expect((await cogsmith(env, ['setup', '--no-prompt', '--instance-name', 'dry', '--token', FAKE_TOKEN])).code).toBe(0);
    // No simulator and no Discord: a login would fail, so exit 0 means it stopped before.
    const dry = await cogsmith({ ...env, COGSMITH_DISCORD_API: 'http://127.0.0.1:1/api' }, ['start', 'dry', '--dry-run', '--no-cogs', '--load-cogs', 'general']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Dry run: instance dry would connect to the Discord API at http://127.0.0.1:1/api with cogs core, general; json storage opens. Nothing was started.');
    expectNoSecret(dry.output);
    const unknown = await cogsmith(env, ['start', 'dry', '--dry-run', '--load-cogs', 'nosuch']);
    expect(unknown.code).toBe(EXIT_CODES.configuration);
    // Without an instance: an instance file, as npm start reads it (a temporary one, so no data lands in the checkout).
    const { file } = runs.tempInstance((dir) => `cogs: [core, general]\nstorage:\n  driver: json\n  path: ${JSON.stringify(join(dir, 'data'))}\n`);
    const checkout = await cogsmith({ COGSMITH_CONFIG: file }, ['start', '--dry-run']);
    expect(checkout.code).toBe(0);
    expect(checkout.stdout).toContain('Dry run: bot.config.yaml would connect to the sandbox');
  });
});

describe('cogsmith convert, backup and migrations on embedded PostgreSQL (PGlite)', { timeout: SLOW }, () => {
  it('GIVEN a json instance with data WHEN converted to postgres and back, and its postgres backup restored onto json THEN every step has the same data and start sees it', async () => {
    const { env, config, chat, dataPath, before } = await demoWithData();

    const toPg = await cogsmith(env, ['convert', 'demo', '--to', 'postgres']);
    expect(toPg.code).toBe(0);
    expect(toPg.stdout).toMatch(/Converted demo from json to postgres: \d+ namespaces, \d+ documents, verified/);
    expect(settingsOf(config, 'demo').backend).toBe('postgres');
    expect(await exportsOf(new PostgresDriver({ dataDir: join(dataPath, 'data', 'pglite') }))).toEqual(before);
    const onPg = await startInstance(env, 'demo', chat);
    expect(await chat.say('?ping')).toMatch(/^Pong!/);
    await shutDown(onPg, chat, '?');

    const status = await cogsmith(env, ['migrations', 'status', 'demo']);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^core: /m);
    expect(status.stdout).toMatch(/^general: /m);

    const backup = await cogsmith(env, ['backup', 'demo', join(dataPath, '..', 'backups')]);
    expect(backup.code).toBe(0);
    const archive = /Backup of demo: (\S+\.tar\.gz)/.exec(backup.stdout)![1]!;
    const restored = await cogsmith(env, ['restore', archive, '--name', 'copy', '--backend', 'json']);
    expect(restored.code).toBe(0);
    expect(settingsOf(config, 'copy')).toMatchObject({ name: 'copy', backend: 'json' });
    expect(await exportsOf(new JsonDriver({ path: join(settingsOf(config, 'copy').dataPath, 'data') }))).toEqual(before);
    const again = await cogsmith(env, ['restore', archive, '--name', 'copy']);
    expect(again.code).toBe(EXIT_CODES.configuration);
    expect(again.stderr).toBe('cogsmith: instance copy already exists (use --overwrite, or --name to restore under another name)\n');

    const toJson = await cogsmith(env, ['convert', 'demo', '--to', 'json']);
    expect(toJson.code).toBe(0);
    expect(settingsOf(config, 'demo').backend).toBe('json');
    expect(await exportsOf(new JsonDriver({ path: join(dataPath, 'data') }))).toEqual(before);
    const same = await cogsmith(env, ['convert', 'demo', '--to', 'json']);
    expect(same.code).toBe(EXIT_CODES.configuration);
    expect(same.stderr).toBe('cogsmith: instance demo already uses json\n');
  });
});

describe.skipIf(!PG_URL)('cogsmith convert: json to a real PostgreSQL', { timeout: SLOW }, () => {
  const admin = PG_URL ? new pg.Pool({ connectionString: PG_URL, max: 1 }) : undefined;
  const databases: string[] = [];
  afterAll(async () => {
    for (const db of databases) await admin!.query(`drop database if exists "${db}" with (force)`);
    await admin?.end();
  });

  it('GIVEN an instance with data WHEN converted to postgres THEN it switches, has the same data and start sees it', async () => {
    const db = `cogsmith_cli_${randomBytes(4).toString('hex')}`;
    await admin!.query(`create database "${db}"`);
    databases.push(db);
    const url = new URL(PG_URL!);
    url.pathname = `/${db}`;
    const { env, config, chat, dataPath, before } = await demoWithData();

    const converted = await cogsmith(env, ['convert', 'demo', '--to', 'postgres', '--postgres-url', url.toString()]);
    expect(converted.code).toBe(0);
    expect(converted.stdout).toMatch(/Converted demo from json to postgres: \d+ namespaces, \d+ documents, verified/);
    expect(settingsOf(config, 'demo').backend).toBe('postgres');
    expect(await exportsOf(new PostgresDriver({ url: url.toString() }))).toEqual(before);

    const again = await startInstance(env, 'demo', chat);
    expect(await chat.say('?ping')).toMatch(/^Pong!/);
    expectNoSecret(await shutDown(again, chat, '?'), url.password || FAKE_TOKEN);

    // A second instance on the same database would overwrite the first one's data: refused.
    const shared = await cogsmith(env, ['setup', '--no-prompt', '--instance-name', 'other', '--backend', 'postgres', '--postgres-url', url.toString()]);
    expect(shared.code).toBe(EXIT_CODES.configuration);
    expect(shared.stderr).toBe('cogsmith: instance demo already keeps its data in that PostgreSQL database: give each instance its own\n');
  });
});
if (!PG_URL) console.log('cogsmith convert to postgres: skipped: set COGSMITH_TEST_POSTGRES_URL to a real PostgreSQL server to run it.');
