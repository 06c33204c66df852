/**
 * A gateway close no reconnect cures (runtime/discord/fatal-close.ts): in process the Bot emits `fatal` with a
 * BotFatalError naming the fix (or its start rejects with one); as a real `npm start` process it exits 78 with
 * the one-line reason.
 */
import { join } from 'node:path';
import { GatewayCloseCodes } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registry } from '../../generated/registry.js';
import { BotFatalError } from '../../runtime/discord/fatal-close.js';
import { EXIT_CODES } from '../../runtime/core/exit-codes.js';
import { Simulator } from '../../runtime/testing/simulator.js';
import { startTestBot, type TestBot } from '../../runtime/testing/index.js';
import { exitCode, StartRuns } from '../helpers/npm-start.js';

let t: TestBot | undefined;
const runs = new StartRuns();
afterEach(async () => {
  await t?.stop();
  t = undefined;
  await runs.cleanup();
});

// A token-shaped fake the simulator accepts.
const FAKE_TOKEN = `${Buffer.from('223456789012345678').toString('base64url')}.GhTk3a.${'q1W2e3'.repeat(6)}`;

describe('a fatal gateway close in process', () => {
  it('GIVEN a ready bot WHEN Discord closes its connection with 4014 THEN it emits fatal naming the Message Content intent, stops being ready, and stops', async () => {
    t = await startTestBot(registry, { instance: { cogs: ['general'] } });
    const bot = t.bot;
    const fatal = new Promise<BotFatalError>((resolve) => bot.once('fatal', resolve));
    await t.sim.closeGateway(GatewayCloseCodes.DisallowedIntents, { reason: 'Disallowed intent(s).' });
    const error = await fatal;
    expect(error).toBeInstanceOf(BotFatalError);
    expect(error.code).toBe('BOT_FATAL');
    expect(error.closeCode).toBe(4014);
    expect(error.exitCode).toBe(78);
    expect(error.message).toContain('enable the Message Content');
    expect(error.message).toContain('developer portal');
    expect(error.message).not.toContain('\n');
    expect(bot.isReady).toBe(false);
    await expect(bot.waitUntilReady()).rejects.toBe(error);
    expect(t.logs.some((r) => r.level === 'error' && r.message === error.message)).toBe(true);
    await bot.stop();
  });

  it('GIVEN a ready bot nobody listens to for fatal WHEN Discord closes with 4004 THEN the bot stops itself', async () => {
    t = await startTestBot(registry, { instance: { cogs: ['general'] } });
    const bot = t.bot;
    await t.sim.closeGateway(GatewayCloseCodes.AuthenticationFailed);
    await vi.waitFor(() => expect(t!.logs.some((r) => /Unloaded cog general/.test(r.message))).toBe(true), { timeout: 10_000 });
    expect(bot.isReady).toBe(false);
    expect(t.logs.some((r) => r.level === 'error' && /4004 authentication failed\): the token is wrong: reset it in the developer portal/.test(r.message))).toBe(true);
  });

  it('GIVEN a close Discord lets the client resume from (4000) WHEN it happens THEN the bot stays up and nothing is fatal', async () => {
    t = await startTestBot(registry, { instance: { cogs: ['general'] } });
    let fatal = false;
    t.bot.on('fatal', () => (fatal = true));
    const resumed = t.sim.waitForSession(0, 'resume');
    await t.sim.closeGateway(4000);
    await resumed;
    expect(fatal).toBe(false);
    expect(t.bot.isReady).toBe(true);
  });

  it('GIVEN an application without the privileged intents WHEN the bot starts THEN start rejects with the BotFatalError for 4014', async () => {
    const started = startTestBot(registry, { instance: { cogs: ['general'] }, simulator: { allowedPrivilegedIntents: 0 } });
    const error = await started.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(BotFatalError);
    expect((error as BotFatalError).closeCode).toBe(4014);
  });
});

describe('a fatal gateway close under npm start', () => {
  async function startAgainst(sim: Simulator, token = FAKE_TOKEN) {
    const { file } = runs.tempInstance((dir) => `cogs: [general]\nstorage:\n  driver: json\n  path: ${JSON.stringify(join(dir, 'data'))}\n`);
    return runs.start({ COGSMITH_CONFIG: file, DISCORD_TOKEN: token, COGSMITH_DISCORD_API: sim.apiUrl, COGSMITH_LOG_FORMAT: 'json' });
  }

  it('GIVEN a running npm start WHEN Discord closes its connection with 4014 THEN the process exits 78 with the one-line reason', async () => {
    const sim = await Simulator.start({ token: FAKE_TOKEN });
    runs.defer(() => sim.stop());
    const run = await startAgainst(sim);
    await run.waitFor(/Ready: logged in/);
    await sim.closeGateway(GatewayCloseCodes.DisallowedIntents);
    expect(await exitCode(run)).toBe(EXIT_CODES.configuration);
    const reason = run.output().split('\n').map((line) => { try { return JSON.parse(line) as { level: number; msg: string }; } catch { return undefined; } }).find((line) => line?.level === 50);
    expect(reason?.msg).toMatch(/^Discord closed the connection \(4014 disallowed intents\): enable the Message Content .*developer portal/);
  });

  it('GIVEN an application without the privileged intents WHEN npm start logs in THEN it exits 78 naming the intent', async () => {
    const sim = await Simulator.start({ token: FAKE_TOKEN, allowedPrivilegedIntents: 0 });
    runs.defer(() => sim.stop());
    const run = await startAgainst(sim);
    expect(await exitCode(run)).toBe(78);
    expect(run.output()).toContain('Could not start the bot: Discord closed the connection (4014 disallowed intents): enable the Message Content');
  });

  it('GIVEN a token Discord refuses WHEN npm start logs in THEN it exits 78 saying to reset the token, without printing it', async () => {
    const sim = await Simulator.start({ token: FAKE_TOKEN });
    runs.defer(() => sim.stop());
    const wrong = `${Buffer.from('323456789012345678').toString('base64url')}.GhTk3a.${'z9X8c7'.repeat(6)}`;
    const run = await startAgainst(sim, wrong);
    expect(await exitCode(run)).toBe(78);
    expect(run.output()).toContain('the token is wrong: reset it in the developer portal');
    expect(run.output()).not.toContain(wrong);
  });
});
