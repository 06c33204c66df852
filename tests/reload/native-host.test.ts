/**
 * Hot reload without a transformer: the project compiled by tsc (tsconfig.build.json) and run with plain
 * Node (runtime/host/native-launch.js) in Discord mode against the simulator, in a real child process. The
 * compiled cog files are edited on disk (as a rebuild would) and the owner types `!reload`: the new code
 * answers, including a module the cog imports from its own folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Simulator } from '../../runtime/testing/simulator.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';

const REPO = resolve(import.meta.dirname, '../..');
let dir: string;
let build: string;
let sim: Simulator;
let bot: ChildProcess;
let output = '';
let guild: GuildHandle;
let owner: MemberHandle;

function run(command: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [command, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c));
    child.stderr!.on('data', (c: Buffer) => (out += c));
    child.on('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} exited ${code}:\n${out}`))));
  });
}

async function say(text: string): Promise<string> {
  const sent = await sim.say(guild.general, owner, text);
  return (await sim.waitForMessage({ channelId: guild.general, after: sent, from: 'bot', timeoutMs: 20_000 })).content;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cogsmith-native-'));
  build = join(dir, 'build');
  await run(join(REPO, 'node_modules/typescript/bin/tsc'), ['-p', join(REPO, 'tsconfig.build.json'), '--outDir', build]);
  symlinkSync(join(REPO, 'node_modules'), join(build, 'node_modules'), 'dir');
  sim = await Simulator.start();
  guild = sim.createGuild({ name: 'Compiled' });
  owner = sim.createMember(guild, { username: 'owner', user: sim.owner });
  const config = join(dir, 'bot.config.yaml');
  writeFileSync(config, `cogs: [core, general]\nstorage:\n  driver: json\n  path: ${JSON.stringify(join(dir, 'data'))}\n`);
  bot = spawn(process.execPath, [join(build, 'runtime/host/native-launch.js')], {
    cwd: dir,
    env: { ...process.env, COGSMITH_CONFIG: config, DISCORD_TOKEN: sim.token, COGSMITH_DISCORD_API: sim.apiUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  bot.stdout!.on('data', (c: Buffer) => (output += c));
  bot.stderr!.on('data', (c: Buffer) => (output += c));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Ready: logged in')) {
    if (Date.now() > deadline || bot.exitCode !== null) throw new Error(`the compiled bot did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}, 120_000);

afterAll(async () => {
  if (bot && bot.exitCode === null) {
    const exited = new Promise((r) => bot.once('exit', r));
    bot.kill('SIGTERM');
    await exited;
  }
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('GIVEN the compiled bot on plain Node WHEN a compiled handler is edited and the owner reloads THEN the new code answers', async () => {
  expect(await say('!ping')).toMatch(/^Pong!/);
  const handlers = join(build, 'cogs/general/handlers.js');
  writeFileSync(handlers, readFileSync(handlers, 'utf8').replaceAll('Pong!', 'Pong from the new build!'));
  expect(await say('!reload general')).toBe('Reloaded: `general`.');
  expect(await say('!ping')).toMatch(/^Pong from the new build!/);
  expect(await say('!debuginfo')).toContain('Code: native (reloads import the code on disk).');
  expect(output).not.toContain(sim.token);
}, 60_000);

it("GIVEN an edited module the cog imports from its own folder WHEN reloaded THEN that module's new code runs too", async () => {
  const helper = join(build, 'cogs/core/cog-commands.js');
  writeFileSync(helper, readFileSync(helper, 'utf8').replace('`Loaded (${loaded.length}): ', '`Now loaded (${loaded.length}): '));
  expect(await say('!cogs')).toMatch(/^Loaded \(2\)/);
  expect(await say('!reload core')).toBe('Reloaded: `core`.');
  expect(await say('!cogs')).toMatch(/^Now loaded \(2\)/);
}, 60_000);
