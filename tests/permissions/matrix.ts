/**
 * The permission matrix, shared by the tests that run it (tests/permissions/rules-matrix.test.ts for declared
 * commands, tests/e2e/dynamic-commands-matrix.test.ts for commands a cog adds at run time): privilege (none,
 * mod, admin, the server owner, a bot owner) and Discord permissions (Manage Messages standing in for mod) ×
 * rule sets at global and server scope (users, roles, channels, categories, everyone, defaults; cog, group,
 * subcommand targets) × allow and block lists (global and per server, of users and roles, an ignored channel)
 * × server or DM × text or slash, each case asserting whether the command ran, and if not, which refusal the
 * user got (a privilege message, a rule message, or the silence of a list). The expectations are written by
 * hand from RULES.md and access-check.ts, not computed by `decide`.
 *
 * A cog named `fun` must answer `ran <command>` for `roll` (anyone), `modtool` (privilege mod, or Manage
 * Messages) and, where it has it, `dice big` (a subcommand).
 */
import { ChannelType } from 'discord.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CogRegistry } from '../../runtime/cogs/module.js';
import type { CommandDeniedInfo } from '../../runtime/commands/dispatcher.js';
import { SLASH_CHECK_REFUSED } from '../../runtime/commands/error-boundary.js';
import type { AccessListKind, AccessScope } from '../../runtime/permissions/access-settings.js';
import { refusalMessage } from '../../runtime/permissions/levels.js';
import { emptyRuleSet, withDefault, withRule, type Effect, type RuleSet, type RuleTarget, type SubjectKind } from '../../runtime/permissions/rules.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { startBot, type Harness } from '../e2e/harness.js';

/** `manager` holds no level but has Manage Messages through a role. */
type Actor = 'plain' | 'mod' | 'admin' | 'manager' | 'gowner' | 'owner';
type Place = 'guild' | 'dm';
export type Cmd = 'roll' | 'modtool' | 'dice big';
/** `gowner` owns the server (no roles); `owner` is a bot owner (bot.config.yaml `owners`). */
const ACTORS: Actor[] = ['plain', 'mod', 'admin', 'manager', 'gowner', 'owner'];
const OWNER_ID = '612345678901234567';

let h: Harness;
let guild: GuildHandle;
const m: Partial<Record<Actor, MemberHandle>> = {};
const PRIVILEGE_REFUSED = 'You need to be a mod';
const RULE_DENIED = (path: string) => `You may not use \`${path}\` here: a permission rule denies it.`;

const cog: RuleTarget = { kind: 'cog', name: 'fun' };
const cmd = (path: string): RuleTarget => ({ kind: 'command', path });

/** A rule set from [effect, target, subject kind, subject id] entries and [target, effect] defaults. */
function rules(list: [Effect, RuleTarget, SubjectKind, () => string][], defaults: [RuleTarget, Effect][] = []): RuleSet {
  let s = emptyRuleSet();
  for (const [effect, target, kind, id] of list) s = withRule(s, { effect, target, subject: { kind, id: id() } });
  for (const [target, effect] of defaults) s = withDefault(s, target, effect);
  return s;
}

const id = {
  plain: () => m.plain!.id,
  admin: () => m.admin!.id,
  mods: () => guild.role('Mods').id,
  admins: () => guild.role('Admins').id,
  general: () => guild.general.id,
  cat: () => guild.channel('Cat').id,
  guild: () => guild.id,
  gowner: () => m.gowner!.id,
};

/** Who may stand on a list: an actor, or (server lists only) the Mods role. */
type Listed = Actor | 'Mods';

/** The allow and block lists of a scenario: bot-wide (users) and this server's (users and roles). */
interface Lists {
  globalAllow?: Actor[];
  globalBlock?: Actor[];
  serverAllow?: Listed[];
  serverBlock?: Listed[];
  /** #general is ignored (`ignore channel`). */
  ignoreGeneral?: boolean;
}

/**
 * Each rule configuration with what the documented precedence says: allowed(actor, place, command), and
 * `ignored(actor, place)` when the lists make the bot ignore the actor (checked before privilege and rules).
 */
