/**
 * The Bot opens its storage before it connects: a json data folder another process holds (its folder lock),
 * refuses the start before any request reaches Discord and before any cog loads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { registry } from '../../generated/registry.js';
import { Bot, BotStartError } from '../../runtime/bot.js';
import { JsonDriver } from '../../runtime/config/index.js';
import { createLogger, type LogRecord } from '../../runtime/logging.js';
import { Simulator } from '../../runtime/testing/simulator.js';
import { simulatorBotOptions } from '../../runtime/testing/bot.js';
import { MemoryDriver } from '../../runtime/drivers/memory.js';
import { exitCode, StartRuns } from '../helpers/npm-start.js';

const cleanups: (() => Promise<void> | void)[] = [];
const runs = new StartRuns();
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await runs.cleanup();
});

// A token-shaped fake the simulator accepts.
const FAKE_TOKEN = `${Buffer.from('223456789012345678').toString('base64url')}.GhTk3a.${'q1W2e3'.repeat(6)}`;

it('GIVEN a json data folder held by another driver WHEN a bot on it starts THEN it is refused naming the lock, before logging in or loading a cog', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cogsmith-lock-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const holder = new JsonDriver({ path: dir });
  await holder.open();
  cleanups.push(() => holder.close());
  const sim = await Simulator.start();
  cleanups.push(() => sim.stop());
  const logs: LogRecord[] = [];
  const options = simulatorBotOptions(sim, registry, new MemoryDriver(), logs, { cogs: ['general'], storage: { driver: 'json', path: dir } });
  const bot = new Bot({ ...options, driver: undefined, logger: createLogger('bot', { sink: (r) => logs.push(r) }) });
  cleanups.push(() => bot.stop());

  const error = await bot.start().then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(BotStartError);
  expect((error as Error).message).toMatch(/^Could not open the storage: /);
  expect((error as Error & { cause?: { code?: string } }).cause?.code).toBe('CONFIG_DATA_FOLDER_LOCKED');
  expect(sim.requests).toEqual([]); // not even /gateway/bot
  expect(sim.gatewayLog).toEqual([]);
  expect(bot.cogs.names()).toEqual([]);
});

it('GIVEN npm start running on a json data folder WHEN a second npm start on the same folder starts THEN it exits 1 naming the lock, and never asked Discord for the gateway', async () => {
  const sim = await Simulator.start({ token: FAKE_TOKEN });
  cleanups.push(() => sim.stop());
  const { file } = runs.tempInstance((dir) => `cogs: [general]\nstorage:\n  driver: json\n  path: ${JSON.stringify(join(dir, 'data'))}\n`);
  const env = { COGSMITH_CONFIG: file, DISCORD_TOKEN: FAKE_TOKEN, COGSMITH_DISCORD_API: sim.apiUrl };
  const first = runs.start(env);
  await first.waitFor(/Ready: logged in/);
  const gatewayAsks = () => sim.requests.filter((r) => r.route === 'GET /gateway/bot').length;
  const before = gatewayAsks();
  const second = runs.start(env);
  expect(await exitCode(second)).toBe(1);
  expect(second.output()).toContain('Could not start the bot: Could not open the storage: ');
  expect(second.output()).not.toContain('Loaded cog');
  expect(gatewayAsks()).toBe(before);
  first.child.kill('SIGTERM');
  expect(await exitCode(first)).toBe(0);
});
