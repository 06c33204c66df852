import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../runtime/testing/vitest.js';
import { until } from './helpers.js';

describe('simulator: more of the REST surface', () => {
  const fx = useSimulator();

  it('GIVEN history in a channel WHEN the bot fetches messages THEN Discord paging applies (newest first, limit, before)', async () => {
    const { sim } = fx;
    const guild = sim.createGuild();
    const alice = sim.createMember(guild, { username: 'alice' });
    const said = [];
    for (let i = 0; i < 5; i++) said.push(await sim.say(guild.general, alice, `m${i}`));
    const client = await sim.connectClient();
    const channel = client.channels.cache.get(guild.general.id);
    if (!channel?.isTextBased()) throw new Error('not text');
    const latest = await channel.messages.fetch({ limit: 2, cache: false });
    expect([...latest.values()].map((m) => m.content)).toEqual(['m4', 'm3']);
    const older = await channel.messages.fetch({ before: said[2]!.id, cache: false });
    expect([...older.values()].map((m) => m.content)).toEqual(['m1', 'm0']);
  });

  it('GIVEN a channel the bot cannot view WHEN it sends THEN 403 50001 Missing Access', async () => {
    const { sim } = fx;
    const guild = sim.createGuild({ channels: [{ name: 'general' }, { name: 'staff', overwrites: [{ role: '@everyone', deny: ['ViewChannel'] }] }] });
    const client = await sim.connectClient();
    await expect(client.rest.post(`/channels/${guild.channel('staff').id}/messages`, { body: { content: 'hi' } })).rejects.toMatchObject({ code: 50001, status: 403 });
  });

  it('GIVEN a connected client WHEN overwrites and role permissions change THEN its permission view follows', async () => {
    const { sim } = fx;
    const guild = sim.createGuild();
    const client = await sim.connectClient();
    const channel = client.guilds.cache.get(guild.id)!.channels.cache.get(guild.general.id)!;
    const me = client.guilds.cache.get(guild.id)!.members.me!;
    expect(channel.permissionsFor(me)!.has(PermissionFlagsBits.SendMessages)).toBe(true);
    sim.setOverwrite(guild.general, { bot: true, deny: ['SendMessages'] });
    await until(() => !channel.permissionsFor(me)!.has(PermissionFlagsBits.SendMessages), 'overwrite applied');
    sim.setOverwrite(guild.general, { bot: true });
    sim.setRolePermissions(guild, guild.bot.username, ['Administrator']);
    await until(() => me.permissions.has(PermissionFlagsBits.Administrator), 'role update applied');
  });

  it('GIVEN a guild WHEN the bot fetches all members over the gateway THEN GUILD_MEMBERS_CHUNK answers', async () => {
    const { sim } = fx;
    const guild = sim.createGuild();
    for (const name of ['ann', 'ben', 'cat']) sim.createMember(guild, { username: name });
    const client = await sim.connectClient({ intents: ['Guilds', 'GuildMembers'] });
    const members = await client.guilds.cache.get(guild.id)!.members.fetch();
    expect(members.map((m) => m.user.username).sort()).toEqual(['ann', 'ben', 'cat', 'cogsmith-bot', 'owner']);
    const one = await client.guilds.cache.get(guild.id)!.members.fetch({ user: guild.bot.id, force: true });
    expect(one.id).toBe(sim.botUser.id);
  });

  it('GIVEN guild commands WHEN created, listed and deleted one by one THEN the simulator keeps them per guild', async () => {
    const { sim } = fx;
    const guild = sim.createGuild();
    const client = await sim.connectClient();
    const commands = client.guilds.cache.get(guild.id)!.commands;
    const created = await commands.create({ name: 'hello', description: 'Says hello' });
    expect(sim.registeredCommands(guild).map((c) => c.name)).toEqual(['hello']);
    expect(sim.registeredCommands()).toEqual([]);
    const again = await commands.create({ name: 'hello', description: 'Says hello again' });
    expect(again.id).toBe(created.id);
    expect((await commands.fetch()).map((c) => c.description)).toEqual(['Says hello again']);
    await commands.delete(created.id);
    expect(sim.registeredCommands(guild)).toEqual([]);
    expect(sim.requests.map((r) => r.route)).toEqual(expect.arrayContaining(['POST /applications/:id/guilds/:guild/commands', 'DELETE /applications/:id/guilds/:guild/commands/:command']));
  });

  it('GIVEN an interaction reply WHEN the bot fetches, then deletes it THEN @original serves both', async () => {
    const { sim } = fx;
    const guild = sim.createGuild();
    const alice = sim.createMember(guild, { username: 'alice' });
    const client = sim.createClient();
    const done = new Promise<string>((resolve, reject) => {
      client.on('interactionCreate', async (i) => {
        if (!i.isChatInputCommand()) return;
        try {
          await i.reply({ content: 'temporary', flags: MessageFlags.SuppressNotifications });
          const fetched = await i.fetchReply();
          await i.deleteReply();
          resolve(fetched.content);
        } catch (error) {
          reject(error);
        }
      });
    });
    await sim.login(client);
    const interaction = await sim.runSlash(guild.general, alice, 'temp', {}, { check: false });
    expect(await done).toBe('temporary');
    expect(sim.state.messages.has(interaction.originalMessageId!)).toBe(false);
  });
});