interface Scenario {
  name: string;
  global: () => RuleSet;
  guild: () => RuleSet;
  lists?: Lists;
  ignored?(actor: Actor, place: Place): boolean;
  allowed(actor: Actor, place: Place, command: Cmd): boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'no rules', global: () => emptyRuleSet(), guild: () => emptyRuleSet(), allowed: () => true },
  {
    name: 'server: deny the cog for everyone',
    global: () => emptyRuleSet(),
    guild: () => rules([['deny', cog, 'guild', id.guild]]),
    allowed: (_a, place) => place === 'dm',
  },
  {
    name: 'server: deny the cog for everyone, allow roll for Mods',
    global: () => emptyRuleSet(),
    guild: () => rules([['deny', cog, 'guild', id.guild], ['allow', cmd('roll'), 'role', id.mods]]),
    allowed: (a, place, c) => place === 'dm' || (c === 'roll' && a === 'mod'),
  },
  {
    name: 'server: allow the cog for plain, deny roll for everyone (command beats cog)',
    global: () => emptyRuleSet(),
    guild: () => rules([['allow', cog, 'user', id.plain], ['deny', cmd('roll'), 'guild', id.guild]]),
    allowed: (_a, place, c) => place === 'dm' || c !== 'roll',
  },
  {
    name: 'server: deny the group for Admins, allow the subcommand for everyone (subcommand beats group)',
    global: () => emptyRuleSet(),
    guild: () => rules([['deny', cmd('dice'), 'role', id.admins], ['allow', cmd('dice big'), 'guild', id.guild]]),
    allowed: () => true,
  },
  {
    name: 'server: allow the group for everyone, deny the subcommand for Mods',
    global: () => emptyRuleSet(),
    guild: () => rules([['allow', cmd('dice'), 'guild', id.guild], ['deny', cmd('dice big'), 'role', id.mods]]),
    allowed: (a, place, c) => !(place === 'guild' && a === 'mod' && c === 'dice big'),
  },
  {
    name: 'global deny plain on the cog beats the server allow on the cog',
    global: () => rules([['deny', cog, 'user', id.plain]]),
    guild: () => rules([['allow', cog, 'user', id.plain]]),
    allowed: (a) => a !== 'plain',
  },
  {
    name: 'global deny plain on the cog, server allow roll for everyone (command target first)',
    global: () => rules([['deny', cog, 'user', id.plain]]),
    guild: () => rules([['allow', cmd('roll'), 'guild', id.guild]]),
    allowed: (a, place, c) => a !== 'plain' || (place === 'guild' && c === 'roll'),
  },
  {
    name: 'server default deny on the cog, allow roll in #general',
    global: () => emptyRuleSet(),
    guild: () => rules([['allow', cmd('roll'), 'channel', id.general]], [[cog, 'deny']]),
    allowed: (_a, place, c) => place === 'dm' || c === 'roll',
  },
  {
    name: 'global default deny on modtool, server default allow on modtool',
    global: () => rules([], [[cmd('modtool'), 'deny']]),
    guild: () => rules([], [[cmd('modtool'), 'allow']]),
    allowed: (_a, place, c) => place === 'guild' || c !== 'modtool',
  },
  {
    name: 'server: deny the category, allow admin by user (user before category)',
    global: () => emptyRuleSet(),
    guild: () => rules([['deny', cog, 'category', id.cat], ['allow', cog, 'user', id.admin]]),
    allowed: (a, place) => place === 'dm' || a === 'admin',
  },
  {
    name: 'global: deny roll for the Mods role (no roles in a DM)',
    global: () => rules([['deny', cmd('roll'), 'role', id.mods]]),
    guild: () => emptyRuleSet(),
    allowed: (a, place, c) => !(a === 'mod' && place === 'guild' && c === 'roll'),
  },
  {
    name: 'global blocklist: plain',
    global: () => emptyRuleSet(),
    guild: () => emptyRuleSet(),
    lists: { globalBlock: ['plain'] },
    ignored: (a) => a === 'plain',
    allowed: () => true,
  },
  {
    name: 'global allowlist: mod and admin (everyone else ignored, in DMs too)',
    global: () => emptyRuleSet(),
    guild: () => rules([['deny', cmd('roll'), 'role', id.admins]]),
    lists: { globalAllow: ['mod', 'admin'] },
    ignored: (a) => a !== 'mod' && a !== 'admin',
    allowed: (a, place, c) => !(a === 'admin' && place === 'guild' && c === 'roll'),
  },
  {
    name: 'server allowlist: the Mods role; server rule allows the cog for everyone',
    global: () => emptyRuleSet(),
    guild: () => rules([['allow', cog, 'guild', id.guild]]),
    lists: { serverAllow: ['Mods'] },
    // The server owner passes the server's lists.
    ignored: (a, place) => place === 'guild' && a !== 'mod' && a !== 'gowner',
    allowed: () => true,
  },
  {
    name: 'server blocklist: manager; a global rule allowing the cog for manager does not lift it',
    global: () => rules([['allow', cog, 'user', () => m.manager!.id]]),
    guild: () => emptyRuleSet(),
    lists: { serverBlock: ['manager'] },
    ignored: (a, place) => place === 'guild' && a === 'manager',
    allowed: () => true,
  },
  {
    name: 'server blocklist: the Mods role, with a server deny on roll for everyone',
    global: () => emptyRuleSet(),
    guild: () => rules([['deny', cmd('roll'), 'guild', id.guild]]),
    lists: { serverBlock: ['Mods'] },
    ignored: (a, place) => place === 'guild' && a === 'mod',
    allowed: (_a, place, c) => place === 'dm' || c !== 'roll',
  },
  {
    name: 'server allowlist: plain and admin, global blocklist: admin (the global list first)',
    global: () => emptyRuleSet(),
    guild: () => emptyRuleSet(),
    lists: { serverAllow: ['plain', 'admin'], globalBlock: ['admin'] },
    ignored: (a, place) => a === 'admin' || (place === 'guild' && a !== 'plain' && a !== 'gowner'),
    allowed: () => true,
  },
  {
    name: 'server: #general ignored (admins by level and the server owner pass; Manage Messages does not)',
    global: () => emptyRuleSet(),
    guild: () => emptyRuleSet(),
    lists: { ignoreGeneral: true },
    ignored: (a, place) => place === 'guild' && (a === 'plain' || a === 'mod' || a === 'manager'),
    allowed: () => true,
  },
  {
    name: 'global allowlist: plain only; the server owner is bound by it, bot owners are not',
    global: () => emptyRuleSet(),
    guild: () => emptyRuleSet(),
    lists: { globalAllow: ['plain'] },
    ignored: (a) => a !== 'plain',
    allowed: () => true,
  },
  {
    name: 'global rule: deny the cog in this server (a server as the subject); a server allow for the server owner',
    global: () => rules([['deny', cog, 'guild', id.guild]]),
    guild: () => rules([['allow', cog, 'user', id.gowner]]),
    // Global before server within one target: the server owner is denied too; DMs are another place.
    allowed: (_a, place) => place === 'dm',
  },
];

