/**
 * The access cog and the global access check end to end: a real Bot (real discord.js client) with the
 * generated `access` and `general` cogs against the simulator. Each command: success, and refusal for a
 * member whose privilege is too low; each setting: the people it stops are stopped (silently by text, with
 * the private "You cannot use this command here." by slash) and the ones Red lets through pass.
 */
import { ChannelType } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../generated/registry.js';
import { SLASH_CHECK_REFUSED } from '../../runtime/commands/error-boundary.js';
import { GUILD_ONLY_MESSAGE } from '../../runtime/commands/guild-only.js';
import { DELETED_ACTOR, readAudit } from '../../runtime/permissions/audit-log.js';
import { refusalMessage, type Privilege } from '../../runtime/permissions/levels.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { startBot, type Harness } from '../e2e/harness.js';

const OWNER = '512345678901234567';
let h: Harness;
let guild: GuildHandle;
let other: GuildHandle;
let owner: MemberHandle;
let gowner: MemberHandle;
let admin: MemberHandle;
let mod: MemberHandle;
let plain: MemberHandle;
let plain2: MemberHandle;
let manager: MemberHandle;
let stranger: MemberHandle;
let outsider: MemberHandle;
let ownerThere: MemberHandle;
/** Administrator permission, no admin role: Red's "guild owner or Administrator" and "admin or Administrator". */
let administrator: MemberHandle;
/** Another bot, a member of the guild. */
let robot: MemberHandle;
/** A member of both guilds who can Manage Channels in the first (for the data request test). */
let leaver: MemberHandle;
let leaverThere: MemberHandle;

/** Says `text` as `who` (in the guild's general channel by default) and returns the bot's answer. */
async function say(who: MemberHandle, text: string, channel = guild.general): Promise<string> {
  await h.sim.say(channel, who, text);
  return (await h.sim.waitForMessage({ channelId: channel })).content;
}

/** Says `text` as `who`, then `!ping` as the owner: `Pong!…` as the next answer proves `text` got none. */
async function silent(who: MemberHandle, text: string, channel = guild.general): Promise<boolean> {
  await h.sim.say(channel, who, text);
  return /^Pong!/.test(await say(channel === other.general ? ownerThere : owner, '!ping', channel));
}

/**
 * Whether `who` may run `ping` in `channel`: by slash (`Pong!`, or the private refusal) and by text (`Pong!`,
 * or silence), which must agree.
 */
async function ping(who: MemberHandle, channel = guild.general): Promise<'ran' | 'refused'> {
  const interaction = await h.sim.runSlash(channel, who, 'ping');
  const reply = await h.sim.waitForInteractionResponse(interaction);
  const bySlash = reply.content.startsWith('Pong!') ? 'ran' : reply.content === SLASH_CHECK_REFUSED && reply.ephemeral ? 'refused' : reply.content;
  const byText = bySlash === 'ran' ? ((await say(who, '!ping', channel)).startsWith('Pong!') ? 'ran' : 'no pong') : (await silent(who, '!ping', channel)) ? 'refused' : 'answered';
  expect({ byText }).toEqual({ byText: bySlash });
  return bySlash as 'ran' | 'refused';
}

/** The privilege refusal (H-checks may name a Discord permission that also satisfies it, between the two halves). */
const refused = (required: Privilege, path: string) => {
  const [head] = refusalMessage(required, path.split(' ')).split(' to use ');
  return expect.stringMatching(new RegExp(`^${escape(head!)}.* to use \\\`${escape(path)}\\\`\\.$`));
};
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

