/**
 * The check pipeline itself, end to end (the real discord.js client against the simulator): its steps run in
 * the one order of CHECK_STEPS, the first refusal is the answer (for text, slash, autocomplete and help alike),
 * the refusal is data (`commandDenied` carries its step and identifier), and `permissions canrun` explains
 * each step's refusal. One member is refused by every step at once; the refusals are then lifted one at a
 * time, so each answer is the first remaining step's while every later one still stands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../generated/registry.js';
import { CheckFailure } from '../../runtime/commands/check-failure.js';
import type { CommandDeniedInfo } from '../../runtime/commands/dispatcher.js';
import { SLASH_CHECK_REFUSED } from '../../runtime/commands/error-boundary.js';
import { GUILD_ONLY_MESSAGE } from '../../runtime/commands/guild-only.js';
import { CHECK_STEPS } from '../../runtime/commands/pipeline/steps.js';
import type { CogImplementation, CogRegistry } from '../../runtime/cogs/module.js';
import { hasErrorCode } from '../../runtime/contract/errors.js';
import { CheckContext } from '../../runtime/context/check-context.js';
import type { Context } from '../../runtime/context/types.js';
import { refusalMessage } from '../../runtime/permissions/levels.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { startBot, type Harness } from '../e2e/harness.js';
import { specFrom } from './fixtures.js';

const fun = specFrom({
  name: 'fun',
  identifier: 9401,
  description: 'Commands every step can refuse.',
  dataStatement: 'Keeps nothing.',
  commands: [
    {
      name: 'layered',
      kind: 'hybrid',
      description: 'Mods only, behind a gate.',
      privilege: 'mod',
      checks: ['gate'],
      options: [{ name: 'topic', type: 'string', description: 'Suggested.', required: false, autocomplete: true }],
    },
    { name: 'serveronly', kind: 'hybrid', description: 'Guild-only, mods only, behind a gate.', guildOnly: true, privilege: 'mod', checks: ['gate'] },
  ],
});

/** What the tests turn on and off. */
const state = { gateOpen: false, botCheckRefuses: false, botCheckThrows: false };
let target: MemberHandle;
let boss: MemberHandle;
let guild: GuildHandle;
let h: Harness;

const reply = (ctx: Context) => ctx.reply(`ran ${ctx.command.name}`);
const cogRegistry: CogRegistry = {
  fun: {
    spec: fun,
    load: async () => ({
      default: {
        commands: { layered: reply, serveronly: reply },
        checks: {
          gate: () => {
            if (!state.gateOpen) throw new CheckFailure('The gate is closed.');
            return true;
          },
        },
        autocomplete: { layered: { topic: () => ['alpha'] } },
      } satisfies CogImplementation,
    }),
  },
  permissions: registry.permissions,
  help: registry.help,
};

const SILENT = '(silence)';
type Seen = { text: string; denied: Pick<CommandDeniedInfo, 'step' | 'identifier' | 'reason'> | null };

/** The bot's text answer to `!<command>` by `who` (SILENT when a step refused without a word), and the refusal seen. */
async function attempt(who: MemberHandle, command: string, inDM = false): Promise<Seen> {
  let denied: CommandDeniedInfo | null = null;
  let silent: () => void = () => {};
  const silence = new Promise<string>((resolve) => (silent = () => resolve(SILENT)));
  const listener = (info: CommandDeniedInfo) => {
    if (info.userId !== who.id || info.kind !== 'text') return;
    denied = info;
    if (info.reason === null) silent();
  };
  h.bot.on('commandDenied', listener);
  try {
    const sent = inDM ? await h.sim.sayInDM(who, `!${command}`) : await h.sim.say(guild.general, who, `!${command}`);
    const text = await Promise.race([h.sim.waitForMessage({ after: sent, from: 'bot' }).then((m) => m.content), silence]);
    const seen = denied as CommandDeniedInfo | null;
    return { text, denied: seen && { step: seen.step, identifier: seen.identifier, reason: seen.reason } };
  } finally {
    h.bot.off('commandDenied', listener);
  }
}

async function slash(who: MemberHandle, command: string): Promise<string> {
  return (await h.sim.waitForInteractionResponse(await h.sim.runSlash(guild.general, who, command))).content;
}

async function suggestions(who: MemberHandle): Promise<unknown[]> {
  return h.sim.waitForAutocomplete(await h.sim.autocomplete(guild.general, who, 'layered', { topic: 'a' }, 'topic'));
}

async function canrun(command: string): Promise<string> {
  const sent = await h.sim.say(guild.general, boss, `!permissions canrun ${target.mention} ${command}`);
  return (await h.sim.waitForMessage({ after: sent, from: 'bot' })).content;
}

const no = (why: string) => `No: target cannot run \`layered\` here. ${why}`;

