/**
 * Data requests and permission rules, end to end: when Discord reports an account deleted, every rule
 * about it goes (global and every server's) and the audit log no longer names it, also with only the
 * `permissions` cog loaded; requests of other kinds keep the rules.
 */
import { describe, expect, it } from 'vitest';
import { withRule } from '../../runtime/permissions/rules.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { startBot, type Harness } from '../e2e/harness.js';
import { DENIED, guild, h, m, other, rulesRegistry, say, serverRules, useRulesBot } from './rules-fixtures.js';

useRulesBot();

describe('data requests with only the permissions cog', () => {
  it('GIVEN only fun, permissions and mydata loaded WHEN Discord reports an account deleted THEN its rules go and no audit entry names it', async () => {
    let h2: Harness | undefined;
    try {
      let g!: GuildHandle;
      const who: Record<'victim' | 'owner' | 'plain', MemberHandle> = {} as never;
      h2 = await startBot(rulesRegistry, {
        world: (sim) => {
          g = sim.createGuild({ roles: [{ name: 'Bosses', permissions: ['Administrator'] }] });
          who.owner = sim.createMember(g, { username: 'botowner', user: sim.owner });
          who.victim = sim.createMember(g, { username: 'victim', roles: ['Bosses'] });
          who.plain = sim.createMember(g, { username: 'plain' });
        },
        instance: { cogs: ['fun', 'permissions', 'mydata'] },
      });
      const bot = h2;
      const say2 = async (from: MemberHandle, text: string) => {
        const sent = await bot.sim.say(g.general, from, `!${text}`);
        return (await bot.sim.waitForMessage({ after: sent, from: 'bot' })).content;
      };
      expect(await say2(who.victim, `permissions addserverrule deny ${who.plain.mention} roll`)).toMatch(/^Rule added/);
      expect(await say2(who.victim, `permissions addserverrule allow ${who.victim.mention} roll`)).toMatch(/^Rule added/);
      expect(await say2(who.owner, `permissions addglobalrule deny ${who.victim.mention} roll`)).toMatch(/^Rule added/);
      const entries = async () => [...(await bot.bot.audit.read({ guildId: null })), ...(await bot.bot.audit.read({ guildId: g.id }))];
      expect(JSON.stringify(await entries())).toContain(who.victim.id);
      expect(await say2(who.owner, `mydata ownermanagement processdiscordrequest ${who.victim.id}`)).toBeTruthy();
      expect((await bot.bot.rules.get('global')).rules).toEqual([]);
      expect((await bot.bot.rules.get({ guild: g.id })).rules.map((r) => r.subject.id)).toEqual([who.plain.id]);
      const after = await entries();
      expect(JSON.stringify(after)).not.toContain(who.victim.id);
      expect(after.filter((e) => e.actorId === 'deleted user')).toHaveLength(2);
    } finally {
      await h2?.stop();
    }
  });
});

describe('data requests', () => {
  it("GIVEN rules about a user in global and two servers' rules WHEN Discord reports the account deleted THEN every rule about them goes, other kinds keep them, other users' rules stay", async () => {
    const about = (id: string) => ({ effect: 'deny' as const, target: { kind: 'command' as const, path: 'roll' }, subject: { kind: 'user' as const, id } });
    await say(m.owner, `permissions addglobalrule deny ${m.plain.mention} roll`);
    await say(m.boss, `permissions addserverrule deny ${m.plain.mention} roll`);
    await say(m.boss, `permissions addserverrule deny ${m.modder.mention} roll`);
    await h.bot.rules.update({ guild: other.id }, (set) => withRule(set, about(m.plain.id)), { actorId: m.owner.id, action: 'rules.add', detail: 'test' });
    const count = async () => (await h.bot.rules.get('global')).rules.length + (await serverRules()).rules.length + (await h.bot.rules.get({ guild: other.id })).rules.length;
    expect(await count()).toBe(4);
    expect(await say(m.owner, `mydata ownermanagement deleteforuser ${m.plain.id}`)).toBeTruthy();
    for (const kind of ['user', 'user_strict'] as const) await h.bot.dataRequests.deleteForUser(m.plain.id, kind);
    expect(await count()).toBe(4);
    expect(await say(m.plain, 'roll')).toBe(DENIED);
    expect(await say(m.owner, `mydata ownermanagement processdiscordrequest ${m.plain.id}`)).toBeTruthy();
    expect(await h.bot.rules.get('global')).toEqual({ rules: [], defaults: [] });
    expect(await h.bot.rules.get({ guild: other.id })).toEqual({ rules: [], defaults: [] });
    expect((await serverRules()).rules).toEqual([about(m.modder.id)]);
    expect(await say(m.plain, 'roll')).toBe('ran roll');
    const audit = await h.bot.audit.read({ guildId: guild.id, actionPrefix: 'rules.remove', limit: 1 });
    expect(audit[0]!.detail).toBe('removed 1 rule(s) about a deleted Discord account (data request)');
    expect(audit[0]!.detail).not.toContain(m.plain.id);
  });
});
