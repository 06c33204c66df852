/**
 * Privilege levels end to end: a real Bot (real discord.js client) against the simulator. Owners from
 * bot.config.yaml and from the application, admin and mod roles per guild (several of each), the guild
 * owner, cog and group privileges, and the same answers by text and by slash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandSpec } from '../../runtime/contract/spec.js';
import { createLogger } from '../../runtime/logging.js';
import { PRIVILEGES, refusalMessage, satisfies, type Privilege } from '../../runtime/permissions/levels.js';
import { applicationOwnerIds } from '../../runtime/permissions/owners.js';
import { Privileges } from '../../runtime/permissions/privileges.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { startBot, type Harness } from '../e2e/harness.js';
import { privilegeRegistry } from './fixtures.js';

/** The owner listed in bot.config.yaml (`owners`). */
const CONFIGURED_OWNER = '512345678901234567';
let h: Harness;
let guild: GuildHandle;
const people: Record<string, MemberHandle> = {};
const HELD: Record<string, Privilege> = {
  cfgOwner: 'owner',
  appOwner: 'owner',
  gowner: 'guildOwner',
  admin: 'admin',
  admin2: 'admin',
  mod: 'mod',
  plain: 'none',
};

/** Every runnable command with the level it needs (cog's, group's and own, the highest). */
function runnable(): { path: string[]; required: Privilege }[] {
  const out: { path: string[]; required: Privilege }[] = [];
  for (const entry of Object.values(privilegeRegistry)) {
    const walk = (list: CommandSpec[]) => {
      for (const c of list) {
        if (c.handler) {
          const levels = [entry.spec.privilege ?? 'none', c.privilege ?? 'none'] as Privilege[];
          out.push({ path: c.path, required: levels.reduce((a, b) => (PRIVILEGES.indexOf(a) >= PRIVILEGES.indexOf(b) ? a : b)) });
        }
        walk(c.subcommands);
      }
    };
    walk(entry.spec.commands);
  }
  return out;
}

beforeAll(async () => {
  h = await startBot(privilegeRegistry, {
    world: (sim) => {
      const gowner = sim.createUser({ username: 'gowner' });
      guild = sim.createGuild({ owner: gowner, roles: [{ name: 'Mods' }, { name: 'Admins' }, { name: 'Admins2' }] });
      // The owner joined with the guild; the handle is built from the ids.
      people.gowner = { kind: 'member', id: gowner.id, username: 'gowner', guildId: guild.id, mention: `<@${gowner.id}>` };
      sim.state.addUser({ username: 'cfgowner', id: CONFIGURED_OWNER });
      people.cfgOwner = sim.createMember(guild, { username: 'cfgowner', user: CONFIGURED_OWNER });
      people.appOwner = sim.createMember(guild, { username: 'app-owner', user: sim.owner });
      people.admin = sim.createMember(guild, { username: 'admin', roles: ['Admins'] });
      people.admin2 = sim.createMember(guild, { username: 'admin2', roles: ['Admins2'] });
      people.mod = sim.createMember(guild, { username: 'mod', roles: ['Mods'] });
      people.plain = sim.createMember(guild, { username: 'plain', roles: [] });
    },
    instance: { cogs: ['levels', 'modcog'], owners: [CONFIGURED_OWNER] },
  });
  await h.bot.privileges.roles.add('admin', guild.id, guild.role('Admins').id);
  await h.bot.privileges.roles.add('admin', guild.id, guild.role('Admins2').id);
  await h.bot.privileges.roles.add('mod', guild.id, guild.role('Mods').id);
});

afterAll(async () => {
  await h?.stop();
});

