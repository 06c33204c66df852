import { ApplicationCommandOptionType, MessageFlags, type ApplicationCommandDataResolvable, type ChatInputCommandInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../runtime/testing/vitest.js';

const COMMANDS: ApplicationCommandDataResolvable[] = [
  {
    name: 'inspect',
    description: 'Shows typed options',
    options: [
      { type: ApplicationCommandOptionType.String, name: 'text', description: 'a string', required: true },
      { type: ApplicationCommandOptionType.Integer, name: 'count', description: 'an integer', required: true, min_value: 1, max_value: 10 },
      { type: ApplicationCommandOptionType.User, name: 'who', description: 'a user / member' },
      { type: ApplicationCommandOptionType.Channel, name: 'where', description: 'a channel' },
      { type: ApplicationCommandOptionType.Role, name: 'role', description: 'a role' },
    ],
  },
  { name: 'slow', description: 'Defers, then edits' },
  { name: 'chatty', description: 'Replies, then follows up' },
  {
    name: 'settings',
    description: 'Settings',
    options: [
      {
        type: ApplicationCommandOptionType.SubcommandGroup,
        name: 'prefix',
        description: 'Prefix settings',
        options: [{ type: ApplicationCommandOptionType.Subcommand, name: 'set', description: 'Set it', options: [{ type: ApplicationCommandOptionType.String, name: 'value', description: 'New prefix', required: true }] }],
      },
    ],
  },
];

describe('simulator: slash commands', () => {
  const fx = useSimulator();

  async function setup() {
    const { sim } = fx;
    const guild = sim.createGuild({ roles: [{ name: 'helpers' }], channels: [{ name: 'general' }, { name: 'logs' }] });
    const alice = sim.createMember(guild, { username: 'alice', roles: ['helpers'] });
    const bob = sim.createMember(guild, { username: 'bob' });
    const client = sim.createClient();
    const received: ChatInputCommandInteraction[] = [];
    client.on('interactionCreate', async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      received.push(interaction);
      if (interaction.commandName === 'inspect') {
        const o = interaction.options;
        await interaction.reply({
          content: [o.getString('text', true), o.getInteger('count', true), o.getUser('who')?.username, o.getMember('who') ? 'member' : 'no-member', o.getChannel('where')?.name, o.getRole('role')?.name].join('|'),
          flags: MessageFlags.Ephemeral,
        });
      } else if (interaction.commandName === 'slow') {
        await interaction.deferReply();
        await interaction.editReply('done slowly');
      } else if (interaction.commandName === 'chatty') {
        await interaction.reply('first');
        await interaction.followUp('second');
      } else if (interaction.commandName === 'settings') {
        await interaction.reply(`${interaction.options.getSubcommandGroup()}/${interaction.options.getSubcommand()}=${interaction.options.getString('value')}`);
      }
    });
    client.once('clientReady', async (c) => {
      await c.application.commands.set(COMMANDS);
    });
    await sim.login(client);
    await sim.waitForCommands();
    return { sim, guild, alice, bob, client, received };
  }

  it('GIVEN commands registered by bulk overwrite WHEN a member runs one with typed options THEN the client gets them typed', async () => {
    const { sim, guild, alice, bob, received } = await setup();
    expect(sim.registeredCommands().map((c) => c.name)).toEqual(['inspect', 'slow', 'chatty', 'settings']);
    expect(sim.requests.some((r) => r.route === 'PUT /applications/:id/commands' && r.status === 200)).toBe(true);

    const interaction = await sim.runSlash(guild.general, alice, 'inspect', { text: 'hi', count: 3, who: bob, where: guild.channel('logs'), role: guild.role('helpers') });
    const reply = await sim.waitForInteractionResponse(interaction);

    expect(reply.kind).toBe('reply');
    expect(reply.content).toBe('hi|3|bob|member|logs|helpers');
    expect(reply.ephemeral).toBe(true);
    const got = received[0]!;
    expect(got.user.id).toBe(alice.id);
    expect(got.member?.roles).toBeDefined();
    expect(got.memberPermissions?.has('SendMessages')).toBe(true);
    expect(got.appPermissions.has('SendMessages')).toBe(true);
    expect(got.guildId).toBe(guild.id);
    expect(got.channelId).toBe(guild.general.id);
  });

  it('GIVEN wire options THEN their type and value go out as given, unchecked, with the resolved data asked for', async () => {
    const { sim, guild, bob } = await setup();
    const other = sim.createGuild({ roles: [{ name: 'elsewhere' }] });
    // A command nobody answers (the client's `inspect` would trip over these values).
    const interaction = await sim.runSlash(guild.general, bob, 'unregistered', {
      text: { wire: { type: ApplicationCommandOptionType.Integer, value: 5 } },
      count: { wire: { type: ApplicationCommandOptionType.Integer, value: '999' } },
      role: { wire: { type: ApplicationCommandOptionType.Role, resolves: other.role('elsewhere') } },
      who: { wire: { type: ApplicationCommandOptionType.User, value: '123456789012345678', resolved: { users: { '123456789012345678': { id: '123456789012345678', username: 'ghost' } } } } },
    }, { check: false });
    const data = interaction.payload.data as { options: { name: string; type: number; value: unknown }[]; resolved: Record<string, Record<string, { name?: string; username?: string }>> };
    expect(data.options).toEqual([
      { name: 'text', type: ApplicationCommandOptionType.Integer, value: 5 },
      { name: 'count', type: ApplicationCommandOptionType.Integer, value: '999' },
      { name: 'role', type: ApplicationCommandOptionType.Role, value: other.role('elsewhere').id },
      { name: 'who', type: ApplicationCommandOptionType.User, value: '123456789012345678' },
    ]);
    expect(data.resolved.roles![other.role('elsewhere').id]!.name).toBe('elsewhere');
    expect(data.resolved.users!['123456789012345678']!.username).toBe('ghost');
  });

  it('GIVEN a command that defers THEN deferReply + editReply is observed as the response', async () => {
    const { sim, guild, alice } = await setup();
    const interaction = await sim.runSlash(guild.general, alice, 'slow');
    const reply = await sim.waitForInteractionResponse(interaction);
    expect(reply).toMatchObject({ kind: 'deferred', content: 'done slowly', ephemeral: false });
    expect(sim.requests.map((r) => r.route)).toEqual(expect.arrayContaining(['POST /interactions/:id/:token/callback', 'PATCH /webhooks/:id/:token/messages/:message']));
  });

  it('GIVEN a command that follows up THEN the reply and the follow-up are both observed', async () => {
    const { sim, guild, alice } = await setup();
    const interaction = await sim.runSlash(guild.general, alice, 'chatty');
    const reply = await sim.waitForInteractionResponse(interaction, { followUps: 1 });
    expect(reply.content).toBe('first');
    expect(reply.followUps.map((m) => m.content)).toEqual(['second']);
    expect(sim.messagesIn(guild.general).map((m) => m.content)).toEqual(['first', 'second']);
  });

  it('GIVEN a sub-command group WHEN run by path THEN options nest as Discord nests them', async () => {
    const { sim, guild, alice } = await setup();
    const interaction = await sim.runSlash(guild.general, alice, 'settings prefix set', { value: '?' });
    expect((await sim.waitForInteractionResponse(interaction)).content).toBe('prefix/set=?');
  });

  it('GIVEN bad runSlash calls THEN each is refused with a clear error', async () => {
    const { sim, guild, alice } = await setup();
    await expect(sim.runSlash(guild.general, alice, 'nope')).rejects.toThrow(/has not registered a slash command "\/nope".*registered: inspect, slow, chatty, settings/);
    await expect(sim.runSlash(guild.general, alice, 'inspect', { text: 'x' })).rejects.toThrow(/missing the required option "count"/);
    await expect(sim.runSlash(guild.general, alice, 'inspect', { text: 'x', count: 11 })).rejects.toThrow(/between 1 and 10/);
    await expect(sim.runSlash(guild.general, alice, 'inspect', { text: 'x', count: 1, colour: 'red' })).rejects.toThrow(/has no option "colour"/);
    await expect(sim.runSlash(guild.general, alice, 'settings')).rejects.toThrow(/needs a sub-command/);
  });

  it('GIVEN an interaction already answered WHEN the bot answers again THEN Discord says 40060', async () => {
    const { sim, guild, alice, client } = await setup();
    const second = new Promise<unknown>((resolve) => {
      client.on('interactionCreate', async (i) => {
        if (!i.isChatInputCommand() || i.commandName !== 'slow') return;
        await new Promise((r) => setTimeout(r, 50));
        // discord.js guards reply() after a reply itself, so go to REST directly.
        resolve(await client.rest.post(`/interactions/${i.id}/${i.token}/callback`, { body: { type: 4, data: { content: 'again' } }, auth: false }).catch((e: unknown) => e));
      });
    });
    const interaction = await sim.runSlash(guild.general, alice, 'slow');
    await sim.waitForInteractionResponse(interaction);
    expect(await second).toMatchObject({ code: 40060, status: 400 });
  });

  it('GIVEN invalid command definitions WHEN registered THEN Discord-style 50035 errors come back', async () => {
    const { client, sim } = await setup();
    const app = client.application!;
    await expect(app.commands.set([{ name: 'Bad Name', description: 'x' }])).rejects.toMatchObject({ code: 50035 });
    await expect(app.commands.set([{ name: 'a', description: 'x' }, { name: 'a', description: 'y' }])).rejects.toMatchObject({ code: 50035 });
    // Nothing half-written: the earlier commands are still registered.
    expect(sim.registeredCommands()).toHaveLength(4);
  });
});
