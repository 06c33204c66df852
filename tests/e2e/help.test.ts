/**
 * Help end to end (real discord.js client against the simulator), generated from the manifests through
 * the `help` cog: bot, cog and command help; usage, options, aliases and cooldowns; `[p]`; commands the
 * user cannot run hidden (and shown with the setting); text or embed; pages; long help to DMs.
 */
import { ComponentType } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CogManifest, CommandManifest } from '../../generator/manifest.js';
import { applyPrivileges } from '../../generator/model/privilege.js';
import { registry } from '../../generated/registry.js';
import type { CommandSpec } from '../../runtime/contract/spec.js';
import { DM_SENT } from '../../runtime/help/send.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { cogFromManifests, toolsCog, type ToolsJournal } from './fixtures/commands-cogs.js';
import { startBot, type Harness } from './harness.js';

let h: Harness;
let guild: GuildHandle;
let alice: MemberHandle;
const journal: ToolsJournal = { events: [], invokedAs: [] };

const limitedCog = cogFromManifests('limits', 9102, 'Commands with limits.', [
  { name: 'limited', kind: 'text', description: 'Rate limited.', cooldown: { rate: 2, per: '10s', bucket: 'user' }, maxConcurrency: { limit: 1, bucket: 'guild' } },
  { name: 'slashy', kind: 'slash', description: 'Only a slash command.' },
], { commands: { limited: (ctx) => ctx.reply('ok'), slashy: (ctx) => ctx.reply('ok') } });

// Groups without a handler: one whose every subcommand is owner-only, one with an open subcommand too.
const VAULT_COMMANDS: CommandManifest[] = [
  { name: 'vault', kind: 'text', description: 'Owner-only tools.', subcommands: [{ name: 'open', description: 'Opens it.', privilege: 'owner' }, { name: 'seal', description: 'Seals it.', privilege: 'owner' }] },
  { name: 'safe', kind: 'text', description: 'Mixed tools.', subcommands: [{ name: 'peek', description: 'Peeks.' }, { name: 'empty', description: 'Empties it.', privilege: 'owner' }] },
];
const vaultCog = cogFromManifests('ownertools', 9103, 'Owner tools.', VAULT_COMMANDS, { commands: { vaultOpen: (ctx) => ctx.reply('open'), vaultSeal: (ctx) => ctx.reply('sealed'), safePeek: (ctx) => ctx.reply('peek'), safeEmpty: (ctx) => ctx.reply('empty') } });

applyPrivileges(vaultCog.ownertools!.spec.commands as CommandSpec[], { commands: VAULT_COMMANDS } as CogManifest);

beforeAll(async () => {
  h = await startBot(
    { ...toolsCog(journal), ...limitedCog, ...vaultCog, help: registry.help },
    {
      instance: { prefixes: ['!', '?'] },
      world: (sim) => {
        guild = sim.createGuild({ name: 'Main', channels: [{ name: 'general' }, { name: 'plain', overwrites: [{ bot: true, deny: ['EmbedLinks'] }] }] });
        alice = sim.createMember(guild, { username: 'alice' });
      },
    },
  );
});

afterAll(async () => {
  await h?.stop();
});

afterEach(async () => {
  await h.bot.commandSettings.setHelp({ showUnrunnable: false, pageCharLimit: 1000, maxPagesInGuild: 0 });
});

/** Alice says `text` in `channel` (default: where embeds are not allowed, so help is text). */
async function ask(text: string, channel: 'plain' | 'general' = 'plain') {
  const where = guild.channel(channel);
  await h.sim.say(where, alice, text);
  return h.sim.waitForMessage({ channelId: where });
}

describe('groups whose subcommands the reader may not run', () => {
  it('GIVEN a group whose every subcommand is owner-only THEN a member does not see it in help, nor can ask for it; a mixed group shows only what they may run', async () => {
    const { content } = await ask('!help');
    expect(content).not.toContain('`!vault`');
    expect(content).toContain('`!safe` Mixed tools.');
    expect((await ask('!help vault')).content).toBe('Help topic for `vault` not found.');
    const safe = (await ask('!help safe')).content;
    expect(safe).toContain('`!safe peek` Peeks.');
    expect(safe).not.toContain('empty');
    const cog = (await ask('!help ownertools')).content;
    expect(cog).toContain('`!safe` Mixed tools.');
    expect(cog).not.toContain('vault');
  });

  it('GIVEN showUnrunnable THEN the owner-only group is listed', async () => {
    await h.bot.commandSettings.setHelp({ showUnrunnable: true });
    expect((await ask('!help')).content).toContain('`!vault` Owner-only tools.');
  });
});

