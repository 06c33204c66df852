/**
 * The command framework end to end (real discord.js client against the simulator): groups by text and
 * slash, a group's help, aliases, hidden commands, enable/disable, invoke hooks, run-time add/remove,
 * the per-cog then global error boundary, and "did you mean".
 */
import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { registry } from '../../generated/registry.js';
import { DISABLED_MESSAGE } from '../../runtime/commands/check-failure.js';
import { CheckFailure } from '../../runtime/commands/check-failure.js';
import { SLASH_CHECK_REFUSED } from '../../runtime/commands/error-boundary.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { buildCommandSpecs, buildSlashCommands } from '../../generator/model/commands.js';
import { toolsCog, type ToolsJournal } from './fixtures/commands-cogs.js';
import { startBot, type Harness } from './harness.js';

let h: Harness;
let guild: GuildHandle;
let other: GuildHandle;
let alice: MemberHandle;
let olga: MemberHandle;
const journal: ToolsJournal = { events: [], invokedAs: [] };

beforeAll(async () => {
  h = await startBot(
    { ...toolsCog(journal), help: registry.help },
    {
      instance: { prefixes: ['!', '?'] },
      world: (sim) => {
        // MentionEveryone: a command that opts in may ping @everyone; everything else still must not.
        guild = sim.createGuild({ name: 'Main', channels: [{ name: 'general' }], botPermissions: ['MentionEveryone'] });
        other = sim.createGuild({ name: 'Other', channels: [{ name: 'general' }] });
        alice = sim.createMember(guild, { username: 'alice' });
        olga = sim.createMember(other, { username: 'olga' });
      },
    },
  );
  // Help answers in text here (the embed form has its own test in help.test.ts).
  await h.bot.coreSettings()!.setEmbeds({ global: true }, false);
});

afterAll(async () => {
  await h?.stop();
});

beforeEach(() => {
  journal.events.length = 0;
  journal.invokedAs.length = 0;
});

/** Alice says `text` in the main guild; resolves with the bot's next message there. */
async function say(text: string, who: MemberHandle = alice, where: GuildHandle = guild): Promise<string> {
  await h.sim.say(where.general, who, text);
  return (await h.sim.waitForMessage({ channelId: where.general })).content;
}

/** Sends `text`, then `!greet`, and returns the bot's next answer: `Hello, you!` proves `text` got none. */
async function saySilently(text: string, who: MemberHandle = alice, where: GuildHandle = guild): Promise<string> {
  await h.sim.say(where.general, who, text);
  return say('!greet', who, where);
}

describe('groups', () => {
  it('GIVEN a text group four levels deep WHEN every word is typed THEN the leaf runs with its option', async () => {
    expect(await say('!deep a b c word')).toBe('deep {"word":"word"}');
    expect(journal.invokedAs).toEqual(['deep a b c']);
  });

  it('GIVEN a two-level text group WHEN a subcommand of the inner group is typed THEN it runs', async () => {
    expect(await say('!config set colour red')).toBe('colour set {"value":"red"}');
  });

  it('GIVEN a hybrid group WHEN its subcommands run by text and by slash THEN both reach the same handler', async () => {
    expect(await say('!settings prefix ?')).toBe('prefix {"value":"?"}');
    const prefix = await h.sim.runSlash(guild.general, alice, 'settings prefix', { value: '$' });
    expect((await h.sim.waitForInteractionResponse(prefix)).content).toBe('prefix {"value":"$"}');
    const add = await h.sim.runSlash(guild.general, alice, 'settings roles add', { role: 'mods' });
    expect((await h.sim.waitForInteractionResponse(add)).content).toBe('role added {"role":"mods"}');
    expect(await say('!settings roles add mods')).toBe('role added {"role":"mods"}');
  });

  it('GIVEN the registered slash JSON THEN the group is a subcommand group under the command', () => {
    const settings = h.sim.registeredCommands().find((c) => c.name === 'settings')!;
    const roles = settings.options!.find((o) => o.name === 'roles')!;
    expect(roles.type).toBe(ApplicationCommandOptionType.SubcommandGroup);
    expect((roles as { options: { name: string; type: number }[] }).options.map((o) => [o.name, o.type])).toEqual([
      ['add', ApplicationCommandOptionType.Subcommand],
      ['list', ApplicationCommandOptionType.Subcommand],
    ]);
  });

  it('GIVEN a group without a handler WHEN invoked alone or with an unknown word THEN its help is shown, hidden subcommands left out', async () => {
    const help = await say('!config');
    expect(help).toContain('**!config**');
    expect(help).toContain('Shows and changes the configuration.');
    expect(help).toContain('`!config show` The show subcommand.');
    expect(help).toContain('`!config set` The set subcommand.');
    expect(help).not.toContain('wipe');
    expect(await say('!config nonsense')).toBe(help);
    // The prefix used is the one shown.
    expect(await say('?settings roles')).toContain('`?settings roles add` The add subcommand.');
  });
});

