import { GatewayIntentBits, type Message } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../runtime/testing/vitest.js';
import { until } from './helpers.js';

describe('simulator: messages', () => {
  const fx = useSimulator();

  it('GIVEN a ready Client WHEN a member says something THEN messageCreate has content, author, member and guild, and the reply is recorded and dispatched', async () => {
    const { sim } = fx;
    const guild = sim.createGuild({ name: 'Chat' });
    const alice = sim.createMember(guild, { username: 'alice', nick: 'Al' });
    const client = sim.createClient();
    const seen: Message[] = [];
    client.on('messageCreate', async (message) => {
      seen.push(message);
      if (message.content === '!ping') await message.reply('pong');
    });
    await sim.login(client);

    const said = await sim.say(guild.general, alice, '!ping');
    const reply = await sim.waitForMessage({ channelId: guild.general });

    expect(reply.content).toBe('pong');
    expect(reply.message_reference?.message_id).toBe(said.id);
    // A reply pings the replied-to author by default, as on Discord.
    expect(reply.mentions.map((u) => u.id)).toEqual([alice.id]);
    const incoming = seen.find((m) => m.id === said.id)!;
    expect(incoming.content).toBe('!ping');
    expect(incoming.author.username).toBe('alice');
    expect(incoming.member?.displayName).toBe('Al');
    expect(incoming.guild?.id).toBe(guild.id);
    expect(incoming.channelId).toBe(guild.general.id);
    // The bot's own message came back over the gateway too.
    await until(() => seen.some((m) => m.id === reply.id));
    expect(seen.find((m) => m.id === reply.id)!.author.id).toBe(sim.botUser.id);
    const post = sim.requests.find((r) => r.route === 'POST /channels/:id/messages')!;
    expect(post).toMatchObject({ method: 'POST', status: 200, path: `/channels/${guild.general.id}/messages` });
    expect((post.body as { content: string }).content).toBe('pong');
    expect(sim.messagesIn(guild.general).map((m) => m.content)).toEqual(['!ping', 'pong']);
  });

  it('GIVEN a Client without MESSAGE_CONTENT WHEN members speak THEN content is empty unless the message mentions the bot', async () => {
    const { sim } = fx;
    const guild = sim.createGuild();
    const alice = sim.createMember(guild, { username: 'alice' });
    const client = await sim.connectClient({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
    const contents = new Map<string, string>();
    client.on('messageCreate', (m) => contents.set(m.id, m.content));

    const plain = await sim.say(guild.general, alice, 'secret words');
    const mention = await sim.say(guild.general, alice, `<@${sim.botUser.id}> hello`);
    await until(() => contents.has(plain.id) && contents.has(mention.id));

    expect(contents.get(plain.id)).toBe('');
    expect(contents.get(mention.id)).toBe(`<@${sim.botUser.id}> hello`);
  });

  it('GIVEN a Client without GUILD_MESSAGES WHEN a member speaks THEN no messageCreate arrives', async () => {
    const { sim } = fx;
    const guild = sim.createGuild();
    const alice = sim.createMember(guild, { username: 'alice' });
    const client = await sim.connectClient({ intents: [GatewayIntentBits.Guilds] });
    let count = 0;
    client.on('messageCreate', () => count++);
    await sim.say(guild.general, alice, 'hello?');
    // A later guild event proves the gateway delivered everything sent before it.
    const marker = new Promise((r) => client.once('channelUpdate', r));
    sim.setOverwrite(guild.general, { role: '@everyone', deny: ['AddReactions'] });
    await marker;
    expect(count).toBe(0);
    expect(sim.gatewayLog.some((e) => e.t === 'MESSAGE_CREATE')).toBe(false);
  });

  it('GIVEN a bot that edits and deletes its message THEN the simulator applies both and reports bad input like Discord', async () => {
    const { sim } = fx;
    const guild = sim.createGuild();
    const client = await sim.connectClient();
    const channel = client.channels.cache.get(guild.general.id);
    if (!channel?.isSendable()) throw new Error('general is not sendable');
    const sent = await channel.send('first');
    await sent.edit('second');
    expect(sim.state.messages.get(sent.id)!.content).toBe('second');
    expect(sim.state.messages.get(sent.id)!.edited_timestamp).not.toBeNull();
    await sent.delete();
    expect(sim.state.messages.has(sent.id)).toBe(false);
    await expect(channel.send({ content: 'x'.repeat(2001) })).rejects.toMatchObject({ code: 50035, status: 400 });
    await expect(channel.send({ content: '' })).rejects.toThrow();
  });

  it('GIVEN a member without SEND_MESSAGES WHEN the test makes them speak THEN say() refuses clearly', async () => {
    const { sim } = fx;
    const guild = sim.createGuild({ channels: [{ name: 'announcements', overwrites: [{ role: '@everyone', deny: ['SendMessages'] }] }] });
    const alice = sim.createMember(guild, { username: 'alice' });
    await expect(sim.say(guild.channel('announcements'), alice, 'hi')).rejects.toThrow(/alice cannot send messages in #announcements \(missing SendMessages\)/);
  });

  it('GIVEN the bot lacks SEND_MESSAGES in a channel WHEN it sends THEN Discord answers 403 50013', async () => {
    const { sim } = fx;
    const guild = sim.createGuild({ channels: [{ name: 'read-only', overwrites: [{ bot: true, deny: ['SendMessages'] }] }] });
    const client = await sim.connectClient();
    const channel = client.channels.cache.get(guild.channel('read-only').id);
    if (!channel?.isSendable()) throw new Error('not sendable');
    await expect(channel.send('hello')).rejects.toMatchObject({ code: 50013, status: 403 });
    expect(sim.requests.at(-1)).toMatchObject({ route: 'POST /channels/:id/messages', status: 403, errorCode: 50013 });
  });

  it('GIVEN no reply WHEN waiting for one THEN the timeout error says what was awaited and what was sent', async () => {
    const { sim } = fx;
    const guild = sim.createGuild();
    const alice = sim.createMember(guild, { username: 'alice' });
    await sim.connectClient();
    await sim.say(guild.general, alice, 'anyone?');
    await expect(sim.waitForMessage({ channelId: guild.general, timeoutMs: 100 })).rejects.toThrow(/Timed out after 100 ms: no message from the bot in channel \d+ arrived/);
    await expect(sim.waitForMessage({ channelId: guild.general, timeoutMs: 100 })).rejects.toThrow(/The bot sent nothing/);
  });
});
