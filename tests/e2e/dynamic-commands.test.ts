/**
 * Commands a cog adds at run time (`cog.commands.add`), end to end: an alias-style command runs another
 * command with extra words (`ctx.invoke`), with the same checks as when that command is typed; run-time
 * commands have cooldowns, privileges, show in help, collide with nothing, and vanish when their cog
 * unloads. And `messageWithoutCommand` listeners see the messages the dispatcher passed on, filtered like
 * commands are.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../generated/registry.js';
import type { CogHandle, CogImplementation, CogRegistry } from '../../runtime/cogs/module.js';
import type { CogSpec } from '../../runtime/contract/spec.js';
import type { Context } from '../../runtime/context/types.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { startBot, type Harness } from './harness.js';
import { manifestCog } from './fixtures/manifest-cog.js';

const seen: string[] = [];

/** `aliases`: `alias add <name> <command...>` makes `name` run `command` with what follows. */
function aliasCog(): CogRegistry {
  const spec: CogSpec = {
    name: 'aliases',
    identifier: 9301,
    description: 'Aliases made at run time.',
    dataStatement: 'Keeps nothing.',
    source: 'tests/e2e/dynamic-commands.test.ts',
    commands: [],
    listeners: [{ event: 'messageWithoutCommand', handler: 'heard', once: false }],
    config: { custom: {} },
    slashCommands: [],
  };
  const implementation: CogImplementation = {
    commands: {},
    listeners: { heard: (_cog: CogHandle, message: { content: string; author: { username: string } }) => void seen.push(`${message.author.username}: ${message.content}`) },
  };
  return { aliases: { spec, load: async () => ({ default: implementation }) } };
}

const tools = manifestCog('tools', 9302, [
  { name: 'say', kind: 'text', description: 'Says words.', options: [{ name: 'words', type: 'string', description: 'What to say.', rest: true }] },
  { name: 'secret', kind: 'text', description: 'Owner only.', privilege: 'owner' },
], {
  say: (ctx: Context, { words }: { words: string }) => ctx.reply(`said: ${words}`),
  secret: (ctx: Context) => ctx.reply('the secret'),
});

let h: Harness;
let guild: GuildHandle;
let alice: MemberHandle;
let owner: MemberHandle;
let handle: CogHandle;

async function say(who: MemberHandle, text: string): Promise<string> {
  const sent = await h.sim.say(guild.general, who, text);
  return (await h.sim.waitForMessage({ channelId: guild.general, after: sent, from: 'bot' })).content;
}

async function silent(who: MemberHandle, text: string): Promise<void> {
  const sent = await h.sim.say(guild.general, who, text);
  await expect(h.sim.waitForMessage({ channelId: guild.general, after: sent, from: 'bot', timeoutMs: 300 })).rejects.toThrow(/Timed out/);
}

beforeAll(async () => {
  h = await startBot({ ...aliasCog(), ...tools, help: registry.help, access: registry.access }, {
    world: (sim) => {
      // No Embed Links for the bot: help answers as text.
      guild = sim.createGuild({ name: 'Dyn', channels: [{ name: 'general', overwrites: [{ bot: true, deny: ['EmbedLinks'] }] }] });
      alice = sim.createMember(guild, { username: 'alice' });
      owner = sim.createMember(guild, { username: 'owner', user: sim.owner });
    },
  });
  handle = h.bot.cogs.get('aliases')!.handle;
});
afterAll(() => h?.stop());

