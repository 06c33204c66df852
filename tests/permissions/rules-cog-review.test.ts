/**
 * The `permissions` cog's defects found in the second review, end to end (the real discord.js client against
 * the simulator): ids in rule subjects are looked up (never stored as a user rule by default) and removed by
 * id whatever they were stored as; `canrun` answers from the real pipeline (checks added with `addCheck`,
 * bots); rules stored the old way (the server's id as a role) are changed as they are read, and a change that
 * changes nothing writes no audit entry; the lock-out guard looks at every command of the cog; and a deleted
 * account's audit entries are scrubbed with only the permissions cog loaded.
 */
import { ChannelType } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../generated/registry.js';
import type { CogImplementation, CogRegistry } from '../../runtime/cogs/module.js';
import type { Context } from '../../runtime/context/types.js';
import { emptyRuleSet } from '../../runtime/permissions/rules.js';
import type { GuildHandle, MemberHandle, UserHandle } from '../../runtime/testing/handles.js';
import { startBot, type Harness } from '../e2e/harness.js';
import { specFrom, talkIn } from './fixtures.js';

const fun = specFrom({ name: 'fun', identifier: 9311, description: 'Rules are about it.', dataStatement: 'Keeps nothing.', commands: [{ name: 'roll', kind: 'hybrid', description: 'Anyone.' }] });
const cogRegistry: CogRegistry = {
  fun: { spec: fun, load: async () => ({ default: { commands: { roll: (ctx: Context) => ctx.reply('ran roll') } } satisfies CogImplementation }) },
  permissions: registry.permissions,
  mydata: registry.mydata,
};

let h: Harness;
let guild: GuildHandle;
let other: GuildHandle;
let gone: GuildHandle;
let stranger: UserHandle;
let botFriend: UserHandle;
const m: Record<'gowner' | 'owner' | 'boss' | 'plain' | 'robot', MemberHandle> = {} as never;
const DENIED = 'You may not use `roll` here: a permission rule denies it.';
/** A well-formed id that is nothing: no user, server, role or channel. */
const NOTHING = '123456789012345678';

const { say, slash } = talkIn(() => h, () => guild);

const serverRules = () => h.bot.rules.get({ guild: guild.id });
const auditCount = async (prefix = 'rules') => (await h.bot.audit.read({ guildId: guild.id, actionPrefix: prefix })).length;

beforeAll(async () => {
  h = await startBot(cogRegistry, {
    world: (sim) => {
      const gowner = sim.createUser({ username: 'gowner' });
      guild = sim.createGuild({
        owner: gowner,
        channels: [{ name: 'general' }, { name: 'Zone', type: ChannelType.GuildCategory }, { name: 'zoned', parent: 'Zone' }],
        roles: [{ name: 'Bosses', permissions: ['Administrator'] }, { name: 'Mods' }],
      });
      m.gowner = { kind: 'member', id: gowner.id, username: 'gowner', guildId: guild.id, mention: `<@${gowner.id}>` };
      m.owner = sim.createMember(guild, { username: 'botowner', user: sim.owner });
      m.boss = sim.createMember(guild, { username: 'boss', roles: ['Bosses'] });
      m.plain = sim.createMember(guild, { username: 'plain' });
      m.robot = sim.createMember(guild, { username: 'robot', bot: true });
      other = sim.createGuild({ name: 'Other', roles: [{ name: 'Far' }] });
      gone = sim.createGuild({ name: 'Gone', roles: [{ name: 'Left' }] });
      stranger = sim.createUser({ username: 'stranger' });
      botFriend = sim.createUser({ username: 'otherbot', bot: true });
    },
    instance: { cogs: ['fun', 'permissions', 'mydata'] },
  });
});

afterAll(async () => {
  await h?.stop();
});

afterEach(async () => {
  for (const scope of ['global', { guild: guild.id }] as const) {
    await h.bot.rules.update(scope, () => emptyRuleSet(), { actorId: m.owner.id, action: 'rules.clear', detail: 'test reset' });
  }
});