describe('allowed mentions', () => {
  it('GIVEN a group that opts in to @everyone THEN its subcommand pings, but its help (a runtime reply) never does', async () => {
    await h.sim.say(guild.general, alice, '!announce now @everyone hello');
    const ping = await h.sim.waitForMessage({ channelId: guild.general });
    expect([ping.content, ping.mention_everyone]).toEqual(['@everyone hello', true]);

    await h.sim.say(guild.general, alice, '!announce');
    const help = await h.sim.waitForMessage({ channelId: guild.general });
    expect(help.content).toContain('Announcements for @everyone.');
    expect(help.mention_everyone).toBe(false);
  });

  it('GIVEN a command without opt-in THEN echoing @everyone pings nobody', async () => {
    await h.sim.say(guild.general, alice, '!greet @everyone');
    const reply = await h.sim.waitForMessage({ channelId: guild.general });
    expect([reply.content, reply.mention_everyone]).toEqual(['Hello, @everyone!', false]);
  });
});

describe('aliases and hidden commands', () => {
  it('GIVEN aliases WHEN either is typed THEN the command runs and knows how it was invoked', async () => {
    expect(await say('!hi Bob')).toBe('Hello, Bob!');
    expect(await say('!HEY')).toBe('Hello, you!');
    expect(journal.invokedAs).toEqual(['hi', 'HEY']);
  });

  it('GIVEN an alias on a subcommand THEN it runs the subcommand, and the group help lists the subcommand by name', async () => {
    expect(await say('!config view')).toBe('config shown');
    expect(journal.invokedAs).toEqual(['config view']);
    expect(await say('!help config show')).toContain('__Aliases__\n`!config view`');
  });

  it('GIVEN a hidden command WHEN typed THEN it runs, but help neither lists nor explains it', async () => {
    expect(await say('!secret')).toBe('psst');
    expect(await say('!help')).not.toContain('secret');
    expect(await say('!help secret')).toBe('Help topic for `secret` not found.');
  });
});

describe('enable and disable', () => {
  it('GIVEN a command disabled everywhere WHEN run by text or slash THEN it says it is disabled, until enabled again', async () => {
    h.bot.commands.disable('greet');
    try {
      expect(await say('!greet')).toBe(DISABLED_MESSAGE);
      expect(await say('!hi')).toBe(DISABLED_MESSAGE);
      const slash = await h.sim.runSlash(guild.general, alice, 'greet');
      const reply = await h.sim.waitForInteractionResponse(slash);
      expect([reply.content, reply.ephemeral]).toEqual([DISABLED_MESSAGE, true]);
      expect(await say('!help')).not.toContain('greet');
    } finally {
      expect(h.bot.commands.enable('greet')).toBe(true);
    }
    expect(await say('!greet')).toBe('Hello, you!');
  });

  it('GIVEN a group disabled in one guild THEN its subcommands are disabled there and work elsewhere', async () => {
    h.bot.commands.disable('settings', { guildId: guild.id });
    try {
      expect(await say('!settings prefix x')).toBe(DISABLED_MESSAGE);
      expect(await say('!settings prefix x', olga, other)).toBe('prefix {"value":"x"}');
    } finally {
      h.bot.commands.enable('settings', { guildId: guild.id });
    }
    expect(await say('!settings prefix x')).toBe('prefix {"value":"x"}');
  });
});