beforeAll(async () => {
  h = await startBot(registry, {
    instance: { cogs: ['access', 'general', 'mydata'], owners: [OWNER] },
    world: (sim) => {
      const go = sim.createUser({ username: 'gowner' });
      guild = sim.createGuild({
        name: 'Guild One',
        owner: go,
        channels: [{ name: 'general' }, { name: 'second' }, { name: 'Zone', type: ChannelType.GuildCategory }, { name: 'zoned', parent: 'Zone' }],
        roles: [
          { name: 'Admins' },
          { name: 'Mods' },
          { name: 'Pals' },
          { name: 'Channelers', permissions: ['ManageChannels'] },
          { name: 'Managers', permissions: ['ManageGuild'] },
          { name: 'Administrators', permissions: ['Administrator'] },
          { name: '**Loud** [x](https://e.invalid) <@1>' },
        ],
      });
      gowner = { kind: 'member', id: go.id, username: 'gowner', guildId: guild.id, mention: `<@${go.id}>` };
      sim.state.addUser({ username: 'owner', id: OWNER });
      owner = sim.createMember(guild, { username: 'owner', user: OWNER });
      admin = sim.createMember(guild, { username: 'admin', roles: ['Admins'] });
      mod = sim.createMember(guild, { username: 'mod', roles: ['Mods'] });
      plain = sim.createMember(guild, { username: 'plain', roles: ['Pals'] });
      plain2 = sim.createMember(guild, { username: 'plain2' });
      manager = sim.createMember(guild, { username: 'chanman', roles: ['Channelers'] });
      stranger = sim.createMember(guild, { username: 'guildman', roles: ['Managers'] });
      administrator = sim.createMember(guild, { username: 'administrator', roles: ['Administrators'] });
      const bot = sim.createUser({ username: 'robot', bot: true });
      robot = sim.createMember(guild, { username: 'robot', user: bot.id });
      leaver = sim.createMember(guild, { username: 'leaver', roles: ['Channelers'] });
      other = sim.createGuild({ name: 'Another Guild' });
      outsider = sim.createMember(other, { username: 'outsider' });
      ownerThere = sim.createMember(other, { username: 'owner', user: OWNER });
      leaverThere = sim.createMember(other, { username: 'leaver', user: leaver.id });
    },
  });
  await h.bot.privileges.roles.add('admin', guild.id, guild.role('Admins').id);
  await h.bot.privileges.roles.add('mod', guild.id, guild.role('Mods').id);
});

afterAll(async () => {
  await h?.stop();
});


const second = () => guild.channel('second');

describe('allowlist (bot owners)', () => {
  it('GIVEN a non-owner THEN every allowlist command is refused as owner-only', async () => {
    expect(await say(admin, `!allowlist add ${plain.mention}`)).toEqual(refused('owner', 'allowlist add'));
    expect(await say(gowner, '!allowlist list')).toEqual(refused('owner', 'allowlist list'));
    expect(await say(plain, '!allowlist clear')).toEqual(refused('owner', 'allowlist clear'));
    expect(await h.bot.access.list('allowlist', { global: true })).toEqual([]);
  });

  it('GIVEN users on the allowlist THEN only they (and owners) may use the bot, in every guild; cleared, everyone may again', async () => {
    expect(await say(owner, `!allowlist add ${plain.mention} ${outsider.mention}`)).toBe(`Added ${plain.mention}, ${outsider.mention} to the allowlist.`);
    expect(await ping(plain)).toBe('ran');
    expect(await ping(outsider, other.general)).toBe('ran');
    expect(await ping(admin)).toBe('refused');
    expect(await ping(gowner)).toBe('refused');
    expect(await ping(owner)).toBe('ran');
    expect(await say(owner, '!allowlist list')).toBe(`Users on the allowlist: ${plain.mention}, ${outsider.mention}.`);
    expect(await say(owner, `!allowlist remove ${outsider.mention}`)).toBe(`Removed ${outsider.mention} from the allowlist.`);
    expect(await ping(outsider, other.general)).toBe('refused');
    const slash = await h.sim.runSlash(guild.general, owner, 'allowlist clear');
    expect((await h.sim.waitForInteractionResponse(slash)).content).toBe('Cleared the allowlist (1 users).');
    expect(await ping(admin)).toBe('ran');
    expect(await say(owner, '!allowlist list')).toBe('The allowlist is empty.');
    const log = await readAudit(h.bot.audit, { guildId: null, actionPrefix: 'allowlist' });
    expect(log.map((e) => [e.action, e.actorId])).toEqual([
      ['allowlist.clear', OWNER],
      ['allowlist.remove', OWNER],
      ['allowlist.add', OWNER],
    ]);
  });
});

describe('blocklist (bot owners)', () => {
  it('GIVEN a blocked user THEN they are ignored everywhere; owners cannot be blocked; removed, they are heard again', async () => {
    expect(await say(admin, `!blocklist add ${plain.mention}`)).toEqual(refused('owner', 'blocklist add'));
    expect(await say(owner, `!blocklist add ${plain.mention}`)).toBe(`Added ${plain.mention} to the blocklist.`);
    expect(await ping(plain)).toBe('refused');
    expect(await ping(plain2)).toBe('ran');
    expect(await say(owner, `!blocklist add ${owner.mention}`)).toBe('owner is a bot owner and cannot be put on the blocklist.');
    expect(await say(owner, '!blocklist list')).toBe(`Users on the blocklist: ${plain.mention}.`);
    const slash = await h.sim.runSlash(guild.general, owner, 'blocklist remove', { users: plain.mention });
    expect((await h.sim.waitForInteractionResponse(slash)).content).toBe(`Removed ${plain.mention} from the blocklist.`);
    expect(await ping(plain)).toBe('ran');
    expect(await say(owner, `!blocklist add ${plain2.mention}`)).toBe(`Added ${plain2.mention} to the blocklist.`);
    expect(await say(owner, '!blocklist clear')).toBe('Cleared the blocklist (1 users).');
    expect(await ping(plain2)).toBe('ran');
    expect((await readAudit(h.bot.audit, { guildId: null, actionPrefix: 'blocklist', limit: 1 }))[0]!.detail).toBe('cleared the global blocklist (1 users)');
  });
});