/** Whether the privilege check lets `actor` run `command` at `place` (a DM has no guild levels). */
function privilegeOk(actor: Actor, place: Place, command: Cmd): boolean {
  if (command !== 'modtool' || actor === 'owner') return true;
  return place === 'guild' && actor !== 'plain';
}

/** Starts the bot with `registry` (its `fun` cog and the permissions cog) in the matrix's world, for the file. */
export function matrixBot(registry: CogRegistry, cogs: string[] = ['fun', 'permissions']): { harness(): Harness } {
  beforeAll(async () => {
    h = await startBot(registry, {
      world: (sim) => {
        guild = sim.createGuild({
          roles: [{ name: 'Mods' }, { name: 'Admins' }, { name: 'Managers', permissions: ['ManageMessages'] }],
          channels: [{ name: 'Cat', type: ChannelType.GuildCategory }, { name: 'general', parent: 'Cat' }],
        });
        m.plain = sim.createMember(guild, { username: 'plain', roles: [] });
        m.mod = sim.createMember(guild, { username: 'mod', roles: ['Mods'] });
        m.admin = sim.createMember(guild, { username: 'admin', roles: ['Admins'] });
        m.manager = sim.createMember(guild, { username: 'manager', roles: ['Managers'] });
        sim.state.addUser({ username: 'owner', id: OWNER_ID });
        m.owner = sim.createMember(guild, { username: 'owner', user: OWNER_ID });
        const ownerId = sim.state.guild(guild.id).ownerId;
        m.gowner = { kind: 'member', id: ownerId, username: 'gowner', guildId: guild.id, mention: `<@${ownerId}>` };
      },
      instance: { cogs, owners: [OWNER_ID], ownersFromApplication: false },
    });
    await h.bot.privileges.roles.add('admin', guild.id, guild.role('Admins').id);
    await h.bot.privileges.roles.add('mod', guild.id, guild.role('Mods').id);
  });
  afterAll(async () => {
    await h?.stop();
  });
  return { harness: () => h };
}

/** What a user sees when the lists make the bot ignore them: nothing by text, the private refusal by slash. */
const IGNORED = { text: '(silence)', slash: SLASH_CHECK_REFUSED };

/** `done` resolves when a check refuses `userId`'s `kind` command silently (the bot answers nothing by text). */
function silentDenial(userId: string, kind: 'text' | 'slash'): { done: Promise<'(silence)'>; stop(): void } {
  let listener: (info: CommandDeniedInfo) => void = () => {};
  const done = new Promise<'(silence)'>((resolve) => {
    listener = (info) => {
      if (info.userId === userId && info.kind === kind && info.reason === null) resolve('(silence)');
    };
    h.bot.on('commandDenied', listener);
  });
  return { done, stop: () => h.bot.off('commandDenied', listener) };
}