describe('invoke hooks', () => {
  /** After-hooks run once the reply is out: wait until they have recorded themselves. */
  const afterHooks = (expected: string[]) => vi.waitFor(() => expect(journal.events).toEqual(expected), { timeout: 5000, interval: 5 });

  it('GIVEN global and cog hooks THEN they run global before → cog before → handler → cog after → global after', async () => {
    const offBefore = h.bot.addBeforeInvokeHook((ctx) => void (ctx.command.name.startsWith('order') && journal.events.push('global before')));
    const offAfter = h.bot.addAfterInvokeHook((ctx) => void (ctx.command.name.startsWith('order') && journal.events.push('global after')));
    try {
      expect(await say('!order')).toBe('ordered');
      const order = ['global before', 'cog before', 'handler', 'cog after', 'global after'];
      await afterHooks(order);

      journal.events.length = 0;
      const slash = await h.sim.runSlash(guild.general, alice, 'order');
      expect((await h.sim.waitForInteractionResponse(slash)).content).toBe('ordered');
      await afterHooks(order);

      // After-hooks run when the handler threw (like discord.py), and the error is still reported.
      journal.events.length = 0;
      expect(await say('!orderfail')).toMatch(/^Something went wrong running `orderfail` \(error id `[0-9a-f]{8}`\)\.$/);
      await afterHooks(order);
    } finally {
      offBefore();
      offAfter();
    }
    journal.events.length = 0;
    await say('!order');
    await afterHooks(['cog before', 'handler', 'cog after']);
  });

  it('GIVEN a global before-hook that refuses with CheckFailure THEN the handler and the after-hooks do not run', async () => {
    const off = h.bot.addBeforeInvokeHook((ctx) => {
      if (ctx.command.name === 'order') throw new CheckFailure('Not now.');
    });
    try {
      expect(await say('!order')).toBe('Not now.');
      expect(journal.events).toEqual([]);
    } finally {
      off();
    }
  });
});

describe('errors', () => {
  it('GIVEN a cog error handler that handles the error THEN the global answer is skipped and nothing is logged as a bug', async () => {
    const kept = h.bot.errors.recent().length;
    expect(await say('!fragile')).toBe('tools handled: fragile on purpose');
    expect(h.bot.errors.recent().length).toBe(kept);
  });

  it('GIVEN an unexpected error the cog does not handle THEN the user gets the id and the owner can look it up', async () => {
    const reply = await say('!boom');
    const id = /error id `([0-9a-f]{8})`/.exec(reply)?.[1];
    expect(reply).toBe(`Something went wrong running \`boom\` (error id \`${id}\`).`);
    const record = h.bot.errors.get(id!);
    expect(record?.where).toBe('command boom');
    expect((record?.error as Error).message).toBe('boom on purpose');
    const slash = await h.sim.runSlash(guild.general, alice, 'boom');
    const answer = await h.sim.waitForInteractionResponse(slash);
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toMatch(/^Something went wrong running `boom` \(error id `[0-9a-f]{8}`\)\.$/);
  });

  it('GIVEN a cog error handler that throws THEN both errors are kept and the user still gets the original one', async () => {
    const reply = await say('!brittle');
    const id = /error id `([0-9a-f]{8})`/.exec(reply)?.[1];
    expect(reply).toBe(`Something went wrong running \`brittle\` (error id \`${id}\`).`);
    expect((h.bot.errors.get(id!)?.error as Error).message).toBe('brittle on purpose');
    const [newest, before] = h.bot.errors.recent(2);
    expect(newest!.id).toBe(id);
    expect(before!.where).toBe('onCommandError of cog tools (command brittle)');
    expect((before!.error as Error).message).toBe('the error handler broke too');
  });

  it('GIVEN bad input THEN the global answer says what was wrong, with the usage and the prefix used', async () => {
    expect(await say('?count many')).toBe('`n` must be a whole number, got `many`.\nUsage: `?count <n>`');
  });

  it('GIVEN a global check WHEN it refuses silently or with a message THEN text stays silent or says it; slash always answers privately', async () => {
    const off = h.bot.addCheck((ctx, command) => {
      if (command.name !== 'guarded') return true;
      if (ctx.kind === 'text' && ctx.invokedAs === 'guarded') return false;
      throw new CheckFailure('Only the trusted may.');
    });
    try {
      expect(await saySilently('!guarded')).toBe('Hello, you!');
      const slash = await h.sim.runSlash(guild.general, alice, 'guarded');
      const reply = await h.sim.waitForInteractionResponse(slash);
      expect([reply.content, reply.ephemeral]).toEqual(['Only the trusted may.', true]);
    } finally {
      off();
    }
    expect(await say('!guarded')).toBe('guarded ran');
    expect(SLASH_CHECK_REFUSED).toBe('You cannot use this command here.');
  });
});

