/**
 * The lock-out guard, end to end: a member with Administrator cannot change the rules (one rule at a time,
 * a default, or a YAML import) so that they lose any command of the `permissions` cog; the refusal names
 * the commands and the rule that would decide; the server owner is exempt.
 */
import { describe, expect, it } from 'vitest';
import { block, guild, m, say, serverRules, useRulesBot } from './rules-fixtures.js';

useRulesBot();

describe('the lock-out guard looks at every command of the permissions cog', () => {
  it('GIVEN an Administrator walking around the guard one rule at a time THEN the step that would lock them out of the other commands is refused, naming them; legitimate changes pass', async () => {
    const me = m.boss.mention;
    expect(await say(m.boss, `permissions addserverrule allow ${me} cog:permissions`)).toMatch(/^Rule added/);
    expect(await say(m.boss, 'permissions setdefaultserverrule deny cog:permissions')).toBe('The server default for cog `permissions`: deny.');
    expect(await say(m.boss, `permissions addserverrule allow ${me} command:permissions removeserverrule`)).toMatch(/^Rule added/);
    expect(await say(m.boss, `permissions removeserverrule ${me} cog:permissions`)).toBe(
      'Nothing was changed: after this change you could no longer use `permissions explain`, `permissions canrun`, `permissions addserverrule` and 4 more here yourself. The server default rule (deny) for cog `permissions` decided: denied. Ask the server owner, or allow it for yourself first.',
    );
    expect((await serverRules()).rules).toHaveLength(2);
    expect(await say(m.boss, 'permissions explain')).toMatch(/^Permission rules are checked/);
    // Legitimate: a rule about another cog, then an allow for their role, after which the user allow can go.
    expect(await say(m.boss, 'permissions addserverrule deny everyone roll')).toMatch(/^Rule added/);
    expect(await say(m.boss, `permissions addserverrule allow <@&${guild.role('Bosses').id}> cog:permissions`)).toMatch(/^Rule added/);
    expect(await say(m.boss, `permissions removeserverrule ${me} cog:permissions`)).toBe(`Rule removed: cog \`permissions\` for user <@${m.boss.id}>.`);
    // The server owner is exempt.
    expect(await say(m.gowner, `permissions removeserverrule <@&${guild.role('Bosses').id}> cog:permissions`)).toMatch(/^Rule removed/);
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
