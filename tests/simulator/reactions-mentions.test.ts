import { describe, expect, it } from 'vitest';
import { DiscordAPIError, type Message } from 'discord.js';
import { useSimulator } from '../../runtime/testing/vitest.js';
import { resolveMentions } from '../../runtime/testing/index.js';

describe('simulator: reactions and permissions', () => {
  const fx = useSimulator();

  it('GIVEN one channel allowing reactions and one denying them WHEN the bot reacts THEN it works in one and gets 50013 in the other', async () => {
    const { sim } = fx;
    const guild = sim.createGuild({
      channels: [{ name: 'open' }, { name: 'no-reactions', overwrites: [{ role: '@everyone', deny: ['AddReactions'] }] }],
    });
    const alice = sim.createMember(guild, { username: 'alice' });
    const client = sim.createClient();
    client.on('messageCreate', async (message: Message) => {
      if (message.content !== '!vote') return;
      try {
        await message.react('👍');
      } catch (error) {
        if (!(error instanceof DiscordAPIError && error.code === 50013)) throw error;
        if (message.channel.isSendable()) await message.channel.send('I cannot react here');
      }
    });
    await sim.login(client);

    const open = await sim.say(guild.channel('open'), alice, '!vote');
    await sim.waitForRequest((r) => r.route === 'PUT /channels/:id/messages/:message/reactions/:emoji/@me' && r.status === 204);
    expect(sim.state.messages.get(open.id)!.reactions).toMatchObject([{ emoji: { id: null, name: '👍' }, count: 1, me: true }]);

    await sim.say(guild.channel('no-reactions'), alice, '!vote');
    const fallback = await sim.waitForMessage({ channelId: guild.channel('no-reactions') });
    expect(fallback.content).toBe('I cannot react here');
    expect(sim.requests.find((r) => r.status === 403)).toMatchObject({ route: 'PUT /channels/:id/messages/:message/reactions/:emoji/@me', errorCode: 50013 });
  });

  it('GIVEN no ADD_REACTIONS WHEN someone already reacted with that emoji THEN the bot may join in (needs only READ_MESSAGE_HISTORY)', async () => {
    const { sim } = fx;
    const guild = sim.createGuild({ channels: [{ name: 'quiet', overwrites: [{ bot: true, deny: ['AddReactions'] }] }] });
    const alice = sim.createMember(guild, { username: 'alice' });
    const client = await sim.connectClient();
    const said = await sim.say(guild.channel('quiet'), alice, 'vote here');
    await sim.react(said, alice, '✅');
    const channel = client.channels.cache.get(guild.channel('quiet').id);
    if (!channel?.isTextBased()) throw new Error('not text');
    const message = await channel.messages.fetch(said.id);
    await message.react('✅');
    await expect(message.react('❌')).rejects.toMatchObject({ code: 50013 });
    expect(sim.state.messages.get(said.id)!.reactions).toMatchObject([{ emoji: { name: '✅' }, count: 2, me: true }]);
  });

  it('GIVEN a member reacts WHEN the client has reaction intents THEN messageReactionAdd fires', async () => {
    const { sim } = fx;
    const guild = sim.createGuild();
    const alice = sim.createMember(guild, { username: 'alice' });
    const client = await sim.connectClient();
    const said = await sim.say(guild.general, alice, 'react to me');
    const got = new Promise<string>((resolve) => client.once('messageReactionAdd', (r, u) => resolve(`${r.emoji.name} by ${u.id}`)));
    await sim.react(said, alice, '🎉');
    expect(await got).toBe(`🎉 by ${alice.id}`);
  });
});

describe('simulator: mentions', () => {
  const fx = useSimulator();

  async function send(options: { content: string; allowedMentions?: { parse?: ('users' | 'roles' | 'everyone')[]; users?: string[] } }, botPermissions: ('MentionEveryone')[] = []) {
    const { sim } = fx;
    const guild = sim.createGuild({ roles: [{ name: 'team', mentionable: true }, { name: 'secret' }], botPermissions });
    const alice = sim.createMember(guild, { username: 'alice' });
    const client = await sim.connectClient();
    const channel = client.channels.cache.get(guild.general.id);
    if (!channel?.isSendable()) throw new Error('not sendable');
    const content = options.content.replace('ALICE', alice.mention).replace('TEAM', guild.role('team').mention).replace('SECRET', guild.role('secret').mention);
    const sent = await channel.send({ content, ...(options.allowedMentions ? { allowedMentions: options.allowedMentions } : {}) });
    return { stored: sim.state.messages.get(sent.id)!, alice, guild };
  }

  it('GIVEN allowed_mentions { parse: [] } WHEN the bot echoes "@everyone <@user> <@&role>" THEN nobody is pinged', async () => {
    const { stored } = await send({ content: '@everyone ALICE TEAM', allowedMentions: { parse: [] } });
    expect(stored).toMatchObject({ mentions: [], mention_roles: [], mention_everyone: false });
  });

  it('GIVEN Discord defaults WHEN the bot sends the same THEN the user and the mentionable role are pinged, @everyone is not without MENTION_EVERYONE', async () => {
    const { stored, alice, guild } = await send({ content: '@everyone ALICE TEAM SECRET' });
    expect(stored.mentions.map((u) => u.id)).toEqual([alice.id]);
    expect(stored.mention_roles).toEqual([guild.role('team').id]);
    expect(stored.mention_everyone).toBe(false);
  });

  it('GIVEN MENTION_EVERYONE WHEN the bot sends @everyone with defaults THEN everyone and even unmentionable roles are pinged', async () => {
    const { stored, guild } = await send({ content: '@everyone SECRET' }, ['MentionEveryone']);
    expect(stored.mention_everyone).toBe(true);
    expect(stored.mention_roles).toEqual([guild.role('secret').id]);
  });

  it('GIVEN parse "users" together with a users list THEN Discord refuses with 50035', async () => {
    await expect(send({ content: 'ALICE', allowedMentions: { parse: ['users'], users: ['123456789012345678'] } })).rejects.toMatchObject({ code: 50035 });
  });

  it('resolveMentions: a users list pings only the listed users', () => {
    const result = resolveMentions({
      content: '<@111111111111111111> <@!222222222222222222> <@333333333333333333>',
      allowedMentions: { users: ['222222222222222222'] },
      canMentionEveryone: true,
      roles: new Map(),
      userExists: () => true,
    });
    expect(result).toEqual({ users: ['222222222222222222'], roles: [], everyone: false });
  });
});
