/**
 * `npm start` end to end: runtime/cli/start.ts as a child process (through runtime/host/launch.mjs, as the
 * npm script runs it), in sandbox mode and in Discord mode against a simulator started here. Each run gets a
 * temporary bot.config.yaml (through COGSMITH_CONFIG) whose data folder is temporary too.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { redact } from '../../runtime/logging.js';
import { Simulator } from '../../runtime/testing/simulator.js';
import { exitCode, StartRuns, WAIT_MS, type Run } from '../helpers/npm-start.js';

const runs = new StartRuns();
afterEach(() => runs.cleanup());
const cleanups = { push: (cleanup: () => Promise<void> | void) => runs.defer(cleanup) };
const tempInstance = (yaml = '') => runs.tempInstance(yaml ? () => yaml : undefined);
const startCli = (env: Record<string, string>, args: string[] = []): Run => runs.start(env, args);

/** Nothing token-shaped (and not the given secret) appears in the output. */
function expectNoToken(output: string, secret?: string): void {
  expect(redact(output)).toBe(output);
  if (secret) expect(output).not.toContain(secret);
}

// A token-shaped fake: the simulator accepts it, and the log scrubber would catch it if it were printed.
const FAKE_TOKEN = `${Buffer.from('123456789012345678').toString('base64url')}.GhTk3a.${'x1Y2z3'.repeat(6)}`;

describe('npm start without a token: the sandbox', () => {
  it('GIVEN no token WHEN lines are typed THEN it says it is in sandbox mode, answers !ping and /ping, and exits 0 when input ends', async () => {
    const { file } = tempInstance();
    const run = startCli({ COGSMITH_CONFIG: file });
    await run.waitFor(/Sandbox ready/);
    expect(run.output()).toContain('Sandbox mode: no Discord token is set.');
    expect(run.output()).toContain('To connect to real Discord, set the environment variable DISCORD_TOKEN (or discord.token in bot.config.yaml)');

    run.child.stdin.write('!ping\n');
    await run.waitFor(/\[#general\] cogsmith-bot \(reply to you\): Pong!/);
    run.child.stdin.write('/ping\n');
    await run.waitFor(/\[#general\] cogsmith-bot \(\/ping by you\): Pong!/);
    run.child.stdin.end();

    expect(await exitCode(run)).toBe(0);
    const output = run.output();
    expect(output).toMatch(/\[#general\] you: !ping\n\[#general\] cogsmith-bot \(reply to you\): Pong!/);
    expect(output).toContain('Unloaded cog general');
    expectNoToken(output);
  });

  it('GIVEN piped input that ends at once THEN each line is answered before it stops', async () => {
    const { file } = tempInstance();
    const run = startCli({ COGSMITH_CONFIG: file });
    run.child.stdin.end('!ping\n/hello member:alice\n!echo @everyone hi\n');
    expect(await exitCode(run)).toBe(0);
    const chat = run
      .output()
      .split('\n')
      .filter((l) => l.startsWith('[#'));
    expect(chat).toEqual([
      '[#general] you: !ping',
      expect.stringMatching(/^\[#general\] cogsmith-bot \(reply to you\): Pong!/),
      '[#general] you: /hello member:alice',
      '[#general] cogsmith-bot (/hello by you): Hello, Alice!',
      '[#general] you: !echo @everyone hi',
      '[#general] cogsmith-bot (reply to you): @everyone hi   (pings nobody)',
    ]);
  });

  it('GIVEN a token and --sandbox THEN it still starts the sandbox, never prints the token, and stops on SIGINT with exit 0', async () => {
    const { file } = tempInstance();
    const run = startCli({ COGSMITH_CONFIG: file, DISCORD_TOKEN: FAKE_TOKEN }, ['--sandbox']);
    await run.waitFor(/Sandbox ready/);
    expect(run.output()).toContain('Sandbox mode: --sandbox was given, so no connection to Discord is made.');
    run.child.kill('SIGINT');
    expect(await exitCode(run)).toBe(0);
    expect(run.output()).toContain('Stopped.');
    expectNoToken(run.output(), FAKE_TOKEN);
  });
});

describe('npm start with a token: Discord mode', () => {
  it('GIVEN DISCORD_TOKEN and COGSMITH_DISCORD_API WHEN started THEN it connects in Discord mode, answers there, and stops cleanly on SIGTERM', async () => {
    const sim = await Simulator.start({ token: FAKE_TOKEN });
    cleanups.push(() => sim.stop());
    const guild = sim.createGuild({ name: 'Real-ish' });
    const alice = sim.createMember(guild, { username: 'alice' });
    const { file } = tempInstance();
    const run = startCli({ COGSMITH_CONFIG: file, DISCORD_TOKEN: FAKE_TOKEN, COGSMITH_DISCORD_API: sim.apiUrl });

    await run.waitFor(/Ready: logged in/);
    expect(run.output()).toContain(`Discord mode: connecting to the Discord API at ${sim.apiUrl} with the token from the DISCORD_TOKEN environment variable.`);
    expect(run.output()).not.toContain('Sandbox');
    await sim.waitForCommands({ timeoutMs: WAIT_MS });
    await sim.say(guild.general, alice, '!ping');
    expect((await sim.waitForMessage({ timeoutMs: WAIT_MS })).content).toMatch(/^Pong!/);
    const interaction = await sim.runSlash(guild.general, alice, 'ping');
    expect((await sim.waitForInteractionResponse(interaction, { timeoutMs: WAIT_MS })).content).toMatch(/^Pong!/);

    run.child.kill('SIGTERM');
    expect(await exitCode(run)).toBe(0);
    expect(run.output()).toContain('Unloaded cog general');
    expectNoToken(run.output(), FAKE_TOKEN);
  });
});

describe('npm start with a bad instance file', () => {
  it('prints each problem as file:line:col and exits 78 (a configuration error)', async () => {
    const { file } = tempInstance('prefixes: 5\nstorage:\n  driver: mysql\n');
    const run = startCli({ COGSMITH_CONFIG: file });
    expect(await exitCode(run)).toBe(78);
    const output = run.output();
    expect(output).toContain('The instance settings have problems:');
    expect(output).toMatch(/bot\.config\.yaml:1:11 /);
    expect(output).toMatch(/bot\.config\.yaml:3:11 /);
    expect(output).not.toContain('Sandbox mode');
  });

  it('GIVEN a bad logging setting THEN it names the variable and exits 78 (a configuration error)', async () => {
    const { file } = tempInstance();
    const run = startCli({ COGSMITH_CONFIG: file, COGSMITH_LOG_LEVEL: 'loud' });
    expect(await exitCode(run)).toBe(78);
    expect(run.output()).toMatch(/The logging settings have a problem: COGSMITH_LOG_LEVEL: `loud` is not a level/);
  });

  it('refuses an unknown argument with the usage, and exits 2', async () => {
    const run = startCli({}, ['--sandbx']);
    expect(await exitCode(run)).toBe(2);
    expect(run.output()).toContain('Unknown argument "--sandbx".');
    expect(run.output()).toContain('Usage: npm start');
  });
});
