/**
 * The core cog end to end: a real Bot (real discord.js client) with the generated `core` cog against the
 * simulator. Each command: success, and refusal for a member whose privilege is too low.
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../generated/registry.js';
import { EXIT_CODES } from '../../runtime/core/exit-codes.js';
import { GUILD_ONLY_MESSAGE } from '../../runtime/commands/guild-only.js';
import { PrefixStore } from '../../runtime/core/prefixes.js';
import { DELETED_ACTOR, readAudit } from '../../runtime/permissions/audit-log.js';
import { refusalMessage, type Privilege } from '../../runtime/permissions/levels.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { startBot, type Harness } from '../e2e/harness.js';

const OWNER = '512345678901234567';
let h: Harness;
let guild: GuildHandle;
let other: GuildHandle;
let gowner: MemberHandle;
let owner: MemberHandle;
let admin: MemberHandle;
let plain: MemberHandle;
let manager: MemberHandle;
/** Administrator permission, no admin role. */
let administrator: MemberHandle;
/** A member whose username is Markdown. */
let sneaky: MemberHandle;

/** Says `text` as `who` in the guild's general channel and returns the bot's answer. */
async function say(who: MemberHandle, text: string): Promise<string> {
  await h.sim.say(guild.general, who, text);
  return (await h.sim.waitForMessage({ channelId: guild.general })).content;
}

async function slash(who: MemberHandle, command: string, options: Record<string, string | boolean> = {}) {
  const interaction = await h.sim.runSlash(guild.general, who, command, options);
  return h.sim.waitForInteractionResponse(interaction);
}

/** The privilege refusal: names the level needed and the command (runtime/permissions/levels.ts words it). */
const refused = (required: Privilege, path: string) => {
  const exact = refusalMessage(required, path.split(' '));
  // The level's words up to "to use"; a Discord permission that also satisfies it may be named in between.
  const [head] = exact.split(' to use ');
  return expect.stringMatching(new RegExp(`^${escape(head!)}.* to use \\\`${escape(path)}\\\`\\.$`));
};
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

beforeAll(async () => {
  h = await startBot(registry, {
    instance: { cogs: ['core', 'general'], owners: [OWNER] },
    world: (sim) => {
      const go = sim.createUser({ username: 'gowner' });
      guild = sim.createGuild({
        name: 'Guild One',
        owner: go,
        roles: [{ name: 'Admins' }, { name: 'Mods' }, { name: 'Managers', permissions: ['ManageGuild'] }, { name: 'Administrators', permissions: ['Administrator'] }, { name: '# Big (role)' }],
      });
      gowner = { kind: 'member', id: go.id, username: 'gowner', guildId: guild.id, mention: `<@${go.id}>` };
      sim.state.addUser({ username: 'owner', id: OWNER });
      owner = sim.createMember(guild, { username: 'owner', user: OWNER });
      admin = sim.createMember(guild, { username: 'admin', roles: ['Admins'] });
      plain = sim.createMember(guild, { username: 'plain' });
      manager = sim.createMember(guild, { username: 'manager', roles: ['Managers'] });
      administrator = sim.createMember(guild, { username: 'administrator', roles: ['Administrators'] });
      sneaky = sim.createMember(guild, { username: '__sneaky__' });
      other = sim.createGuild({ name: 'Another Guild' });
    },
  });
  await h.bot.privileges.roles.add('admin', guild.id, guild.role('Admins').id);
});

afterAll(async () => {
  await h?.stop();
});

