/**
 * Message components in the simulator: `sim.clickButton` sends a MESSAGE_COMPONENT interaction that the real
 * discord.js client receives as a ButtonInteraction, and the callbacks 4 (reply), 6 (deferred update, then
 * an edit through the webhook) and 7 (update the message) behave as on Discord; `sim.onBotMessage` lets a
 * test press a button the moment the bot's message exists.
 */
import { ButtonStyle, ComponentType, MessageFlags, type ButtonInteraction, type Message } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../runtime/testing/vitest.js';
import { until } from './helpers.js';

const row = (...ids: [string, boolean?][]) => [
  { type: ComponentType.ActionRow, components: ids.map(([custom_id, disabled]) => ({ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id, label: custom_id, disabled: disabled ?? false })) },
];

describe('simulator: button interactions', () => {
  const fx = useSimulator();

  async function setup() {
    const { sim } = fx;
    const guild = sim.createGuild({ channels: [{ name: 'general' }, { name: 'secret', overwrites: [{ role: '@everyone', deny: ['ViewChannel'] }, { bot: true, allow: ['ViewChannel'] }] }] });
    const alice = sim.createMember(guild, { username: 'alice' });
    const client = await sim.connectClient();
    const presses: ButtonInteraction[] = [];
    client.on('interactionCreate', async (interaction) => {
      if (!interaction.isButton()) return;
      presses.push(interaction);
      if (interaction.customId === 'update') await interaction.update({ content: `updated by ${interaction.user.username}`, components: [] });
      if (interaction.customId === 'quiet') {
        await interaction.deferUpdate();
        await interaction.editReply({ content: 'edited after a deferred update' });
      }
      if (interaction.customId === 'answer') await interaction.reply({ content: 'a new reply', flags: MessageFlags.Ephemeral });
    });
    const channel = client.channels.cache.get(guild.general.id);
    if (!channel?.isSendable()) throw new Error('no channel');
    const send = (): Promise<Message> => channel.send({ content: 'pick one', components: row(['update'], ['quiet'], ['answer'], ['off', true]) });
    return { sim, guild, alice, client, presses, send };
  }

  it('GIVEN a press THEN discord.js gets a ButtonInteraction with the message, the custom id and the member', async () => {
    const { sim, alice, presses, send } = await setup();
    const sent = await send();
    await sim.clickButton(sent.id, 'answer', alice);
    await until(() => presses.length === 1, 'the press');
    const press = presses[0]!;
    expect([press.customId, press.message.id, press.user.id, press.inGuild()]).toEqual(['answer', sent.id, alice.id, true]);
  });

  it('GIVEN callback 7 THEN the message the button is on is edited', async () => {
    const { sim, alice, send } = await setup();
    const sent = await send();
    const interaction = await sim.clickButton(sent.id, 'update', alice);
    const reply = await sim.waitForInteractionResponse(interaction);
    expect(interaction.responseType).toBe(7);
    expect(reply.message!.id).toBe(sent.id);
    expect([reply.content, reply.components]).toEqual(['updated by alice', []]);
  });

  it('GIVEN callback 6 THEN nothing changes until the webhook edit of @original, which edits the button message', async () => {
    const { sim, alice, send } = await setup();
    const sent = await send();
    const interaction = await sim.clickButton(sent.id, 'quiet', alice);
    const edited = await sim.waitForMessage({ after: null, predicate: (m) => m.id === sent.id && m.content === 'edited after a deferred update' });
    expect(interaction.responseType).toBe(6);
    expect(edited.components).toHaveLength(1);
  });

  it('GIVEN callback 4 THEN a new (here ephemeral) message answers the press', async () => {
    const { sim, alice, send } = await setup();
    const sent = await send();
    const reply = await sim.waitForInteractionResponse(await sim.clickButton(sent.id, 'answer', alice));
    expect([reply.content, reply.ephemeral]).toEqual(['a new reply', true]);
    expect(reply.message!.id).not.toBe(sent.id);
  });

  it('GIVEN onBotMessage THEN a press sent from the hook reaches the bot before its own send has returned', async () => {
    const { sim, alice, presses, send } = await setup();
    const order: string[] = [];
    const off = sim.onBotMessage(async (message) => {
      if (!message.components?.length) return; // the bot's answer to the press
      order.push('created');
      await sim.clickButton(message, 'answer', alice);
      await until(() => presses.length === 1, 'the press');
      order.push('pressed');
    });
    const sent = await send().finally(() => order.push('send returned'));
    off();
    expect(order).toEqual(['created', 'pressed', 'send returned']);
    expect(presses[0]!.message.id).toBe(sent.id);
    await send();
    expect(order).toHaveLength(3);
    expect(sim.internalErrors).toEqual([]);
  });

  it('GIVEN a hook that waits for what the bot does next THEN only the request that created the message waits for it', async () => {
    const { sim, alice, send } = await setup();
    let edited = '';
    const off = sim.onBotMessage(async (message) => {
      if (!message.components?.length) return;
      // The press is answered with callback 6 and then an edit: two later requests that must not wait for this hook.
      await sim.clickButton(message, 'quiet', alice);
      edited = (await sim.waitForMessage({ after: null, timeoutMs: 2000, predicate: (m) => m.id === message.id && m.edited_timestamp !== null })).content;
    });
    await send();
    off();
    expect(edited).toBe('edited after a deferred update');
  });

  it('refuses presses Discord would never send: a missing button, a disabled one, a channel the member cannot see', async () => {
    const { sim, guild, alice, client, send } = await setup();
    const sent = await send();
    await expect(sim.clickButton(sent.id, 'nope', alice)).rejects.toThrow(/has no button "nope" \(buttons: update, quiet, answer, off\)/);
    await expect(sim.clickButton(sent.id, 'off', alice)).rejects.toThrow(/disabled/);
    const secret = client.channels.cache.get(guild.channel('secret').id);
    if (!secret?.isSendable()) throw new Error('no channel');
    const hidden = await secret.send({ content: 'hidden', components: row(['update']) });
    await expect(sim.clickButton(hidden.id, 'update', alice)).rejects.toThrow(/cannot see channel/);
  });

  it('GIVEN a slash command THEN callbacks 6 and 7 are refused (they are for components only)', async () => {
    const { sim, alice, client, guild } = await setup();
    await client.application!.commands.set([{ name: 'ping', description: 'Ping' }]);
    // Nobody answers /ping in the client: the raw callbacks below are the only ones.
    const interaction = await sim.runSlash(guild.general, alice, 'ping');
    const callback = (type: number) =>
      fetch(`${sim.apiUrl}/v10/interactions/${interaction.id}/${interaction.token}/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type, data: { content: 'x' } }),
      });
    for (const type of [6, 7]) {
      const res = await callback(type);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain('only valid for component interactions');
    }
    expect((await callback(4)).status).toBe(204);
    expect((await sim.waitForInteractionResponse(interaction)).content).toBe('x');
  });
});
