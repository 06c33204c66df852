/**
 * Rule commands in direct messages, by text and by slash: server-rule commands answer that they need a
 * server before any privilege check; global-rule commands work for the bot owner; explain for anyone.
 */
import { describe, expect, it } from 'vitest';
import { DENIED, dm, dmSlash, GUILD_ONLY, m, useRulesBot } from './rules-fixtures.js';

useRulesBot();

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