describe('D1: ids in subjects are looked up', () => {
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

describe('D2: canrun answers from the real pipeline', () => {
  const ask = (who: MemberHandle, command: string) => say(m.boss, `permissions canrun ${who.mention} ${command}`);

  it('GIVEN a global check added by the bot code THEN canrun says no when the real run refuses, and yes again once it is removed', async () => {
    const remove = h.bot.addCheck((ctx) => ctx.author.username !== 'plain');
    try {
      expect(await slash(m.plain, 'roll')).not.toBe('ran roll');
      expect(await ask(m.plain, 'roll')).toBe("No: plain cannot run `roll` here. A check added by the bot's code refused them.");
      expect(await ask(m.boss, 'roll')).toBe('Yes: boss can run `roll` here. Every check passes and no permission rule applies.');
      // A step the rules explain still says which one refused.
      expect(await say(m.boss, `permissions addserverrule deny ${m.plain.id} roll`)).toMatch(/^Rule added/);
      expect(await ask(m.plain, 'roll')).toBe(`No: plain cannot run \`roll\` here. The server rule "deny user ${m.plain.id}" on command \`roll\` decided: denied.`);
    } finally {
      remove();
    }
    expect(await say(m.boss, `permissions addserverrule allow ${m.plain.id} roll`)).toMatch(/^Rule added/);
    expect(await ask(m.plain, 'roll')).toBe(`Yes: plain can run \`roll\` here. The server rule "allow user ${m.plain.id}" on command \`roll\` decided: allowed.`);
  });

  it('GIVEN a bot member (another bot, or this bot) THEN canrun says no: bots are ignored', async () => {
    expect(await ask(m.robot, 'roll')).toBe('No: robot cannot run `roll` here. They are a bot: the bot ignores commands from bots.');
    expect(await ask(guild.bot, 'roll')).toMatch(/^No: .* cannot run `roll` here\. They are a bot: the bot ignores commands from bots\.$/);
  });
});

describe('D3: rules stored the old way, and changes that change nothing', () => {
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

  it('GIVEN a change that changes nothing (add, remove, default, clear, import) THEN no audit entry is written and the reply says so', async () => {
    const start = await auditCount();
    expect(await say(m.boss, 'permissions removeserverrule everyone roll')).toBe('There was no rule about command `roll` for everyone in this server.');
    expect(await say(m.boss, 'permissions clearserverrules')).toBe('There are no server rules or defaults.');
    expect(await say(m.boss, 'permissions setdefaultserverrule clear roll')).toBe('There is no server default for command `roll`.');
    expect(await say(m.boss, 'permissions acl setserver ```yaml\nrules: []\n```')).toBe('Nothing changed: the rules already were these 0 rule(s) and 0 default(s).');
    expect(await auditCount()).toBe(start);
    expect(await say(m.boss, 'permissions addserverrule deny everyone roll')).toMatch(/^Rule added/);
    expect(await say(m.boss, 'permissions addserverrule deny everyone roll')).toBe('That rule is already there: deny command `roll` for everyone in this server.');
    expect(await say(m.boss, 'permissions setdefaultserverrule allow roll')).toMatch(/^The server default/);
    expect(await say(m.boss, 'permissions setdefaultserverrule allow roll')).toBe('The server default for command `roll` is already allow.');
    const yaml = '```yaml\nrules:\n  - { effect: deny, command: roll, everyone: true }\ndefaults:\n  - { effect: allow, command: roll }\n```';
    expect(await say(m.boss, `permissions acl setserver ${yaml}`)).toBe('Nothing changed: the rules already were these 1 rule(s) and 1 default(s).');
    expect(await say(m.owner, `permissions addglobalrule deny ${stranger.id} roll`)).toMatch(/^Rule added/);
    const global = (await h.bot.audit.read({ guildId: null, actionPrefix: 'rules' })).length;
    expect(await say(m.owner, `permissions addglobalrule deny ${stranger.id} roll`)).toMatch(/^That rule is already there/);
    expect((await h.bot.audit.read({ guildId: null, actionPrefix: 'rules' })).length).toBe(global);
    expect(await auditCount()).toBe(start + 2);
  });
});

describe('D4: the lock-out guard looks at every command of the permissions cog', () => {
  it('GIVEN an Administrator walking around the guard one rule at a time THEN the step that would lock them out of the other commands is refused, naming them; legitimate changes pass', async () => {
    const me = m.boss.mention;
    expect(await say(m.boss, `permissions addserverrule allow ${me} cog:permissions`)).toMatch(/^Rule added/);
    expect(await say(m.boss, 'permissions setdefaultserverrule deny cog:permissions')).toBe('The server default for cog `permissions`: deny.');
    expect(await say(m.boss, `permissions addserverrule allow ${me} command:permissions removeserverrule`)).toMatch(/^Rule added/);
    expect(await say(m.boss, `permissions removeserverrule ${me} cog:permissions`)).toBe(
      'Nothing was changed: after this change you could no longer use `permissions explain`, `permissions canrun`, `permissions addserverrule` and 4 more here yourself. The server default rule (deny) for cog `permissions` decided: denied. Ask the server owner, or allow it for yourself first.',
    );
    expect((await serverRules()).rules).toHaveLength(2);
    expect(await say(m.boss, 'permissions explain')).toMatch(/^Permission rules are checked/);
    // Legitimate: a rule about another cog, then an allow for their role, after which the user allow can go.
    expect(await say(m.boss, 'permissions addserverrule deny everyone roll')).toMatch(/^Rule added/);
    expect(await say(m.boss, `permissions addserverrule allow <@&${guild.role('Bosses').id}> cog:permissions`)).toMatch(/^Rule added/);
    expect(await say(m.boss, `permissions removeserverrule ${me} cog:permissions`)).toBe(`Rule removed: cog \`permissions\` for user <@${m.boss.id}>.`);
    // The server owner is exempt.
    expect(await say(m.gowner, `permissions removeserverrule <@&${guild.role('Bosses').id}> cog:permissions`)).toMatch(/^Rule removed/);
  });
});

describe('D5: data requests with only the permissions cog', () => {
  it('GIVEN only fun, permissions and mydata loaded WHEN Discord reports an account deleted THEN its rules go and no audit entry names it', async () => {
    let h2: Harness | undefined;
    try {
      let g!: GuildHandle;
      const who: Record<'victim' | 'owner' | 'plain', MemberHandle> = {} as never;
      h2 = await startBot(cogRegistry, {
        world: (sim) => {
          g = sim.createGuild({ roles: [{ name: 'Bosses', permissions: ['Administrator'] }] });
          who.owner = sim.createMember(g, { username: 'botowner', user: sim.owner });
          who.victim = sim.createMember(g, { username: 'victim', roles: ['Bosses'] });
          who.plain = sim.createMember(g, { username: 'plain' });
        },
        instance: { cogs: ['fun', 'permissions', 'mydata'] },
      });
      const bot = h2;
      const say2 = async (from: MemberHandle, text: string) => {
        const sent = await bot.sim.say(g.general, from, `!${text}`);
        return (await bot.sim.waitForMessage({ after: sent, from: 'bot' })).content;
      };
      expect(await say2(who.victim, `permissions addserverrule deny ${who.plain.mention} roll`)).toMatch(/^Rule added/);
      expect(await say2(who.victim, `permissions addserverrule allow ${who.victim.mention} roll`)).toMatch(/^Rule added/);
      expect(await say2(who.owner, `permissions addglobalrule deny ${who.victim.mention} roll`)).toMatch(/^Rule added/);
      const entries = async () => [...(await bot.bot.audit.read({ guildId: null })), ...(await bot.bot.audit.read({ guildId: g.id }))];
      expect(JSON.stringify(await entries())).toContain(who.victim.id);
      expect(await say2(who.owner, `mydata ownermanagement processdiscordrequest ${who.victim.id}`)).toBeTruthy();
      expect((await bot.bot.rules.get('global')).rules).toEqual([]);
      expect((await bot.bot.rules.get({ guild: g.id })).rules.map((r) => r.subject.id)).toEqual([who.plain.id]);
      const after = await entries();
      expect(JSON.stringify(after)).not.toContain(who.victim.id);
      expect(after.filter((e) => e.actorId === 'deleted user')).toHaveLength(2);
    } finally {
      await h2?.stop();
    }
  });
});

describe('D6: subjects imported from YAML are looked up as the commands look them up', () => {
  const block = (...lines: string[]) => ['```yaml', ...lines, '```'].join('\n');
  const entry = (subject: string, id: string) => `  - { effect: deny, command: roll, ${subject}: "${id}" }`;
  /** `message:line:col` of the id in `lines` (line 1 is the first line inside the code block). */
  const at = (lines: string[], line: number, id: string) => `message:${line}:${lines[line - 1]!.indexOf(`"${id}"`) + 1}`;
  const isBot = (id: string) => `\`${id}\` is a bot: the bot ignores commands from bots, so a rule about it would do nothing.`;
  const refused = (...problems: string[]) => ['No rules were changed. Problems:', ...problems].join('\n');
  /** A rule that is there before each import, to see that a refused import changes nothing. */
  const before = async (scope: 'server' | 'global') => {
    const who = scope === 'server' ? m.boss : m.owner;
    expect(await say(who, `permissions add${scope}rule allow ${stranger.id} roll`)).toMatch(/^Rule added/);
    return scope === 'server' ? serverRules() : h.bot.rules.get('global');
  };

  it("GIVEN server YAML with a `user:` that is the bot, an id no user has, or another server's role (as `role:` or `user:`) THEN each is refused at its value and the rules are unchanged", async () => {
    const rules = await before('server');
    const far = other.role('Far').id;
    const cases: [string, string, string][] = [
      ['user', h.sim.botUser.id, isBot(h.sim.botUser.id)],
      ['user', m.robot.id, isBot(m.robot.id)],
      ['user', NOTHING, `\`${NOTHING}\` is not a Discord user.`],
      ['role', far, `\`${far}\` is not a role of this server.`],
      ['user', far, `\`${far}\` is not a Discord user.`],
      ['user', guild.id, `\`${guild.id}\` is this server's id, not a user: write \`everyone: true\` for everyone here.`],
      ['channel', other.general.id, `\`${other.general.id}\` is not a channel of this server.`],
    ];
    for (const [key, id, message] of cases) {
      const lines = ['rules:', `  - { effect: allow, cog: fun, user: "${m.plain.id}" }`, entry(key, id)];
      expect(await say(m.boss, `permissions acl setserver ${block(...lines)}`)).toBe(refused(`${at(lines, 3, id)} ${message}`));
      expect(await serverRules()).toEqual(rules);
    }
  });

  it('GIVEN server YAML with several bad subjects and other mistakes THEN every problem is reported, in line order, and nothing is stored', async () => {
    const rules = await before('server');
    const lines = ['rules:', entry('user', h.sim.botUser.id), '  - { effect: maybe, cog: fun, user: "' + NOTHING + '" }', entry('role', other.role('Far').id), entry('user', m.plain.id)];
    expect(await say(m.boss, `permissions acl setserver ${block(...lines)}`)).toBe(
      refused(
        `${at(lines, 2, h.sim.botUser.id)} ${isBot(h.sim.botUser.id)}`,
        `message:3:${lines[2]!.indexOf('maybe') + 1} \`effect\` must be \`allow\` or \`deny\`.`,
        `${at(lines, 3, NOTHING)} \`${NOTHING}\` is not a Discord user.`,
        `${at(lines, 4, other.role('Far').id)} \`${other.role('Far').id}\` is not a role of this server.`,
      ),
    );
    expect(await serverRules()).toEqual(rules);
  });

  it("GIVEN global YAML with a `user:` that is the bot, an id no user has, or a role, channel or server the bot is not in THEN each is refused at its value and the rules are unchanged", async () => {
    const rules = await before('global');
    const cases: [string, string, string][] = [
      ['user', h.sim.botUser.id, isBot(h.sim.botUser.id)],
      ['user', botFriend.id, isBot(botFriend.id)],
      ['user', NOTHING, `\`${NOTHING}\` is not a Discord user.`],
      ['user', other.id, `\`${other.id}\` is a server's id, not a user: give \`guild: '<id>'\` for everyone in that server.`],
      ['role', NOTHING, `\`${NOTHING}\` is not a role of a server the bot is in.`],
      ['channel', NOTHING, `\`${NOTHING}\` is not a channel of a server the bot is in.`],
      ['category', guild.general.id, `\`${guild.general.id}\` is a channel, not a category: write \`channel\`.`],
      ['guild', NOTHING, `\`${NOTHING}\` is not a server the bot is in.`],
    ];
    for (const [key, id, message] of cases) {
      const lines = ['rules:', entry(key, id)];
      expect(await say(m.owner, `permissions acl setglobal ${block(...lines)}`)).toBe(refused(`${at(lines, 2, id)} ${message}`));
      expect(await h.bot.rules.get('global')).toEqual(rules);
    }
  });

  it('GIVEN valid YAML (a real user, a member, a role, channel and category of this server, the server id as everyone) THEN it is imported and applies', async () => {
    await before('server');
    const lines = [
      'rules:',
      entry('user', stranger.id),
      `  - { effect: allow, command: roll, user: "${m.plain.id}" }`,
      entry('role', guild.role('Mods').id),
      entry('channel', guild.channel('zoned').id),
      entry('category', guild.channel('Zone').id),
      entry('role', guild.id),
    ];
    expect(await say(m.boss, `permissions acl setserver ${block(...lines)}`)).toBe('Rules replaced: 6 rule(s) and 0 default(s).');
    expect((await serverRules()).rules.map((r) => [r.subject.kind, r.subject.id])).toEqual([
      ['user', stranger.id],
      ['user', m.plain.id],
      ['role', guild.role('Mods').id],
      ['channel', guild.channel('zoned').id],
      ['category', guild.channel('Zone').id],
      ['guild', guild.id],
    ]);
    expect(await say(m.plain, 'roll')).toBe('ran roll');
    expect(await say(m.boss, 'roll')).toBe(DENIED);

    // Global: a user, a server the bot is in (as `guild:` or as its @everyone `role:`), a role of another server.
    const global = ['rules:', entry('user', stranger.id), entry('role', other.id), entry('role', other.role('Far').id), entry('channel', guild.general.id)];
    expect(await say(m.owner, `permissions acl setglobal ${block(...global)}`)).toBe('Rules replaced: 4 rule(s) and 0 default(s).');
    expect((await h.bot.rules.get('global')).rules.map((r) => r.subject.kind)).toEqual(['user', 'guild', 'role', 'channel']);
  });
});
