/**
 * Who a permission rule is about, end to end (the real discord.js client against the simulator): ids and
 * names in subjects are looked up (this server's members, roles, channels and categories, Discord users;
 * for global rules also servers the bot is in and their roles and channels), bots and ids that are nothing
 * are refused, the server's id means everyone in it, roles of other servers are refused, and rules are
 * removed by id whatever they were stored as (a server the bot left, a rule stored the old way).
 */
import { describe, expect, it } from 'vitest';
import { emptyRuleSet } from '../../runtime/permissions/rules.js';
import { auditCount, block, botFriend, DENIED, dm, farRole, gone, guild, h, m, NOTHING, other, plainThere, say, serverRules, stranger, useRulesBot } from './rules-fixtures.js';

useRulesBot();

describe('ids in subjects are looked up', () => {
  it('GIVEN a bare id in a server rule THEN it is this server, its role, channel, category or member, or a Discord user; anything else (another server, its role or channel, a bot, nothing) is refused', async () => {
    const refused = (id: string) => `\`${id}\` is not a member, role, channel or category of this server, nor a Discord user.`;
    for (const id of [other.id, other.role('Far').id, other.general.id, NOTHING]) expect(await say(m.boss, `permissions addserverrule deny ${id} roll`)).toBe(refused(id));
    const isBot = (shown: string) => `${shown} is a bot: the bot ignores commands from bots, so a rule about it would do nothing.`;
    expect(await say(m.boss, `permissions addserverrule deny ${h.sim.botUser.id} roll`)).toBe(isBot(`\`${h.sim.botUser.id}\``));
    expect(await say(m.boss, `permissions addserverrule deny ${m.robot.id} roll`)).toBe(isBot(`\`${m.robot.id}\``));
    expect(await say(m.boss, `permissions addserverrule deny ${botFriend.id} roll`)).toBe(isBot(`\`${botFriend.id}\``));
    expect(await say(m.boss, `permissions addserverrule deny <@${h.sim.botUser.id}> roll`)).toBe(isBot(`<@${h.sim.botUser.id}>`));
    expect(await say(m.boss, `permissions addserverrule deny <@${guild.id}> roll`)).toBe(`<@${guild.id}> is this server's id, not a user: write \`everyone\` for everyone here.`);
    expect(await say(m.boss, `permissions addserverrule deny <@${other.id}> roll`)).toBe(`<@${other.id}> is a server's id, not a user.`);
    expect(await say(m.boss, `permissions addserverrule deny <@${NOTHING}> roll`)).toBe(`<@${NOTHING}> is not a Discord user.`);
    expect(await say(m.boss, `permissions addserverrule deny <#${other.general.id}> roll`)).toBe(`<#${other.general.id}> is not a channel of this server.`);
    expect(await serverRules()).toEqual(emptyRuleSet());

    expect(await say(m.boss, `permissions addserverrule deny ${m.plain.id} roll`)).toBe(`Rule added: deny command \`roll\` for user <@${m.plain.id}>.`);
    expect(await say(m.boss, `permissions addserverrule deny ${stranger.id} roll`)).toBe(`Rule added: deny command \`roll\` for user <@${stranger.id}>.`);
    expect(await say(m.boss, `permissions addserverrule deny ${guild.role('Mods').id} roll`)).toBe(`Rule added: deny command \`roll\` for role <@&${guild.role('Mods').id}>.`);
    expect(await say(m.boss, `permissions addserverrule deny ${guild.channel('zoned').id} roll`)).toBe(`Rule added: deny command \`roll\` for channel <#${guild.channel('zoned').id}>.`);
    expect(await say(m.boss, `permissions addserverrule deny ${guild.channel('Zone').id} roll`)).toBe(`Rule added: deny command \`roll\` for category <#${guild.channel('Zone').id}>.`);
    expect((await serverRules()).rules.map((r) => r.subject.kind)).toEqual(['user', 'user', 'role', 'channel', 'category']);
  });

  it('GIVEN a name in a server rule THEN a member, role, channel or category of this server is found (exact, then any case); a name of several or of nothing is refused', async () => {
    expect(await say(m.boss, 'permissions addserverrule deny plain roll')).toBe(`Rule added: deny command \`roll\` for user <@${m.plain.id}>.`);
    expect(await say(m.boss, 'permissions addserverrule deny mods roll')).toBe(`Rule added: deny command \`roll\` for role <@&${guild.role('Mods').id}>.`);
    expect(await say(m.boss, 'permissions addserverrule deny #zoned roll')).toBe(`Rule added: deny command \`roll\` for channel <#${guild.channel('zoned').id}>.`);
    expect(await say(m.boss, 'permissions addserverrule deny Zone roll')).toBe(`Rule added: deny command \`roll\` for category <#${guild.channel('Zone').id}>.`);
    expect((await serverRules()).rules.map((r) => r.subject.kind)).toEqual(['user', 'role', 'channel', 'category']);
    // A name of both a member and a role, a bot's name, another server's role: refused, nothing added.
    h.sim.createMember(guild, { username: 'Mods' });
    expect(await say(m.boss, 'permissions addserverrule deny Mods roll')).toBe('`Mods` names 2 things here (member, role): use a mention or an id.');
    expect(await say(m.boss, 'permissions addserverrule deny robot roll')).toBe('`robot` is not a user, role, channel or category (a mention, an id or a name of this server), nor `everyone`.');
    expect(await say(m.boss, 'permissions addserverrule deny Far roll')).toBe('`Far` is not a user, role, channel or category (a mention, an id or a name of this server), nor `everyone`.');
    expect((await serverRules()).rules).toHaveLength(4);
  });

  it('GIVEN an id in a global rule THEN it is a user, a server the bot is in, or a role, channel or category of one; anything else is refused', async () => {
    const refused = (id: string) => `\`${id}\` is not a Discord user, nor a server the bot is in or a role, channel or category of one.`;
    expect(await say(m.owner, `permissions addglobalrule deny ${NOTHING} roll`)).toBe(refused(NOTHING));
    expect(await say(m.owner, `permissions addglobalrule deny ${h.sim.botUser.id} roll`)).toBe(`\`${h.sim.botUser.id}\` is a bot: the bot ignores commands from bots, so a rule about it would do nothing.`);
    expect(await say(m.owner, `permissions addglobalrule deny <@&${NOTHING}> roll`)).toBe(`<@&${NOTHING}> is not a role of a server the bot is in.`);
    expect(await say(m.owner, `permissions addglobalrule deny <#${NOTHING}> roll`)).toBe(`<#${NOTHING}> is not a channel of a server the bot is in.`);
    expect(await say(m.owner, `permissions addglobalrule deny <@${other.id}> roll`)).toMatch(/is a server's id, not a user/);
    expect((await h.bot.rules.get('global')).rules).toEqual([]);

    expect(await say(m.owner, `permissions addglobalrule deny ${other.id} roll`)).toBe(`Rule added: deny command \`roll\` for everyone in server \`${other.id}\`.`);
    expect(await say(m.owner, `permissions addglobalrule deny ${other.role('Far').id} roll`)).toBe(`Rule added: deny command \`roll\` for role <@&${other.role('Far').id}>.`);
    expect(await say(m.owner, `permissions addglobalrule deny ${guild.general.id} roll`)).toBe(`Rule added: deny command \`roll\` for channel <#${guild.general.id}>.`);
    expect(await say(m.owner, `permissions addglobalrule deny <#${guild.channel('Zone').id}> roll`)).toBe(`Rule added: deny command \`roll\` for category <#${guild.channel('Zone').id}>.`);
    expect(await say(m.owner, `permissions addglobalrule deny ${stranger.id} roll`)).toBe(`Rule added: deny command \`roll\` for user <@${stranger.id}>.`);
    expect((await h.bot.rules.get('global')).rules.map((r) => r.subject.kind)).toEqual(['guild', 'role', 'channel', 'category', 'user']);
  });

  it('GIVEN rules about a server the bot has left, and a rule stored under the wrong kind THEN they are removed by id', async () => {
    const left = gone.role('Left').id;
    expect(await say(m.owner, `permissions addglobalrule deny ${gone.id} roll`)).toMatch(/^Rule added/);
    expect(await say(m.owner, `permissions addglobalrule deny <@&${left}> roll`)).toMatch(/^Rule added/);
    await h.bot.client.guilds.cache.get(gone.id)!.leave();
    for (let i = 0; i < 100 && h.bot.client.guilds.cache.has(gone.id); i++) await new Promise((r) => setTimeout(r, 10));
    expect(h.bot.client.guilds.cache.has(gone.id)).toBe(false);
    expect(await say(m.owner, `permissions addglobalrule deny ${gone.id} roll`)).toMatch(/is not a Discord user, nor a server the bot is in/);
    expect(await say(m.owner, `permissions removeglobalrule ${gone.id} roll`)).toBe(`Rule removed: command \`roll\` for everyone in server \`${gone.id}\`.`);
    expect(await say(m.owner, `permissions removeglobalrule <@&${left}> roll`)).toBe(`Rule removed: command \`roll\` for role <@&${left}>.`);
    expect((await h.bot.rules.get('global')).rules).toEqual([]);
    // Stored as a user rule (as before ids were looked up): removed by the id, however it is written.
    const far = other.role('Far').id;
    await h.bot.rules.update({ guild: guild.id }, () => ({ rules: [{ effect: 'deny', target: { kind: 'command', path: 'roll' }, subject: { kind: 'user', id: far } }], defaults: [] }), { actorId: m.owner.id, action: 'rules.import', detail: 'old rule' });
    expect(await say(m.boss, `permissions removeserverrule <@&${far}> roll`)).toBe(`Rule removed: command \`roll\` for user <@${far}>.`);
    expect(await say(m.boss, `permissions removeserverrule ${far} roll`)).toBe(`There was no rule about command \`roll\` for \`${far}\`.`);
  });
});

describe("the server's id as a subject (its @everyone role)", () => {
  it('GIVEN <@&serverId> or the bare server id in a server rule THEN it means everyone in the server, and applies', async () => {
    expect(await say(m.boss, `permissions addserverrule deny <@&${guild.id}> roll`)).toBe('Rule added: deny command `roll` for everyone in this server.');
    expect((await serverRules()).rules[0]!.subject).toEqual({ kind: 'guild', id: guild.id });
    expect(await say(m.plain, 'roll')).toBe(DENIED);
    expect(await say(m.boss, `permissions removeserverrule ${guild.id} roll`)).toBe('Rule removed: command `roll` for everyone in this server.');
    expect(await say(m.plain, 'roll')).toBe('ran roll');
    expect(await say(m.boss, `permissions addserverrule deny ${guild.id} roll`)).toBe('Rule added: deny command `roll` for everyone in this server.');
    expect(await say(m.plain, 'roll')).toBe(DENIED);
  });

  it("GIVEN YAML `role: '<serverId>'` in server rules THEN it means everyone, and exports as `everyone: true`", async () => {
    expect(await say(m.boss, `permissions acl setserver ${block('rules:', `  - { effect: deny, command: roll, role: "${guild.id}" }`)}`)).toBe('Rules replaced: 1 rule(s) and 0 default(s).');
    expect(await say(m.plain, 'roll')).toBe(DENIED);
    const since = Date.now();
    await say(m.boss, 'permissions acl getserver');
    const upload = [...h.sim.requests].reverse().find((r) => r.time >= since && r.files.length > 0)!;
    expect(upload.files[0]!.data.toString('utf8')).toContain('everyone: true');
  });

  it('GIVEN a global rule about a server id THEN it applies in that server only (not in another, not in DMs), canrun names it, and it round-trips as YAML `guild:`', async () => {
    expect(await say(m.owner, `permissions addglobalrule deny ${guild.id} roll`)).toBe(`Rule added: deny command \`roll\` for everyone in server \`${guild.id}\`.`);
    expect(await say(m.plain, 'roll')).toBe(DENIED);
    expect(await say(plainThere, 'roll', other)).toBe('ran roll');
    expect(await dm(m.plain, 'roll')).toBe('ran roll');
    expect(await say(m.boss, `permissions canrun ${m.plain.mention} roll`)).toBe(`No: plain cannot run \`roll\` here. The global rule "deny everyone in server ${guild.id}" on command \`roll\` decided: denied.`);
    const since = Date.now();
    await say(m.owner, 'permissions acl getglobal');
    const upload = [...h.sim.requests].reverse().find((r) => r.time >= since && r.files.length > 0)!;
    expect(upload.files[0]!.data.toString('utf8')).toContain(`guild: "${guild.id}"`);
    expect(await say(m.owner, `permissions acl setglobal ${block('rules:', `  - { effect: deny, command: roll, guild: "${other.id}" }`)}`)).toBe('Rules replaced: 1 rule(s) and 0 default(s).');
    expect(await say(m.plain, 'roll')).toBe('ran roll');
    expect(await say(plainThere, 'roll', other)).toBe(DENIED);
    expect(await say(m.owner, `permissions removeglobalrule <@&${other.id}> roll`)).toBe(`Rule removed: command \`roll\` for everyone in server \`${other.id}\`.`);
    expect(await say(plainThere, 'roll', other)).toBe('ran roll');
  });

  it('GIVEN `everyone` in global YAML THEN it is refused (everyone everywhere)', async () => {
    expect(await say(m.owner, `permissions acl setglobal ${block('rules:', '  - { effect: deny, command: roll, everyone: true }')}`)).toMatch(/^No rules were changed\. Problems:\nmessage:2:\d+ `everyone` in global rules would mean everyone everywhere/);
  });
});

describe('rules stored the old way', () => {
  const legacy = () =>
    h.bot.rules.update({ guild: guild.id }, () => ({ rules: [{ effect: 'deny', target: { kind: 'command', path: 'roll' }, subject: { kind: 'role', id: guild.id } }], defaults: [] }), { actorId: m.owner.id, action: 'rules.import', detail: 'stored the old way' });

  it("GIVEN a rule stored about the server's id as a role WHEN it is removed or overridden as `everyone` THEN that rule is the one changed", async () => {
    await legacy();
    expect(await say(m.plain, 'roll')).toBe(DENIED);
    const before = await auditCount('rules.remove');
    expect(await say(m.gowner, 'permissions removeserverrule everyone roll')).toBe('Rule removed: command `roll` for everyone in this server.');
    expect(await say(m.plain, 'roll')).toBe('ran roll');
    expect(await serverRules()).toEqual(emptyRuleSet());
    expect(await auditCount('rules.remove')).toBe(before + 1);

    await legacy();
    expect(await say(m.gowner, 'permissions addserverrule allow everyone roll')).toBe('Rule added: allow command `roll` for everyone in this server.');
    expect(await say(m.plain, 'roll')).toBe('ran roll');
    expect((await serverRules()).rules).toEqual([{ effect: 'allow', target: { kind: 'command', path: 'roll' }, subject: { kind: 'guild', id: guild.id } }]);
  });
});

describe('roles of other servers', () => {
  it('GIVEN a role of another server THEN it is refused, by command and in YAML', async () => {
    expect(await say(m.boss, `permissions addserverrule deny <@&${farRole.id}> roll`)).toBe(`<@&${farRole.id}> is not a role of this server.`);
    expect(await say(m.boss, `permissions acl setserver ${block('rules:', `  - { effect: deny, command: roll, role: "${farRole.id}" }`)}`)).toBe(`No rules were changed. Problems:\nmessage:2:42 \`${farRole.id}\` is not a role of this server.`);
    expect((await serverRules()).rules).toEqual([]);
  });
});