describe('localblocklist and localallowlist (server admins)', () => {
  it('GIVEN a mod THEN the local lists are refused as admin-only; in a DM they are refused as server-only', async () => {
    expect(await say(mod, `!localblocklist add ${plain.mention}`)).toEqual(refused('admin', 'localblocklist add'));
    expect(await say(plain, '!localallowlist list')).toEqual(refused('admin', 'localallowlist list'));
    await h.sim.sayInDM(owner, '!localblocklist list');
    expect((await h.sim.waitForMessage({ from: 'bot' })).content).toBe('This command can only be used in a server.');
  });

  it('GIVEN a member and a role on the server blocklist THEN they are ignored here only; the admin cannot block themselves or the owner', async () => {
    expect(await say(admin, `!localblocklist add ${plain2.mention} Pals`)).toBe(`Added ${plain2.mention}, <@&${guild.role('Pals').id}> to this server's blocklist.`);
    expect(await ping(plain2)).toBe('refused');
    expect(await ping(plain)).toBe('refused'); // by the role Pals
    expect(await ping(mod)).toBe('ran');
    expect(await say(admin, `!localblocklist add ${admin.mention}`)).toBe('You cannot put yourself (or a role you have) on the blocklist.');
    expect(await say(admin, '!localblocklist add Admins')).toBe('You cannot put yourself (or a role you have) on the blocklist.');
    expect(await say(admin, `!localblocklist add ${gowner.mention}`)).toBe('The server owner cannot be put on the blocklist.');
    expect(await say(admin, '!localblocklist list')).toBe(`On this server's blocklist: ${plain2.mention}, <@&${guild.role('Pals').id}>.`);
    expect(await say(admin, '!localblocklist remove Pals')).toBe(`Removed <@&${guild.role('Pals').id}> from this server's blocklist.`);
    expect(await ping(plain)).toBe('ran');
    expect(await say(admin, '!localblocklist clear')).toBe("Cleared this server's blocklist (1 entries).");
    expect(await ping(plain2)).toBe('ran');
    const log = await readAudit(h.bot.audit, { guildId: guild.id, actionPrefix: 'localblocklist' });
    expect(log.map((e) => e.action)).toEqual(['localblocklist.clear', 'localblocklist.remove', 'localblocklist.add']);
    expect(log[2]!.detail).toBe(`added member plain2 (${plain2.id}), role Pals (${guild.role('Pals').id}) to the server blocklist`);
  });

  it('GIVEN a server allowlist THEN only its members and roles (and the server owner) are heard; an admin cannot leave themselves off', async () => {
    expect(await say(admin, `!localallowlist add ${plain.mention}`)).toBe(
      'That would stop you from using the bot here: put yourself (or a role you have) on the allowlist first.',
    );
    expect(await h.bot.access.list('allowlist', { guild: guild.id })).toEqual([]);
    const slash = await h.sim.runSlash(guild.general, admin, 'localallowlist add', { targets: `Admins ${plain.mention}` });
    expect((await h.sim.waitForInteractionResponse(slash)).content).toBe(`Added <@&${guild.role('Admins').id}>, ${plain.mention} to this server's allowlist.`);
    expect(await ping(plain)).toBe('ran');
    expect(await ping(admin)).toBe('ran');
    expect(await ping(gowner)).toBe('ran');
    expect(await ping(mod)).toBe('refused');
    expect(await ping(outsider, other.general)).toBe('ran');
    expect(await say(admin, '!localallowlist remove Admins')).toBe('That would stop you from using the bot here: you (or a role you have) must stay on the allowlist.');
    expect(await say(admin, '!localallowlist list')).toBe(`On this server's allowlist: <@&${guild.role('Admins').id}>, ${plain.mention}.`);
    expect(await say(gowner, '!localallowlist clear')).toBe("Cleared this server's allowlist (2 entries).");
    expect(await ping(mod)).toBe('ran');
  });
});