describe('cogs: load, unload, reload, cogs', () => {
  it('GIVEN the owner WHEN unloading general THEN its commands stop; load brings them back; reload keeps them', async () => {
    expect(await say(owner, '!cogs')).toMatch(/^Loaded \(2\): `core`, `general`\nNot loaded \(\d+\): .*`help`.*`mydata`/);
    expect(await say(owner, '!unload general')).toBe('Unloaded: `general`.');
    expect(h.bot.cogs.has('general')).toBe(false);
    expect(await say(owner, '!unload general nosuch core')).toBe(
      'Not loaded: `general`.\nCannot unload `core`: the core cog stays loaded.\nNo such cog: `nosuch`. `cogs` lists the available ones (run `npm run generate` after adding one).',
    );
    expect(await say(owner, '!load general help')).toBe('Loaded: `general`, `help`.');
    expect(await say(owner, '!ping')).toMatch(/^Pong!/);
    expect(await say(owner, '!reload general')).toBe('Reloaded: `general`.');
    expect(await say(owner, '!load general')).toBe('Already loaded: `general`.');
    const answer = await slash(owner, 'unload', { cogs: 'help' });
    expect(answer.content).toBe('Unloaded: `help`.');
  });

  it('GIVEN the owner WHEN asking for debuginfo THEN each live cog, its Config, listeners and the process totals are listed', async () => {
    const answer = await say(owner, '!debuginfo');
    expect(answer).toMatch(/^Code: fixed \(reloads do not re-import code\)\. Node v\d+/);
    expect(answer).toMatch(/- `core` v\d+, Config core:21, \d+ commands, 0 listeners/);
    expect(answer).toMatch(/Config namespaces live: \d+ \(.*`Core:0`.*\)\./);
    expect(answer).toMatch(/Listeners: \d+ on the client, 0 on the runtime's events\. Timers: \d+\./);
  });

  it('GIVEN an admin THEN load, unload, reload, cogs and debuginfo are refused (owner only) and nothing changes', async () => {
    for (const command of ['load help', 'unload general', 'reload general', 'cogs', 'debuginfo']) {
      expect(await say(admin, `!${command}`)).toEqual(refused('owner', command.split(' ')[0]!));
    }
    expect(h.bot.cogs.has('general')).toBe(true);
    expect(h.bot.cogs.has('help')).toBe(false);
  });
});

describe('prefixes', () => {
  it('GIVEN the owner sets `!` and `!!` THEN the longest prefix matches first, and bad prefixes are refused by name', async () => {
    expect(await say(owner, '!set prefix ! !!')).toBe('Prefixes set: `!!`, `!`.');
    expect(await say(owner, '!!ping')).toMatch(/^Pong!/); // with `!` first this would be the unknown `!ping`
    expect(await say(owner, '!set prefix /x')).toBe('The prefix `/x` cannot start with `/`: Discord uses it for slash commands.');
    expect(await say(owner, `!set prefix ${'a'.repeat(26)}`)).toBe(`The prefix \`${'a'.repeat(26)}\` must be 1 to 25 characters long.`);
    expect(await say(admin, '!set prefix ?')).toEqual(refused('owner', 'set prefix'));
    // Stored in Config: a fresh store on the same driver (another process) reads the same.
    const fresh = new PrefixStore(h.bot['driver']!, ['#']);
    expect(await fresh.globalPrefixes()).toEqual(['!!', '!']);
  });

  it('GIVEN an admin sets a server prefix THEN it replaces the global ones in that guild only; none resets', async () => {
    expect(await say(admin, '!set serverprefix $ ..')).toBe('Server prefixes set: `..`, `$`.');
    const before = h.sim.botMessages(guild.general).length;
    await h.sim.say(guild.general, owner, '!ping'); // the global prefix no longer works here
    expect(await say(owner, '$ping')).toMatch(/^Pong!/);
    expect(h.sim.botMessages(guild.general).length).toBe(before + 1);
    // DMs keep the global prefixes.
    await h.sim.sayInDM(owner, '!ping');
    expect((await h.sim.waitForMessage()).content).toMatch(/^Pong!/);
    expect(await say(plain, '$set serverprefix ?')).toEqual(refused('admin', 'set serverprefix'));
    // As in Red: Manage Server stands in for the admin level here.
    expect(await say(manager, '$set serverprefix ;')).toBe('Server prefixes set: `;`.');
    expect(await say(admin, ';set serverprefix')).toBe("This server uses the bot's prefixes again.");
    expect(await say(owner, '!ping')).toMatch(/^Pong!/);
    const answer = await slash(admin, 'set serverprefix', { prefixes: '/no' });
    expect(answer.content).toBe('The prefix `/no` cannot start with `/`: Discord uses it for slash commands.');
    expect(answer.ephemeral).toBe(true);
  });
});

describe('admin and mod roles', () => {
  it('GIVEN the guild owner WHEN adding and removing a mod role THEN privileges follow and each change is in the audit log', async () => {
    expect(await say(gowner, '!set modrole add Mods')).toBe('`Mods` is now a mod role.');
    expect(await h.bot.privileges.roles.list('mod', guild.id)).toEqual([guild.role('Mods').id]);
    expect(await say(gowner, '!set modrole add Mods')).toBe('`Mods` is already a mod role.');
    expect(await say(gowner, '!set adminrole remove Admins')).toBe('`Admins` is no longer an admin role.');
    expect(await say(admin, '!set serverprefix ?')).toEqual(refused('admin', 'set serverprefix'));
    expect(await say(gowner, '!set adminrole add Admins')).toBe('`Admins` is now an admin role.');
    expect(await say(gowner, '!set modrole remove Mods')).toBe('`Mods` is no longer a mod role.');
    // The same by slash (group `set`, subgroup `modrole`), answered privately.
    const bySlash = await h.sim.waitForInteractionResponse(await h.sim.runSlash(guild.general, gowner, 'set modrole add', { role: guild.role('Mods') }));
    expect([bySlash.content, bySlash.ephemeral]).toEqual(['`Mods` is now a mod role.', true]);
    expect(await say(gowner, '!set modrole remove Mods')).toBe('`Mods` is no longer a mod role.');
    const entries = await readAudit(h.bot.coreSettings()!.config, { guildId: guild.id });
    const roleEntries = entries.filter((e) => /role\./.test(e.action)).map((e) => [e.actorId, e.action]);
    expect(roleEntries).toEqual([
      [gowner.id, 'modrole.remove'],
      [gowner.id, 'modrole.add'],
      [gowner.id, 'modrole.remove'],
      [gowner.id, 'adminrole.add'],
      [gowner.id, 'adminrole.remove'],
      [gowner.id, 'modrole.add'],
    ]);
  });

  it('GIVEN an admin (not the guild owner) THEN adminrole and modrole are refused', async () => {
    expect(await say(admin, '!set adminrole add Mods')).toEqual(refused('guildOwner', 'set adminrole add'));
    expect(await say(admin, '!set modrole remove Mods')).toEqual(refused('guildOwner', 'set modrole remove'));
    expect(await h.bot.privileges.roles.list('admin', guild.id)).toEqual([guild.role('Admins').id]);
  });
});

describe('embedset', () => {
  it('GIVEN owner, guild owner and Administrator THEN each sets its scope, the most specific wins, and lower privileges are refused', async () => {
    expect(await say(owner, '!embedset global false')).toBe('Embeds are now off globally.');
    expect(await say(gowner, '!embedset server true')).toBe('Embeds are now on in this server.');
    expect(await say(gowner, '!embedset channel false')).toBe('Embeds are now off in this channel.');
    expect(await say(plain, '!embedset showsettings')).toBe('Global: off\nServer: on\nChannel: off\nEmbeds are not used here.');
    // Red: embedset channel is guild owner or Administrator; an admin role is not enough.
    const refusal = await say(admin, '!embedset channel');
    expect(refusal).toEqual(refused('guildOwner', 'embedset channel'));
    expect(refusal).toContain('Administrator');
    expect(await say(administrator, '!embedset channel')).toBe('This channel follows the server embed setting again.');
    expect(await h.bot.coreSettings()!.embedsWanted(guild.id, guild.general.id)).toBe(true);
    expect(await say(plain, '!embedset channel true')).toEqual(refused('guildOwner', 'embedset channel'));
    expect(await say(admin, '!embedset server false')).toEqual(refused('guildOwner', 'embedset server'));
    expect(await say(gowner, '!embedset global true')).toEqual(refused('owner', 'embedset global'));
    await say(owner, '!embedset global true');
  });
});

describe('info, uptime, invite, servers, leave', () => {
  it('GIVEN anyone THEN info and uptime answer', async () => {
    expect(await say(plain, '!info')).toMatch(/runs on Cogsmith \(discord\.js 14\.\d+\.\d+, Node\.js .*\nServers: 2\. Cogs loaded: 2\.\nUp for /);
    expect(await say(plain, '!uptime')).toMatch(/^Up for .+ \(since <t:\d+:f>\)\.$/);
  });

  it('GIVEN the owner THEN invite gives the application link and servers lists the guilds; others are refused', async () => {
    const invite = await say(owner, '!invite');
    expect(invite).toContain(`client_id=${h.bot.client.application!.id}`);
    expect(invite).toContain('scope=bot+applications.commands');
    expect(await say(owner, '!servers')).toBe(`In 2 server(s):\nAnother Guild (${other.id})\nGuild One (${guild.id})`);
    expect(await say(admin, '!invite')).toEqual(refused('owner', 'invite'));
    expect(await say(admin, '!servers')).toEqual(refused('owner', 'servers'));
    expect(await say(admin, `!leave ${guild.id}`)).toEqual(refused('owner', 'leave'));
    expect(await say(owner, '!leave 123456789012345678')).toBe('I am not in a server with the id `123456789012345678`.');
  });

  it('GIVEN the owner WHEN leave names another server THEN the bot leaves it and servers no longer lists it', async () => {
    const gone = once(h.bot.client, 'guildDelete');
    expect(await say(owner, `!leave ${other.id}`)).toBe('Leaving `Another Guild`.');
    await gone;
    expect(h.sim.state.guild(other.id).members.has(h.bot.client.user!.id)).toBe(false);
    expect(await say(owner, '!servers')).toBe(`In 1 server(s):\nGuild One (${guild.id})`);
  });
});

/** Says `text` in a DM with the bot and returns the answer. */
async function sayInDM(who: MemberHandle, text: string): Promise<string> {
  const sent = await h.sim.sayInDM(who, text);
  return (await h.sim.waitForMessage({ after: sent })).content;
}

describe('server-scope commands in a DM', () => {
  it('GIVEN a DM THEN server prefixes, admin/mod roles and server/channel embeds answer "server only" by text and slash, whoever asks', async () => {
    for (const who of [plain, admin, owner]) {
      expect(await sayInDM(who, '!set serverprefix ?')).toBe(GUILD_ONLY_MESSAGE);
      expect(await sayInDM(who, '!embedset channel true')).toBe(GUILD_ONLY_MESSAGE);
      expect(await sayInDM(who, '!embedset server true')).toBe(GUILD_ONLY_MESSAGE);
      expect(await sayInDM(who, '!set adminrole add Admins')).toBe(GUILD_ONLY_MESSAGE);
    }
    const dm = h.sim.state.dmChannel(admin.id).id;
    for (const [command, options] of [
      ['set serverprefix', { prefixes: '?' }],
      ['embedset channel', { enabled: true }],
      ['embedset server', {}],
    ] as const) {
      const answer = await h.sim.waitForInteractionResponse(await h.sim.runSlash(dm, admin, command, options));
      expect([command, answer.content]).toEqual([command, GUILD_ONLY_MESSAGE]);
    }
    // The global settings still work in a DM.
    expect(await sayInDM(owner, '!embedset global true')).toBe('Embeds are now on globally.');
  });
});

describe('user text in answers and the audit log', () => {
  it('GIVEN prefixes, role names and usernames with Markdown THEN the audit log and messages show them as typed', async () => {
    expect(await say(admin, '!set serverprefix ** `>')).toBe("Server prefixes set: `**`, `'>`.");
    expect(await say(admin, "**set serverprefix")).toBe("This server uses the bot's prefixes again.");
    const [reset, set] = await readAudit(h.bot.coreSettings()!.config, { guildId: guild.id, actionPrefix: 'serverprefix', limit: 2 });
    expect([reset!.detail, set!.detail]).toEqual(["reset this server's prefixes to the bot's", "set this server's prefixes to `**` `'>`"]);
    const big = guild.role('# Big (role)');
    expect(await say(gowner, `!set modrole add <@&${big.id}>`)).toBe('`# Big (role)` is now a mod role.');
    expect(await say(gowner, `!set modrole remove <@&${big.id}>`)).toBe('`# Big (role)` is no longer a mod role.');
    const [removed] = await readAudit(h.bot.coreSettings()!.config, { guildId: guild.id, actionPrefix: 'modrole', limit: 1 });
    expect(removed!.detail).toBe(`removed mod role \\# Big role (${big.id})`);
    expect(await say(sneaky, '!contact hi')).toBe('Your message was sent to the bot owners.');
    const dm = h.sim.state.dmChannel(OWNER);
    const message = await h.sim.waitForMessage({ channelId: dm.id, after: null, predicate: (m) => m.content.startsWith(`Message from \\_\\_sneaky`) });
    expect(message.content).toBe(`Message from \\_\\_sneaky\\_\\_ (${sneaky.id}) in Guild One (${guild.id}):\nhi`);
  });
});

describe('contact', () => {
  it('GIVEN a member WHEN they contact the owners THEN each owner gets a DM that pings nobody', async () => {
    expect(await say(plain, '!contact hello @everyone, the bot is great')).toBe('Your message was sent to the bot owners.');
    const dm = h.sim.state.dmChannel(OWNER);
    const message = await h.sim.waitForMessage({ channelId: dm.id, after: null, predicate: (m) => m.content.startsWith('Message from plain') });
    expect(message.content).toBe(`Message from plain (${plain.id}) in Guild One (${guild.id}):\nhello @everyone, the bot is great`);
    expect(message.mention_everyone).toBe(false);
  });
});

describe('traceback', () => {
  it('GIVEN a recorded error THEN the owner gets its stack by id in DMs (slash: privately); others are refused', async () => {
    const record = h.bot.errors.record('command boom', new Error('kaboom in a handler'));
    expect(await say(owner, `!traceback ${record.id}`)).toBe('I sent you the traceback in a direct message.');
    const dm = h.sim.state.dmChannel(OWNER);
    const sent = await h.sim.waitForMessage({ channelId: dm.id, after: null, predicate: (m) => m.content.includes(record.id) });
    expect(sent.content).toContain(`Error \`${record.id}\` in command boom`);
    expect(sent.content).toContain('Error: kaboom in a handler');
    const answer = await slash(owner, 'traceback');
    expect(answer.ephemeral).toBe(true);
    expect(answer.content).toContain('kaboom in a handler');
    expect(await say(owner, '!traceback ffffffff')).toBe('No recent error has the id `ffffffff`.');
    expect(await say(admin, `!traceback ${record.id}`)).toEqual(refused('owner', 'traceback'));
  });
});

describe('data requests', () => {
  it('GIVEN core audit entries WHEN Discord reports their author deleted THEN the author becomes "deleted user"; an owner request keeps it; others are unchanged', async () => {
    expect(await say(owner, '!load mydata')).toBe('Loaded: `mydata`.');
    const entries = () => readAudit(h.bot.coreSettings()!.config, { guildId: guild.id });
    const before = await entries();
    expect(before.some((e) => e.actorId === gowner.id)).toBe(true);
    await say(owner, `!mydata ownermanagement deleteforuser ${gowner.id}`);
    expect(await entries()).toEqual(before);
    await say(owner, `!mydata ownermanagement processdiscordrequest ${gowner.id}`);
    const after = await entries();
    expect(after.map((e) => e.actorId)).toEqual(before.map((e) => (e.actorId === gowner.id ? DELETED_ACTOR : e.actorId)));
    expect(after.filter((e) => e.actorId !== DELETED_ACTOR)).toEqual(before.filter((e) => e.actorId !== gowner.id));
    expect(await say(owner, '!unload mydata')).toBe('Unloaded: `mydata`.');
  });
});

describe('shutdown and restart', () => {
  it('GIVEN the owner THEN shutdown asks to exit with 0 and restart with 26; an admin is refused and nothing is asked', async () => {
    const requests: { kind: string; code: number }[] = [];
    const listener = (request: { kind: string; code: number }) => requests.push(request);
    h.bot.on('exitRequested', listener);
    try {
      expect(await say(admin, '!shutdown')).toEqual(refused('owner', 'shutdown'));
      expect(await say(admin, '!restart')).toEqual(refused('owner', 'restart'));
      expect(requests).toEqual([]);
      // The request follows the answer (the user hears it before the process stops): wait for each.
      let asked = once(h.bot, 'exitRequested');
      expect(await say(owner, '!shutdown')).toBe('Shutting down.');
      await asked;
      asked = once(h.bot, 'exitRequested');
      expect(await say(owner, '!restart')).toBe('Restarting.');
      await asked;
      expect(requests).toEqual([
        { kind: 'shutdown', code: 0 },
        { kind: 'restart', code: 26 },
      ]);
      expect(EXIT_CODES).toEqual({ shutdown: 0, failure: 1, usage: 2, restart: 26, configuration: 78 });
    } finally {
      h.bot.off('exitRequested', listener);
    }
  });
});