describe('run-time commands', () => {
  it('GIVEN an alias of `say` with words WHEN used THEN it runs `say` with those words and what follows', async () => {
    handle.commands.add({ name: 'greet', description: 'Greets.', usage: '[name...]', handler: (ctx, { text }) => ctx.invoke(`say hello ${text}`) });
    expect(await say(alice, '!greet Bob and Eve')).toBe('said: hello Bob and Eve');
    expect(await say(alice, '!GREET')).toBe('said: hello');
  });

  it('GIVEN an alias of an owner-only command WHEN a non-owner uses it THEN the target refuses them as if typed', async () => {
    handle.commands.add({ name: 'tell', handler: (ctx) => ctx.invoke('secret') });
    expect(await say(alice, '!tell')).toBe(await say(alice, '!secret'));
    expect(await say(owner, '!tell')).toBe('the secret');
  });

  it('GIVEN an alias of a command that does not exist THEN invoke says so to the cog', async () => {
    handle.commands.add({ name: 'broken', handler: async (ctx) => void (await ctx.reply((await ctx.invoke('nosuch thing')) ? 'ran' : 'no such command')) });
    expect(await say(alice, '!broken')).toBe('no such command');
  });

  it('GIVEN aliases that call each other THEN the chain stops 5 deep with a message', async () => {
    handle.commands.add({ name: 'loop', handler: (ctx) => ctx.invoke('loop') });
    expect(await say(alice, '!loop')).toBe('Commands that run other commands went 5 deep: stopped there.');
  });

  it('GIVEN a run-time command with a privilege or a cooldown THEN they hold as for declared commands', async () => {
    handle.commands.add({ name: 'modonly', privilege: 'mod', handler: (ctx) => ctx.reply('mod ran') });
    expect(await say(alice, '!modonly')).toBe('You need to be a mod to use `modonly`.');
    expect(await say(owner, '!modonly')).toBe('mod ran');
    handle.commands.add({ name: 'once', cooldown: { rate: 1, perMs: 60_000 }, handler: (ctx) => ctx.reply('once ran') });
    expect(await say(alice, '!once')).toBe('once ran');
    expect(await say(alice, '!once')).toMatch(/^`once` is on cooldown for you\. Try again <t:\d+:R>\.$/);
  });

  it('GIVEN a run-time command disabled in the server, or its user blocked THEN it is refused like a declared one', async () => {
    handle.commands.add({ name: 'plainly', handler: (ctx) => ctx.reply('plainly ran') });
    h.bot.commands.disable('plainly', { guildId: guild.id });
    expect(await say(alice, '!plainly')).toBe('That command is disabled.');
    h.bot.commands.enable('plainly', { guildId: guild.id });
    await h.bot.access.add('blocklist', { global: true }, [alice.id]);
    try {
      await silent(alice, '!plainly');
    } finally {
      await h.bot.access.clear('blocklist', { global: true });
    }
    expect(await say(alice, '!plainly')).toBe('plainly ran');
  });

  it('GIVEN a name that is taken THEN add throws naming the owner, and nothing changes', () => {
    expect(() => handle.commands.add({ name: 'say', handler: () => undefined })).toThrow('the text command name `say` is already used by cog tools');
    expect(() => handle.commands.add({ name: 'other', aliases: ['greet'], handler: () => undefined })).toThrow('`greet` is already used by cog aliases');
    expect(h.bot.commands.find(['other'])).toBeUndefined();
  });

  it('GIVEN run-time commands THEN help lists them with their usage, and hides what the user cannot run', async () => {
    const help = await say(alice, '!help aliases');
    expect(help).toContain('`!greet` Greets.');
    expect(help).not.toContain('modonly');
    expect(await say(alice, '!help greet')).toContain('__Usage__\n`!greet [name...]`');
  });

  it('GIVEN a cog that added commands WHEN it unloads THEN they are gone, and the cog can be loaded fresh', async () => {
    expect(handle.commands.names()).toContain('greet');
    await h.bot.unloadCog('aliases');
    await silent(alice, '!greet Bob');
    expect(h.bot.commands.find(['greet'])).toBeUndefined();
    await h.bot.loadCog('aliases');
    handle = h.bot.cogs.get('aliases')!.handle;
    expect(handle.commands.names()).toEqual([]);
  });
});

describe('messages that are not commands', () => {
  it('GIVEN plain messages and unknown commands THEN the listener sees them; commands and bots it does not', async () => {
    seen.length = 0;
    await h.sim.say(guild.general, alice, 'just chatting');
    await h.sim.say(guild.general, alice, '!notacommand here');
    await say(alice, '!say hi');
    await until(() => seen.length >= 2);
    expect(seen).toEqual(['alice: just chatting', 'alice: !notacommand here']);
  });

  it('GIVEN a blocked user or the cog disabled in the server THEN their messages do not reach the listener', async () => {
    seen.length = 0;
    /** Resolves once the runtime decided not to pass the message on (it logs why at debug level). */
    const refused = (id: string, why: string) => until(() => h.logs.some((r) => r.message === `messageWithoutCommand of message ${id} not passed to cog aliases: ${why}`));
    await h.bot.access.add('blocklist', { global: true }, [alice.id]);
    await refused((await h.sim.say(guild.general, alice, 'blocked words')).id, 'onGlobalBlocklist');
    await h.bot.access.clear('blocklist', { global: true });
    await h.bot.access.disableCog('aliases', { guild: guild.id });
    await refused((await h.sim.say(guild.general, alice, 'disabled words')).id, 'cogDisabled');
    await h.bot.access.enableCog('aliases', { guild: guild.id });
    await h.sim.say(guild.general, alice, 'allowed words');
    await until(() => seen.length >= 1);
    expect(seen).toEqual(['alice: allowed words']);
  });
});

async function until(done: () => boolean, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
