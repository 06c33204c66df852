/**
 * Manifest checks end to end: a real Bot (real discord.js client) against the simulator. Discord
 * `permissions` (privilege OR permission, as in Red), `botPermissions` told by name, dmOnly, nsfw, roles
 * by name and by id, custom predicates, `any` / `all`, cog and group checks inherited — by text and by
 * slash with the same answers (slash refusals are private).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkManifestChecks } from '../../generator/checks/manifest-checks.js';
import { ProblemList } from '../../generator/problems.js';
import type { CogManifest } from '../../generator/manifest.js';
import { SLASH_CHECK_REFUSED } from '../../runtime/commands/error-boundary.js';
import { GUILD_ONLY_MESSAGE } from '../../runtime/commands/guild-only.js';
import { DM_ONLY_MESSAGE, NSFW_MESSAGE } from '../../runtime/permissions/manifest-checks.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { startBot, type Harness } from '../e2e/harness.js';
import { blocked, checksRegistry, dmcog, guarded, guardedManifest } from './checks-fixtures.js';

let h: Harness;
let guild: GuildHandle;
const m: Record<string, MemberHandle> = {};

beforeAll(async () => {
  h = await startBot(checksRegistry, {
    world: (sim) => {
      guild = sim.createGuild({
        roles: [{ name: 'Admins' }, { name: 'Helpers' }, { name: 'Reviewers' }, { name: 'Managers', permissions: ['ManageGuild'] }, { name: 'Banners', permissions: ['BanMembers'] }],
        channels: [
          { name: 'general' },
          { name: 'lewd-zone', nsfw: true },
          { name: 'ticket-1' },
          { name: 'media', overwrites: [{ bot: true, deny: ['EmbedLinks'] }] },
          { name: 'bare', overwrites: [{ bot: true, deny: ['EmbedLinks', 'AttachFiles'] }] },
        ],
      });
      m.alice = sim.createMember(guild, { username: 'alice', roles: ['Helpers'] });
      m.bob = sim.createMember(guild, { username: 'bob', roles: ['Helpers'] });
      m.admin = sim.createMember(guild, { username: 'admin', roles: ['Admins'] });
      m.manager = sim.createMember(guild, { username: 'manager', roles: ['Managers'] });
      m.banner = sim.createMember(guild, { username: 'banner', roles: ['Banners'] });
      m.reviewer = sim.createMember(guild, { username: 'reviewer', roles: ['Reviewers'] });
      m.plain = sim.createMember(guild, { username: 'plain' });
      m.owner = sim.createMember(guild, { username: 'app-owner', user: sim.owner });
      // Roles may be named by id in a manifest: put the simulator's id where the fixture holds a marker.
      const helpers = guarded.commands.find((c) => c.name === 'helpers')!;
      for (const check of helpers.checks!) if (check.kind === 'roles') check.roles = check.roles.map((r) => (r === 'REVIEWERS_ID' ? guild.role('Reviewers').id : r));
    },
    instance: { cogs: ['guarded', 'dmcog'], owners: [] },
  });
  await h.bot.privileges.roles.add('admin', guild.id, guild.role('Admins').id);
});

afterAll(async () => {
  await h?.stop();
});

/** What the bot answers by text and by slash; a silent text refusal reads `(silent)`. */
async function both(who: MemberHandle, channel: string, command: string): Promise<{ text: string; slash: string }> {
  const sent = await h.sim.say(channel, who, `!${command}`);
  const text = (await h.sim.waitForMessage({ channelId: channel, after: sent })).content;
  const interaction = await h.sim.runSlash(channel, who, command);
  const reply = await h.sim.waitForInteractionResponse(interaction);
  if (!reply.content.startsWith('ran ')) expect(reply.ephemeral).toBe(true);
  return { text, slash: reply.content };
}

/** The same in a DM with the bot. */
async function bothInDM(who: MemberHandle, command: string): Promise<{ text: string; slash: string }> {
  const sent = await h.sim.sayInDM(who, `!${command}`);
  const text = (await h.sim.waitForMessage({ after: sent })).content;
  const dm = h.sim.state.dmChannel(who.id).id;
  const interaction = await h.sim.runSlash(dm, who, command);
  const reply = await h.sim.waitForInteractionResponse(interaction);
  return { text, slash: reply.content };
}

const same = (answer: string) => ({ text: answer, slash: answer });
const general = () => guild.general.id;

