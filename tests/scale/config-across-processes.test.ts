/**
 * One truth across real bot processes on one PostgreSQL (tests/scale/fixtures/fleet.ts): three processes
 * are the three shards of one bot; each guild is answered by the process holding its shard, so a command
 * in guild i runs in process i. What one process writes, every other process's next read sees — through
 * Config's cache, invalidated by NOTIFY — and atomic changes from every process add up exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISABLED_MESSAGE } from '../../runtime/commands/check-failure.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { explainSkip, Fleet, PG } from './fixtures/fleet.js';

explainSkip('config-across-processes');

const NAMES = ['A', 'B', 'C'] as const;

describe.skipIf(!PG)('Config across processes', () => {
  let fleet: Fleet;
  const guilds: GuildHandle[] = [];
  const alice: MemberHandle[] = [];
  const owner: MemberHandle[] = [];

  beforeAll(async () => {
    fleet = await Fleet.create(3, (sim) => {
      for (let shard = 0; shard < 3; shard++) {
        const guild = sim.createGuild({ name: `g${shard}`, shard });
        guilds.push(guild);
        alice.push(sim.createMember(guild, { username: 'alice', ...(shard > 0 ? { user: alice[0]! } : {}) }));
        owner.push(sim.createMember(guild, { username: 'owner', user: sim.owner }));
      }
    });
    await fleet.start(...NAMES.map((name, shard) => ({ name, shards: [shard] })));
    for (let i = 0; i < 3; i++) expect(await fleet.say(guilds[i]!.general, alice[i]!, '!ping')).toBe(`pong from ${NAMES[i]}`);
  }, 120_000);

  afterAll(async () => {
    await fleet?.stop();
  }, 60_000);

  /** `!getv` in every process: `value V count C locked L in X`. */
  const readAll = () => Promise.all([0, 1, 2].map((i) => fleet.say(guilds[i]!.general, alice[i]!, '!getv')));

  it('GIVEN 200 increments and 50 locked read-modify-writes from each process at once THEN the totals are exact, as every process reads them', async () => {
    await readAll(); // every cache holds the old values
    await Promise.all(guilds.map((g, i) => fleet.sim.say(g.general, alice[i]!, '!bump 200')));
    await Promise.all(guilds.map((g, i) => fleet.sim.say(g.general, alice[i]!, '!lockbump 50')));
    for (let i = 0; i < 3; i++) {
      await fleet.answers(guilds[i]!.general, /^bumped 200 in/, 1, 60_000);
      await fleet.answers(guilds[i]!.general, /^lockbumped 50 in/, 1, 60_000);
    }
    expect(await readAll()).toEqual(NAMES.map((name) => `value 0 count 600 locked 150 in ${name}`));
  }, 120_000);

  it('GIVEN every cache holding the value WHEN a burst of writes from every process ends with A setting 4242 THEN every process reads 4242 next', async () => {
    await readAll();
    const burst = [0, 1, 2].flatMap((i) => Array.from({ length: 15 }, (_, k) => fleet.sim.say(guilds[i]!.general, alice[i]!, `!setv ${i * 100 + k}`)));
    await Promise.all(burst);
    for (let i = 0; i < 3; i++) await fleet.answers(guilds[i]!.general, /^set \d+ in/, 15, 60_000);
    expect(await fleet.say(guilds[0]!.general, alice[0]!, '!setv 4242')).toBe('set 4242 in A');
    expect(await readAll()).toEqual(NAMES.map((name) => `value 4242 count 600 locked 150 in ${name}`));
  }, 120_000);

  it('GIVEN a command disabled bot-wide in A THEN B and C refuse it at once, and enabling it in C lets A and B run it again', async () => {
    expect(await fleet.say(guilds[0]!.general, owner[0]!, '!command disable global mynote')).toBe('`mynote` is disabled everywhere.');
    expect(await fleet.say(guilds[1]!.general, alice[1]!, '!mynote')).toBe(DISABLED_MESSAGE);
    expect(await fleet.say(guilds[2]!.general, alice[2]!, '!mynote')).toBe(DISABLED_MESSAGE);
    expect(await fleet.say(guilds[2]!.general, owner[2]!, '!command enable global mynote')).toMatch(/^`mynote` is enabled again/);
    expect(await fleet.say(guilds[0]!.general, alice[0]!, '!mynote')).toBe('note none in A');
    expect(await fleet.say(guilds[1]!.general, alice[1]!, '!mynote')).toBe('note none in B');
  });

  it('GIVEN the prefixes set to `?` in B THEN A and C answer `?ping` and no longer `!ping`', async () => {
    expect(await fleet.say(guilds[1]!.general, owner[1]!, '!set prefix ?')).toContain('?');
    expect(await fleet.say(guilds[0]!.general, alice[0]!, '?ping')).toBe('pong from A');
    expect(await fleet.say(guilds[2]!.general, alice[2]!, '?ping')).toBe('pong from C');
    const ignored = await fleet.sim.say(guilds[2]!.general, alice[2]!, '!ping');
    expect(await fleet.say(guilds[2]!.general, alice[2]!, '?ping')).toBe('pong from C');
    expect(fleet.sim.botMessages(guilds[2]!.general).filter((m) => BigInt(m.id) > BigInt(ignored.id)).map((m) => m.content)).toEqual(['pong from C']);
    expect(await fleet.say(guilds[0]!.general, owner[0]!, '?set prefix !')).toContain('!');
    expect(await fleet.say(guilds[1]!.general, alice[1]!, '!ping')).toBe('pong from B');
  });

  it("GIVEN alice's note cached in B and C WHEN the owner deletes her data in A THEN B's and C's next reads do not see it", async () => {
    expect(await fleet.say(guilds[1]!.general, alice[1]!, '!note tea please')).toBe('noted in B');
    expect(await fleet.say(guilds[1]!.general, alice[1]!, '!mynote')).toBe('note tea please in B');
    expect(await fleet.say(guilds[2]!.general, alice[2]!, '!mynote')).toBe('note tea please in C');
    expect(await fleet.say(guilds[0]!.general, owner[0]!, `!mydata ownermanagement deleteforuser ${alice[0]!.id}`)).toMatch(/^Deleted user \d+'s data from 4 cog\(s\)/);
    expect(await fleet.say(guilds[1]!.general, alice[1]!, '!mynote')).toBe('note none in B');
    expect(await fleet.say(guilds[2]!.general, alice[2]!, '!mynote')).toBe('note none in C');
  });
});