describe('help as text', () => {
  it('GIVEN `help` THEN every cog is listed with its description and its commands, hidden ones left out', async () => {
    const { content } = await ask('!help');
    expect(content).toContain('__tools: Tools for the tests.__');
    expect(content).toContain('`!greet` Greets someone. Try !greet Bob.');
    expect(content).toContain('`!config` Shows and changes the configuration.');
    expect(content).toContain('__limits: Commands with limits.__');
    expect(content).toContain('`/slashy` Only a slash command.');
    expect(content).toContain('__help: Help for the bot\'s commands.__');
    expect(content).not.toContain('secret');
    expect(content).toContain('Type `!help <command>` for more on a command, or `!help <cog>` for a cog.');
  });

  it('GIVEN `help <command>` THEN usage (text and slash), aliases and options with descriptions are shown, `[p]` being the prefix used', async () => {
    const { content } = await ask('?help greet');
    expect(content).toBe(
      [
        '**?greet**',
        'Greets someone. Try ?greet Bob.',
        '__Usage__\n`?greet [name=you]`\n`/greet [name=you]`',
        '__Aliases__\n`?hi`, `?hey`',
        '__Options__\n`name` (string, optional, default you): Who to greet.',
      ].join('\n\n'),
    );
  });

  it('GIVEN a command with a cooldown and max concurrency THEN help says so', async () => {
    const { content } = await ask('!help limited');
    expect(content).toContain('__Cooldown__\n2 uses per 10s per user\nat most 1 at a time per server');
  });

  it('GIVEN `help <group> <sub>` or an alias path THEN that subcommand is explained', async () => {
    expect((await ask('!help settings roles add')).content).toContain('**!settings roles add**');
    expect((await ask('!help hi')).content).toContain('**!greet**');
  });

  it('GIVEN `help <cog>` THEN the cog and its commands are shown; an unknown topic is not found', async () => {
    const { content } = await ask('!help limits');
    expect(content).toBe('**limits**\n\nCommands with limits.\n\n__Commands__\n`!limited` Rate limited.\n`/slashy` Only a slash command.');
    expect((await ask('!help nothing here')).content).toBe('Help topic for `nothing here` not found.');
  });

  it('GIVEN /help with a topic THEN the slash reply shows text usage with the first prefix', async () => {
    const run = await h.sim.runSlash(guild.channel('plain'), alice, 'help', { topic: 'greet' });
    const reply = await h.sim.waitForInteractionResponse(run);
    expect(reply.content).toContain('`!greet [name=you]`');
  });
});

describe('ctx.sendHelp', () => {
  it('GIVEN a handler that calls ctx.sendHelp() THEN its own command help is sent, by text and by slash', async () => {
    const { content } = await ask('?usage');
    expect(content).toContain('**?usage**');
    expect(content).toContain('`topic` (string, optional): Ignored.');
    const run = await h.sim.runSlash(guild.channel('plain'), alice, 'usage');
    expect((await h.sim.waitForInteractionResponse(run)).content).toContain('**!usage**');
  });
});

describe('commands the user cannot run', () => {
  it('GIVEN a check that refuses THEN help hides the command; with showUnrunnable it is listed again', async () => {
    const off = h.bot.addCheck((_ctx, command) => command.name !== 'guarded');
    try {
      expect((await ask('!help')).content).not.toContain('guarded');
      expect((await ask('!help guarded')).content).toBe('Help topic for `guarded` not found.');
      await h.bot.commandSettings.setHelp({ showUnrunnable: true });
      expect((await ask('!help')).content).toContain('`!guarded` Only for the trusted.');
      expect((await ask('!help guarded')).content).toContain('**!guarded**');
    } finally {
      off();
    }
  });

  it('GIVEN a disabled subcommand THEN its group help leaves it out', async () => {
    h.bot.commands.disable('config show');
    try {
      const { content } = await ask('!help config');
      expect(content).not.toContain('config show');
      expect(content).toContain('`!config set`');
    } finally {
      h.bot.commands.enable('config show');
    }
  });
});

describe('embeds, pages and DMs', () => {
  it('GIVEN a channel where the bot may embed THEN help is an embed with fields', async () => {
    const message = await ask('!help greet', 'general');
    expect(message.content).toBe('');
    const embed = message.embeds[0]!;
    expect(embed.title).toBe('!greet');
    expect(embed.description).toBe('Greets someone. Try !greet Bob.');
    expect(embed.fields?.map((f) => f.name)).toEqual(['Usage', 'Aliases', 'Options']);
    expect(typeof embed.color).toBe('number');
  });

  it('GIVEN help longer than a page THEN it is paginated with buttons, each page within the limit', async () => {
    await h.bot.commandSettings.setHelp({ pageCharLimit: 200 });
    const message = await ask('!help');
    expect(message.content).toMatch(/\*Page 1\/\d+\*$/);
    const pages = Number(/Page 1\/(\d+)/.exec(message.content)![1]);
    expect(pages).toBeGreaterThan(2);
    const buttons = message.components?.[0];
    expect(buttons?.type).toBe(ComponentType.ActionRow);
  });

  it('GIVEN more pages than maxPagesInGuild THEN help goes to DMs and the channel gets a note', async () => {
    await h.bot.commandSettings.setHelp({ pageCharLimit: 200, maxPagesInGuild: 1 });
    const note = await ask('!help');
    expect(note.content).toBe(DM_SENT);
    const dm = h.sim.botMessages().filter((m) => m.channel_id !== guild.channel('plain').id && m.channel_id !== guild.channel('general').id);
    expect(dm.length).toBeGreaterThan(2);
    expect(dm[0]!.content).toMatch(/^\*\*.* help\*\*/);
  });
});
