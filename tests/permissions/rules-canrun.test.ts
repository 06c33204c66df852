/**
 * `permissions canrun`, end to end: it answers from the real check pipeline for the member asked about
 * (disabled commands and cogs, allow and block lists, checks added by the bot's code, manifest checks,
 * privileges, then the rules), says when a check cannot be evaluated for someone else, refuses bots, and
 * escapes names.
 */
import { describe, expect, it } from 'vitest';
import type { MemberHandle } from '../../runtime/testing/handles.js';
import { guild, h, m, say, slash, useRulesBot } from './rules-fixtures.js';

useRulesBot();

describe('canrun answers from the real pipeline', () => {
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
