/**
 * The runtime end to end: the real discord.js client against the simulator, with the hand-written demo cog.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { demoRegistry, type DemoJournal } from '../runtime/fixtures/demo-cog.js';
import { startBot, type Harness } from './harness.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

let h: Harness;

/** Whether the gateway dispatch of message `id` carried `channel_type`, as Discord's does for DMs. */
function dmDispatchHasChannelType(id: string): boolean {
  const entry = h.sim.gatewayLog.find((e) => e.t === 'MESSAGE_CREATE' && (e.d as { id?: string } | null)?.id === id);
  return entry !== undefined && 'channel_type' in (entry.d as object);
}
let guild: GuildHandle;
let alice: MemberHandle;
const journal: DemoJournal = { events: [], kinds: [] };

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  h = await startBot(demoRegistry(journal), {
    world: (sim) => {
      guild = sim.createGuild({
        name: 'Test Server',
        channels: [{ name: 'general' }, { name: 'quiet', overwrites: [{ bot: true, deny: ['AddReactions'] }] }],
        roles: [{ name: 'Moderators' }],
        // MentionEveryone lets the bot ping @everyone when a command opts in; default commands still must not.
        botPermissions: ['MentionEveryone'],
      });
      alice = sim.createMember(guild, { username: 'alice', nick: 'Ally' });
      sim.createMember(guild, { username: 'sam', nick: 'Sam' });
      sim.createMember(guild, { username: 'samantha', nick: 'Sam' });
    },
  });
});

afterAll(async () => {
  await h?.stop();
  process.off('unhandledRejection', onUnhandled);
  expect(journal.events.at(-1)).toBe('onUnload');
  expect(unhandled).toEqual([]);
});

describe('start', () => {
  it('ran setup then onLoad, once each', () => {
    expect(journal.events.slice(0, 2)).toEqual(['setup', 'onLoad']);
    expect(journal.events.filter((e) => e === 'setup')).toHaveLength(1);
  });

  it('registered slash commands with exactly one bulk overwrite, text-only commands left out', () => {
    const writes = h.sim.requests.filter((r) => r.route.includes('/commands') && r.method !== 'GET');
    expect(writes.map((r) => r.route)).toEqual(['PUT /applications/:id/commands']);
    const names = h.sim.registeredCommands().map((c) => c.name).sort();
    expect(names).toContain('ping');
    expect(names).toContain('settings');
    expect(names).not.toContain('textonly');
  });
});

describe('text and slash reach the same handler', () => {
  it('!ping and /ping both answer Pong!, and only the context tells them apart', async () => {
    journal.kinds.length = 0;
    await h.sim.say(guild.general, alice, '!ping');
    const text = await h.sim.waitForMessage();
    expect(text.content).toBe('Pong!');
    expect(text.message_reference?.message_id).toBeDefined();

    const interaction = await h.sim.runSlash(guild.general, alice, 'ping');
    const reply = await h.sim.waitForInteractionResponse(interaction);
    expect(reply.content).toBe('Pong!');
    expect(journal.kinds).toEqual(['text', 'slash']);
  });

  it('the bot mention works as a prefix', async () => {
    await h.sim.say(guild.general, alice, `<@${h.sim.botUser.id}> ping`);
    expect((await h.sim.waitForMessage()).content).toBe('Pong!');
    await h.sim.say(guild.general, alice, `<@!${h.sim.botUser.id}>ping`);
    expect((await h.sim.waitForMessage()).content).toBe('Pong!');
  });

  it('answers in DMs', async (ctx) => {
    const dave = h.sim.createUser({ username: 'dave' });
    const sent = await h.sim.sayInDM(dave, '!ping');
    // Skipped while the simulator's DM MESSAGE_CREATE lacks `channel_type` (Discord sends it; without it
    // discord.js cannot build the uncached DM channel and emits nothing). Runs as soon as it is added.
    if (!dmDispatchHasChannelType(sent.id)) return ctx.skip('simulator DM MESSAGE_CREATE has no channel_type');
    expect((await h.sim.waitForMessage()).content).toBe('Pong!');
  });

  it('slash options become the same typed object (member → GuildMember)', async () => {
    const interaction = await h.sim.runSlash(guild.general, alice, 'give', { member: alice, amount: 3 });
    expect((await h.sim.waitForInteractionResponse(interaction)).content).toBe('Ally gets 3');
  });

  it('a slash subcommand is found by its path', async () => {
    const interaction = await h.sim.runSlash(guild.general, alice, 'settings prefix', { prefix: '?' });
    expect((await h.sim.waitForInteractionResponse(interaction)).content).toBe('prefix set to ?');
  });
});

