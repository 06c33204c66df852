/**
 * `shutdown` and `restart` end to end through `npm start`: runtime/cli/start.ts as a child process (through
 * runtime/host/launch.mjs, as the npm script runs it) in Discord mode against a simulator started here, the owner (the
 * application's) types the command, and the process exits with the documented code (0 or 26).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../runtime/core/exit-codes.js';
import { Simulator } from '../../runtime/testing/simulator.js';

const ROOT = resolve(import.meta.dirname, '../..');
const LAUNCH = join(ROOT, 'runtime', 'host', 'launch.mjs');
const WAIT_MS = 60_000;
// A token-shaped fake the simulator accepts.
const FAKE_TOKEN = `${Buffer.from('223456789012345678').toString('base64url')}.GhTk3a.${'q1W2e3'.repeat(6)}`;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts `npm start` against the simulator with only the core cog; resolves when it is ready, with its exit. */
async function startAgainst(sim: Simulator): Promise<{ exited: Promise<number | null>; output: () => string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cogsmith-exit-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'bot.config.yaml');
  writeFileSync(file, `cogs: [core]\nstorage:\n  driver: json\n  path: ${JSON.stringify(join(dir, 'data'))}\n`);
  const env: NodeJS.ProcessEnv = { ...process.env, COGSMITH_CONFIG: file, DISCORD_TOKEN: FAKE_TOKEN, COGSMITH_DISCORD_API: sim.apiUrl };
  delete env.COGSMITH_POSTGRES_URL;
  const child = spawn(process.execPath, [LAUNCH, 'runtime/cli/start.ts'], { cwd: ROOT, env, stdio: 'pipe' });
  let text = '';
  let ended = false;
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  void exited.then(() => (ended = true));
  cleanups.push(async () => {
    if (!ended) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`not ready in time; output:\n${text}`)), WAIT_MS);
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (/Ready: logged in/.test(text)) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => fail(new Error(`exited before ready; output:\n${text}`)));
  });
  return { exited, output: () => text };
}

async function exitAfter(command: string): Promise<{ code: number | null; reply: string; output: string }> {
  const sim = await Simulator.start({ token: FAKE_TOKEN });
  cleanups.push(() => sim.stop());
  const guild = sim.createGuild({ name: 'Ops' });
  const owner = sim.createMember(guild, { username: 'app-owner', user: sim.owner });
  const run = await startAgainst(sim);
  await sim.say(guild.general, owner, command);
  const reply = (await sim.waitForMessage({ timeoutMs: WAIT_MS })).content;
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    run.exited,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`did not exit; output:\n${run.output()}`)), WAIT_MS))),
  ]).finally(() => clearTimeout(timer));
  return { code, reply, output: run.output() };
}

describe('npm start exit codes', () => {
  it('GIVEN the owner WHEN they type !restart THEN the bot answers, stops cleanly and the process exits 26', async () => {
    const { code, reply, output } = await exitAfter('!restart');
    expect(reply).toBe('Restarting.');
    expect(code).toBe(EXIT_CODES.restart);
    expect(code).toBe(26);
    expect(output).toContain('Stopping (restart requested by an owner)');
    expect(output).toContain('Unloaded cog core');
  });

  it('GIVEN the owner WHEN they type !shutdown THEN the process exits 0', async () => {
    const { code, reply } = await exitAfter('!shutdown');
    expect(reply).toBe('Shutting down.');
    expect(code).toBe(EXIT_CODES.shutdown);
  });
});
