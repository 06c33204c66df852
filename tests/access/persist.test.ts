/**
 * Disabled commands and cogs, lists and ignores are kept in Config: a bot started again on the same storage
 * applies them at once (the in-memory disabled set is restored at start). Its own file: two bots at once in
 * one process would share the core namespace's Config object.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { registry } from '../../generated/registry.js';
import { MemoryDriver } from '../../runtime/drivers/memory.js';
import { readAudit } from '../../runtime/permissions/audit-log.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { startBot, type Harness } from '../e2e/harness.js';

const OWNER = '512345678901234567';
const driver = new MemoryDriver();

afterAll(async () => {
  await driver.close();
});

async function start(): Promise<{ h: Harness; guild: GuildHandle; owner: MemberHandle; plain: MemberHandle }> {
  let guild!: GuildHandle;
  let owner!: MemberHandle;
  let plain!: MemberHandle;
  const h = await startBot(registry, {
    instance: { cogs: ['access', 'general'], owners: [OWNER] },
    world: (sim) => {
      // The same ids each time, so the stored settings apply to the same guild and users.
      guild = sim.createGuild({ id: '700000000000000001', name: 'Kept' });
      sim.state.addUser({ username: 'owner', id: OWNER });
      owner = sim.createMember(guild, { username: 'owner', user: OWNER });
      sim.state.addUser({ username: 'plain', id: '700000000000000002' });
      plain = sim.createMember(guild, { username: 'plain', user: '700000000000000002' });
    },
    bot: { driver },
  });
  return { h, guild, owner, plain };
}

async function say(h: Harness, guild: GuildHandle, who: MemberHandle, text: string): Promise<string> {
  await h.sim.say(guild.general, who, text);
  return (await h.sim.waitForMessage({ channelId: guild.general })).content;
}

describe('access settings survive a restart', () => {
  it('GIVEN a disabled command, a disabled cog and a blocked user WHEN the bot starts again on the same storage THEN all still hold', async () => {
    const first = await start();
    try {
      expect(await say(first.h, first.guild, first.owner, '!command disable global ping')).toBe('`ping` is disabled everywhere.');
      expect(await say(first.h, first.guild, first.owner, '!command disable server ping')).toBe('`ping` is disabled in this server.');
      expect(await say(first.h, first.guild, first.owner, '!command disablecog general')).toBe('The general cog is disabled in this server.');
      expect(await say(first.h, first.guild, first.owner, `!blocklist add ${first.plain.mention}`)).toBe(`Added ${first.plain.mention} to the blocklist.`);
    } finally {
      await first.h.stop();
    }

    const second = await start();
    try {
      // Stored, and what is stored decides (nothing needs re-applying at start).
      expect(await second.h.bot.access.commandDisabled(['ping'], null)).toBe(true);
      expect(await second.h.bot.access.commandDisabled(['ping'], second.guild.id)).toBe(true);
      expect(await second.h.bot.access.commandDisabled(['roll'], second.guild.id)).toBe(false);
      expect(await say(second.h, second.guild, second.owner, '!ping')).toBe('That command is disabled.');
      expect(await say(second.h, second.guild, second.owner, '!command enable global ping')).toBe('`ping` is enabled again everywhere.');
      expect(await say(second.h, second.guild, second.owner, '!command enable server ping')).toBe('`ping` is enabled again in this server.');
      // The cog is still disabled in the guild.
      expect(await say(second.h, second.guild, second.owner, '!ping')).toBe('That command is disabled.');
      expect(await say(second.h, second.guild, second.owner, '!command enablecog general')).toBe('The general cog is enabled again in this server.');
      expect(await say(second.h, second.guild, second.owner, '!ping')).toMatch(/^Pong!/);
      expect(await second.h.bot.access.list('blocklist', { global: true })).toEqual([second.plain.id]);
      const log = await readAudit(second.h.bot.audit, { guildId: null });
      expect(log.map((e) => e.action)).toEqual(['command.enable', 'blocklist.add', 'command.disable']);
    } finally {
      await second.h.stop();
    }
  });
});