describe('arguments', () => {
  it('a bad argument gets the clear message with usage', async () => {
    await h.sim.say(guild.general, alice, '!give alice abc');
    expect((await h.sim.waitForMessage()).content).toBe('`amount` must be a whole number, got `abc`.\nUsage: `!give <member> <amount>`');
  });

  it('a missing argument and too many arguments say so, with usage', async () => {
    await h.sim.say(guild.general, alice, '!give alice');
    expect((await h.sim.waitForMessage()).content).toBe('`amount` is required.\nUsage: `!give <member> <amount>`');
    await h.sim.say(guild.general, alice, '!give alice 1 2');
    expect((await h.sim.waitForMessage()).content).toBe('Too many arguments: `2` was not expected.\nUsage: `!give <member> <amount>`');
  });

  it('members are found by mention, id, username and display name', async () => {
    for (const ref of [alice.mention, `<@!${alice.id}>`, alice.id, 'alice', 'Ally', 'ALLY', '"Ally"']) {
      await h.sim.say(guild.general, alice, `!give ${ref} 2`);
      expect((await h.sim.waitForMessage()).content, ref).toBe('Ally gets 2');
    }
  });

  it('an unknown member and an ambiguous name are explained', async () => {
    await h.sim.say(guild.general, alice, '!give nobody 2');
    expect((await h.sim.waitForMessage()).content).toBe(
      '`member` must be a member of this server (a mention, an id or a name); no member matches `nobody`.\nUsage: `!give <member> <amount>`',
    );
    await h.sim.say(guild.general, alice, '!give sam 2'.replace('sam', 'Sam'));
    const content = (await h.sim.waitForMessage()).content;
    expect(content).toMatch(/^`member` matches several: `Sam \(sam\)`, `Sam \(samantha\)`\. Use a mention or an id\./);
  });

  it('members can only be looked up in a server', async (ctx) => {
    const erin = h.sim.createUser({ username: 'erin' });
    const sent = await h.sim.sayInDM(erin, '!give erin 1');
    // See 'answers in DMs' for why this may be skipped.
    if (!dmDispatchHasChannelType(sent.id)) return ctx.skip('simulator DM MESSAGE_CREATE has no channel_type');
    expect((await h.sim.waitForMessage()).content).toBe('`member` can only be used in a server.\nUsage: `!give <member> <amount>`');
  });

  it('users, channels and roles are found by mention, id or name', async () => {
    const cases: [string, string][] = [
      [`!whois ${alice.mention}`, 'user: alice'],
      [`!whois ${alice.id}`, 'user: alice'],
      ['!whois alice', 'user: alice'],
      ['!whois', 'user: nobody'],
      [`!where ${guild.general.mention}`, 'channel: general'],
      ['!where #quiet', 'channel: quiet'],
      [`!where ${guild.channel('quiet').id}`, 'channel: quiet'],
      [`!rolename ${guild.role('Moderators').mention}`, 'role: Moderators'],
      ['!rolename moderators', 'role: Moderators'],
    ];
    for (const [input, expected] of cases) {
      await h.sim.say(guild.general, alice, input);
      expect((await h.sim.waitForMessage()).content, input).toBe(expected);
    }
    await h.sim.say(guild.general, alice, '!rolename admins');
    expect((await h.sim.waitForMessage()).content).toMatch(/^`role` must be a role of this server .*no role matches `admins`\./);
  });

  it('a group without a handler answers with its help, prefix filled in', async () => {
    await h.sim.say(guild.general, alice, '!settings');
    // The runtime's help (runtime/help), as an embed here since the bot may embed in this channel.
    const [embed] = (await h.sim.waitForMessage()).embeds;
    expect(embed?.title).toBe('!settings');
    expect(embed?.fields?.find((f) => f.name === 'Subcommands')?.value).toBe('`!settings prefix` the settings prefix command');
  });
});

describe('silence', () => {
  it('an unknown command, a bot author and plain text get nothing', async () => {
    const robot = h.sim.createMember(guild, { username: 'robot', bot: true });
    const first = await h.sim.say(guild.general, alice, '!nope');
    await h.sim.say(guild.general, robot, '!ping');
    await h.sim.say(guild.general, alice, 'just talking');
    await h.sim.say(guild.general, alice, '!slash-only-would-be-here');
    // A command after them all: its answer is the only one since the first message.
    await h.sim.say(guild.general, alice, '!ping');
    await h.sim.waitForMessage({ after: first });
    const since = h.sim.botMessages(guild.general).filter((m) => BigInt(m.id) > BigInt(first.id));
    expect(since.map((m) => m.content)).toEqual(['Pong!']);
  });

  it('text-only commands do not answer slash, and unknown slash commands get an ephemeral notice', async () => {
    await h.sim.say(guild.general, alice, '!textonly');
    expect((await h.sim.waitForMessage()).content).toBe('text only via text');
    const interaction = await h.sim.runSlash(guild.general, alice, 'textonly', {}, { check: false });
    const reply = await h.sim.waitForInteractionResponse(interaction);
    expect(reply.content).toBe('This command is not available.');
    expect(reply.ephemeral).toBe(true);
  });
});

