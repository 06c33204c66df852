/**
 * The `permissions` cog end to end (real discord.js client against the simulator): each command's success
 * and its refusal for an insufficient privilege (server rules: the server owner or the Administrator
 * permission, as in Red; an admin role alone is not enough), canrun/explain in words, YAML import/export
 * with line-numbered errors, the audit log, owner-only staying owner-only, and the guild owner's lock-out guard.
 * Beside it, one file per behaviour: rules-subjects, rules-yaml, rules-canrun, rules-lockout, rules-changes,
 * rules-direct-messages and rules-data-requests (their shared bot: rules-fixtures.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../generated/registry.js';
import type { CogImplementation, CogRegistry } from '../../runtime/cogs/module.js';
import type { Context } from '../../runtime/context/types.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { startBot, type Harness } from '../e2e/harness.js';
import { specFrom, talkIn } from './fixtures.js';

const fun = specFrom({
  name: 'fun',
  identifier: 9202,
  description: 'A cog the rules are about.',
  dataStatement: 'Keeps nothing.',
  commands: [{ name: 'roll', kind: 'hybrid', description: 'Anyone.' }],
});
const funImpl: CogImplementation = { commands: { roll: (ctx: Context) => ctx.reply('ran roll') } };
const cogRegistry: CogRegistry = { fun: { spec: fun, load: async () => ({ default: funImpl }) }, permissions: registry.permissions };

let h: Harness;
let guild: GuildHandle;
const m: Record<'gowner' | 'owner' | 'admin' | 'boss' | 'plain', MemberHandle> = {} as never;
const DENIED = 'You may not use `roll` here: a permission rule denies it.';
/** The refusal of a server-rule command to someone who is neither the server owner nor has Administrator. */
const notAdministrator = (path: string) => `You need to be the server owner or have the Administrator permission to use \`${path}\`.`;

const { say, slash } = talkIn(() => h, () => guild);

beforeAll(async () => {
  h = await startBot(cogRegistry, {
    world: (sim) => {
      const gowner = sim.createUser({ username: 'gowner' });
      guild = sim.createGuild({ owner: gowner, roles: [{ name: 'Admins' }, { name: 'Bosses', permissions: ['Administrator'] }] });
      m.gowner = { kind: 'member', id: gowner.id, username: 'gowner', guildId: guild.id, mention: `<@${gowner.id}>` };
      m.owner = sim.createMember(guild, { username: 'botowner', user: sim.owner });
      m.admin = sim.createMember(guild, { username: 'admin', roles: ['Admins'] });
      m.boss = sim.createMember(guild, { username: 'boss', roles: ['Bosses'] });
      m.plain = sim.createMember(guild, { username: 'plain', roles: [] });
    },
    instance: { cogs: ['fun', 'permissions'] },
  });
  await h.bot.privileges.roles.add('admin', guild.id, guild.role('Admins').id);
});

afterAll(async () => {
  await h?.stop();
});

