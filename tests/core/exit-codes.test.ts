/**
 * `shutdown` and `restart` end to end through `npm start`: runtime/cli/start.ts as a child process (through
 * runtime/host/launch.mjs, as the npm script runs it) in Discord mode against a simulator started here, the owner (the
 * application's) types the command, and the process exits with the documented code (0 or 26).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../runtime/core/exit-codes.js';
import { Simulator } from '../../runtime/testing/simulator.js';
import { exitCode, StartRuns, WAIT_MS, type Run } from '../helpers/npm-start.js';

// A token-shaped fake the simulator accepts.
const FAKE_TOKEN = `${Buffer.from('223456789012345678').toString('base64url')}.GhTk3a.${'q1W2e3'.repeat(6)}`;

const runs = new StartRuns();
afterEach(() => runs.cleanup());

/** Starts `npm start` against the simulator with only the core cog; resolves when it is ready. */
async function startAgainst(sim: Simulator): Promise<Run> {
  const { file } = runs.tempInstance((dir) => `cogs: [core]\nstorage:\n  driver: json\n  path: ${JSON.stringify(join(dir, 'data'))}\n`);
  const run = runs.start({ COGSMITH_CONFIG: file, DISCORD_TOKEN: FAKE_TOKEN, COGSMITH_DISCORD_API: sim.apiUrl });
  await run.waitFor(/Ready: logged in/);
  return run;
}

async function exitAfter(command: string): Promise<{ code: number | null; reply: string; output: string }> {
  const sim = await Simulator.start({ token: FAKE_TOKEN });
  runs.defer(() => sim.stop());
  const guild = sim.createGuild({ name: 'Ops' });
  const owner = sim.createMember(guild, { username: 'app-owner', user: sim.owner });
  const run = await startAgainst(sim);
  await sim.say(guild.general, owner, command);
  const reply = (await sim.waitForMessage({ timeoutMs: WAIT_MS })).content;
  const code = await exitCode(run);
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