describe('malformed events', () => {
  it('a message without author, one without content and one in an unknown channel are ignored; the bot keeps answering', async () => {
    const base = { id: '1', channel_id: guild.general.id, guild_id: guild.id, timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [], attachments: [], embeds: [], pinned: false, type: 0 };
    h.sim.gateway.dispatch('MESSAGE_CREATE', guild.id, () => ({ ...base, id: '100000000000000101', content: '!ping' }));
    h.sim.gateway.dispatch('MESSAGE_CREATE', guild.id, () => ({ ...base, id: '100000000000000102', author: { id: alice.id, username: 'alice', discriminator: '0', avatar: null } }));
    h.sim.gateway.dispatch('MESSAGE_CREATE', guild.id, () => ({ ...base, id: '100000000000000103', channel_id: '100000000000000999', content: '!ping', author: { id: alice.id, username: 'alice', discriminator: '0', avatar: null } }));
    const first = await h.sim.say(guild.general, alice, '!ping');
    expect((await h.sim.waitForMessage({ after: first })).content).toBe('Pong!');
    expect(h.bot.errors.recent().filter((r) => r.where.startsWith('command ping'))).toEqual([]);
    expect(h.sim.botMessages(guild.general).filter((m) => BigInt(m.id) > BigInt(first.id))).toHaveLength(1);
  });
});

describe('mentions', () => {
  it('an echo of @everyone, a role and a user pings nobody', async () => {
    const text = `@everyone @here ${guild.role('Moderators').mention} ${alice.mention} hi`;
    await h.sim.say(guild.general, alice, `!echo ${text}`);
    const reply = await h.sim.waitForMessage();
    expect(reply.content).toBe(text);
    expect(reply.mention_everyone).toBe(false);
    expect(reply.mention_roles).toEqual([]);
    expect(reply.mentions).toEqual([]);
  });

  it('a command that opts in may ping', async () => {
    await h.sim.say(guild.general, alice, `!shout @everyone ${alice.mention}`);
    const reply = await h.sim.waitForMessage();
    expect(reply.mention_everyone).toBe(true);
    expect(reply.mentions.map((u) => u.id)).toEqual([alice.id]);
  });

  it('runtime messages (usage errors) never ping, even for a command that opts in', async () => {
    await h.sim.say(guild.general, alice, `!blast @everyone ${alice.mention}`);
    const reply = await h.sim.waitForMessage();
    expect(reply.content).toBe('`count` must be a whole number, got `@everyone`.\nUsage: `!blast <count> <text...>`');
    expect(reply.mention_everyone).toBe(false);
    expect(reply.mentions).toEqual([]);
  });

  it('slash replies ping nobody either', async () => {
    const interaction = await h.sim.runSlash(guild.general, alice, 'echo', { text: `@everyone ${alice.mention}` });
    const reply = await h.sim.waitForInteractionResponse(interaction);
    expect(reply.message?.mention_everyone).toBe(false);
    expect(reply.message?.mentions).toEqual([]);
  });
});

describe('send, reply and acknowledgement', () => {
  it('text: send posts to the channel, reply answers the message (ephemeral ignored)', async () => {
    const first = await h.sim.say(guild.general, alice, '!sequence');
    const one = await h.sim.waitForMessage({ predicate: (m) => m.content === 'one' });
    const two = await h.sim.waitForMessage({ predicate: (m) => m.content === 'two' });
    expect(one.message_reference).toBeUndefined();
    expect(two.message_reference?.message_id).toBe(first.id);
    expect(two.flags ?? 0).toBe(0);
  });

  it('slash: the first send is the response, the next reply a follow-up (ephemeral honoured)', async () => {
    const interaction = await h.sim.runSlash(guild.general, alice, 'sequence');
    const reply = await h.sim.waitForInteractionResponse(interaction, { followUps: 1 });
    expect(reply.content).toBe('one');
    expect(reply.followUps.map((m) => m.content)).toEqual(['two']);
    expect((reply.followUps[0]!.flags ?? 0) & 64).toBe(64);
  });

  it('a slash handler that says nothing still gets the interaction acknowledged', async () => {
    const interaction = await h.sim.runSlash(guild.general, alice, 'silent');
    const reply = await h.sim.waitForInteractionResponse(interaction);
    expect(reply.content).toBe('Done.');
    expect(reply.ephemeral).toBe(true);
  });
});

