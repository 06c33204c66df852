/**
 * The `permissions` cog's edge cases found in review, end to end (the real discord.js client against the
 * simulator): the server's id as a subject (its @everyone role) in server and global rules, `canrun`
 * running every check of the pipeline in order, DMs (text and slash), empty and hostile YAML, roles of
 * other servers, the lock-out guard, unloaded cogs, long error lists, duplicate entries, escaping, and data
 * requests for deleted accounts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../generated/registry.js';
import type { CogImplementation, CogRegistry } from '../../runtime/cogs/module.js';
import { CheckFailure } from '../../runtime/commands/check-failure.js';
import type { Context } from '../../runtime/context/types.js';
import { emptyRuleSet, withRule } from '../../runtime/permissions/rules.js';
import type { GuildHandle, MemberHandle, RoleHandle } from '../../runtime/testing/handles.js';
import { startBot, type Harness } from '../e2e/harness.js';
import { specFrom } from './fixtures.js';

const fun = specFrom({ name: 'fun', identifier: 9301, description: 'Rules are about it.', dataStatement: 'Keeps nothing.', commands: [{ name: 'roll', kind: 'hybrid', description: 'Anyone.' }] });
const extra = specFrom({ name: 'extra', identifier: 9302, description: 'Unloaded during the tests.', dataStatement: 'Keeps nothing.', commands: [{ name: 'extracmd', kind: 'hybrid', description: 'Anyone.' }] });
const guarded = specFrom({
  name: 'guarded',
  identifier: 9303,
  description: 'Commands with manifest checks.',
  dataStatement: 'Keeps nothing.',
  commands: [
    { name: 'modsonly', kind: 'hybrid', description: 'Mods only (a roles check).', roles: ['Mods'] },
    { name: 'onlyplain', kind: 'hybrid', description: 'A predicate that looks at the author.', checks: ['isPlain'] },
    { name: 'chatty', kind: 'hybrid', description: 'A predicate that answers (it cannot run for someone else).', checks: ['talks'] },
    { name: 'tuesday', kind: 'hybrid', description: 'A predicate that refuses with words.', checks: ['onTuesdays'] },
  ],
});
const answer = (text: string) => (ctx: Context) => ctx.reply(text);
const cogRegistry: CogRegistry = {
  fun: { spec: fun, load: async () => ({ default: { commands: { roll: answer('ran roll') } } satisfies CogImplementation }) },
  extra: { spec: extra, load: async () => ({ default: { commands: { extracmd: answer('ran extracmd') } } satisfies CogImplementation }) },
  guarded: {
    spec: guarded,
    load: async () => ({
      default: {
        commands: { modsonly: answer('ran modsonly'), onlyplain: answer('ran onlyplain'), chatty: answer('ran chatty'), tuesday: answer('ran tuesday') },
        checks: {
          isPlain: (ctx) => ctx.author.username === 'plain',
          talks: async (ctx) => {
            await ctx.reply('checking…');
            return true;
          },
          onTuesdays: () => {
            throw new CheckFailure('Only on Tuesdays.');
          },
        },
      } satisfies CogImplementation,
    }),
  },
  permissions: registry.permissions,
  mydata: registry.mydata,
};

let h: Harness;
let guild: GuildHandle;
let other: GuildHandle;
let farRole: RoleHandle;
const m: Record<'gowner' | 'owner' | 'boss' | 'plain' | 'modder' | 'marked', MemberHandle> = {} as never;
let plainThere: MemberHandle;
const DENIED = 'You may not use `roll` here: a permission rule denies it.';
const GUILD_ONLY = 'This command can only be used in a server.';

async function say(who: MemberHandle, command: string, where: GuildHandle = guild): Promise<string> {
  const sent = await h.sim.say(where.general, who, `!${command}`);
  return (await h.sim.waitForMessage({ after: sent, from: 'bot' })).content;
}

async function slash(who: MemberHandle, command: string, options: Record<string, string> = {}): Promise<string> {
  const interaction = await h.sim.runSlash(guild.general, who, command, options);
  return (await h.sim.waitForInteractionResponse(interaction)).content;
}

async function dm(who: MemberHandle, command: string): Promise<string> {
  const sent = await h.sim.sayInDM(who, `!${command}`);
  return (await h.sim.waitForMessage({ after: sent, from: 'bot' })).content;
}

async function dmSlash(who: MemberHandle, command: string, options: Record<string, string> = {}): Promise<string> {
  const interaction = await h.sim.runSlash(h.sim.state.dmChannel(who.id).id, who, command, options);
  return (await h.sim.waitForInteractionResponse(interaction)).content;
}

const block = (...lines: string[]) => ['```yaml', ...lines, '```'].join('\n');
const serverRules = () => h.bot.rules.get({ guild: guild.id });

beforeAll(async () => {
  h = await startBot(cogRegistry, {
    world: (sim) => {
      const gowner = sim.createUser({ username: 'gowner' });
      guild = sim.createGuild({ owner: gowner, roles: [{ name: 'Bosses', permissions: ['Administrator'] }, { name: 'Mods' }] });
      m.gowner = { kind: 'member', id: gowner.id, username: 'gowner', guildId: guild.id, mention: `<@${gowner.id}>` };
      m.owner = sim.createMember(guild, { username: 'botowner', user: sim.owner });
      m.boss = sim.createMember(guild, { username: 'boss', roles: ['Bosses'] });
      m.plain = sim.createMember(guild, { username: 'plain' });
      m.modder = sim.createMember(guild, { username: 'modder', roles: ['Mods'] });
      m.marked = sim.createMember(guild, { username: 'marked_down_' });
      other = sim.createGuild({ name: 'Other', roles: [{ name: 'Far' }] });
      farRole = other.role('Far');
      plainThere = sim.createMember(other, { username: 'plain', user: m.plain });
    },
    instance: { cogs: ['fun', 'extra', 'guarded', 'permissions', 'mydata'] },
  });
});

afterAll(async () => {
  await h?.stop();
});

afterEach(async () => {
  // Each test starts without rules.
  for (const scope of ['global', { guild: guild.id }, { guild: other.id }] as const) {
    await h.bot.rules.update(scope, () => emptyRuleSet(), { actorId: m.owner.id, action: 'rules.clear', detail: 'test reset' });
  }
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

describe('canrun runs every check of the pipeline, in order, for the member asked about', () => {
  const ask = (who: MemberHandle, command: string) => say(m.boss, `permissions canrun ${who.mention} ${command}`);

  it('GIVEN a disabled command, a disabled cog, a blocklist and a rule THEN the first in pipeline order decides, in words', async () => {
    await h.bot.access.disableCommand('roll', { guild: guild.id });
    await h.bot.access.disableCog('fun', { guild: guild.id });
    await h.bot.access.add('blocklist', { guild: guild.id }, [m.plain.id]);
    await say(m.boss, `permissions addserverrule deny ${m.plain.mention} roll`);
    try {
      expect(await ask(m.plain, 'roll')).toBe('No: plain cannot run `roll` here. The command (or a group above it) is disabled here.');
      await h.bot.access.enableCommand('roll', { guild: guild.id });
      expect(await ask(m.plain, 'roll')).toBe('No: plain cannot run `roll` here. The cog `fun` is disabled here.');
      await h.bot.access.enableCog('fun', { guild: guild.id });
      expect(await ask(m.plain, 'roll')).toBe("No: plain cannot run `roll` here. The allow and block lists decided: they or one of their roles are on this server's blocklist (they are ignored).");
      await h.bot.access.remove('blocklist', { guild: guild.id }, [m.plain.id]);
      expect(await ask(m.plain, 'roll')).toBe(`No: plain cannot run \`roll\` here. The server rule "deny user ${m.plain.id}" on command \`roll\` decided: denied.`);
    } finally {
      await h.bot.access.enableCommand('roll', { guild: guild.id });
      await h.bot.access.enableCog('fun', { guild: guild.id });
      await h.bot.access.remove('blocklist', { guild: guild.id }, [m.plain.id]);
    }
  });

  it("GIVEN manifest checks THEN they are evaluated for the member asked about (roles, a predicate on the author, a refusal with words), and one that cannot be evaluated for someone else is said so", async () => {
    expect(await ask(m.plain, 'modsonly')).toBe("No: plain cannot run `modsonly` here. The command's checks decided: You need the Mods role to use `modsonly`.");
    expect(await ask(m.modder, 'modsonly')).toBe('Yes: modder can run `modsonly` here. Every check passes and no permission rule applies.');
    // Asked by boss: the predicate sees plain (or modder), not the one asking.
    expect(await ask(m.plain, 'onlyplain')).toBe('Yes: plain can run `onlyplain` here. Every check passes and no permission rule applies.');
    expect(await ask(m.modder, 'onlyplain')).toBe('No: modder cannot run `onlyplain` here. A custom check of the command refused them.');
    expect(await ask(m.plain, 'tuesday')).toBe("No: plain cannot run `tuesday` here. The command's checks decided: Only on Tuesdays.");
    expect(await ask(m.plain, 'chatty')).toBe('Cannot tell whether plain can run `chatty` here: a custom check could not be evaluated for someone else.');
    expect(await ask(m.plain, 'permissions addserverrule')).toBe('No: plain cannot run `permissions addserverrule` here. The privilege check decided: You need to be the server owner or have the Administrator permission to use `permissions addserverrule`.');
  });

  it('GIVEN a username with markdown THEN canrun escapes it', async () => {
    expect(await ask(m.marked, 'roll')).toBe('Yes: marked\\_down\\_ can run `roll` here. Every check passes and no permission rule applies.');
  });
});

describe('direct messages', () => {
  it('GIVEN server-rule commands in a DM THEN the guild-only message comes before the privilege message, by text and by slash', async () => {
    expect(await dm(m.plain, 'permissions addserverrule deny everyone roll')).toBe(GUILD_ONLY);
    expect(await dmSlash(m.plain, 'permissions addserverrule', { effect: 'deny', who: 'everyone', target: 'roll' })).toBe(GUILD_ONLY);
    expect(await dm(m.plain, 'permissions clearserverrules')).toBe(GUILD_ONLY);
    expect(await dmSlash(m.plain, 'permissions acl getserver')).toBe(GUILD_ONLY);
    expect(await dm(m.owner, 'permissions setdefaultserverrule deny roll')).toBe(GUILD_ONLY);
  });

  it('GIVEN global-rule commands and explain in a DM THEN the bot owner uses them (text and slash), explain works for anyone, and others get the owner message', async () => {
    expect(await dm(m.plain, 'permissions explain')).toMatch(/^Permission rules are checked after the privilege level/);
    expect(await dmSlash(m.plain, 'permissions explain')).toMatch(/^Permission rules are checked after the privilege level/);
    expect(await dm(m.plain, `permissions addglobalrule deny ${m.plain.mention} roll`)).toBe('You need to be a bot owner to use `permissions addglobalrule`.');
    expect(await dm(m.owner, `permissions addglobalrule deny ${m.plain.mention} roll`)).toBe(`Rule added: deny command \`roll\` for user <@${m.plain.id}>.`);
    expect(await dm(m.plain, 'roll')).toBe(DENIED);
    expect(await dmSlash(m.owner, 'permissions removeglobalrule', { who: m.plain.mention, target: 'roll' })).toBe(`Rule removed: command \`roll\` for user <@${m.plain.id}>.`);
    expect(await dmSlash(m.owner, 'permissions setdefaultglobalrule', { effect: 'deny', target: 'roll' })).toBe('The global default for command `roll`: deny.');
    expect(await dmSlash(m.owner, 'permissions acl getglobal')).toBe('0 rule(s) and 1 default(s).');
    expect(await dm(m.owner, 'permissions clearglobalrules')).toBe('Removed 1 global rule(s) and default(s).');
  });
});

describe('YAML input', () => {
  it('GIVEN empty YAML or an empty code block THEN nothing is deleted and the reply points to clear', async () => {
    await say(m.boss, 'permissions addserverrule deny everyone roll');
    for (const text of ['```yaml\n```', '```yaml\n# nothing here\n```', '```\n\n```', '```yaml\nrules:\n```']) {
      expect(await say(m.boss, `permissions acl setserver ${text}`)).toBe('The YAML is empty: to remove every rule use `permissions clearserverrules`.');
    }
    expect((await serverRules()).rules).toHaveLength(1);
    await say(m.owner, `permissions addglobalrule deny ${m.plain.mention} roll`);
    expect(await say(m.owner, 'permissions acl setglobal ```yaml\n```')).toBe('The YAML is empty: to remove every rule use `permissions clearglobalrules`.');
    expect((await h.bot.rules.get('global')).rules).toHaveLength(1);
  });

  it('GIVEN YAML whose aliases explode ("billion laughs") or that nests thousands deep THEN a clear user error with a position, and nothing changes', async () => {
    await say(m.boss, 'permissions addserverrule deny everyone roll');
    const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) laughs.push(`${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9).fill(`*${'abcdefghi'[i - 1]}`).join(', ')}]`);
    expect(await say(m.boss, `permissions acl setserver ${block(...laughs)}`)).toBe('No rules were changed. Problems:\nmessage:2:8 YAML resource limit: the aliases (`*name`) expand to too much data; nothing was read.');
    const deep = `rules: ${'['.repeat(1900)}${']'.repeat(1900)}`;
    expect(await slash(m.boss, 'permissions acl setserver', { yaml: deep })).toBe('No rules were changed. Problems:\nmessage:1:40 The YAML nests deeper than 32 levels; a rules file needs three. Nothing was read.');
    expect((await serverRules()).rules).toHaveLength(1);
  });

  it('GIVEN more problems than fit in one message THEN whole lines are listed and the rest counted', async () => {
    const lines = Array.from({ length: 40 }, () => '- {effect: x, cog: a, user: "1"}');
    const reply = await say(m.boss, `permissions acl setserver ${block('rules:', ...lines)}`);
    expect(reply.length).toBeLessThanOrEqual(2000);
    const [head, ...rest] = reply.split('\n');
    expect(head).toBe('No rules were changed. Problems:');
    const last = rest.pop()!;
    for (const line of rest) expect(line).toMatch(/^message:\d+:\d+ (`effect` must be `allow` or `deny`|`user` must be a Discord id \(15 to 21 digits, quoted\))\.$/);
    expect(last).toBe(`…and ${80 - rest.length} more problems.`);
  });

  it('GIVEN two entries with the same target and subject (rules) or the same target (defaults) THEN the second is an error at its line', async () => {
    const yaml = block('rules:', `  - { effect: deny, command: roll, user: "${m.plain.id}" }`, `  - { effect: allow, command: ROLL, user: "${m.plain.id}" }`, 'defaults:', '  - { effect: deny, cog: fun }', '  - { effect: allow, cog: fun }');
    expect(await say(m.boss, `permissions acl setserver ${yaml}`)).toBe(
      'No rules were changed. Problems:\nmessage:3:5 A second rule for the same command and user (the first is at line 2).\nmessage:6:5 A second default for the same cog (the first is at line 5).',
    );
  });

  it('GIVEN a role of another server THEN it is refused, by command and in YAML', async () => {
    expect(await say(m.boss, `permissions addserverrule deny <@&${farRole.id}> roll`)).toBe(`<@&${farRole.id}> is not a role of this server.`);
    expect(await say(m.boss, `permissions acl setserver ${block('rules:', `  - { effect: deny, command: roll, role: "${farRole.id}" }`)}`)).toBe(`No rules were changed. Problems:\nmessage:2:42 \`${farRole.id}\` is not a role of this server.`);
    expect((await serverRules()).rules).toEqual([]);
  });

  it('GIVEN names with backticks and markdown THEN the replies keep their formatting', async () => {
    const reply = await say(m.boss, `permissions acl setserver ${block('rules:', '  - { effect: deny, cog: "we`ird*", everyone: true }')}`);
    expect(reply).toBe("Rules replaced: 1 rule(s) and 0 default(s).\nNot loaded now (kept anyway):\ncog `we'ird*`");
    expect(await say(m.boss, 'permissions setdefaultserverrule clear no`pe')).toBe("There is no server default for command `no'pe` or cog `no'pe`.");
  });
});

describe('the lock-out guard', () => {
  it('GIVEN a member with Administrator WHEN a change would refuse them the command they use THEN it is refused and says why; the server owner may', async () => {
    // Every command of the cog they could use is named, the one they use first.
    const why = (path: string, reason: string) => `Nothing was changed: after this change you could no longer use \`${path}\`, \`permissions explain\`, \`permissions canrun\` and 5 more here yourself. ${reason} Ask the server owner, or allow it for yourself first.`;
    expect(await say(m.boss, 'permissions addserverrule deny everyone cog:permissions')).toBe(why('permissions addserverrule', `The server rule "deny everyone in server ${guild.id}" on cog \`permissions\` decided: denied.`));
    expect(await say(m.boss, 'permissions setdefaultserverrule deny cog:permissions')).toBe(why('permissions setdefaultserverrule', 'The server default rule (deny) for cog `permissions` decided: denied.'));
    expect(await say(m.boss, `permissions acl setserver ${block('defaults:', '  - { effect: deny, cog: permissions }')}`)).toBe(why('permissions acl setserver', 'The server default rule (deny) for cog `permissions` decided: denied.'));
    expect(await serverRules()).toEqual({ rules: [], defaults: [] });
    // With an allow for their role first, the same deny leaves them their commands.
    expect(await say(m.boss, `permissions addserverrule allow <@&${guild.role('Bosses').id}> cog:permissions`)).toMatch(/^Rule added/);
    expect(await say(m.boss, 'permissions addserverrule deny everyone cog:permissions')).toBe('Rule added: deny cog `permissions` for everyone in this server.');
    expect(await say(m.boss, `permissions removeserverrule <@&${guild.role('Bosses').id}> cog:permissions`)).toMatch(/^Nothing was changed: after this change you could no longer use `permissions removeserverrule`/);
    expect(await say(m.gowner, `permissions removeserverrule <@&${guild.role('Bosses').id}> cog:permissions`)).toMatch(/^Rule removed/);
    expect(await say(m.gowner, 'permissions setdefaultserverrule deny cog:permissions')).toBe('The server default for cog `permissions`: deny.');
  });
});

describe('cogs and commands since unloaded', () => {
  it('GIVEN a default and a rule about a cog WHEN it is unloaded THEN both can be removed by name, and the reply and audit name the cog', async () => {
    expect(await say(m.boss, 'permissions setdefaultserverrule deny extra')).toBe('The server default for cog `extra`: deny.');
    expect(await say(m.boss, 'permissions addserverrule deny everyone extra')).toBe('Rule added: deny cog `extra` for everyone in this server.');
    await h.bot.unloadCog('extra');
    try {
      expect(await say(m.boss, 'permissions setdefaultserverrule clear extra')).toBe('The server default for cog `extra`: cleared.');
      expect(await say(m.boss, 'permissions removeserverrule everyone extra')).toBe('Rule removed: cog `extra` for everyone in this server.');
      expect(await serverRules()).toEqual({ rules: [], defaults: [] });
      const audit = await h.bot.audit.read({ guildId: guild.id, actionPrefix: 'rules.remove', limit: 1 });
      expect(audit[0]).toMatchObject({ actorId: m.boss.id, detail: 'server rule removed: cog `extra` for everyone in this server' });
      expect(await say(m.boss, 'permissions setdefaultserverrule deny extra')).toBe('There is no loaded cog or command named `extra`.');
    } finally {
      await h.bot.loadCog('extra');
    }
  });
});

describe('data requests', () => {
  it("GIVEN rules about a user in global and two servers' rules WHEN Discord reports the account deleted THEN every rule about them goes, other kinds keep them, other users' rules stay", async () => {
    const about = (id: string) => ({ effect: 'deny' as const, target: { kind: 'command' as const, path: 'roll' }, subject: { kind: 'user' as const, id } });
    await say(m.owner, `permissions addglobalrule deny ${m.plain.mention} roll`);
    await say(m.boss, `permissions addserverrule deny ${m.plain.mention} roll`);
    await say(m.boss, `permissions addserverrule deny ${m.modder.mention} roll`);
    await h.bot.rules.update({ guild: other.id }, (set) => withRule(set, about(m.plain.id)), { actorId: m.owner.id, action: 'rules.add', detail: 'test' });
    const count = async () => (await h.bot.rules.get('global')).rules.length + (await serverRules()).rules.length + (await h.bot.rules.get({ guild: other.id })).rules.length;
    expect(await count()).toBe(4);
    expect(await say(m.owner, `mydata ownermanagement deleteforuser ${m.plain.id}`)).toBeTruthy();
    for (const kind of ['user', 'user_strict'] as const) await h.bot.dataRequests.deleteForUser(m.plain.id, kind);
    expect(await count()).toBe(4);
    expect(await say(m.plain, 'roll')).toBe(DENIED);
    expect(await say(m.owner, `mydata ownermanagement processdiscordrequest ${m.plain.id}`)).toBeTruthy();
    expect(await h.bot.rules.get('global')).toEqual({ rules: [], defaults: [] });
    expect(await h.bot.rules.get({ guild: other.id })).toEqual({ rules: [], defaults: [] });
    expect((await serverRules()).rules).toEqual([about(m.modder.id)]);
    expect(await say(m.plain, 'roll')).toBe('ran roll');
    const audit = await h.bot.audit.read({ guildId: guild.id, actionPrefix: 'rules.remove', limit: 1 });
    expect(audit[0]!.detail).toBe('removed 1 rule(s) about a deleted Discord account (data request)');
    expect(audit[0]!.detail).not.toContain(m.plain.id);
  });
});
