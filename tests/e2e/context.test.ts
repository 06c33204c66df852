/**
 * The Context end to end (the real discord.js client against the simulator): tick and quiet reactions
 * with their fallbacks, typing, embeds or text, the embed colour, embedRequested settings, pagination with
 * buttons (message components), ephemeral replies, defer + follow-up, invokedAs and sendHelp.
 */
import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandManifest } from '../../generator/manifest.js';
import { DEFAULT_EMBED_COLOR } from '../../runtime/context/core-settings.js';
import { embedToText } from '../../runtime/context/embed-text.js';
import { NOT_YOUR_BUTTONS, type PageAction } from '../../runtime/context/paginate.js';
import type { Context } from '../../runtime/context/types.js';
import type { ChannelHandle, GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { manifestCog } from './fixtures/manifest-cog.js';
import { startBot, type Harness } from './harness.js';

const CARD = { title: 'Card', description: 'A rare card.', fields: [{ name: 'Power', value: '9000' }], footer: { text: 'deck 1' } };
const LONG = Array.from({ length: 120 }, (_, i) => `line ${i}: ${'x'.repeat(40)}`).join('\n');

const commands: CommandManifest[] = [
  { name: 'check', kind: 'text', description: 'Ticks.' },
  { name: 'party', kind: 'hybrid', description: 'Reacts quietly.' },
  { name: 'cheer', kind: 'text', description: 'Reacts with a fallback.' },
  { name: 'work', kind: 'hybrid', description: 'Types, then answers.' },
  { name: 'card', kind: 'hybrid', description: 'Shows a card.' },
  { name: 'color', kind: 'hybrid', description: 'Says the embed colour.' },
  { name: 'pages', kind: 'hybrid', description: 'Three pages.', options: [{ name: 'timeout', description: 'ms', type: 'integer', required: false }] },
  { name: 'cards', kind: 'hybrid', description: 'Embed pages.', options: [{ name: 'private', description: 'ephemeral', type: 'boolean', required: false }] },
  { name: 'long', kind: 'text', description: 'Long text.' },
  { name: 'secret', kind: 'hybrid', description: 'Ephemeral.' },
  { name: 'report', kind: 'slash', description: 'Slow: defer, then answer twice.' },
  { name: 'how', kind: 'hybrid', description: 'Says how it was invoked.', aliases: ['howdy'] },
  { name: 'guide', kind: 'hybrid', description: 'Shows its own help.' },
];

const handlers: Record<string, (ctx: Context, o: any) => unknown> = {
  check: (ctx) => ctx.tick('Ticked.'),
  party: async (ctx) => {
    const reacted = await ctx.react('🎉', { quiet: true });
    await ctx.send(reacted ? 'reacted' : 'no reaction');
  },
  cheer: (ctx) => ctx.react('📣', { fallback: 'Cheers!' }),
  work: async (ctx) => {
    await ctx.typing();
    await ctx.reply('worked');
  },
  card: (ctx) => ctx.maybeSendEmbed(CARD, { content: 'Here:' }),
  color: async (ctx) => ctx.reply(`color ${await ctx.embedColor()}`),
  pages: async (ctx, o: { timeout?: number }) => void (await ctx.paginate(['one', 'two', 'three'], { timeoutMs: o.timeout ?? 60_000 })),
  cards: async (ctx, o: { private?: boolean }) => void (await ctx.paginate([{ title: 'P1' }, { title: 'P2' }], { ephemeral: o.private, timeoutMs: o.private ? 300 : 60_000 })),
  long: async (ctx) => void (await ctx.sendInteractive(LONG)),
  secret: (ctx) => ctx.reply({ content: 'psst', ephemeral: true }),
  report: async (ctx) => {
    await ctx.defer();
    await new Promise((r) => setTimeout(r, 30));
    await ctx.reply('first part');
    await ctx.reply('second part');
  },
  how: (ctx) => ctx.reply(`invoked as ${ctx.invokedAs} via ${ctx.kind}`),
  guide: (ctx) => ctx.sendHelp(),
};

let h: Harness;
let a: GuildHandle;
let b: GuildHandle;
let alice: MemberHandle, bob: MemberHandle, aliceInB: MemberHandle;
let noReact: ChannelHandle, noEmbed: ChannelHandle;

beforeAll(async () => {
  h = await startBot(manifestCog('ctxdemo', 9002, commands, handlers), {
    world: (sim) => {
      a = sim.createGuild({
        name: 'A',
        channels: [
          { name: 'general' },
          { name: 'noreact', overwrites: [{ bot: true, deny: ['AddReactions'] }] },
          { name: 'noembed', overwrites: [{ bot: true, deny: ['EmbedLinks'] }] },
          { name: 'plain' },
        ],
        roles: [{ name: 'Painted', color: 0x123456 }],
        botRoles: ['Painted'],
      });
      b = sim.createGuild({ name: 'B' });
      alice = sim.createMember(a, { username: 'alice' });
      bob = sim.createMember(a, { username: 'bob' });
      aliceInB = sim.createMember(b, { username: 'alice', user: alice });
      noReact = a.channel('noreact');
      noEmbed = a.channel('noembed');
    },
  });
});

afterAll(async () => {
  await h?.stop();
});

const latest = (id: string): APIMessage => h.sim.state.messages.get(id)!;

describe('reactions: tick and quiet reactions', () => {
  it('GIVEN the bot may react THEN tick adds ✅ to the invoking message and says nothing', async () => {
    const said = await h.sim.say(a.general, alice, '!check');
    await h.sim.waitForRequest((r) => r.route.startsWith('PUT /channels/:id/messages/:message/reactions'));
    expect(latest(said.id).reactions?.map((r) => [r.emoji.name, r.me])).toEqual([['✅', true]]);
    expect(h.sim.botMessages(a.general).filter((m) => BigInt(m.id) > BigInt(said.id))).toEqual([]);
  });

  it('GIVEN the bot may not react THEN tick falls back to its text', async () => {
    await h.sim.say(noReact, alice, '!check');
    expect((await h.sim.waitForMessage({ channelId: noReact })).content).toBe('Ticked.');
  });

  it('GIVEN a quiet reaction THEN it reacts where it can and fails silently where it cannot', async () => {
    const said = await h.sim.say(a.general, alice, '!party');
    expect((await h.sim.waitForMessage({ channelId: a.general })).content).toBe('reacted');
    expect(latest(said.id).reactions?.map((r) => r.emoji.name)).toEqual(['🎉']);
    await h.sim.say(noReact, alice, '!party');
    expect((await h.sim.waitForMessage({ channelId: noReact })).content).toBe('no reaction');
    expect(h.logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('GIVEN a reaction with fallback text THEN the text is sent where reacting is refused', async () => {
    await h.sim.say(noReact, alice, '!cheer');
    expect((await h.sim.waitForMessage({ channelId: noReact })).content).toBe('Cheers!');
  });

  it('GIVEN a slash command THEN a quiet reaction sends nothing (there is no message to react to)', async () => {
    const interaction = await h.sim.runSlash(a.general, alice, 'party');
    const reply = await h.sim.waitForInteractionResponse(interaction);
    expect(reply.content).toBe('no reaction');
  });
});

describe('typing', () => {
  it('text: shows typing in the channel before answering; slash: defers then fills the answer', async () => {
    const before = h.sim.requests.length;
    await h.sim.say(a.general, alice, '!work');
    expect((await h.sim.waitForMessage()).content).toBe('worked');
    expect(h.sim.requests.slice(before).map((r) => r.route)).toContain('POST /channels/:id/typing');
    const interaction = await h.sim.runSlash(a.general, alice, 'work');
    const reply = await h.sim.waitForInteractionResponse(interaction);
    expect(reply.kind).toBe('deferred');
    expect(reply.content).toBe('worked');
  });
});

describe('maybeSendEmbed, embedRequested and embedColor', () => {
  it('GIVEN Embed Links THEN the card is an embed in the bot’s colour (its top coloured role)', async () => {
    await h.sim.say(a.general, alice, '!card');
    const message = await h.sim.waitForMessage();
    expect(message.content).toBe('Here:');
    expect(message.embeds).toEqual([expect.objectContaining({ title: 'Card', description: 'A rare card.', color: 0x123456, fields: [{ name: 'Power', value: '9000' }] })]);
  });

  it('GIVEN no Embed Links THEN the same card is readable text', async () => {
    await h.sim.say(noEmbed, alice, '!card');
    const message = await h.sim.waitForMessage();
    expect(message.embeds).toEqual([]);
    expect(message.content).toBe('Here:\n\n**Card**\n\nA rare card.\n\n**Power**\n9000\n\n-# deck 1');
    expect(message.content).toBe(`Here:\n\n${embedToText(CARD)}`);
  });

  it('GIVEN embeds turned off for a guild but on for one channel THEN the most specific setting wins', async () => {
    const settings = h.bot.coreSettings()!;
    await settings.setEmbeds({ guild: a.id }, false);
    await settings.setEmbeds({ channel: a.channel('plain').id }, true);
    try {
      await h.sim.say(a.general, alice, '!card');
      expect((await h.sim.waitForMessage()).embeds).toEqual([]);
      await h.sim.say(a.channel('plain'), alice, '!card');
      expect((await h.sim.waitForMessage()).embeds).toHaveLength(1);
      const interaction = await h.sim.runSlash(a.general, alice, 'card');
      const reply = await h.sim.waitForInteractionResponse(interaction);
      expect(reply.embeds).toEqual([]);
      expect(reply.content).toContain('**Card**');
    } finally {
      await settings.setEmbeds({ guild: a.id }, null);
      await settings.setEmbeds({ channel: a.channel('plain').id }, null);
    }
  });

  it('GIVEN no coloured role THEN the configured colour, else the default; a guild setting beats the role colour', async () => {
    const ask = async (channel: ChannelHandle, who: MemberHandle) => {
      await h.sim.say(channel, who, '!color');
      return (await h.sim.waitForMessage()).content;
    };
    expect(await ask(b.general, aliceInB)).toBe(`color ${DEFAULT_EMBED_COLOR}`);
    const settings = h.bot.coreSettings()!;
    await settings.setEmbedColor({ global: true }, 0xabcdef);
    await settings.setEmbedColor({ guild: a.id }, 0x00ff00);
    try {
      expect(await ask(b.general, aliceInB)).toBe(`color ${0xabcdef}`);
      expect(await ask(a.general, alice)).toBe(`color ${0x00ff00}`);
      await settings.setEmbedColor({ guild: a.id }, null);
      expect(await ask(a.general, alice)).toBe(`color ${0x123456}`);
    } finally {
      await settings.setEmbedColor({ global: true }, null);
      await settings.setEmbedColor({ guild: a.id }, null);
    }
    await expect(settings.setEmbedColor({ global: true }, 0x1000000)).rejects.toThrow(/0 to 0xFFFFFF/);
  });
});

/** Says a paginating command and resolves with the bot's first page once the handler has returned. */
async function paged(channel: ChannelHandle, who: MemberHandle, text: string): Promise<APIMessage> {
  const name = text.slice(1).split(' ')[0]!;
  const finished = new Promise<void>((resolve) => {
    const off = h.bot.addAfterInvokeHook((ctx) => {
      if (ctx.command.name !== name) return;
      off();
      resolve();
    });
  });
  await h.sim.say(channel, who, text);
  const message = await h.sim.waitForMessage({ channelId: channel });
  await finished;
  return message;
}

/** The custom id of a pagination button (`cogsmith:page:<session>:<action>`) on a message. */
const button = (m: APIMessage, action: PageAction): string => {
  const ids: string[] = (m.components ?? []).flatMap((row: any) => row.components.map((c: any) => c.custom_id));
  const id = ids.find((i) => i.startsWith('cogsmith:page:') && i.endsWith(`:${action}`));
  if (!id) throw new Error(`no ${action} button among ${ids.join(', ')}`);
  return id;
};

/** The button labels of a message. */
const labels = (m: APIMessage) => (m.components ?? []).flatMap((row: any) => row.components.map((c: any) => c.label));

describe('paginate (buttons ◀ ▶ ✖)', () => {
  it('GIVEN three pages THEN ▶ and ◀ move (wrapping), another user is refused privately, ✖ removes the buttons', async () => {
    const message = await paged(a.general, alice, '!pages');
    expect(message.content).toBe('one');
    expect(labels(message)).toEqual(['◀', '1/3', '▶', '✖']);
    const nextId = button(message, 'next');

    const next = await h.sim.waitForInteractionResponse(await h.sim.clickButton(message, nextId, alice));
    expect(next.content).toBe('two');
    expect(labels(next.message!)).toEqual(['◀', '2/3', '▶', '✖']);
    expect(h.sim.interactions.at(-1)!.responseType).toBe(7);

    const back = await h.sim.waitForInteractionResponse(await h.sim.clickButton(message, button(message, 'prev'), alice));
    expect(back.content).toBe('one');
    const wrapped = await h.sim.waitForInteractionResponse(await h.sim.clickButton(message, button(message, 'prev'), alice));
    expect(wrapped.content).toBe('three');

    const refused = await h.sim.waitForInteractionResponse(await h.sim.clickButton(message, button(message, 'next'), bob));
    expect(refused.content).toBe(NOT_YOUR_BUTTONS);
    expect(refused.ephemeral).toBe(true);
    expect(latest(message.id).content).toBe('three');

    const stop = await h.sim.clickButton(message, button(message, 'stop'), alice);
    const cleared = await h.sim.waitForMessage({ after: null, predicate: (m) => m.id === message.id && (m.components ?? []).length === 0 });
    expect(cleared.content).toBe('three');
    expect(h.sim.interactions.find((i) => i.id === stop.id)!.responseType).toBe(6);
    await expect(h.sim.clickButton(message, nextId, alice)).rejects.toThrow(/has no button/);
  });

  it('GIVEN the page counter button THEN the simulator refuses a press (it is disabled, as on Discord)', async () => {
    const message = await paged(a.general, alice, '!pages');
    await expect(h.sim.clickButton(message, button(message, 'index'), alice)).rejects.toThrow(/disabled/);
    await h.sim.clickButton(message, button(message, 'stop'), alice);
    await h.sim.waitForMessage({ after: null, predicate: (m) => m.id === message.id && (m.components ?? []).length === 0 });
  });

  it('GIVEN a short timeout THEN the buttons are removed by themselves and the page stays', async () => {
    const message = await paged(a.general, alice, '!pages 200');
    expect(labels(message)).toHaveLength(4);
    const cleared = await h.sim.waitForMessage({ after: null, timeoutMs: 10_000, predicate: (m) => m.id === message.id && (m.components ?? []).length === 0 });
    expect(cleared.content).toBe('one');
  });

  it('GIVEN embed pages by slash THEN pages are embeds in the bot colour; ephemeral pages time out through the interaction webhook', async () => {
    const finished = new Promise<void>((resolve) => {
      const off = h.bot.addAfterInvokeHook((ctx) => (ctx.command.name === 'cards' ? (off(), resolve()) : undefined));
    });
    const interaction = await h.sim.runSlash(a.general, alice, 'cards', { private: true });
    const reply = await h.sim.waitForInteractionResponse(interaction);
    await finished;
    expect(reply.ephemeral).toBe(true);
    expect(reply.embeds.map((e) => [e.title, e.color])).toEqual([['P1', 0x123456]]);
    const next = await h.sim.waitForInteractionResponse(await h.sim.clickButton(reply.message!, button(reply.message!, 'next'), alice));
    expect(next.embeds.map((e) => e.title)).toEqual(['P2']);
    await expect(h.sim.clickButton(reply.message!, button(reply.message!, 'next'), bob)).rejects.toThrow(/ephemeral/);
    const cleared = await h.sim.waitForMessage({ after: null, timeoutMs: 10_000, predicate: (m) => m.id === reply.message!.id && (m.components ?? []).length === 0 });
    expect(cleared.embeds.map((e) => e.title)).toEqual(['P2']);
  });

  it('GIVEN no Embed Links THEN embed pages are shown as text', async () => {
    const message = await paged(noEmbed, alice, '!cards');
    expect(message.embeds).toEqual([]);
    expect(message.content).toBe('**P1**');
    const next = await h.sim.waitForInteractionResponse(await h.sim.clickButton(message, button(message, 'next'), alice));
    expect(next.content).toBe('**P2**');
    await h.sim.clickButton(message, button(message, 'stop'), alice);
  });

  it('sendInteractive splits long text at line breaks into pages of at most 2000 characters', async () => {
    const message = await paged(a.general, alice, '!long');
    const pageCount = Number(labels(message)[1]!.split('/')[1]);
    expect(pageCount).toBeGreaterThanOrEqual(3);
    expect(message.content.startsWith('line 0: ')).toBe(true);
    expect(message.content.length).toBeLessThanOrEqual(2000);
    const seen = [message.content];
    for (let i = 1; i < pageCount; i++) seen.push((await h.sim.waitForInteractionResponse(await h.sim.clickButton(message, button(message, 'next'), alice))).content);
    expect(seen.join('\n')).toBe(LONG);
    await h.sim.clickButton(message, button(message, 'stop'), alice);
  });
});

describe('slash: ephemeral, defer and follow-up; invokedAs; help', () => {
  it('ephemeral replies are private for slash and ordinary replies for text', async () => {
    const interaction = await h.sim.runSlash(a.general, alice, 'secret');
    const reply = await h.sim.waitForInteractionResponse(interaction);
    expect([reply.content, reply.ephemeral]).toEqual(['psst', true]);
    await h.sim.say(a.general, alice, '!secret');
    expect((await h.sim.waitForMessage()).content).toBe('psst');
  });

  it('a slow handler defers; its first answer fills the deferred response and the next is a follow-up', async () => {
    const interaction = await h.sim.runSlash(a.general, alice, 'report');
    const reply = await h.sim.waitForInteractionResponse(interaction, { followUps: 1 });
    expect(reply.kind).toBe('deferred');
    expect(reply.content).toBe('first part');
    expect(reply.followUps.map((m) => m.content)).toEqual(['second part']);
  });

  it('invokedAs is the alias typed, or the slash path', async () => {
    await h.sim.say(a.general, alice, '!howdy');
    expect((await h.sim.waitForMessage()).content).toBe('invoked as howdy via text');
    const interaction = await h.sim.runSlash(a.general, alice, 'how');
    expect((await h.sim.waitForInteractionResponse(interaction)).content).toBe('invoked as how via slash');
  });

  it('sendHelp shows the help of the invoked command', async () => {
    await h.sim.say(noEmbed, alice, '!guide');
    const message = await h.sim.waitForMessage();
    expect(message.content).toContain('Shows its own help.');
    expect(message.content).toContain('!guide');
  });
});