describe('tick and defer', () => {
  it('tick reacts with ✅ where the bot may react', async () => {
    const message = await h.sim.say(guild.general, alice, '!check');
    await vi.waitFor(() => {
      const reactions = h.sim.state.message(guild.general.id, message.id).reactions ?? [];
      expect(reactions.map((r) => r.emoji.name)).toEqual(['✅']);
    }, { timeout: 5000 });
  });

  it('tick falls back to a message where the bot cannot react', async () => {
    const quiet = guild.channel('quiet');
    await h.sim.say(quiet, alice, '!check');
    expect((await h.sim.waitForMessage({ channelId: quiet })).content).toBe('Done.');
  });

  it('slash tick answers with text', async () => {
    const interaction = await h.sim.runSlash(guild.general, alice, 'check');
    expect((await h.sim.waitForInteractionResponse(interaction)).content).toBe('Done.');
  });

  it('slash defer then reply edits the deferred response', async () => {
    const interaction = await h.sim.runSlash(guild.general, alice, 'slow');
    const reply = await h.sim.waitForInteractionResponse(interaction);
    expect(reply.kind).toBe('deferred');
    expect(reply.content).toBe('finally');
    expect(reply.followUps).toEqual([]);
  });

  it('text defer shows typing, then the reply arrives', async () => {
    await h.sim.say(guild.general, alice, '!slow');
    expect((await h.sim.waitForMessage()).content).toBe('finally');
    expect(h.sim.requests.some((r) => r.route === 'POST /channels/:id/typing')).toBe(true);
  });
});

describe('errors', () => {
  it('a throwing handler gets the error-id message, is logged with its stack, and the bot keeps answering', async () => {
    const reported: string[] = [];
    const onError = (info: { record: { id: string } }) => reported.push(info.record.id);
    h.bot.on('commandError', onError);
    await h.sim.say(guild.general, alice, '!boom');
    const content = (await h.sim.waitForMessage()).content;
    const match = /^Something went wrong running `boom` \(error id `([0-9a-f]{8})`\)\.$/.exec(content);
    expect(match, content).not.toBeNull();
    const id = match![1]!;
    expect((h.bot.errors.get(id)?.error as Error).message).toBe('kaboom');
    const logged = h.logs.find((r) => r.level === 'error' && r.message.includes(id));
    expect((logged?.extra?.error as Error).stack).toContain('kaboom');
    h.bot.off('commandError', onError);
    expect(reported).toEqual([id]);

    await h.sim.say(guild.general, alice, '!ping');
    expect((await h.sim.waitForMessage()).content).toBe('Pong!');
  });

  it('a throwing slash handler answers ephemerally with the id', async () => {
    const interaction = await h.sim.runSlash(guild.general, alice, 'boom');
    const reply = await h.sim.waitForInteractionResponse(interaction);
    expect(reply.content).toMatch(/^Something went wrong running `boom` \(error id `[0-9a-f]{8}`\)\.$/);
    expect(reply.ephemeral).toBe(true);
  });

  it('no log line contains the token', () => {
    const all = h.logs.map((r) => `${r.message} ${JSON.stringify(r.extra ?? {})}`).join('\n');
    expect(all).not.toContain(h.sim.token);
  });
});

describe('listeners and run-time loading', () => {
  it('a listener receives its event', async () => {
    h.sim.createMember(guild, { username: 'carol' });
    await vi.waitFor(() => expect(journal.events).toContain('join:carol'), { timeout: 5000 });
  });

  it('unloadCog removes commands and syncs; loadCog brings them back', async () => {
    const before = h.sim.requests.length;
    await h.bot.unloadCog('demo');
    expect(journal.events.at(-1)).toBe('onUnload');
    expect(h.sim.registeredCommands()).toEqual([]);
    const first = await h.sim.say(guild.general, alice, '!nope-again');
    await h.bot.loadCog('demo');
    expect(journal.events.slice(-2)).toEqual(['setup', 'onLoad']);
    expect(h.sim.registeredCommands().map((c) => c.name)).toContain('ping');
    const puts = h.sim.requests.slice(before).filter((r) => r.route === 'PUT /applications/:id/commands');
    expect(puts).toHaveLength(2);
    await h.sim.say(guild.general, alice, '!ping');
    expect((await h.sim.waitForMessage({ after: first })).content).toBe('Pong!');
  });
});