describe('privilege levels', () => {
  it('GIVEN the levels THEN none < mod < admin < guildOwner < owner, each including the ones below', () => {
    expect(PRIVILEGES).toEqual(['none', 'mod', 'admin', 'guildOwner', 'owner']);
    expect(satisfies('admin', 'mod')).toBe(true);
    expect(satisfies('mod', 'admin')).toBe(false);
    expect(satisfies('owner', 'guildOwner')).toBe(true);
    expect(satisfies('guildOwner', 'owner')).toBe(false);
  });

  it('GIVEN admin and mod roles, the guild owner and the application owner THEN bot.privilegeOf says each level', async () => {
    const g = h.bot.client.guilds.cache.get(guild.id)!;
    const got: Record<string, Privilege> = {};
    for (const [name, member] of Object.entries(people)) got[name] = await h.bot.privilegeOf(await g.members.fetch(member.id));
    expect(got).toEqual(HELD);
    // A user (not a member) with the guild given, and without one.
    const adminUser = await h.bot.client.users.fetch(people.admin!.id);
    expect(await h.bot.privilegeOf(adminUser, g)).toBe('admin');
    expect(await h.bot.privilegeOf(adminUser)).toBe('none');
    expect(await h.bot.privilegeOf(await h.bot.client.users.fetch(h.sim.owner.id))).toBe('owner');
  });

  it('GIVEN several admin roles WHEN one is removed THEN its holders lose the level and the other stays', async () => {
    const roles = h.bot.privileges.roles;
    expect(await roles.list('admin', guild.id)).toEqual([guild.role('Admins').id, guild.role('Admins2').id]);
    expect(await roles.add('admin', guild.id, guild.role('Admins').id)).toBe(false);
    expect(await roles.remove('admin', guild.id, guild.role('Admins2').id)).toBe(true);
    const g = h.bot.client.guilds.cache.get(guild.id)!;
    expect(await h.bot.privilegeOf(g.members.cache.get(people.admin2!.id)!)).toBe('none');
    expect(await h.bot.privilegeOf(g.members.cache.get(people.admin!.id)!)).toBe('admin');
    await h.sim.say(guild.general, people.admin2!, '!admincmd');
    expect((await h.sim.waitForMessage()).content).toBe('You need to be an admin to use `admincmd`.');
    expect(await roles.add('admin', guild.id, guild.role('Admins2').id)).toBe(true);
    await expect(roles.add('mod', guild.id, 'not-an-id')).rejects.toThrow(/role id is a Discord id/);
  });
});

describe('every member × every command, by text and by slash', () => {
  it('GIVEN each level WHEN each command runs THEN it runs exactly when the level suffices, else the refusal names the level', async () => {
    const commands = runnable();
    expect(commands.length).toBe(9);
    let cases = 0;
    for (const [who, member] of Object.entries(people)) {
      const held = HELD[who]!;
      for (const { path, required } of commands) {
        const expected = satisfies(held, required) ? `ran ${path.join(' ')}` : refusalMessage(required, path);
        await h.sim.say(guild.general, member, `!${path.join(' ')}`);
        const text = (await h.sim.waitForMessage()).content;
        const interaction = await h.sim.runSlash(guild.general, member, path.join(' '));
        const slash = await h.sim.waitForInteractionResponse(interaction);
        expect({ who, path, text, slash: slash.content }).toEqual({ who, path, text: expected, slash: expected });
        if (expected !== `ran ${path.join(' ')}`) expect(slash.ephemeral).toBe(true);
        cases += 2;
      }
    }
    expect(cases).toBe(126);
  });

  it('GIVEN a group with admin THEN a subcommand declaring mod still needs admin, and one declaring owner needs owner', () => {
    const team = privilegeRegistry.levels!.spec.commands.find((c) => c.name === 'team')!;
    expect(Object.fromEntries(team.subcommands.map((s) => [s.name, s.privilege]))).toEqual({ inherit: 'admin', lower: 'admin', higher: 'owner' });
    expect(privilegeRegistry.modcog!.spec.privilege).toBe('mod');
  });

  it('GIVEN a DM THEN guild levels do not apply: a mod command is refused, an anyone command runs', async () => {
    await h.sim.sayInDM(people.mod!, '!modcmd');
    expect((await h.sim.waitForMessage({ from: 'bot' })).content).toBe('You need to be a mod to use `modcmd`.');
    await h.sim.sayInDM(h.sim.owner, '!ownercmd');
    expect((await h.sim.waitForMessage({ from: 'bot' })).content).toBe('ran ownercmd');
  });
});