beforeAll(async () => {
  h = await startBot(cogRegistry, {
    world: (sim) => {
      guild = sim.createGuild({ roles: [{ name: 'Bosses', permissions: ['Administrator'] }, { name: 'Mods' }] });
      boss = sim.createMember(guild, { username: 'boss', roles: ['Bosses'] });
      target = sim.createMember(guild, { username: 'target', roles: ['Mods'] });
    },
  });
  // Help as text, so its answer can be read from the message content.
  await h.bot.coreSettings()!.setEmbeds({ global: true }, false);
  h.bot.addCheck((ctx, command) => {
    if (command.name !== 'layered' || ctx.author.id !== target.id) return true;
    if (state.botCheckThrows) throw new Error('the bot check broke');
    return !state.botCheckRefuses;
  });
});

afterAll(async () => {
  await h?.stop();
});

describe('the check pipeline', () => {
  it('GIVEN the bot THEN its pipeline runs every step, in the order of CHECK_STEPS', () => {
    expect(CHECK_STEPS).toEqual(['disabled', 'access', 'guildOnly', 'manifest', 'privilege', 'rules', 'bot']);
    expect(h.bot.pipeline.steps).toEqual([...CHECK_STEPS]);
  });

  it('GIVEN a member every step refuses WHEN the refusals are lifted one by one THEN each answer is the first remaining step’s: by text, slash, autocomplete, help and canrun', async () => {
    // Every step refuses `target` at once.
    h.bot.commands.disable('layered', { guildId: guild.id });
    await h.bot.access.disableCommand('layered', { guild: guild.id });
    await h.bot.access.disableCog('fun', { guild: guild.id });
    await h.bot.access.add('blocklist', { guild: guild.id }, [target.id]);
    state.gateOpen = false; // manifest
    // privilege: the Mods role target holds is not yet a mod role
    await h.bot.rules.update({ guild: guild.id }, (set) => ({ ...set, rules: [{ effect: 'deny', target: { kind: 'command', path: 'layered' }, subject: { kind: 'user', id: target.id } }] }), { actorId: boss.id, action: 'rules.add', detail: 'test' });
    state.botCheckRefuses = true;

    const disabled = { step: 'disabled', identifier: 'commandDisabled', reason: 'That command is disabled.' };
    expect(await attempt(target, 'layered')).toEqual({ text: 'That command is disabled.', denied: disabled });
    expect(await slash(target, 'layered')).toBe('That command is disabled.');
    expect(await suggestions(target)).toEqual([]);
    expect(await canrun('layered')).toBe(no('The command (or a group above it) is disabled here.'));

    // The same, as stored (another process may have disabled it).
    h.bot.commands.enable('layered', { guildId: guild.id });
    expect(await attempt(target, 'layered')).toEqual({ text: 'That command is disabled.', denied: disabled });
    expect(await canrun('layered')).toBe(no('The command (or a group above it) is disabled here.'));

    await h.bot.access.enableCommand('layered', { guild: guild.id });
    expect(await attempt(target, 'layered')).toEqual({ text: 'That command is disabled.', denied: { step: 'disabled', identifier: 'cogDisabled', reason: 'That command is disabled.' } });
    expect(await canrun('layered')).toBe(no('The cog `fun` is disabled here.'));

    await h.bot.access.enableCog('fun', { guild: guild.id });
    expect(await attempt(target, 'layered')).toEqual({ text: SILENT, denied: { step: 'access', identifier: 'onLocalBlocklist', reason: null } });
    expect(await slash(target, 'layered')).toBe(SLASH_CHECK_REFUSED);
    expect(await suggestions(target)).toEqual([]);
    expect(await canrun('layered')).toBe(no("The allow and block lists decided: they or one of their roles are on this server's blocklist (they are ignored)."));

    await h.bot.access.remove('blocklist', { guild: guild.id }, [target.id]);
    expect(await attempt(target, 'layered')).toEqual({ text: 'The gate is closed.', denied: { step: 'manifest', identifier: 'predicate', reason: 'The gate is closed.' } });
    expect(await slash(target, 'layered')).toBe('The gate is closed.');
    expect((await attempt(target, 'help layered')).text).toBe('Help topic for `layered` not found.');
    expect(await canrun('layered')).toBe(no("The command's checks decided: The gate is closed."));

    state.gateOpen = true;
    const needMod = refusalMessage('mod', ['layered']);
    expect(await attempt(target, 'layered')).toEqual({ text: needMod, denied: { step: 'privilege', identifier: 'privilege', reason: needMod } });
    expect(await slash(target, 'layered')).toBe(needMod);
    expect(await suggestions(target)).toEqual([]);
    expect(await canrun('layered')).toBe(no(`The privilege check decided: ${needMod}`));

    await h.bot.privileges.roles.add('mod', guild.id, guild.role('Mods').id);
    const ruled = 'You may not use `layered` here: a permission rule denies it.';
    expect(await attempt(target, 'layered')).toEqual({ text: ruled, denied: { step: 'rules', identifier: 'ruleDenied', reason: ruled } });
    expect(await slash(target, 'layered')).toBe(ruled);
    expect(await canrun('layered')).toBe(no(`The server rule "deny user ${target.id}" on command \`layered\` decided: denied.`));

    await h.bot.rules.update({ guild: guild.id }, (set) => ({ ...set, rules: [] }), { actorId: boss.id, action: 'rules.remove', detail: 'test' });
    expect(await attempt(target, 'layered')).toEqual({ text: SILENT, denied: { step: 'bot', identifier: 'botCheck', reason: null } });
    expect(await slash(target, 'layered')).toBe(SLASH_CHECK_REFUSED);
    expect(await suggestions(target)).toEqual([]);
    expect((await attempt(target, 'help layered')).text).toBe('Help topic for `layered` not found.');
    expect(await canrun('layered')).toBe(no("A check added by the bot's code refused them."));

    state.botCheckRefuses = false;
    expect(await attempt(target, 'layered')).toEqual({ text: 'ran layered', denied: null });
    expect(await slash(target, 'layered')).toBe('ran layered');
    expect(await suggestions(target)).toEqual([{ name: 'alpha', value: 'alpha' }]);
    expect((await attempt(target, 'help layered')).text).toContain('**!layered**');
    expect(await canrun('layered')).toBe('Yes: target can run `layered` here. Every check passes and no permission rule applies.');
  });

  it('GIVEN a guild-only command in a DM from a blocklisted member whose gate is closed THEN the lists refuse first, then guild-only (before the manifest and privilege)', async () => {
    state.gateOpen = false;
    await h.bot.privileges.roles.remove('mod', guild.id, guild.role('Mods').id);
    await h.bot.access.add('blocklist', { global: true }, [target.id]);
    try {
      expect(await attempt(target, 'serveronly', true)).toEqual({ text: SILENT, denied: { step: 'access', identifier: 'onGlobalBlocklist', reason: null } });
      await h.bot.access.remove('blocklist', { global: true }, [target.id]);
      expect(await attempt(target, 'serveronly', true)).toEqual({ text: GUILD_ONLY_MESSAGE, denied: { step: 'guildOnly', identifier: 'guildOnly', reason: GUILD_ONLY_MESSAGE } });
      expect(await attempt(target, 'serveronly')).toEqual({ text: 'The gate is closed.', denied: { step: 'manifest', identifier: 'predicate', reason: 'The gate is closed.' } });
    } finally {
      await h.bot.access.remove('blocklist', { global: true }, [target.id]);
      state.gateOpen = true;
    }
  });

  it('GIVEN a check that throws something other than a refusal THEN the run reports the original error, and canrun cannot tell', async () => {
    await h.bot.privileges.roles.add('mod', guild.id, guild.role('Mods').id);
    state.botCheckThrows = true;
    try {
      const { text, denied } = await attempt(target, 'layered');
      const id = /error id `([0-9a-f]+)`/.exec(text)?.[1];
      expect([text, denied]).toEqual([`Something went wrong running \`layered\` (error id \`${id}\`).`, null]);
      expect((h.bot.errors.get(id!)?.error as Error).message).toBe('the bot check broke');
      expect(await canrun('layered')).toBe('Cannot tell whether target can run `layered` here: a custom check could not be evaluated for someone else.');
      expect(await suggestions(target)).toEqual([]);
    } finally {
      state.botCheckThrows = false;
    }
    expect(await canrun('layered')).toBe('Yes: target can run `layered` here. Every check passes and no permission rule applies.');
  });
});