describe('ignore and unignore (server admins)', () => {
  it('GIVEN an ignored channel THEN members are ignored there, admins and channel managers pass, other channels are heard', async () => {
    expect(await say(mod, '!ignore channel')).toEqual(refused('admin', 'ignore channel'));
    expect(await say(mod, '!ignore channel')).toContain('Manage Channels');
    expect(await say(admin, '!ignore channel')).toBe(`Commands in <#${guild.general.id}> will be ignored (admins and channel managers still pass).`);
    expect(await ping(plain)).toBe('refused');
    expect(await ping(mod)).toBe('refused');
    expect(await ping(admin)).toBe('ran');
    expect(await ping(manager)).toBe('ran');
    expect(await ping(stranger)).toBe('ran');
    expect(await ping(plain, second())).toBe('ran');
    expect(await say(admin, '!ignore channel')).toBe(`<#${guild.general.id}> is already ignored.`);
    expect(await say(admin, '!ignore list', second())).toBe(`This server is not ignored.\nIgnored channels: <#${guild.general.id}>.`);
    expect(await say(mod, `!unignore channel <#${guild.general.id}>`, second())).toEqual(refused('admin', 'unignore channel'));
    expect(await say(admin, `!unignore channel <#${guild.general.id}>`, second())).toBe(`<#${guild.general.id}> is no longer ignored.`);
    expect(await ping(plain)).toBe('ran');
  });

  it('GIVEN a channel manager ignores a category THEN the channels in it are ignored too, and the others are not', async () => {
    const zone = guild.channel('Zone');
    // Red's alternative to the admin level: Manage Channels.
    expect(await say(manager, `!ignore channel <#${zone.id}>`)).toBe(`Commands in <#${zone.id}> will be ignored (admins and channel managers still pass).`);
    expect(await ping(plain, guild.channel('zoned'))).toBe('refused');
    expect(await ping(admin, guild.channel('zoned'))).toBe('ran');
    expect(await ping(plain)).toBe('ran');
    expect(await say(admin, `!unignore channel <#${zone.id}>`)).toBe(`<#${zone.id}> is no longer ignored.`);
    expect(await ping(plain, guild.channel('zoned'))).toBe('ran');
  });

  it('GIVEN an ignored server THEN members are ignored in every channel, admins and server managers pass (channel managers do not)', async () => {
    expect(await say(mod, '!ignore server')).toEqual(refused('admin', 'ignore server'));
    expect(await say(admin, '!ignore server')).toBe('Commands in this server will be ignored (admins and server managers still pass).');
    expect(await ping(plain)).toBe('refused');
    expect(await ping(plain, second())).toBe('refused');
    expect(await ping(manager)).toBe('refused');
    expect(await ping(stranger)).toBe('ran');
    expect(await ping(admin)).toBe('ran');
    expect(await ping(outsider, other.general)).toBe('ran');
    const slash = await h.sim.runSlash(guild.general, admin, 'unignore server');
    expect((await h.sim.waitForInteractionResponse(slash)).content).toBe('This server is no longer ignored.');
    expect(await ping(plain)).toBe('ran');
    const log = await readAudit(h.bot.audit, { guildId: guild.id, actionPrefix: 'unignore' });
    expect(log.map((e) => [e.action, e.actorId])).toEqual([
      ['unignore.server', admin.id],
      ['unignore.channel', admin.id],
      ['unignore.channel', admin.id],
    ]);
  });
});

