/**
 * Select menus in the simulator: `sim.selectOptions` sends a MESSAGE_COMPONENT interaction with `values`
 * that the real discord.js client receives as a String/User/Role/Mentionable/ChannelSelectMenuInteraction
 * (entities resolved), answerable with the usual callbacks; choices Discord's client would never send are refused.
 */
import { ChannelType, ComponentType, MessageFlags, type AnySelectMenuInteraction, type Message } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../runtime/testing/vitest.js';
import { until } from './helpers.js';

const colours = { type: ComponentType.StringSelect, custom_id: 'colour', placeholder: 'Colours', min_values: 1, max_values: 2, options: ['red', 'green', 'blue'].map((v) => ({ label: v.toUpperCase(), value: v })) };
const menus = [
  { type: ComponentType.ActionRow, components: [colours] },
  { type: ComponentType.ActionRow, components: [{ type: ComponentType.UserSelect, custom_id: 'who', max_values: 2 }] },
  { type: ComponentType.ActionRow, components: [{ type: ComponentType.RoleSelect, custom_id: 'role' }] },
  { type: ComponentType.ActionRow, components: [{ type: ComponentType.MentionableSelect, custom_id: 'any', max_values: 2 }] },
  { type: ComponentType.ActionRow, components: [{ type: ComponentType.ChannelSelect, custom_id: 'where', channel_types: [ChannelType.GuildText] }] },
];

describe('simulator: select-menu interactions', () => {
  const fx = useSimulator();

  async function setup(components: unknown[] = menus) {
    const { sim } = fx;
    const guild = sim.createGuild({ channels: [{ name: 'general' }, { name: 'voice', type: ChannelType.GuildVoice }], roles: [{ name: 'mods' }] });
    const other = sim.createGuild({ name: 'other' });
    const alice = sim.createMember(guild, { username: 'alice' });
    const bob = sim.createMember(guild, { username: 'bob' });
    const stranger = sim.createMember(other, { username: 'stranger' });
    const client = await sim.connectClient();
    const picks: AnySelectMenuInteraction[] = [];
    client.on('interactionCreate', async (interaction) => {
      if (!interaction.isAnySelectMenu()) return;
      picks.push(interaction);
      if (interaction.customId === 'colour') await interaction.update({ content: `picked ${interaction.values.join(' and ')}`, components: [] });
      else await interaction.reply({ content: `noted ${interaction.values.length}`, flags: MessageFlags.Ephemeral });
    });
    const channel = client.channels.cache.get(guild.general.id);
    if (!channel?.isSendable()) throw new Error('no channel');
    const sent: Message = await channel.send({ content: 'choose', components: components as never });
    return { sim, guild, other, alice, bob, stranger, picks, sent };
  }

  it('GIVEN a string menu WHEN two options are chosen THEN discord.js gets their values, and callback 7 updates the message', async () => {
    const { sim, alice, picks, sent } = await setup();
    const interaction = await sim.selectOptions(sent.id, 'colour', ['red', 'blue'], alice);
    const reply = await sim.waitForInteractionResponse(interaction);
    const pick = picks[0]!;
    expect([pick.isStringSelectMenu(), pick.customId, pick.values, pick.user.id, pick.message.id]).toEqual([true, 'colour', ['red', 'blue'], alice.id, sent.id]);
    expect([interaction.responseType, reply.message!.id, reply.content, reply.components]).toEqual([7, sent.id, 'picked red and blue', []]);
  });

  it('GIVEN user, role, mentionable and channel menus THEN the chosen entities arrive resolved', async () => {
    const { sim, guild, alice, bob, picks, sent } = await setup();
    const mods = guild.role('mods');
    await sim.selectOptions(sent.id, 'who', [alice, bob.id], alice);
    await sim.selectOptions(sent.id, 'role', [mods], alice);
    await sim.selectOptions(sent.id, 'any', [bob, mods], alice);
    const where = await sim.selectOptions(sent.id, 'where', [guild.general], alice);
    await until(() => picks.length === 4, 'four picks');
    const [who, role, any, channel] = picks;
    if (!who?.isUserSelectMenu() || !role?.isRoleSelectMenu() || !any?.isMentionableSelectMenu() || !channel?.isChannelSelectMenu()) throw new Error('wrong menu kinds');
    expect([...who.users.keys()]).toEqual([alice.id, bob.id]);
    expect(who.members.get(bob.id)?.user?.id).toBe(bob.id);
    expect([...role.roles.values()].map((r) => r.name)).toEqual(['mods']);
    expect([[...any.users.keys()], [...any.roles.keys()]]).toEqual([[bob.id], [mods.id]]);
    expect([...channel.channels.keys()]).toEqual([guild.general.id]);
    // An ephemeral reply to a choice names the component interaction and the message it is on, as Discord does.
    const reply = await sim.waitForInteractionResponse(where);
    expect([reply.content, reply.ephemeral]).toEqual(['noted 1', true]);
    expect(reply.message).toMatchObject({ interaction_metadata: { id: where.id, type: 3, interacted_message_id: sent.id, user: { id: alice.id } } });
  });

  it('GIVEN choices Discord would never send WHEN selected THEN each is refused, saying which check refused', async () => {
    const { sim, guild, other, alice, stranger, sent } = await setup([...menus, { type: ComponentType.ActionRow, components: [{ ...colours, custom_id: 'off', disabled: true }] }]);
    const refused = (customId: string, values: Parameters<typeof sim.selectOptions>[2]) => sim.selectOptions(sent.id, customId, values, alice);
    await expect(refused('nope', ['red'])).rejects.toThrow('has no select menu "nope" (menus: colour, who, role, any, where, off)');
    await expect(refused('off', ['red'])).rejects.toThrow('menu "off" is disabled');
    await expect(refused('colour', [])).rejects.toThrow('menu "colour" takes 1 to 2 value(s), got 0');
    await expect(refused('colour', ['red', 'green', 'blue'])).rejects.toThrow('takes 1 to 2 value(s), got 3');
    await expect(refused('colour', ['purple'])).rejects.toThrow('has no option "purple" (options: red, green, blue)');
    await expect(refused('colour', ['red', 'red'])).rejects.toThrow('"red" is chosen twice');
    await expect(refused('who', [stranger])).rejects.toThrow('is not a member of this guild');
    await expect(refused('role', [guild.general.id])).rejects.toThrow('is not a role of this guild');
    await expect(refused('any', [guild.general.id])).rejects.toThrow('is neither a user nor a role of this guild');
    await expect(refused('where', [guild.channel('voice')])).rejects.toThrow(`accepts channel types ${ChannelType.GuildText}, not ${ChannelType.GuildVoice}`);
    await expect(refused('where', [other.general])).rejects.toThrow('is not a channel of this guild');
    expect(sim.interactions).toEqual([]);
  });
});
