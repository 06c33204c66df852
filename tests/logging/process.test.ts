/**
 * A real bot process (tests/logging/fixtures/leaky-bot.ts, set up as `npm start` sets up Discord mode)
 * against a simulator started here: its stdout is JSON lines, its log file too, levels per logger apply,
 * and the token and database password planted in error messages never appear — not in stdout, the log
 * file, the owner's `traceback` (text and slash), nor what the process prints when a cog's timer throws
 * uncaught, after which it ends with exit code 1 as Node's default handler would.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../runtime/testing/simulator.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';

const ROOT = resolve(import.meta.dirname, '../..');
const WAIT_MS = 60_000;
const OWNER = '512345678901234567';
const PASSWORD = 'hunter2-swordfish-9';
const DATABASE_URL = `postgres://cogsmith:${PASSWORD}@db.internal:5432/bot`;

let sim: Simulator;
let guild: GuildHandle;
let alice: MemberHandle;
let owner: MemberHandle;
let dir: string;

beforeAll(async () => {
  sim = await Simulator.start();
  guild = sim.createGuild({ name: 'Logs' });
  alice = sim.createMember(guild, { username: 'alice' });
  sim.state.addUser({ username: 'owner', id: OWNER });
  owner = sim.createMember(guild, { username: 'owner', user: OWNER });
  dir = mkdtempSync(join(tmpdir(), 'cogsmith-log-process-'));
});

afterAll(async () => {
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function startFixture(env: Record<string, string>) {
  const base = { ...process.env };
  for (const name of Object.keys(base)) if (name.startsWith('COGSMITH_') || name === 'DISCORD_TOKEN' || name === 'NO_COLOR' || name === 'FORCE_COLOR') delete base[name];
  const child = spawn(process.execPath, [join(ROOT, 'runtime/host/launch.mjs'), 'tests/logging/fixtures/leaky-bot.ts'], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const waitFor = async (match: RegExp) => {
    const until = Date.now() + WAIT_MS;
    while (!match.test(stdout)) {
      if (child.exitCode !== null) throw new Error(`the process ended before ${match}:\n${stdout}\n${stderr}`);
      if (Date.now() > until) throw new Error(`timed out waiting for ${match}:\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exited, waitFor, stdout: () => stdout, stderr: () => stderr };
}

async function say(who: MemberHandle, text: string): Promise<string> {
  await sim.say(guild.general, who, text);
  return (await sim.waitForMessage({ channelId: guild.general, timeoutMs: WAIT_MS })).content;
}

describe('a bot process', () => {
  it('GIVEN JSON logs and a log file WHEN errors carry the token and database password, then a timer throws THEN nothing shows them and it exits 1', async () => {
    const logFile = join(dir, 'logs', 'bot.log');
    const run = startFixture({
      DISCORD_TOKEN: sim.token,
      COGSMITH_DISCORD_API: sim.apiUrl,
      COGSMITH_POSTGRES_URL: DATABASE_URL,
      COGSMITH_LOG_LEVEL: 'info,cog:leaky=debug',
      COGSMITH_LOG_FILE: logFile,
      FIXTURE_OWNER: OWNER,
    });
    let id: string | undefined;
    try {
      await run.waitFor(/fixture ready/);
      await sim.waitForCommands({ timeoutMs: WAIT_MS });
      const reply = await say(alice, '!leak');
      id = /error id `([0-9a-f]{8})`/.exec(reply)?.[1];
      expect(id, reply).toBeDefined();

      // the owner's traceback, by text (a DM) and by slash
      expect(await say(owner, `!traceback ${id}`)).toBe('I sent you the traceback in a direct message.');
      const dm = await sim.waitForMessage({ channelId: sim.state.dmChannel(OWNER).id, after: null, predicate: (m) => m.content.includes(id!), timeoutMs: WAIT_MS });
      const slash = await sim.waitForInteractionResponse(await sim.runSlash(guild.general, owner, 'traceback', { id: id! }), { timeoutMs: WAIT_MS });
      for (const shown of [dm.content, slash.content ?? '']) {
        expect(shown).toContain('Error: cannot go on with the token [redacted] and the database postgres://cogsmith:[redacted]@db.internal:5432/bot');
        expect(shown).not.toContain(sim.token);
        expect(shown).not.toContain(PASSWORD);
      }

      expect(await say(alice, '!later')).toBe('Later.');
      expect(await run.exited).toBe(1);
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGKILL');
    }

    const stdout = run.stdout();
    const stderr = run.stderr();
    const file = readFileSync(logFile, 'utf8');
    for (const text of [stdout, stderr, file]) {
      expect(text).not.toContain(sim.token);
      expect(text).not.toContain(PASSWORD);
    }

    // stdout: JSON lines only, the same lines as the file
    const lines = stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, any>);
    expect(file.split('\n').filter(Boolean).map((line) => JSON.parse(line))).toEqual(lines);
    expect(readdirSync(join(dir, 'logs'))).toEqual(['bot.log']);

    // levels per logger: the leaky cog's debug line, no other logger's debug
    const debug = lines.filter((l) => l.level === 20);
    expect(debug.map((l) => l.logger)).toEqual(['cogsmith:bot:cog:leaky']);
    expect(debug[0]!.msg).toBe('leak asked; the token [redacted] and the database postgres://cogsmith:[redacted]@db.internal:5432/bot');

    const handled = lines.find((l) => l.msg === `Error in command leak (error id ${id})`);
    expect(handled).toMatchObject({ level: 50, logger: 'cogsmith:bot:cog:leaky', kind: 'text', error: { type: 'Error', message: expect.stringContaining('with the token [redacted] and') } });

    // the uncaught exception: logged (and in the file, flushed before the exit) and printed redacted
    const uncaught = lines.find((l) => l.msg === 'Uncaught exception');
    expect(uncaught).toMatchObject({ level: 50, logger: 'cogsmith', error: { message: 'timer failed with the token [redacted] and the database postgres://cogsmith:[redacted]@db.internal:5432/bot' } });
    expect(stderr).toContain('Error: timer failed with the token [redacted] and the database postgres://cogsmith:[redacted]@db.internal:5432/bot\n    at ');
    expect(stderr).toMatch(/\n\nNode\.js v\d+\.\d+\.\d+\n$/);
  });
});