describe('command disable and enable', () => {
  it('GIVEN a command disabled in a server THEN it is disabled there only; the server owner cannot disable it globally nor the access commands', async () => {
    expect(await say(mod, '!command disable server ping')).toEqual(refused('guildOwner', 'command disable server'));
    expect(await say(gowner, '!command disable server ping')).toBe('`ping` is disabled in this server.');
    expect(await say(plain, '!ping')).toBe('That command is disabled.');
    expect(await say(outsider, '!ping', other.general)).toMatch(/^Pong!/);
    expect(await say(gowner, '!command disable global ping')).toEqual(refused('owner', 'command disable global'));
    expect(await say(gowner, '!command disable server blocklist add')).toBe('`blocklist add` belongs to the access cog, which manages the bot; it cannot be disabled.');
    expect(await say(gowner, '!command disable server nosuch thing')).toBe('There is no command `nosuch thing`.');
    expect(await say(gowner, '!command disable server mydata ownermanagement allowuserrequests')).toBe(
      'You are not allowed to disable `mydata ownermanagement allowuserrequests`: it needs a bot owner.',
    );
    expect(await say(gowner, '!command listdisabled')).toBe('Disabled everywhere: commands none; cogs none.\nDisabled in this server: commands `ping`; cogs none.');
    expect(await say(gowner, '!command enable server ping')).toBe('`ping` is enabled again in this server.');
    expect(await ping(plain)).toBe('ran');
  });

  it('GIVEN another process sharing the storage disabled a command (stored, not in this process\'s memory) THEN it is refused here too, by text and slash, and enabling it here clears it', async () => {
    // What a second shard's `command disable server ping` leaves behind: the stored list, nothing in this process.
    const stored = h.bot.coreSettings()!.config.guildFromId(guild.id).getAttr('disabledCommands');
    await stored.set(['ping']);
    expect(await say(plain, '!ping')).toBe('That command is disabled.');
    const slash = await h.sim.waitForInteractionResponse(await h.sim.runSlash(guild.general, plain, 'ping'));
    expect(slash.content).toBe('That command is disabled.');
    expect(await say(gowner, '!command enable server ping')).toBe('`ping` is enabled again in this server.');
    expect(await ping(plain)).toBe('ran');
  });

  it('GIVEN the owner disables a command globally THEN it is off in every guild and on again when enabled', async () => {
    expect(await say(owner, '!command disable global ping')).toBe('`ping` is disabled everywhere.');
    expect(await say(outsider, '!ping', other.general)).toBe('That command is disabled.');
    const slash = await h.sim.runSlash(guild.general, owner, 'command enable global', { command: 'ping' });
    expect((await h.sim.waitForInteractionResponse(slash)).content).toBe('`ping` is enabled again everywhere.');
    expect(await say(outsider, '!ping', other.general)).toMatch(/^Pong!/);
    expect((await readAudit(h.bot.audit, { guildId: null, actionPrefix: 'command' })).map((e) => e.detail)).toEqual(['enabled `ping` everywhere', 'disabled `ping` everywhere']);
  });
});

describe('disablecog and enablecog', () => {
  it('GIVEN a cog disabled in a server THEN its commands answer "disabled" there; the access cog cannot be disabled; owners disable bot-wide', async () => {
    expect(await say(mod, '!command disablecog general')).toEqual(refused('guildOwner', 'command disablecog'));
    expect(await say(gowner, '!command disablecog general')).toBe('The general cog is disabled in this server.');
    expect(await say(plain, '!ping')).toBe('That command is disabled.');
    expect(await say(outsider, '!ping', other.general)).toMatch(/^Pong!/);
    expect(await say(gowner, '!command disablecog access')).toBe('The access cog manages the bot; it cannot be disabled.');
    expect(await say(gowner, '!command disablecog nosuch')).toBe('There is no loaded cog `nosuch`.');
    expect(await say(gowner, '!command enablecog general')).toBe('The general cog is enabled again in this server.');
    expect(await ping(plain)).toBe('ran');
    expect(await say(gowner, '!command defaultdisablecog general')).toEqual(refused('owner', 'command defaultdisablecog'));
    expect(await say(owner, '!command defaultdisablecog general')).toBe('The general cog is disabled everywhere.');
    expect(await say(outsider, '!ping', other.general)).toBe('That command is disabled.');
    expect(await say(owner, '!command listdisabled')).toBe('Disabled everywhere: commands none; cogs `general`.\nDisabled in this server: commands none; cogs none.');
    expect(await say(owner, '!command defaultenablecog general')).toBe('The general cog is enabled again everywhere.');
    expect(await say(outsider, '!ping', other.general)).toMatch(/^Pong!/);
  });
});

describe('auditlog', () => {
  it('GIVEN changes THEN admins read the server log, owners the bot-wide one, each newest first; lower levels are refused', async () => {
    expect(await say(mod, '!auditlog server')).toEqual(refused('admin', 'auditlog server'));
    expect(await say(admin, '!auditlog global')).toEqual(refused('owner', 'auditlog global'));
    const server = await say(admin, '!auditlog server 2');
    expect(server.split('\n')).toEqual([
      "This server's audit log, newest first:",
      expect.stringMatching(new RegExp(`^<t:\\d+:f> <@${gowner.id}> \`cog.enable\`: enabled cog general in this server$`)),
      expect.stringMatching(new RegExp(`^<t:\\d+:f> <@${gowner.id}> \`cog.disable\`: disabled cog general in this server$`)),
    ]);
    const interaction = await h.sim.runSlash(guild.general, owner, 'auditlog global', { count: 1 });
    const global = await h.sim.waitForInteractionResponse(interaction);
    expect(global.content).toMatch(new RegExp(`^The bot-wide audit log, newest first:\n<t:\\d+:f> <@${OWNER}> \`cog.enable\`: enabled cog general everywhere$`));
  });
});