describe('commands added and removed at run time', () => {
  it('GIVEN a command added to a loaded cog THEN text, slash and help know it; removed, it is silent and leaves the slash body', async () => {
    const [spec] = buildCommandSpecs([{ name: 'added', kind: 'hybrid', description: 'Added at run time.', options: [{ name: 'x', type: 'integer', description: 'A number.' }] }]);
    const [slash] = buildSlashCommands([spec!]);
    h.bot.addCommand('tools', spec!, async (ctx, { x }) => ctx.reply(`added ${String(x)}`), slash);
    expect(await say('!added 4')).toBe('added 4');
    expect(await say('!help added')).toContain('Added at run time.');

    await h.bot.syncSlashCommands();
    expect(h.sim.registeredCommands().map((c) => c.name)).toContain('added');
    const run = await h.sim.runSlash(guild.general, alice, 'added', { x: 5 });
    expect((await h.sim.waitForInteractionResponse(run)).content).toBe('added 5');

    expect(h.bot.removeCommand('added')).toBe(true);
    expect(h.bot.removeCommand('added')).toBe(false);
    expect(await saySilently('!added 4')).toBe('Hello, you!');
    await h.bot.syncSlashCommands();
    expect(h.sim.registeredCommands().map((c) => c.name)).not.toContain('added');
  });

  it('GIVEN a manifest command removed at run time THEN it is gone from text and from the next slash sync', async () => {
    expect(h.bot.removeCommand('count')).toBe(true);
    try {
      expect(await saySilently('!count 3')).toBe('Hello, you!');
      expect(await say('!help count')).toBe('Help topic for `count` not found.');
    } finally {
      h.bot.addCommand('tools', h.bot.cogs.get('tools')!.spec.commands.find((c) => c.name === 'count')!, h.bot.cogs.get('tools')!.implementation.commands as never);
    }
    expect(await say('!count 3')).toBe('counted {"n":3}');
  });

  it('GIVEN a hybrid manifest command removed and added back THEN each slash sync follows', async () => {
    const tools = h.bot.cogs.get('tools')!;
    const guarded = tools.spec.commands.find((c) => c.name === 'guarded')!;
    const body = tools.spec.slashCommands.find((b) => b.name === 'guarded')!;
    expect(h.bot.removeCommand(['guarded'])).toBe(true);
    await h.bot.syncSlashCommands();
    expect(h.sim.registeredCommands().map((c) => c.name)).not.toContain('guarded');
    h.bot.addCommand('tools', guarded, tools.implementation.commands as never, body);
    await h.bot.syncSlashCommands();
    expect(h.sim.registeredCommands().map((c) => c.name)).toContain('guarded');
    const run = await h.sim.runSlash(guild.general, alice, 'guarded');
    expect((await h.sim.waitForInteractionResponse(run)).content).toBe('guarded ran');
  });

  it('GIVEN a name already taken or a missing handler THEN addCommand refuses and changes nothing', () => {
    const [taken] = buildCommandSpecs([{ name: 'greet', kind: 'text', description: 'Again.' }]);
    expect(() => h.bot.addCommand('tools', taken!, () => undefined)).toThrow(/`greet` is already used by cog tools/);
    const [slashOnly] = buildCommandSpecs([{ name: 'nojson', kind: 'slash', description: 'No JSON.' }]);
    expect(() => h.bot.addCommand('tools', slashOnly!, () => undefined)).toThrow(/needs its slash JSON/);
    expect(() => h.bot.addCommand('nosuchcog', slashOnly!, () => undefined)).toThrow(/not loaded/);
    expect(h.bot.commands.find(['nojson'])).toBeUndefined();
    expect(buildSlashCommands([slashOnly!])[0]!.type).toBe(ApplicationCommandType.ChatInput);
  });
});

describe('did you mean', () => {
  it('GIVEN the default (off) WHEN a typo is sent THEN the bot stays silent', async () => {
    expect(await saySilently('!gret')).toBe('Hello, you!');
  });

  it('GIVEN it is on for one guild THEN a typo there gets a suggestion, hidden commands are never suggested, other guilds stay silent', async () => {
    await h.bot.commandSettings.setDidYouMean({ guild: guild.id }, true);
    try {
      expect(await say('!gret')).toBe('Command `gret` not found. Did you mean `!greet`?');
      expect(await say('?confg')).toBe('Command `confg` not found. Did you mean `?config`?');
      expect(await saySilently('!secrt')).toBe('Hello, you!');
      expect(await saySilently('!zzzzzz')).toBe('Hello, you!');
      expect(await saySilently('!gret', olga, other)).toBe('Hello, you!');
    } finally {
      await h.bot.commandSettings.setDidYouMean({ guild: guild.id }, null);
    }
  });

  it('GIVEN the instance default on and one guild turned off THEN only that guild stays silent', async () => {
    await h.bot.commandSettings.setDidYouMean({ global: true }, true);
    await h.bot.commandSettings.setDidYouMean({ guild: guild.id }, false);
    try {
      expect(await say('!gret', olga, other)).toBe('Command `gret` not found. Did you mean `!greet`?');
      expect(await saySilently('!gret')).toBe('Hello, you!');
    } finally {
      await h.bot.commandSettings.setDidYouMean({ global: true }, false);
      await h.bot.commandSettings.setDidYouMean({ guild: guild.id }, null);
    }
  });
});
