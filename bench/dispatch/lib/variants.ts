/**
 * The two bots under test, each answering the scenario's command in a guild channel:
 * - bare: a discord.js Client with a hand-written messageCreate handler (the least a bot can do);
 * - cogsmith: the Cogsmith Bot running the real `general` cog from generated/registry.ts (`ping`), or the
 *   `give` fixture cog built from its manifest (lib/give.ts).
 * Both use the same intents, partials, allowed mentions and REST settings, and send the same reply
 * (a reply to the message with the same text), so the difference is the framework.
 */
import { Client, Events, Partials, type ClientOptions, type Message } from 'discord.js';
import { registry } from '../../../generated/registry.js';
import { Bot } from '../../../runtime/bot.js';
import { MemoryDriver } from '../../../runtime/config/index.js';
import { createInstanceConfig } from '../../../runtime/instance/config.js';
import { createLogger } from '../../../runtime/logging.js';
import { GIVE_COG, giveRegistry, handGive } from './give.js';
import type { ConnectPayload, Variant } from './protocol.js';

/** A running variant; `stop()` disconnects it. */
export interface RunningVariant {
  variant: Variant;
  stop(): Promise<void>;
}

// Discord's global limit (50 requests/s) would cap both variants at the same figure; the simulator has none.
const REST = { globalRequestsPerSecond: 1_000_000 } as const;

/** Starts one variant against the simulator and resolves once it answers commands. */
export async function startVariant(start: ConnectPayload): Promise<RunningVariant> {
  return start.variant === 'bare' ? startBare(start) : startCogsmith(start);
}

async function startBare(start: ConnectPayload): Promise<RunningVariant> {
  const options: ClientOptions = {
    intents: start.intents,
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    rest: { ...REST, api: start.apiUrl },
  };
  const client = new Client(options);
  const answer = start.scenario === 'give' ? handGive(new Map()) : (message: Message) => answerPing(client, message);
  client.on(Events.MessageCreate, (message) => void answer(message));
  client.on(Events.Error, (error) => process.stderr.write(`bare client error: ${error.message}\n`));
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(start.token);
    await ready;
  } catch (error) {
    await client.destroy();
    throw new Error(`bare variant: could not log in: ${(error as Error).message}`, { cause: error });
  }
  return {
    variant: 'bare',
    async stop() {
      await client.destroy();
    },
  };
}

/** What a bot without a framework does: check the prefix, parse the command by hand, reply. */
async function answerPing(client: Client, message: Message): Promise<void> {
  if (message.author.bot || !message.content.startsWith('!')) return;
  const command = message.content.slice(1).trim().split(/\s+/, 1)[0]!.toLowerCase();
  if (command !== 'ping') return;
  const latency = Math.round(client.ws.ping);
  try {
    await message.reply({ content: latency >= 0 ? `Pong! (${latency} ms)` : 'Pong!', failIfNotExists: false });
  } catch (error) {
    process.stderr.write(`bare reply failed: ${(error as Error).message}\n`);
  }
}

async function startCogsmith(start: ConnectPayload): Promise<RunningVariant> {
  const driver = new MemoryDriver();
  const bot = new Bot({
    instance: createInstanceConfig({ cogs: [start.scenario === 'give' ? GIVE_COG : 'general'], storage: { driver: 'memory' } }),
    registry: start.scenario === 'give' ? await giveRegistry() : registry,
    token: start.token,
    apiUrl: start.apiUrl,
    driver,
    // Warnings and errors still show; the start-up lines would only clutter the table. Nothing is logged per command at info.
    logger: createLogger('bench-bot', { level: 'warn' }),
    clientOptions: { rest: REST },
  });
  // The instance's intents are the ones the parent sent (both come from the instance defaults); check rather than assume.
  if (Number(bot.client.options.intents.bitfield) !== start.intents) {
    throw new Error(`cogsmith variant: intents ${String(bot.client.options.intents.bitfield)} differ from the bare variant's ${start.intents}`);
  }
  await bot.start();
  if (bot.failedCogs.size > 0) {
    await bot.stop();
    throw new Error(`cogsmith variant: cogs failed to load: ${[...bot.failedCogs].map(([name, e]) => `${name} (${e.message})`).join(', ')}`);
  }
  return {
    variant: 'cogsmith',
    async stop() {
      await bot.stop();
      await driver.close();
    },
  };
}