describe('Discord permissions: privilege OR permission, as in Red', () => {
  it('GIVEN privilege admin + ManageGuild THEN an admin runs it, a Manage Server holder runs it, others are told both ways in', async () => {
    expect(await both(m.admin!, general(), 'adminperm')).toEqual(same('ran adminperm'));
    expect(await both(m.manager!, general(), 'adminperm')).toEqual(same('ran adminperm'));
    expect(await both(m.plain!, general(), 'adminperm')).toEqual(same('You need to be an admin or have the Manage Server permission to use `adminperm`.'));
  });

  it('GIVEN permissions alone THEN they are required (owners pass), and a DM cannot have them', async () => {
    expect(await both(m.banner!, general(), 'permonly')).toEqual(same('ran permonly'));
    expect(await both(m.owner!, general(), 'permonly')).toEqual(same('ran permonly'));
    expect(await both(m.admin!, general(), 'permonly')).toEqual(same('You need the Ban Members permission to use `permonly`.'));
    expect(await bothInDM(m.banner!, 'permonly')).toEqual(same('You need the Ban Members permission to use `permonly`.'));
  });

  it('GIVEN a group with ManageGuild THEN its subcommands accept it, except one declared owner-only', async () => {
    expect(await both(m.manager!, general(), 'manage open')).toEqual(same('ran manage open'));
    expect(await both(m.plain!, general(), 'manage open')).toEqual(same('You need the Manage Server permission to use `manage open`.'));
    expect(await both(m.manager!, general(), 'manage ownly')).toEqual(same('You need to be a bot owner to use `manage ownly`.'));
    expect(await both(m.owner!, general(), 'manage ownly')).toEqual(same('ran manage ownly'));
    expect(guarded.commands.find((c) => c.name === 'manage')!.subcommands.map((s) => s.permissions)).toEqual([['ManageGuild'], ['ManageGuild']]);
  });
});

describe('the bot\'s own permissions', () => {
  it('GIVEN the bot lacks permissions in a channel THEN the user is told which, by name; where it has them the command runs', async () => {
    expect(await both(m.plain!, guild.channel('bare').id, 'embed')).toEqual(same('I need the Embed Links and Attach Files permissions to do that.'));
    expect(await both(m.plain!, guild.channel('media').id, 'embed')).toEqual(same('I need the Embed Links permission to do that.'));
    expect(await both(m.plain!, general(), 'embed')).toEqual(same('ran embed'));
  });
});

describe('where: dmOnly, nsfw, guildOnly', () => {
  it('GIVEN dmOnly on a command or on its cog THEN a server refuses it and a DM runs it', async () => {
    expect(await both(m.plain!, general(), 'dmonly')).toEqual(same(DM_ONLY_MESSAGE));
    expect(await bothInDM(m.plain!, 'dmonly')).toEqual(same('ran dmonly'));
    expect(await both(m.admin!, general(), 'whisper')).toEqual(same(DM_ONLY_MESSAGE));
    expect(await bothInDM(m.admin!, 'whisper')).toEqual(same('ran whisper'));
    expect(dmcog.commands[0]!.checks).toEqual([{ kind: 'dmOnly' }]);
  });

  it('GIVEN nsfw THEN only an age-restricted channel (or a DM) runs it', async () => {
    expect(await both(m.plain!, general(), 'lewd')).toEqual(same(NSFW_MESSAGE));
    expect(await both(m.plain!, guild.channel('lewd-zone').id, 'lewd')).toEqual(same('ran lewd'));
    expect(await bothInDM(m.plain!, 'lewd')).toEqual(same('ran lewd'));
  });
});