/** Says `text` in a DM with the bot and returns the answer. */
async function sayInDM(who: MemberHandle, text: string): Promise<string> {
  const sent = await h.sim.sayInDM(who, text);
  return (await h.sim.waitForMessage({ after: sent })).content;
}

/** Runs a slash command in a DM with the bot and returns the answer. */
async function slashInDM(who: MemberHandle, command: string, options: Record<string, string | number> = {}): Promise<{ content: string; ephemeral: boolean }> {
  const interaction = await h.sim.runSlash(h.sim.state.dmChannel(who.id).id, who, command, options);
  return h.sim.waitForInteractionResponse(interaction);
}

describe('privileges as in Red (core_commands.py)', () => {
  it('GIVEN the command group THEN the server subcommands are guild owner or Administrator: an admin role is not enough, the permission alone is', async () => {
    for (const command of ['command disable server ping', 'command enable server ping', 'command disablecog general', 'command enablecog general', 'command listdisabled']) {
      const path = command.split(' ').slice(0, command.startsWith('command disable ') || command.startsWith('command enable ') ? 3 : 2).join(' ');
      const answer = await say(admin, `!${command}`);
      expect(answer).toEqual(refused('guildOwner', path));
      expect(answer).toContain('Administrator');
    }
    expect(await say(administrator, '!command disable server ping')).toBe('`ping` is disabled in this server.');
    expect(await say(administrator, '!command listdisabled')).toBe('Disabled everywhere: commands none; cogs none.\nDisabled in this server: commands `ping`; cogs none.');
    expect(await say(administrator, '!command enable server ping')).toBe('`ping` is enabled again in this server.');
    expect(await say(administrator, '!command disablecog general')).toBe('The general cog is disabled in this server.');
    expect(await say(administrator, '!command enablecog general')).toBe('The general cog is enabled again in this server.');
    // The bot-wide ones stay owner-only: the permission does not stand in for the owner.
    expect(await say(administrator, '!command disable global ping')).toEqual(refused('owner', 'command disable global'));
    expect(await say(gowner, '!command defaultenablecog general')).toEqual(refused('owner', 'command defaultenablecog'));
  });

  it('GIVEN the local lists and ignores THEN Administrator (lists) and Manage Channels (ignores) stand in for the admin role; a mod is refused', async () => {
    expect(await say(administrator, '!localblocklist list')).toBe("This server's blocklist is empty.");
    expect(await say(administrator, '!localallowlist list')).toBe("This server's allowlist is empty.");
    expect(await say(manager, '!localblocklist list')).toEqual(refused('admin', 'localblocklist list'));
    expect(await say(mod, '!localallowlist list')).toEqual(refused('admin', 'localallowlist list'));
    expect(await say(manager, '!ignore list')).toBe('This server is not ignored.\nIgnored channels: none.');
    expect(await say(mod, '!ignore list')).toEqual(refused('admin', 'ignore list'));
    expect(await say(mod, '!unignore server')).toEqual(refused('admin', 'unignore server'));
  });
});

describe('server-scope commands in a DM', () => {
  it('GIVEN a DM THEN the server subcommands answer "server only" by text and by slash, before any privilege check; the bot-wide ones still work', async () => {
    for (const [who, command] of [
      [plain, 'command disable server ping'],
      [admin, 'command enable server ping'],
      [plain, 'command listdisabled'],
      [plain, 'command disablecog general'],
      [owner, 'command listdisabled'],
      [admin, 'auditlog server'],
      [owner, 'auditlog server'],
    ] as const) {
      expect(await sayInDM(who, `!${command}`)).toBe(GUILD_ONLY_MESSAGE);
    }
    expect((await slashInDM(plain, 'command disable server', { command: 'ping' })).content).toBe(GUILD_ONLY_MESSAGE);
    expect((await slashInDM(plain, 'command listdisabled')).content).toBe(GUILD_ONLY_MESSAGE);
    expect((await slashInDM(plain, 'command enablecog', { cog: 'general' })).content).toBe(GUILD_ONLY_MESSAGE);
    expect((await slashInDM(admin, 'auditlog server')).content).toBe(GUILD_ONLY_MESSAGE);
    // Bot-wide subcommands of the same groups are not guild-only: refused by privilege, run by the owner.
    expect(await sayInDM(plain, '!auditlog global 1')).toEqual(refused('owner', 'auditlog global'));
    expect(await sayInDM(owner, '!command disable global ping')).toBe('`ping` is disabled everywhere.');
    expect((await slashInDM(owner, 'command enable global', { command: 'ping' })).content).toBe('`ping` is enabled again everywhere.');
  });
});

