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
import { readAudit } from '../../runtime/permissions/audit-log.js';
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
        roles: [{ name: 'Admins' }, { name: 'Mods' }, { name: 'Pals' }, { name: 'Channelers', permissions: ['ManageChannels'] }, { name: 'Managers', permissions: ['ManageGuild'] }],
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
      other = sim.createGuild({ name: 'Another Guild' });
      outsider = sim.createMember(other, { username: 'outsider' });
      ownerThere = sim.createMember(other, { username: 'owner', user: OWNER });
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
  it('GIVEN a command disabled in a server THEN it is disabled there only; an admin cannot disable it globally nor the access commands', async () => {
    expect(await say(mod, '!command disable server ping')).toEqual(refused('admin', 'command disable server'));
    expect(await say(admin, '!command disable server ping')).toBe('`ping` is disabled in this server.');
    expect(await say(plain, '!ping')).toBe('That command is disabled.');
    expect(await say(outsider, '!ping', other.general)).toMatch(/^Pong!/);
    expect(await say(admin, '!command disable global ping')).toEqual(refused('owner', 'command disable global'));
    expect(await say(admin, '!command disable server blocklist add')).toBe('`blocklist add` belongs to the access cog, which manages the bot; it cannot be disabled.');
    expect(await say(admin, '!command disable server nosuch thing')).toBe('There is no command `nosuch thing`.');
    expect(await say(admin, '!command disable server mydata ownermanagement allowuserrequests')).toBe(
      'You are not allowed to disable `mydata ownermanagement allowuserrequests`.',
    );
    expect(await say(admin, '!command listdisabled')).toBe('Disabled everywhere: commands none; cogs none.\nDisabled in this server: commands `ping`; cogs none.');
    expect(await say(admin, '!command enable server ping')).toBe('`ping` is enabled again in this server.');
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
    expect(await say(mod, '!command disablecog general')).toEqual(refused('admin', 'command disablecog'));
    expect(await say(admin, '!command disablecog general')).toBe('The general cog is disabled in this server.');
    expect(await say(plain, '!ping')).toBe('That command is disabled.');
    expect(await say(outsider, '!ping', other.general)).toMatch(/^Pong!/);
    expect(await say(admin, '!command disablecog access')).toBe('The access cog manages the bot; it cannot be disabled.');
    expect(await say(admin, '!command disablecog nosuch')).toBe('There is no loaded cog `nosuch`.');
    expect(await say(admin, '!command enablecog general')).toBe('The general cog is enabled again in this server.');
    expect(await ping(plain)).toBe('ran');
    expect(await say(admin, '!command defaultdisablecog general')).toEqual(refused('owner', 'command defaultdisablecog'));
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
      expect.stringMatching(new RegExp(`^<t:\\d+:f> <@${admin.id}> \`cog.enable\`: enabled cog general in this server$`)),
      expect.stringMatching(new RegExp(`^<t:\\d+:f> <@${admin.id}> \`cog.disable\`: disabled cog general in this server$`)),
    ]);
    const interaction = await h.sim.runSlash(guild.general, owner, 'auditlog global', { count: 1 });
    const global = await h.sim.waitForInteractionResponse(interaction);
    expect(global.content).toMatch(new RegExp(`^The bot-wide audit log, newest first:\n<t:\\d+:f> <@${OWNER}> \`cog.enable\`: enabled cog general everywhere$`));
  });
});
