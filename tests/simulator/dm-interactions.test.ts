import { Partials } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../runtime/testing/vitest.js';

describe('simulator: DMs', () => {
  const fx = useSimulator();

  it('GIVEN a user DMs the bot WHEN the bot answers THEN both travel through the DM channel', async () => {
    const { sim } = fx;
    const dave = sim.createUser({ username: 'dave' });
    const client = sim.createClient({ partials: [Partials.Channel] });
    client.on('messageCreate', async (m) => {
      if (!m.guild && !m.author.bot) await m.author.send(`echo: ${m.content}`);
    });
    await sim.login(client);
    const said = await sim.sayInDM(dave, 'hello bot');
    const reply = await sim.waitForMessage({ channelId: said.channel_id });
    expect(reply.content).toBe('echo: hello bot');
    expect(sim.requests.at(-1)).toMatchObject({ route: 'POST /channels/:id/messages', path: `/channels/${said.channel_id}/messages` });
    // Opening the DM through REST gives the same channel.
    const dm = await client.users.createDM(dave.id, { force: true });
    expect(dm.id).toBe(said.channel_id);
    expect(sim.requests.at(-1)).toMatchObject({ route: 'POST /users/@me/channels', status: 200 });
  });
});

describe('simulator: interaction deadlines and unchecked commands', () => {
  const fx = useSimulator({ interactionAckDeadlineMs: 100 });

  it('GIVEN a bot that answers after the deadline THEN Discord says Unknown interaction (10062)', async () => {
    const { sim } = fx;
    const guild = sim.createGuild();
    const alice = sim.createMember(guild, { username: 'alice' });
    const client = sim.createClient();
    const outcome = new Promise<unknown>((resolve) => {
      client.on('interactionCreate', async (i) => {
        if (!i.isChatInputCommand()) return;
        await new Promise((r) => setTimeout(r, 250));
        resolve(await i.reply('too late').catch((e: unknown) => e));
      });
    });
    await sim.login(client);
    // Not registered by the bot: check: false sends it anyway, inferring option types from the values.
    const interaction = await sim.runSlash(guild.general, alice, 'late', { n: 2, who: alice }, { check: false });
    expect(interaction.payload).toMatchObject({ data: { name: 'late', options: [{ name: 'n', type: 4, value: 2 }, { name: 'who', type: 6, value: alice.id }] } });
    expect(await outcome).toMatchObject({ code: 10062, status: 404 });
    await expect(sim.waitForInteractionResponse(interaction, { timeoutMs: 50 })).rejects.toThrow(/no response to \/late \(the bot never acknowledged it/);
  });
});