describe('ignore a channel of another server', () => {
  it('GIVEN slash ignore/unignore channel naming a channel of another server THEN it is refused and nothing changes there', async () => {
    const answer = await h.sim.waitForInteractionResponse(await h.sim.runSlash(guild.general, admin, 'ignore channel', { channel: other.general.id }));
    // The runtime refuses it as bad input before the cog sees it (a channel of another guild is none of this one's).
    expect(answer.content).toBe(`\`channel\` must be a channel of this server; \`${other.general.id}\` is not one.\nUsage: \`/ignore channel [channel]\``);
    expect(await h.bot.access.channelIgnored(other.general.id)).toBe(false);
    expect(await ping(outsider, other.general)).toBe('ran');
    // Ignored by its own server's owner, it cannot be unignored from here either.
    await h.bot.access.setChannelIgnored(other.general.id, true);
    const un = await h.sim.waitForInteractionResponse(await h.sim.runSlash(guild.general, admin, 'unignore channel', { channel: other.general.id }));
    expect(un.content).toBe(`\`channel\` must be a channel of this server; \`${other.general.id}\` is not one.\nUsage: \`/unignore channel [channel]\``);
    expect(await h.bot.access.channelIgnored(other.general.id)).toBe(true);
    await h.bot.access.setChannelIgnored(other.general.id, false);
    // This server's own channels by slash still work.
    const own = await h.sim.waitForInteractionResponse(await h.sim.runSlash(guild.general, admin, 'ignore channel', { channel: second().id }));
    expect(own.content).toBe(`Commands in <#${second().id}> will be ignored (admins and channel managers still pass).`);
    expect(await say(admin, `!unignore channel <#${second().id}>`)).toBe(`<#${second().id}> is no longer ignored.`);
  });
});

describe('disabling a group with a subcommand above the caller', () => {
  it('GIVEN mydata (whose ownermanagement is owner-only) THEN the server owner cannot disable or enable the group, naming the subcommand; a bot owner can', async () => {
    expect(await say(gowner, '!command disable server mydata')).toBe(
      'You are not allowed to disable `mydata`: its subcommand `mydata ownermanagement` needs a bot owner.',
    );
    const bySlash = await h.sim.waitForInteractionResponse(await h.sim.runSlash(guild.general, administrator, 'command disable server', { command: 'mydata' }));
    expect(bySlash.content).toBe('You are not allowed to disable `mydata`: its subcommand `mydata ownermanagement` needs a bot owner.');
    expect(await h.bot.access.disabledCommands({ guild: guild.id })).toEqual([]);
    // A subcommand within reach is fine.
    expect(await say(gowner, '!command disable server mydata whatdata')).toBe('`mydata whatdata` is disabled in this server.');
    expect(await say(gowner, '!command enable server mydata whatdata')).toBe('`mydata whatdata` is enabled again in this server.');
    expect(await say(owner, '!command disable server mydata')).toBe('`mydata` is disabled in this server.');
    expect(await say(gowner, '!command enable server mydata')).toBe('You are not allowed to enable `mydata`: its subcommand `mydata ownermanagement` needs a bot owner.');
    expect(await say(owner, '!command enable server mydata')).toBe('`mydata` is enabled again in this server.');
  });
});

describe('bots on lists', () => {
  it('GIVEN the bot itself or another bot THEN no list takes it, by text or slash; nothing is stored', async () => {
    const me = `<@${h.bot.client.user!.id}>`;
    expect(await say(owner, `!blocklist add ${me}`)).toBe('That is me: I cannot be put on an allow or block list.');
    expect(await say(owner, `!allowlist add ${plain.mention} ${robot.mention}`)).toBe(
      'robot is a bot: bots cannot be put on allow or block lists (the bot never takes commands from bots).',
    );
    expect(await say(admin, `!localblocklist add ${me}`)).toBe('That is me: I cannot be put on an allow or block list.');
    expect(await say(admin, `!localblocklist add ${robot.mention}`)).toBe('robot is a bot: bots cannot be put on allow or block lists (the bot never takes commands from bots).');
    const slash = await h.sim.waitForInteractionResponse(await h.sim.runSlash(guild.general, admin, 'localallowlist add', { targets: `Admins ${robot.mention}` }));
    expect(slash.content).toBe('robot is a bot: bots cannot be put on allow or block lists (the bot never takes commands from bots).');
    for (const scope of [{ global: true } as const, { guild: guild.id }]) {
      expect(await h.bot.access.list('allowlist', scope)).toEqual([]);
      expect(await h.bot.access.list('blocklist', scope)).toEqual([]);
    }
  });
});

