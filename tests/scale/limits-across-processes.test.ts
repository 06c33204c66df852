/**
 * Cooldowns and max concurrency hold across real bot processes on one PostgreSQL: two processes are the
 * two shards of one bot (tests/scale/fixtures/fleet.ts), a user reaches one through a server on shard 0
 * and the other through a server on shard 1. Without the shared store each process would let the user
 * run the command once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelHandle, GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { explainSkip, Fleet, PG, type BotProcess } from './fixtures/fleet.js';

explainSkip('limits-across-processes');

describe.skipIf(!PG)('limits across processes', () => {
  let fleet: Fleet;
  let g0: GuildHandle, g1: GuildHandle;
  let alice0: MemberHandle, alice1: MemberHandle, bob0: MemberHandle, bob1: MemberHandle;
  let a: BotProcess, b: BotProcess;

  beforeAll(async () => {
    fleet = await Fleet.create(2, (sim) => {
      g0 = sim.createGuild({ name: 'zero', shard: 0 });
      g1 = sim.createGuild({ name: 'one', shard: 1 });
      alice0 = sim.createMember(g0, { username: 'alice' });
      alice1 = sim.createMember(g1, { username: 'alice', user: alice0 });
      bob0 = sim.createMember(g0, { username: 'bob' });
      bob1 = sim.createMember(g1, { username: 'bob', user: bob0 });
    });
    // Short leases so the killed-holder case below is over in seconds (the default is 30 s).
    [a, b] = await fleet.start({ name: 'A', shards: [0], leaseMs: 1_500 }, { name: 'B', shards: [1], leaseMs: 1_500 });
    expect(await fleet.say(g0.general, alice0, '!ping')).toBe('pong from A');
    expect(await fleet.say(g1.general, alice1, '!ping')).toBe('pong from B');
  }, 120_000);

  afterAll(async () => {
    await fleet?.stop();
  }, 60_000);

  it('GIVEN a cooldown of 1 per minute WHEN the user runs it through A, then through B THEN B refuses it with the cooldown message and the retry time', async () => {
    const before = Date.now();
    expect(await fleet.say(g0.general, alice0, '!cool')).toBe('cool ran in A');
    const after = Date.now();
    const refusal = await fleet.say(g1.general, alice1, '!cool');
    const at = /^`cool` is on cooldown for you\. Try again <t:(\d+):R>\.$/.exec(refusal);
    expect(at, refusal).not.toBeNull();
    // The window opened when A took it: a minute after, in whole seconds rounded up.
    expect(Number(at![1])).toBeGreaterThanOrEqual(Math.ceil((before + 60_000) / 1000));
    expect(Number(at![1])).toBeLessThanOrEqual(Math.ceil((after + 60_000) / 1000));
    // Back in A as well, and another user is free in both.
    expect(await fleet.say(g0.general, alice0, '!cool')).toContain('is on cooldown for you');
    expect(await fleet.say(g1.general, bob1, '!cool')).toBe('cool ran in B');
    expect(await fleet.say(g0.general, bob0, '!cool')).toContain('is on cooldown for you');
  });

  it('GIVEN max concurrency 1 WHEN two processes start the command at once THEN one runs and the other refuses', async () => {
    const [x, y] = await Promise.all([fleet.say(g0.general, alice0, '!solo'), fleet.say(g1.general, bob1, '!solo')]);
    const answers = [x, y].sort();
    expect(answers[0]).toBe('`solo` is already running for everyone (at most one run at a time). Try again when it has finished.');
    expect(answers[1]).toMatch(/^solo started in [AB]$/);
    const holder = answers[1]!.endsWith('A') ? a : b;
    const channel: ChannelHandle = holder === a ? g0.general : g1.general;
    holder.open();
    await fleet.answers(channel, /^solo done in/, 1);
    // Freed everywhere: the other process runs it now.
    const other = holder === a ? { channel: g1.general, who: bob1, name: 'B', p: b } : { channel: g0.general, who: alice0, name: 'A', p: a };
    expect(await fleet.say(other.channel, other.who, '!solo')).toBe(`solo started in ${other.name}`);
    other.p.open();
    await fleet.answers(other.channel, /^solo done in/, 1);
  });

  it('GIVEN a waiting command held in A WHEN B runs it THEN B waits, and starts when A releases the slot', async () => {
    expect(await fleet.say(g0.general, alice0, '!queue')).toBe('queue started in A');
    await fleet.sim.say(g1.general, bob1, '!queue');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(fleet.sim.botMessages(g1.general).filter((m) => m.content === 'queue started in B')).toHaveLength(0);
    a.open();
    await fleet.answers(g1.general, /^queue started in B$/, 1);
    b.open();
    await fleet.answers(g1.general, /^queue done in B$/, 1);
  });

  // Last: it kills A.
  it('GIVEN A holding the slot WHEN A is killed THEN B, waiting, gets the slot once the lease lapses (within leaseMs + pollMs)', async () => {
    expect(await fleet.say(g0.general, alice0, '!queue')).toBe('queue started in A');
    await fleet.sim.say(g1.general, bob1, '!queue');
    await new Promise((r) => setTimeout(r, 500));
    const killed = Date.now();
    a.child.kill('SIGKILL');
    await a.exited;
    await fleet.answers(g1.general, /^queue started in B$/, 2);
    console.log(`limits-across-processes: the slot of a killed holder was taken over after ${Date.now() - killed} ms (lease 1500 ms, poll 200 ms)`);
    b.open();
    await fleet.answers(g1.general, /^queue done in B$/, 2);
  });
});
