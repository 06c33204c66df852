/**
 * The bot the permission-rule test files share: the `permissions` and `mydata` cogs with `fun` (the cog
 * rules are about), `extra` (unloaded during a test) and `guarded` (commands with manifest checks), in a
 * server with an Administrator role, a category and members of every kind, beside another server, one the
 * bot will leave, a stranger and another bot. `useRulesBot()` starts it for the calling test file and
 * clears every rule after each test. The world is exported as live bindings, set in `beforeAll`.
 */
import { ChannelType } from 'discord.js';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { registry } from '../../generated/registry.js';
import type { CogImplementation, CogRegistry } from '../../runtime/cogs/module.js';
import { CheckFailure } from '../../runtime/commands/check-failure.js';
import type { Context } from '../../runtime/context/types.js';
import { emptyRuleSet } from '../../runtime/permissions/rules.js';
import type { GuildHandle, MemberHandle, RoleHandle, UserHandle } from '../../runtime/testing/handles.js';
import { startBot, type Harness } from '../e2e/harness.js';
import { specFrom, talkIn } from './fixtures.js';

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

/** The cogs of the rule tests; a test starting its own bot picks some of them with `instance.cogs`. */
export const rulesRegistry: CogRegistry = {
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

export let h: Harness;
export let guild: GuildHandle;
/** Another server the bot is in, with a role `Far` and `plain` as a member (`plainThere`). */
export let other: GuildHandle;
/** A server the bot is in until a test makes it leave. */
export let gone: GuildHandle;
export let farRole: RoleHandle;
export let plainThere: MemberHandle;
/** A Discord user in no server of the bot. */
export let stranger: UserHandle;
/** Another bot, in no server of the bot. */
export let botFriend: UserHandle;
/** Members of `guild`: its owner, the bot owner, an Administrator, a plain member, a Mods member, a name with markdown, a bot. */
export const m: Record<'gowner' | 'owner' | 'boss' | 'plain' | 'modder' | 'marked' | 'robot', MemberHandle> = {} as never;

export const DENIED = 'You may not use `roll` here: a permission rule denies it.';
export const GUILD_ONLY = 'This command can only be used in a server.';
/** A well-formed id that is nothing: no user, server, role or channel. */
export const NOTHING = '123456789012345678';

export const { say, slash } = talkIn(() => h, () => guild);

/** The bot's answer to `!<command>` in the member's DM. */
export async function dm(who: MemberHandle, command: string): Promise<string> {
  const sent = await h.sim.sayInDM(who, `!${command}`);
  return (await h.sim.waitForMessage({ after: sent, from: 'bot' })).content;
}

/** The bot's answer to a slash command in the member's DM. */
export async function dmSlash(who: MemberHandle, command: string, options: Record<string, string> = {}): Promise<string> {
  const interaction = await h.sim.runSlash(h.sim.state.dmChannel(who.id).id, who, command, options);
  return (await h.sim.waitForInteractionResponse(interaction)).content;
}

/** `lines` as a YAML code block, as a user pastes it. */
export const block = (...lines: string[]) => ['```yaml', ...lines, '```'].join('\n');
export const serverRules = () => h.bot.rules.get({ guild: guild.id });
/** How many audit entries of `guild` start with `prefix`. */
export const auditCount = async (prefix = 'rules') => (await h.bot.audit.read({ guildId: guild.id, actionPrefix: prefix })).length;

/** Starts the shared bot for this test file, stops it after, and clears every rule after each test. */
export function useRulesBot(): void {
  beforeAll(async () => {
    h = await startBot(rulesRegistry, {
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
        m.modder = sim.createMember(guild, { username: 'modder', roles: ['Mods'] });
        m.marked = sim.createMember(guild, { username: 'marked_down_' });
        m.robot = sim.createMember(guild, { username: 'robot', bot: true });
        other = sim.createGuild({ name: 'Other', roles: [{ name: 'Far' }] });
        farRole = other.role('Far');
        plainThere = sim.createMember(other, { username: 'plain', user: m.plain });
        gone = sim.createGuild({ name: 'Gone', roles: [{ name: 'Left' }] });
        stranger = sim.createUser({ username: 'stranger' });
        botFriend = sim.createUser({ username: 'otherbot', bot: true });
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
}