describe('user text in answers and the audit log', () => {
  it('GIVEN names and command words with Markdown, mentions, backticks or line breaks THEN they are shown as typed', async () => {
    const loud = guild.role('**Loud** [x](https://e.invalid) <@1>');
    expect(await say(admin, `!localblocklist add <@&${loud.id}>`)).toBe(`Added <@&${loud.id}> to this server's blocklist.`);
    const [entry] = await readAudit(h.bot.audit, { guildId: guild.id, actionPrefix: 'localblocklist.add', limit: 1 });
    expect(entry!.detail).toBe(`added role \\*\\*Loud\\*\\* [x]https://e.invalid \\<@1> (${loud.id}) to the server blocklist`);
    expect(await say(admin, `!localblocklist remove <@&${loud.id}>`)).toBe(`Removed <@&${loud.id}> from this server's blocklist.`);
    expect(await say(gowner, '!command disable server no`such\nthing')).toBe("There is no command `no'such thing`.");
    expect(await say(gowner, '!command disablecog "a`b\nc"')).toBe("There is no loaded cog `a'b c`.");
  });
});

describe('data requests', () => {
  it('GIVEN a user on lists and in the audit log WHEN Discord reports the account deleted THEN the id leaves every list and the log; owner requests keep them', async () => {
    // leaver acts (an audit entry as actor), then is put on the global and both servers' blocklists with others.
    expect(await say(leaver, '!ignore channel', second())).toBe(`Commands in <#${second().id}> will be ignored (admins and channel managers still pass).`);
    expect(await say(leaver, '!unignore channel', second())).toBe(`<#${second().id}> is no longer ignored.`);
    expect(await say(owner, `!blocklist add ${leaver.mention} ${outsider.mention}`)).toBe(`Added ${leaver.mention}, ${outsider.mention} to the blocklist.`);
    expect(await say(admin, `!localblocklist add ${leaver.mention} ${plain2.mention}`)).toBe(`Added ${leaver.mention}, ${plain2.mention} to this server's blocklist.`);
    expect(await say(ownerThere, `!localblocklist add ${leaverThere.mention}`, other.general)).toBe(`Added ${leaver.mention} to this server's blocklist.`);
    await h.bot.access.add('allowlist', { guild: other.id }, [leaver.id, outsider.id]);

    const snapshot = async () => ({
      global: await h.bot.access.list('blocklist', { global: true }),
      here: await h.bot.access.list('blocklist', { guild: guild.id }),
      there: await h.bot.access.list('blocklist', { guild: other.id }),
      thereAllow: await h.bot.access.list('allowlist', { guild: other.id }),
    });
    const before = await snapshot();
    // An owner's request keeps them (an operational setting the owner can remove by hand).
    expect(await say(owner, `!mydata ownermanagement deleteforuser ${leaver.id}`)).toMatch(/deleted/i);
    expect(await snapshot()).toEqual(before);

    await say(owner, `!mydata ownermanagement processdiscordrequest ${leaver.id}`);
    expect(await snapshot()).toEqual({ global: [outsider.id], here: [plain2.id], there: [], thereAllow: [outsider.id] });
    const everything = [
      ...(await readAudit(h.bot.audit, { guildId: null })),
      ...(await readAudit(h.bot.audit, { guildId: guild.id })),
      ...(await readAudit(h.bot.audit, { guildId: other.id })),
    ];
    expect(JSON.stringify(everything)).not.toContain(leaver.id);
    expect(JSON.stringify(everything)).not.toContain('leaver');
    const ignores = await readAudit(h.bot.audit, { guildId: guild.id, actionPrefix: 'unignore.channel', limit: 1 });
    expect(ignores[0]!.actorId).toBe(DELETED_ACTOR);
    const added = await readAudit(h.bot.audit, { guildId: guild.id, actionPrefix: 'localblocklist.add', limit: 1 });
    expect([added[0]!.actorId, added[0]!.detail]).toEqual([admin.id, `added a deleted user, member plain2 (${plain2.id}) to the server blocklist`]);
    const global = await readAudit(h.bot.audit, { guildId: null, actionPrefix: 'blocklist.add', limit: 1 });
    expect(global[0]!.detail).toBe(`added a deleted user, ${outsider.mention} to the global blocklist`);
    expect(await say(admin, '!auditlog server 20')).toMatch(/<t:\d+:f> a deleted user `unignore\.channel`: stopped ignoring channel/);
    // Clean up for any later test.
    await say(owner, '!blocklist clear');
    await say(admin, '!localblocklist clear');
    await h.bot.access.clear('allowlist', { guild: other.id });
  });
});