describe('server rules (the server owner and Administrator)', () => {
  it('GIVEN a member with Administrator WHEN they add, explain and remove a server rule THEN it applies, canrun names it, and a plain member and an admin-role member without Administrator are refused', async () => {
    expect(await say(m.plain, `permissions addserverrule deny ${m.plain.mention} roll`)).toBe(notAdministrator('permissions addserverrule'));
    expect(await say(m.admin, `permissions addserverrule deny ${m.plain.mention} roll`)).toBe(notAdministrator('permissions addserverrule'));
    expect(await say(m.boss, `permissions addserverrule deny ${m.plain.mention} roll`)).toBe(`Rule added: deny command \`roll\` for user <@${m.plain.id}>.`);
    expect(await say(m.plain, 'roll')).toBe(DENIED);
    expect(await slash(m.plain, 'roll')).toBe(DENIED);
    expect(await say(m.admin, 'roll')).toBe('ran roll');
    expect(await say(m.admin, `permissions canrun ${m.plain.mention} roll`)).toBe(`No: plain cannot run \`roll\` here. The server rule "deny user ${m.plain.id}" on command \`roll\` decided: denied.`);
    expect(await say(m.plain, `permissions canrun ${m.admin.mention} roll`)).toBe('Yes: admin can run `roll` here. Every check passes and no permission rule applies.');
    expect(await say(m.plain, `permissions removeserverrule ${m.plain.mention} roll`)).toBe(notAdministrator('permissions removeserverrule'));
    expect(await say(m.admin, `permissions removeserverrule ${m.plain.mention} roll`)).toBe(notAdministrator('permissions removeserverrule'));
    expect(await say(m.boss, `permissions removeserverrule ${m.plain.mention} roll`)).toBe(`Rule removed: command \`roll\` for user <@${m.plain.id}>.`);
    expect(await say(m.boss, `permissions removeserverrule ${m.plain.mention} roll`)).toBe(`There was no rule about command \`roll\` for user <@${m.plain.id}>.`);
    expect(await say(m.plain, 'roll')).toBe('ran roll');
  });

  it('GIVEN bad input THEN the reply says what is wrong and nothing changes', async () => {
    expect(await say(m.boss, 'permissions addserverrule deny nobody roll')).toMatch(/`nobody` is not a user, role, channel or category/);
    expect(await say(m.boss, `permissions addserverrule deny ${m.plain.mention} nosuchthing`)).toBe('There is no loaded cog or command named `nosuchthing`.');
    expect((await h.bot.rules.get({ guild: guild.id })).rules).toEqual([]);
  });

  it('GIVEN a member with Administrator WHEN they set a server default by slash THEN it applies, and a plain or admin-role member may not set one', async () => {
    expect(await slash(m.plain, 'permissions setdefaultserverrule', { effect: 'deny', target: 'fun' })).toBe(notAdministrator('permissions setdefaultserverrule'));
    expect(await slash(m.admin, 'permissions setdefaultserverrule', { effect: 'deny', target: 'fun' })).toBe(notAdministrator('permissions setdefaultserverrule'));
    expect(await slash(m.boss, 'permissions setdefaultserverrule', { effect: 'deny', target: 'fun' })).toBe('The server default for cog `fun`: deny.');
    expect(await say(m.plain, 'roll')).toBe(DENIED);
    expect(await say(m.boss, 'permissions setdefaultserverrule clear fun')).toBe('The server default for cog `fun`: cleared.');
    expect(await say(m.plain, 'roll')).toBe('ran roll');
  });

  it('GIVEN server rules WHEN members try to clear them THEN the server owner and a member with Administrator may, an admin-role member may not', async () => {
    await say(m.boss, 'permissions addserverrule deny everyone fun');
    expect(await say(m.admin, 'permissions clearserverrules')).toBe(notAdministrator('permissions clearserverrules'));
    expect(await say(m.gowner, 'permissions clearserverrules')).toBe('Removed 1 server rule(s) and default(s).');
    expect(await say(m.plain, 'roll')).toBe('ran roll');
    await say(m.boss, 'permissions addserverrule deny everyone fun');
    expect(await say(m.boss, 'permissions clearserverrules')).toBe('Removed 1 server rule(s) and default(s).');
    expect(await say(m.plain, 'roll')).toBe('ran roll');
  });
});

