import { GatewayIntentBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { Bot, BotStartError } from '../../runtime/bot.js';
import { ErrorLog } from '../../runtime/commands/error-log.js';
import { createDiscordClient, intentBits } from '../../runtime/discord/client.js';
import { createInstanceConfig } from '../../runtime/instance/config.js';
import { MemoryDriver } from '../../runtime/config/index.js';
import { demoRegistry } from './fixtures/demo-cog.js';

describe('Discord client options', () => {
  it('maps intent names to bits and refuses unknown names', () => {
    expect(intentBits(['Guilds', 'MessageContent'])).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.MessageContent);
    expect(() => intentBits(['Gilds'])).toThrow('Unknown gateway intent "Gilds".');
  });

  it('points REST at the configured base URL and pings nobody by default', async () => {
    const client = createDiscordClient({
      intents: ['Guilds'],
      apiUrl: 'http://127.0.0.1:5555/api',
      shards: 2,
      extra: { intents: [], rest: { globalRequestsPerSecond: 500 }, allowedMentions: { parse: ['everyone'] } },
    });
    try {
      expect(client.rest.options.api).toBe('http://127.0.0.1:5555/api');
      expect(client.rest.options.globalRequestsPerSecond).toBe(500);
      expect(client.options.intents.bitfield).toBe(GatewayIntentBits.Guilds);
      expect(client.options.allowedMentions).toEqual({ parse: [], repliedUser: false });
      expect(client.options.shards).toEqual([0, 1]);
      expect(client.options.shardCount).toBe(2);
    } finally {
      await client.destroy();
    }
  });
});

describe('Bot without a token', () => {
  it('refuses to start with a message saying where a token comes from', async () => {
    const bot = new Bot({ instance: createInstanceConfig({ storage: { driver: 'memory' } }), registry: demoRegistry(), driver: new MemoryDriver() });
    const error = await bot.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BotStartError);
    expect((error as Error).message).toContain('DISCORD_TOKEN');
    await bot.stop();
  });
});

describe('ErrorLog', () => {
  it('keeps the newest errors with distinct short ids', () => {
    const log = new ErrorLog(2);
    const a = log.record('command a', new Error('a'));
    const b = log.record('command b', new Error('b'));
    const c = log.record('command c', new Error('c'));
    expect(a.id).toMatch(/^[0-9a-f]{8}$/);
    expect(new Set([a.id, b.id, c.id]).size).toBe(3);
    expect(log.get(a.id)).toBeUndefined();
    expect(log.get(c.id)?.where).toBe('command c');
    expect(log.recent().map((r) => r.where)).toEqual(['command c', 'command b']);
  });
});
