/**
 * Starting and stopping a Bot against the simulator: a wrong token, a cog that fails to load, stop order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Bot } from '../../runtime/bot.js';
import { BotFatalError } from '../../runtime/discord/fatal-close.js';
import { MemoryDriver } from '../../runtime/config/index.js';
import { createInstanceConfig } from '../../runtime/instance/config.js';
import { createLogger, type LogRecord } from '../../runtime/logging.js';
import { Simulator } from '../../runtime/testing/simulator.js';
import { demoImplementation, demoRegistry, demoSpec, type DemoJournal } from '../runtime/fixtures/demo-cog.js';
import { startBot, type Harness } from './harness.js';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('Bot lifecycle', () => {
  it('GIVEN a wrong token WHEN starting THEN start fails with a clear error that does not contain the token', async () => {
    const sim = await Simulator.start();
    cleanup.push(() => sim.stop());
    const wrong = 'MTAwMDAwMDAwMDAwMDAwMDAx.GabcDE.wrongwrongwrongwrongwrongwrongwrong12';
    const logs: LogRecord[] = [];
    const bot = new Bot({
      instance: createInstanceConfig({ storage: { driver: 'memory' } }),
      registry: demoRegistry(),
      token: wrong,
      apiUrl: sim.apiUrl,
      driver: new MemoryDriver(),
      logger: createLogger('bot', { sink: (r) => logs.push(r) }),
    });
    const error = await bot.start().catch((e: unknown) => e);
    // A refused token is a fatal close (4004): the message says how to fix it (runtime/discord/fatal-close.ts).
    expect(error).toBeInstanceOf(BotFatalError);
    expect((error as BotFatalError).closeCode).toBe(4004);
    expect((error as Error).message).toMatch(/^Discord closed the connection \(4004 authentication failed\): the token is wrong: reset it in the developer portal/);
    expect((error as Error).message).not.toContain(wrong);
    expect(JSON.stringify(logs)).not.toContain(wrong);
    await bot.stop();
  });

  it('GIVEN start in progress WHEN stop is called THEN start rejects, nothing stays connected', async () => {
    const sim = await Simulator.start();
    cleanup.push(() => sim.stop());
    const journal: DemoJournal = { events: [], kinds: [] };
    const bot = new Bot({ instance: createInstanceConfig({ cogs: ['demo'] }), registry: demoRegistry(journal), token: sim.token, apiUrl: sim.apiUrl, driver: new MemoryDriver() });
    const starting = bot.start();
    await bot.stop();
    await expect(starting).rejects.toThrow('The bot was stopped while starting.');
    expect(bot.isReady).toBe(false);
    expect(bot.client.isReady()).toBe(false);
    expect(journal.events).toEqual([]);
  });

  it('GIVEN a cog that fails to load WHEN starting THEN the others load, the failure is kept and logged', async () => {
    const broken = demoImplementation({ events: [], kinds: [] });
    broken.setup = () => {
      throw new Error('missing API key');
    };
    const registry = { ...demoRegistry(), broken: { spec: { ...demoSpec('broken'), commands: [], slashCommands: [], listeners: [] }, load: async () => ({ default: broken }) } };
    const h: Harness = await startBot(registry);
    cleanup.push(() => h.stop());
    expect(h.bot.cogs.names()).toEqual(['demo']);
    expect(h.bot.failedCogs.get('broken')?.message).toBe('Cog "broken": setup failed: missing API key');
    expect(h.logs.some((r) => r.level === 'error' && r.message.startsWith('Cog broken was not loaded'))).toBe(true);
    const guild = h.sim.createGuild();
    const member = h.sim.createMember(guild, { username: 'alice' });
    await h.sim.say(guild.general, member, '!ping');
    expect((await h.sim.waitForMessage()).content).toBe('Pong!');
  });

  it('emits ready once start has loaded the cogs; waitUntilReady resolves', async () => {
    const sim = await Simulator.start();
    cleanup.push(() => sim.stop());
    const bot = new Bot({ instance: createInstanceConfig({ cogs: ['demo'] }), registry: demoRegistry(), token: sim.token, apiUrl: sim.apiUrl, driver: new MemoryDriver() });
    cleanup.push(() => bot.stop());
    const seen: string[] = [];
    bot.on('cogLoaded', (cog) => seen.push(`loaded:${cog.name}`));
    bot.on('slashCommandsSynced', (body) => seen.push(`synced:${body.length}`));
    bot.on('ready', () => seen.push('ready'));
    const waiting = (async () => {
      await Promise.resolve();
      return bot.waitUntilReady();
    })();
    await bot.start();
    await waiting;
    expect(seen).toEqual(['loaded:demo', `synced:${demoRegistry().demo!.spec.slashCommands.length}`, 'ready']);
    expect(bot.isReady).toBe(true);
  });

  it('GIVEN intents without MessageContent WHEN starting THEN a warning says prefixes cannot work; mentions still do', async () => {
    const h = await startBot(demoRegistry(), { instance: { discord: { intents: ['Guilds', 'GuildMessages'] } } });
    cleanup.push(() => h.stop());
    expect(h.logs.filter((r) => r.level === 'warn').map((r) => r.message)).toContain(
      'MessageContent is not among the intents: Discord hides message text, so only the mention prefix can work for text commands.',
    );
    const guild = h.sim.createGuild();
    const alice = h.sim.createMember(guild, { username: 'alice' });
    await h.sim.say(guild.general, alice, `<@${h.sim.botUser.id}> ping`);
    expect((await h.sim.waitForMessage()).content).toBe('Pong!');
  });

  it('stop runs onUnload for every cog, newest first, then disconnects', async () => {
    const order: string[] = [];
    const journal = (name: string): DemoJournal => {
      const events: string[] = [];
      events.push = (...items: string[]) => {
        for (const item of items) order.push(`${name}:${item}`);
        return Array.prototype.push.apply(events, items);
      };
      return { events, kinds: [] };
    };
    const registry = { ...demoRegistry(journal('first'), 'first') };
    // The second cog has no commands so the two do not clash.
    const second = demoImplementation(journal('second'));
    const h = await startBot({ ...registry, second: { spec: { ...demoSpec('second'), commands: [], slashCommands: [] }, load: async () => ({ default: second }) } });
    expect(order).toEqual(['first:setup', 'first:onLoad', 'second:setup', 'second:onLoad']);
    await h.bot.stop();
    expect(order.slice(4)).toEqual(['second:onUnload', 'first:onUnload']);
    expect(h.bot.isReady).toBe(false);
    expect(h.bot.client.isReady()).toBe(false);
    await h.stop();
  });
});