async function answer(who: MemberHandle, place: Place, command: Cmd, slash: boolean): Promise<{ text: string; slash: string }> {
  const channel = place === 'guild' ? guild.general.id : h.sim.state.dmChannel(who.id).id;
  const silence = silentDenial(who.id, 'text');
  const sent = place === 'guild' ? await h.sim.say(channel, who, `!${command}`) : await h.sim.sayInDM(who, `!${command}`);
  const text = await Promise.race([h.sim.waitForMessage({ after: sent, from: 'bot', channelId: channel }).then((m) => m.content), silence.done]).finally(silence.stop);
  if (!slash) return { text, slash: text };
  const interaction = await h.sim.runSlash(channel, who, command);
  const reply = await h.sim.waitForInteractionResponse(interaction);
  if (!reply.content.startsWith('ran ')) expect(reply.ephemeral).toBe(true);
  // A silent refusal must really be silent: by the time the slash answer is in (a webhook message), no text answer followed.
  if (text === IGNORED.text) expect(h.sim.messagesIn(channel).filter((msg) => BigInt(msg.id) > BigInt(sent.id) && msg.author.bot && !msg.webhook_id)).toEqual([]);
  return { text, slash: reply.content };
}

/** Puts a scenario's lists in place (and empties the lists it does not name). */
async function setLists(lists: Lists = {}): Promise<void> {
  const ids = (who: Listed[] = []) => who.map((w) => (w === 'Mods' ? guild.role('Mods').id : m[w]!.id));
  const put = async (kind: AccessListKind, scope: AccessScope, who: Listed[] | undefined) => {
    await h.bot.access.clear(kind, scope);
    if (who?.length) await h.bot.access.add(kind, scope, ids(who));
  };
  await put('allowlist', { global: true }, lists.globalAllow);
  await put('blocklist', { global: true }, lists.globalBlock);
  await put('allowlist', { guild: guild.id }, lists.serverAllow);
  await put('blocklist', { guild: guild.id }, lists.serverBlock);
  await h.bot.access.setChannelIgnored(guild.general.id, lists.ignoreGeneral === true);
}

/**
 * The matrix as one test: every scenario × lists × actor × place × command, by text and (with `slash`) by
 * slash. `commands` are those the cog has (a run-time command cannot be a subcommand).
 */
export function permissionMatrixTest(title: string, options: { commands: Cmd[]; slash: boolean }): void {
  const { commands: COMMANDS, slash } = options;
  it(title, async () => {
    expect(h.sim.state.dmChannel).toBeTypeOf('function');
    let cases = 0;
    let ran = 0;
    let ignored = 0;
    const actor = guild.id; // the guild owner records the rule changes
    const owner = (await h.bot.client.guilds.fetch(actor)).ownerId;
    for (const scenario of SCENARIOS) {
      await h.bot.rules.update('global', () => scenario.global(), { actorId: owner, action: 'rules.import', detail: scenario.name });
      await h.bot.rules.update({ guild: guild.id }, () => scenario.guild(), { actorId: owner, action: 'rules.import', detail: scenario.name });
      await setLists(scenario.lists);
      for (const who of ACTORS) {
        for (const place of ['guild', 'dm'] as Place[]) {
          for (const command of COMMANDS) {
            const same = (answerText: string) => ({ text: answerText, slash: answerText });
            // Bot owners pass the lists, every privilege and every rule: for them everything runs.
            const expected: { text: string; slash: string } = { ...(who === 'owner'
              ? same(`ran ${command}`)
              : scenario.ignored?.(who, place)
              ? IGNORED
              : !privilegeOk(who, place, command)
                ? same(refusalMessage('mod', [command]))
                : scenario.allowed(who, place, command)
                  ? same(`ran ${command}`)
                  : same(RULE_DENIED(command))) };
            const got = await answer(m[who]!, place, command, slash);
            if (!slash) expected.slash = expected.text; // text only: `answer` repeats the text answer
            // The privilege refusal's wording belongs to the privilege check (it may name permissions too).
            const shown = (answerText: string) => (answerText.startsWith(PRIVILEGE_REFUSED) ? refusalMessage('mod', [command]) : answerText);
            expect({ scenario: scenario.name, who, place, command, text: shown(got.text), slash: shown(got.slash) }).toEqual({ scenario: scenario.name, who, place, command, ...expected });
            const per = slash ? 2 : 1;
            cases += per;
            if (expected.text.startsWith('ran ')) ran += per;
            if (expected.text === IGNORED.text) ignored += per;
          }
        }
      }
    }
    expect(cases).toBe(SCENARIOS.length * ACTORS.length * 2 * COMMANDS.length * (slash ? 2 : 1));
    expect(cases).toBeGreaterThanOrEqual(200);
    // Both outcomes are well represented, so neither "always runs" nor "never runs" could pass.
    expect(ran).toBeGreaterThan(cases / 4);
    expect(cases - ran).toBeGreaterThan(cases / 4);
    expect(ignored).toBeGreaterThan(cases / 10);
  }, 120_000);
}
