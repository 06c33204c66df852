/**
 * Changing rules, end to end: a change that changes nothing says so and writes no audit entry; rules and
 * defaults about a cog since unloaded can still be removed by its name, and the reply and audit name it.
 */
import { describe, expect, it } from 'vitest';
import { auditCount, guild, h, m, say, serverRules, stranger, useRulesBot } from './rules-fixtures.js';

useRulesBot();

describe('a change that changes nothing', () => {
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