describe('roles, predicates and composition', () => {
  it('GIVEN roles by name and by id THEN a holder of either runs it; others are told the names; a DM is refused', async () => {
    expect(await both(m.alice!, general(), 'helpers')).toEqual(same('ran helpers'));
    expect(await both(m.reviewer!, general(), 'helpers')).toEqual(same('ran helpers'));
    expect(await both(m.plain!, general(), 'helpers')).toEqual(same('You need the Helpers and Reviewers role (any one) to use `helpers`.'));
    expect(await bothInDM(m.alice!, 'helpers')).toEqual(same(GUILD_ONLY_MESSAGE));
  });

  it('GIVEN a group predicate THEN it guards every subcommand; a predicate that throws CheckFailure says why; false stays silent by text', async () => {
    expect(await both(m.alice!, general(), 'ticket view')).toEqual(same('ran ticket view'));
    expect(await both(m.alice!, guild.channel('ticket-1').id, 'ticket close')).toEqual(same('ran ticket close'));
    expect(await both(m.alice!, general(), 'ticket close')).toEqual(same('Only in ticket channels.'));
    // bob fails `isAlice` (returns false): text is silent, so the next answer is the probe's.
    const sent = await h.sim.say(general(), m.bob!, '!ticket view');
    await h.sim.say(general(), m.bob!, '!helpers');
    expect((await h.sim.waitForMessage({ channelId: general(), after: sent })).content).toBe('ran helpers');
    const slash = await h.sim.waitForInteractionResponse(await h.sim.runSlash(general(), m.bob!, 'ticket view'));
    expect([slash.content, slash.ephemeral]).toEqual([SLASH_CHECK_REFUSED, true]);
  });

  it('GIVEN a cog-level predicate THEN it guards every command of the cog', async () => {
    blocked.add(m.admin!.id);
    try {
      const sent = await h.sim.say(general(), m.admin!, '!adminperm');
      await h.sim.say(general(), m.alice!, '!helpers');
      expect((await h.sim.waitForMessage({ channelId: general(), after: sent })).content).toBe('ran helpers');
      expect((await h.sim.waitForInteractionResponse(await h.sim.runSlash(general(), m.admin!, 'either'))).content).toBe(SLASH_CHECK_REFUSED);
    } finally {
      blocked.delete(m.admin!.id);
    }
    expect(await both(m.admin!, general(), 'adminperm')).toEqual(same('ran adminperm'));
  });

  it('GIVEN any THEN one passing branch suffices; GIVEN all THEN every branch must pass', async () => {
    expect(await both(m.admin!, general(), 'either')).toEqual(same('ran either'));
    expect(await both(m.bob!, general(), 'either')).toEqual(same('ran either'));
    expect(await both(m.plain!, general(), 'either')).toEqual(same('You need to be an admin to use `either`.'));
    expect(await both(m.alice!, general(), 'both')).toEqual(same('ran both'));
    // bob holds Helpers but is not alice: the predicate's silent `false` decides (text silent, slash private).
    const sent = await h.sim.say(general(), m.bob!, '!both');
    await h.sim.say(general(), m.bob!, '!helpers');
    expect((await h.sim.waitForMessage({ channelId: general(), after: sent })).content).toBe('ran helpers');
    expect((await h.sim.waitForInteractionResponse(await h.sim.runSlash(general(), m.bob!, 'both'))).content).toBe(SLASH_CHECK_REFUSED);
    expect(await both(m.admin!, general(), 'both')).toEqual(same('You need the Helpers role to use `both`.'));
    // any(dmOnly, all(guildOnly, BanMembers)): a DM, or a server with Ban Members.
    expect(await bothInDM(m.plain!, 'nested')).toEqual(same('ran nested'));
    expect(await both(m.banner!, general(), 'nested')).toEqual(same('ran nested'));
    expect(await both(m.plain!, general(), 'nested')).toEqual(same(DM_ONLY_MESSAGE));
  });

  it('GIVEN a handlers module without a predicate the manifest names THEN the cog does not load, and says which', async () => {
    const spec = guarded;
    const other = await startBot(
      { guarded: { spec, load: async () => ({ default: { commands: Object.fromEntries(collectHandlers(spec.commands).map((k) => [k, () => undefined])) } }) } },
      { world: (sim) => void sim.createGuild({}), instance: { cogs: [], owners: [] } },
    );
    try {
      await expect(other.bot.loadCog('guarded')).rejects.toThrow(/check "inTicketChannel" its manifest names is missing/);
    } finally {
      await other.stop();
    }
  });
});

describe('generation', () => {
  it('GIVEN the manifest THEN every command carries the cog\'s checks first, then its groups\', then its own', () => {
    const close = guarded.commands.find((c) => c.name === 'ticket')!.subcommands.find((s) => s.name === 'close')!;
    expect(close.checks).toEqual([{ kind: 'predicate', name: 'notBlocked' }, { kind: 'predicate', name: 'isAlice' }, { kind: 'predicate', name: 'inTicketChannel' }]);
  });

  it('GIVEN bad permission names, owner + permissions, dmOnly + guildOnly THEN generation reports each with its place', () => {
    const manifest: CogManifest = {
      ...guardedManifest,
      privilege: 'owner',
      permissions: ['ManageGuild'],
      commands: [
        { name: 'a', kind: 'text', description: 'x', botPermissions: ['EmbedLink'], dmOnly: true, guildOnly: true },
        { name: 'b', kind: 'text', description: 'x', checks: [{ any: [{ permissions: ['Banmembers'] }] }] },
      ],
    };
    const problems = new ProblemList();
    const paths: string[] = [];
    const locate = (path: readonly (string | number)[]) => {
      paths.push(path.join('.'));
      return { line: paths.length, col: 1 };
    };
    checkManifestChecks([{ folder: 'guarded', file: 'cogs/guarded/cog.yaml', manifest, locate } as never], problems);
    const found = problems.errors.map((e) => `${paths[e.line - 1]}: ${e.message}`);
    expect(found).toEqual([
      'permissions: `permissions` cannot stand in for `privilege: owner`: owner-only stays owner-only; remove one',
      'commands.0.botPermissions.0: `EmbedLink` is not a Discord permission; did you mean `EmbedLinks`?',
      'commands.0.dmOnly: a command cannot be both `dmOnly` and `guildOnly`',
      'commands.1.checks.0.any.0.permissions.0: `Banmembers` is not a Discord permission; did you mean `BanMembers`?',
    ]);
  });
});

function collectHandlers(list: typeof guarded.commands): string[] {
  return list.flatMap((c) => [...(c.handler ? [c.handler] : []), ...collectHandlers(c.subcommands)]);
}
