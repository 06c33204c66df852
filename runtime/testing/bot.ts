/**
 * A cog author's test fixture: the simulator plus a real Bot connected to it (the real discord.js client
 * over 127.0.0.1), with a memory Config driver. `stop()` undoes everything.
 *
 *   const t = await startTestBot(registry, { world: (sim) => { guild = sim.createGuild({}); } });
 *   await t.sim.say(guild.general, alice, '!ping');
 *   expect((await t.sim.waitForMessage()).content).toMatch(/^Pong!/);
 *   await t.stop();
 */
import { Bot, type BotOptions } from '../bot.js';
import type { CogRegistry } from '../cogs/module.js';
import { MemoryDriver } from '../drivers/memory.js';
import type { ConfigDriver } from '../drivers/types.js';
import { createInstanceConfig, type InstanceConfigInput } from '../instance/config.js';
import { createLogger, type LogRecord } from '../logging.js';
import { Simulator, type SimulatorOptions } from './simulator.js';

export interface TestBot {
  sim: Simulator;
  /** The running bot (a new one after `restart`). */
  bot: Bot;
  /** Every log record the bot wrote (across restarts). */
  logs: LogRecord[];
  /**
   * Stops the bot and starts a new one with the same options, simulator and storage, as a process restart
   * would (what the old bot kept in memory is gone, what it stored is not); resolves with the new bot.
   */
  restart(): Promise<Bot>;
  stop(): Promise<void>;
}

export interface TestBotOptions {
  /** Instance settings; by default every cog of the registry is loaded and storage is in memory. */
  instance?: InstanceConfigInput;
  /** Builds guilds and members before the bot connects, so it sees them in its GUILD_CREATEs. */
  world?: (sim: Simulator) => void;
  simulator?: SimulatorOptions;
  bot?: Partial<BotOptions>;
}

/**
 * What a Bot against `sim` is built with: the simulator's token and REST URL, `driver` for storage, every
 * log record into `logs`, and every cog of the registry unless `instance` names them.
 */
export function simulatorBotOptions(sim: Simulator, registry: CogRegistry, driver: ConfigDriver, logs: LogRecord[], instance: InstanceConfigInput): BotOptions {
  return {
    instance: createInstanceConfig({ ...instance, cogs: instance.cogs ?? Object.keys(registry) }),
    registry,
    token: sim.token,
    apiUrl: sim.apiUrl,
    driver,
    logger: createLogger('bot', { sink: (r) => logs.push(r), level: 'debug' }),
    // Discord's global limit (50/s) would only slow bursts of test traffic down; the simulator has none.
    clientOptions: { rest: { globalRequestsPerSecond: 10_000 } },
  };
}

/** Starts the simulator, builds the world, then starts a Bot against it and waits until it is ready. */
export async function startTestBot(registry: CogRegistry, options: TestBotOptions = {}): Promise<TestBot> {
  const sim = await Simulator.start(options.simulator);
  options.world?.(sim);
  const logs: LogRecord[] = [];
  const driver = new MemoryDriver();
  const newBot = () => new Bot({ ...simulatorBotOptions(sim, registry, driver, logs, { storage: { driver: 'memory' }, ...options.instance }), ...options.bot });
  const started = async (bot: Bot): Promise<Bot> => {
    try {
      await bot.start();
    } catch (error) {
      await bot.stop();
      await sim.stop();
      throw error;
    }
    return bot;
  };
  const test: TestBot = {
    sim,
    bot: await started(newBot()),
    logs,
    async restart() {
      await test.bot.stop();
      test.bot = await started(newBot());
      return test.bot;
    },
    async stop() {
      await test.bot.stop();
      await driver.close();
      await sim.stop();
    },
  };
  return test;
}