describe('global rules (bot owners)', () => {
  it('GIVEN the bot owner WHEN they add, default and clear global rules THEN they apply everywhere, and the server owner is refused each', async () => {
    for (const command of [`permissions addglobalrule deny ${m.plain.mention} roll`, `permissions removeglobalrule ${m.plain.mention} roll`, 'permissions setdefaultglobalrule deny roll', 'permissions clearglobalrules', 'permissions acl getglobal']) {
      expect(await say(m.gowner, command)).toBe(`You need to be a bot owner to use \`${command.split(' ').slice(0, command.startsWith('permissions acl') ? 3 : 2).join(' ')}\`.`);
    }
    expect(await say(m.owner, `permissions addglobalrule deny ${m.plain.mention} roll`)).toBe(`Rule added: deny command \`roll\` for user <@${m.plain.id}>.`);
    expect(await say(m.plain, 'roll')).toBe(DENIED);
    const dm = await h.sim.sayInDM(m.plain, '!roll');
    expect((await h.sim.waitForMessage({ after: dm, from: 'bot' })).content).toBe(DENIED);
    expect(await say(m.owner, `permissions removeglobalrule ${m.plain.mention} roll`)).toBe(`Rule removed: command \`roll\` for user <@${m.plain.id}>.`);
    expect(await say(m.owner, 'permissions addglobalrule deny everyone roll')).toMatch(/^A global rule cannot be about `everyone`: it would mean everyone everywhere\./);
    expect(await say(m.owner, 'permissions setdefaultglobalrule deny roll')).toBe('The global default for command `roll`: deny.');
    expect(await say(m.admin, 'roll')).toBe(DENIED);
    expect(await say(m.owner, 'roll')).toBe('ran roll'); // bot owners are not bound by rules
    expect(await say(m.owner, 'permissions clearglobalrules')).toBe('Removed 1 global rule(s) and default(s).');
    expect(await say(m.admin, 'roll')).toBe('ran roll');
  });

  it('GIVEN an allow rule for everyone on an owner-only command THEN it stays owner-only', async () => {
    expect(await say(m.boss, 'permissions addserverrule allow everyone permissions clearglobalrules')).toMatch(/^Rule added: allow command `permissions clearglobalrules`/);
    expect(await say(m.boss, 'permissions clearglobalrules')).toBe('You need to be a bot owner to use `permissions clearglobalrules`.');
    expect(await say(m.gowner, 'permissions clearserverrules')).toBe('Removed 1 server rule(s) and default(s).');
  });
});

describe('rules as YAML', () => {
  it('GIVEN YAML in a code block WHEN a member with Administrator imports it THEN it replaces the rules, exports back, and bad YAML is refused with line numbers', async () => {
    const yaml = ['```yaml', 'rules:', `  - { effect: deny, command: roll, role: "${guild.role('Admins').id}" }`, 'defaults:', '  - { effect: allow, cog: fun }', '```'].join('\n');
    expect(await say(m.plain, `permissions acl setserver ${yaml}`)).toBe(notAdministrator('permissions acl setserver'));
    expect(await say(m.admin, `permissions acl setserver ${yaml}`)).toBe(notAdministrator('permissions acl setserver'));
    expect(await say(m.boss, `permissions acl setserver ${yaml}`)).toBe('Rules replaced: 1 rule(s) and 1 default(s).');
    expect(await say(m.admin, 'roll')).toBe(DENIED);
    expect(await say(m.plain, 'roll')).toBe('ran roll');
    expect(await say(m.admin, 'permissions acl getserver')).toBe(notAdministrator('permissions acl getserver'));
    const since = Date.now();
    expect(await say(m.boss, 'permissions acl getserver')).toBe('1 rule(s) and 1 default(s).');
    const upload = [...h.sim.requests].reverse().find((r) => r.time >= since && r.files.length > 0)!;
    expect(upload.files[0]!.filename).toBe(`server-rules-${guild.id}.yaml`);
    expect(upload.files[0]!.data.toString('utf8')).toContain(`role: "${guild.role('Admins').id}"`);
    const bad = ['```yaml', 'rules:', '  - { effect: deny, command: roll, role: "1" }', '  - { effect: nope, cog: fun, everyone: true }', '```'].join('\n');
    const answer = await say(m.boss, `permissions acl setserver ${bad}`);
    expect(answer).toMatch(/^No rules were changed\. Problems:\nmessage:2:\d+ `role` must be a Discord id.*\nmessage:3:\d+ `effect` must be `allow` or `deny`/s);
    expect((await h.bot.rules.get({ guild: guild.id })).rules).toHaveLength(1);
    expect(await say(m.gowner, 'permissions clearserverrules')).toBe('Removed 2 server rule(s) and default(s).');
  });

  it('GIVEN the bot owner WHEN they import global YAML THEN it applies; the server owner may not', async () => {
    const yaml = ['```yaml', 'rules:', `  - { effect: deny, cog: fun, user: "${m.plain.id}" }`, '```'].join('\n');
    expect(await say(m.gowner, `permissions acl setglobal ${yaml}`)).toBe('You need to be a bot owner to use `permissions acl setglobal`.');
    expect(await say(m.owner, `permissions acl setglobal ${yaml}`)).toBe('Rules replaced: 1 rule(s) and 0 default(s).');
    expect(await say(m.plain, 'roll')).toBe(DENIED);
    expect(await say(m.owner, 'permissions acl getglobal')).toBe('1 rule(s) and 0 default(s).');
    expect(await say(m.owner, 'permissions clearglobalrules')).toBe('Removed 1 global rule(s) and default(s).');
  });
});