describe('the context for checks on someone else’s behalf', () => {
  it('GIVEN a context made for a member THEN it reads as them, in this channel, with the cog’s Config, and refuses everything that would answer', async () => {
    const g = h.bot.client.guilds.cache.get(guild.id)!;
    const member = g.members.cache.get(target.id) ?? (await g.members.fetch(target.id));
    const channel = g.channels.cache.get(guild.general.id);
    if (!channel?.isTextBased()) throw new Error('no #general');
    const command = fun.commands[0]!;
    const ctx = h.bot.pipeline.contextFor({ client: h.bot.client, author: member.user, member, guild: g, channel, kind: 'text', prefix: '!' }, command, 'fun');
    expect(ctx).toBeInstanceOf(CheckContext);
    const loaded = h.bot.cogs.get('fun')!;
    expect([ctx.author.id, ctx.member?.id, ctx.guild?.id, ctx.channel?.id, ctx.command, ctx.invokedAs]).toEqual([target.id, target.id, guild.id, guild.general.id, command, 'layered']);
    expect(ctx.config).toBe(loaded.handle.config);
    expect(ctx.cog).toBe(loaded.handle);
    expect(typeof (await ctx.embedRequested())).toBe('boolean');
    expect(typeof (await ctx.embedColor())).toBe('number');
    const reads = new Set(['constructor', 'embedRequested', 'embedColor']);
    const answering = Object.getOwnPropertyNames(CheckContext.prototype).filter((name) => !reads.has(name));
    expect(answering).toEqual(expect.arrayContaining(['reply', 'send', 'tick', 'defer', 'react', 'typing', 'maybeSendEmbed', 'sendHelp', 'paginate', 'sendInteractive']));
    for (const name of answering) {
      const call = (ctx as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[name]!.call(ctx, 'x');
      await expect(call.catch((error: unknown) => hasErrorCode(error, 'CONTEXT_CANNOT_ANSWER'))).resolves.toBe(true);
    }
    expect(h.sim.botMessages(guild.general).filter((m) => m.content === 'x')).toEqual([]);
  });
});
