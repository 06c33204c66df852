/**
 * Starts the simulator and a real Bot connected to it (the real discord.js client over 127.0.0.1),
 * with a memory Config driver; `stop()` undoes everything.
 */
import { Bot, type BotOptions } from '../../runtime/bot.js';
import type { CogRegistry } from '../../runtime/cogs/module.js';
import { MemoryDriver } from '../../runtime/config/index.js';
import { createInstanceConfig, type InstanceConfigInput } from '../../runtime/instance/config.js';
import { createLogger, type LogRecord } from '../../runtime/logging.js';
import { Simulator, type SimulatorOptions } from '../../runtime/testing/simulator.js';

export interface Harness {
  sim: Simulator;
  bot: Bot;
  /** Every log record the bot wrote. */
  logs: LogRecord[];
  stop(): Promise<void>;
}

/** Builds the world first (via `world`), so the bot sees it in its GUILD_CREATEs, then starts the bot. */
export async function startBot(
  registry: CogRegistry,
  options: { instance?: InstanceConfigInput; world?: (sim: Simulator) => void; simulator?: SimulatorOptions; bot?: Partial<BotOptions> } = {},
): Promise<Harness> {
  const sim = await Simulator.start(options.simulator);
  options.world?.(sim);
  const logs: LogRecord[] = [];
  const driver = new MemoryDriver();
  const bot = new Bot({
    instance: createInstanceConfig({ cogs: Object.keys(registry), storage: { driver: 'memory' }, ...options.instance }),
    registry,
    token: sim.token,
    apiUrl: sim.apiUrl,
    driver,
    logger: createLogger('bot', { sink: (r) => logs.push(r), level: 'debug' }),
    // Discord's global limit (50/s) would only slow bursts of test traffic down; the simulator has none.
    clientOptions: { rest: { globalRequestsPerSecond: 10_000 } },
    ...options.bot,
  });
  try {
    await bot.start();
  } catch (error) {
    await bot.stop();
    await sim.stop();
    throw error;
  }
  return {
    sim,
    bot,
    logs,
    async stop() {
      await bot.stop();
      await driver.close();
      await sim.stop();
    },
  };
}