describe('explain, audit log and lock-out', () => {
  it('GIVEN anyone WHEN they ask permissions explain THEN the precedence is said in words', async () => {
    const text = await say(m.plain, 'permissions explain');
    expect(text).toMatch(/a subcommand's rule always beats its group's, and a command's beats its cog's/);
    expect(text).toMatch(/global rules .* then this server's rules, each in the order user, channel, category, role \(highest first\), everyone \(in global rules: everyone in one named server\); then this server's default, then the global default/);
  });

  it('GIVEN rule changes THEN each is in the audit log with who and what', async () => {
    const entries = await h.bot.audit.read({ guildId: guild.id, actionPrefix: 'rules.' });
    expect(entries.length).toBeGreaterThanOrEqual(8);
    expect(entries.some((e) => e.action === 'rules.add' && e.actorId === m.boss.id && e.detail === `server rule: deny command \`roll\` for user <@${m.plain.id}>`)).toBe(true);
    expect(entries.some((e) => e.action === 'rules.clear' && e.actorId === m.gowner.id)).toBe(true);
    const global = await h.bot.audit.read({ guildId: null, actionPrefix: 'rules.' });
    expect(global.some((e) => e.action === 'rules.import' && e.actorId === m.owner.id)).toBe(true);
  });

  it('GIVEN rules denying the permissions cog to everyone and to the server owner, and every role rule removed THEN the server owner can still manage rules', async () => {
    const admins = guild.role('Bosses');
    expect(await say(m.gowner, `permissions addserverrule allow ${admins.id} permissions`)).toBe('`permissions` is both a cog and a command: write `cog:permissions` or `command:permissions`.');
    await say(m.gowner, `permissions addserverrule allow ${admins.id} cog:permissions`);
    await say(m.gowner, 'permissions addserverrule deny everyone cog:permissions');
    await say(m.gowner, `permissions addserverrule deny ${m.gowner.mention} cog:permissions`);
    // Every role rule removed: the admins lose the cog (the everyone rule), the owner keeps it.
    expect(await say(m.gowner, `permissions removeserverrule ${admins.id} cog:permissions`)).toBe(`Rule removed: cog \`permissions\` for role <@&${admins.id}>.`);
    expect(await say(m.boss, 'permissions addserverrule deny everyone roll')).toBe('You may not use `permissions addserverrule` here: a permission rule denies it.');
    expect(await say(m.gowner, 'permissions addserverrule deny everyone roll')).toBe('Rule added: deny command `roll` for everyone in this server.');
    expect(await say(m.gowner, `permissions canrun ${m.gowner.mention} permissions addserverrule`)).toBe('Yes: gowner can run `permissions addserverrule` here. The server owner can always manage permission rules (no lock-out).');
    expect(await say(m.gowner, 'permissions clearserverrules')).toBe('Removed 3 server rule(s) and default(s).');
    expect(await say(m.admin, 'roll')).toBe('ran roll');
  });
});