describe('owners from bot.config.yaml and from the application', () => {
  it('GIVEN ownersFromApplication false THEN the application owner is refused and the configured owner still runs owner commands', async () => {
    const other = await startBot(privilegeRegistry, {
      world: (sim) => {
        const g = sim.createGuild({});
        people2.g = g;
        sim.state.addUser({ username: 'cfgowner', id: CONFIGURED_OWNER });
        people2.cfg = sim.createMember(g, { username: 'cfgowner', user: CONFIGURED_OWNER });
        people2.app = sim.createMember(g, { username: 'app-owner', user: sim.owner });
      },
      instance: { cogs: ['levels'], owners: [CONFIGURED_OWNER], ownersFromApplication: false },
    });
    try {
      await other.sim.say(people2.g!.general, people2.app!, '!ownercmd');
      expect((await other.sim.waitForMessage()).content).toBe('You need to be a bot owner to use `ownercmd`.');
      await other.sim.say(people2.g!.general, people2.cfg!, '!ownercmd');
      expect((await other.sim.waitForMessage()).content).toBe('ran ownercmd');
      const interaction = await other.sim.runSlash(people2.g!.general, people2.cfg!, 'ownercmd');
      expect((await other.sim.waitForInteractionResponse(interaction)).content).toBe('ran ownercmd');
      expect(await other.bot.privilegeOf(await other.bot.client.users.fetch(other.sim.owner.id))).toBe('none');
    } finally {
      await other.stop();
    }
  });

  it('GIVEN a team-owned application THEN the team owner is an owner, and every member only with teamMembersAreOwners', () => {
    const team = { ownerId: '1', members: new Map([['1', {}], ['2', {}]]) } as never;
    expect(applicationOwnerIds(team, false)).toEqual(['1']);
    expect(applicationOwnerIds(team, true)).toEqual(['1', '2']);
    expect(applicationOwnerIds({ id: '7' } as never, false)).toEqual(['7']);
    expect(applicationOwnerIds(null, true)).toEqual([]);
  });
});

describe('owner-only stays owner-only', () => {
  it('GIVEN an owner-only command THEN the owner check alone decides, before any role, rule or config is consulted', async () => {
    let consulted = 0;
    const privileges = new Privileges({
      client: h.bot.client,
      owners: ['499999999999999999'],
      ownersFromApplication: false,
      // Anything beyond the owner list (roles, later rules kept in config) would go through here.
      config: () => {
        consulted++;
        throw new Error('consulted');
      },
      logger: createLogger('test', { sink: () => undefined }),
    });
    const ownercmd = privilegeRegistry.levels!.spec.commands.find((c) => c.name === 'ownercmd')!;
    const g = h.bot.client.guilds.cache.get(guild.id)!;
    const gowner = await g.members.fetch(people.gowner!.id);
    const request = (userId: string, member: typeof gowner | null) => ({ user: { id: userId } as never, member, guild: g, cog: undefined, command: ownercmd });
    // The guild owner holds every guild level, and still cannot run it.
    expect(await privileges.refusal(request(gowner.id, gowner))).toBe('You need to be a bot owner to use `ownercmd`.');
    expect(await privileges.refusal(request('499999999999999999', null))).toBeNull();
    expect(consulted).toBe(0);
    // A guild level does consult the roles: the check above really skipped them.
    const modcmd = privilegeRegistry.levels!.spec.commands.find((c) => c.name === 'modcmd')!;
    await expect(privileges.refusal({ ...request(people.plain!.id, null), command: modcmd })).rejects.toThrow('consulted');
    expect(consulted).toBe(1);
  });

  it('GIVEN the guild owner who also holds admin and mod roles THEN owner commands are still refused by text and slash', async () => {
    h.sim.addRoles(people.gowner!, ['Admins', 'Mods']);
    await h.sim.say(guild.general, people.gowner!, '!ownercmd');
    expect((await h.sim.waitForMessage()).content).toBe('You need to be a bot owner to use `ownercmd`.');
    const interaction = await h.sim.runSlash(guild.general, people.gowner!, 'team higher');
    expect((await h.sim.waitForInteractionResponse(interaction)).content).toBe('You need to be a bot owner to use `team higher`.');
  });
});

const people2: { g?: GuildHandle; cfg?: MemberHandle; app?: MemberHandle } = {};
