/**
 * Cooldowns and max concurrency end to end: manifests normalized by the generator, the real discord.js
 * client against the simulator, and an injected clock so no test sleeps. Each bucket type is shown by two
 * invocations that share it (the second is refused, with the retry time as a Discord timestamp) and one
 * that does not (it runs), then the clock moves past the period and the refused one runs.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CommandManifest } from '../../generator/manifest.js';
import type { ChannelHandle, GuildHandle, MemberHandle, UserRef } from '../../runtime/testing/handles.js';
import { manifestCog } from './fixtures/manifest-cog.js';
import { startBot, type Harness } from './harness.js';

const T0 = 1_800_000_000_000;
const clock = { t: T0, now() { return this.t; } };

function cooled(name: string, bucket: string, rate = 1, per = '10s'): CommandManifest {
  return { name, kind: 'hybrid', description: `${bucket} bucket`, cooldown: { rate, per, bucket: bucket as never } };
}

/** Gates that hold the slow handlers until a test opens them. */
const gates = new Map<string, () => void>();
const started: string[] = [];
function gate(key: string): Promise<void> {
  return new Promise((resolve) => gates.set(key, resolve));
}

const commands: CommandManifest[] = [
  cooled('peruser', 'user'),
  cooled('permember', 'member'),
  cooled('perguild', 'guild'),
  cooled('perchannel', 'channel'),
  cooled('percategory', 'category'),
  cooled('perrole', 'role'),
  cooled('perglobal', 'global', 2, '1m'),
  { name: 'busy', kind: 'hybrid', description: 'Holds a slot.', maxConcurrency: { limit: 1, bucket: 'guild' } },
  { name: 'queued', kind: 'text', description: 'Waits for a slot.', maxConcurrency: { limit: 1, bucket: 'guild', wait: true } },
];
const answer = (ctx: { reply(s: string): Promise<void>; author: { username: string }; command: { name: string } }) => ctx.reply(`ran ${ctx.command.name} for ${ctx.author.username}`);
const handlers = Object.fromEntries(commands.map((c) => [c.name, answer])) as Record<string, (ctx: any) => unknown>;
handlers.busy = async (ctx) => {
  started.push(`busy:${ctx.author.username}`);
  await gate(`busy:${ctx.author.username}`);
  await answer(ctx);
};
handlers.queued = async (ctx) => {
  started.push(`queued:${ctx.author.username}`);
  await gate(`queued:${ctx.author.username}`);
  await answer(ctx);
};

let h: Harness;
let a: GuildHandle;
let b: GuildHandle;
let alice: MemberHandle, bob: MemberHandle, carol: MemberHandle, dave: MemberHandle, aliceInB: MemberHandle, carolInB: MemberHandle;
let owner: MemberHandle;

beforeAll(async () => {
  h = await startBot(manifestCog('limits', 9001, commands, handlers), {
    bot: { clock },
    world: (sim) => {
      a = sim.createGuild({
        name: 'A',
        channels: [{ name: 'general' }, { name: 'other' }, { name: 'Cat1', type: 4 }, { name: 'c1', parent: 'Cat1' }, { name: 'c2', parent: 'Cat1' }, { name: 'Cat2', type: 4 }, { name: 'c3', parent: 'Cat2' }],
        roles: [{ name: 'Low' }, { name: 'Red' }, { name: 'Blue' }],
      });
      b = sim.createGuild({ name: 'B' });
      alice = sim.createMember(a, { username: 'alice', roles: ['Red'] });
      bob = sim.createMember(a, { username: 'bob', roles: ['Low', 'Red'] });
      carol = sim.createMember(a, { username: 'carol', roles: ['Blue'] });
      dave = sim.createMember(a, { username: 'dave', roles: ['Low'] });
      aliceInB = sim.createMember(b, { username: 'alice', user: alice });
      carolInB = sim.createMember(b, { username: 'carol', user: carol });
      owner = sim.createMember(a, { username: 'app-owner', user: sim.owner });
    },
  });
});

afterAll(async () => {
  await h?.stop();
});

/** Says `!command` and returns the bot's answer. */
async function run(channel: ChannelHandle, who: UserRef, command: string): Promise<string> {
  await h.sim.say(channel, who, `!${command}`);
  return (await h.sim.waitForMessage({ channelId: channel })).content;
}

/** The refusal text for a cooldown that ends `ms` after T-now. */
const retry = (at: number) => `<t:${Math.ceil(at / 1000)}:R>`;

describe('cooldown buckets (rate 1 per 10 s unless said otherwise)', () => {
  it('user: one user everywhere, other users free; it expires when the clock passes the period', async () => {
    const start = clock.t;
    expect(await run(a.general, alice, 'peruser')).toBe('ran peruser for alice');
    expect(await run(b.general, aliceInB, 'peruser')).toBe(`\`peruser\` is on cooldown for you. Try again ${retry(start + 10_000)}.`);
    expect(await run(a.general, bob, 'peruser')).toBe('ran peruser for bob');
    clock.t += 9_999;
    expect(await run(a.general, alice, 'peruser')).toContain('is on cooldown');
    clock.t += 1;
    expect(await run(a.general, alice, 'peruser')).toBe('ran peruser for alice');
  });

  it('member: one user in one server; the same user elsewhere is free', async () => {
    const start = clock.t;
    expect(await run(a.general, alice, 'permember')).toBe('ran permember for alice');
    expect(await run(a.channel('other'), alice, 'permember')).toBe(`\`permember\` is on cooldown for you in this server. Try again ${retry(start + 10_000)}.`);
    expect(await run(b.general, aliceInB, 'permember')).toBe('ran permember for alice');
    clock.t += 10_000;
    expect(await run(a.general, alice, 'permember')).toBe('ran permember for alice');
  });

  it('guild: everyone in one server shares it; another server is free', async () => {
    const start = clock.t;
    expect(await run(a.general, alice, 'perguild')).toBe('ran perguild for alice');
    expect(await run(a.general, bob, 'perguild')).toBe(`\`perguild\` is on cooldown in this server. Try again ${retry(start + 10_000)}.`);
    expect(await run(b.general, carolInB, 'perguild')).toBe('ran perguild for carol');
    clock.t += 10_000;
    expect(await run(a.general, bob, 'perguild')).toBe('ran perguild for bob');
  });

  it('channel: everyone in one channel shares it; another channel is free', async () => {
    const start = clock.t;
    expect(await run(a.general, alice, 'perchannel')).toBe('ran perchannel for alice');
    expect(await run(a.general, bob, 'perchannel')).toBe(`\`perchannel\` is on cooldown in this channel. Try again ${retry(start + 10_000)}.`);
    expect(await run(a.channel('other'), bob, 'perchannel')).toBe('ran perchannel for bob');
    clock.t += 10_000;
    expect(await run(a.general, bob, 'perchannel')).toBe('ran perchannel for bob');
  });

  it('category: channels of one category share it; a channel of another category is free', async () => {
    const start = clock.t;
    expect(await run(a.channel('c1'), alice, 'percategory')).toBe('ran percategory for alice');
    expect(await run(a.channel('c2'), bob, 'percategory')).toBe(`\`percategory\` is on cooldown in this category. Try again ${retry(start + 10_000)}.`);
    expect(await run(a.channel('c3'), bob, 'percategory')).toBe('ran percategory for bob');
    clock.t += 10_000;
    expect(await run(a.channel('c2'), bob, 'percategory')).toBe('ran percategory for bob');
  });

  it('role: members whose top role is the same share it (bob has Low and Red: top is Red); other top roles are free', async () => {
    const start = clock.t;
    expect(await run(a.general, alice, 'perrole')).toBe('ran perrole for alice');
    expect(await run(a.general, bob, 'perrole')).toBe(`\`perrole\` is on cooldown for your top role. Try again ${retry(start + 10_000)}.`);
    expect(await run(a.general, carol, 'perrole')).toBe('ran perrole for carol');
    expect(await run(a.general, dave, 'perrole')).toBe('ran perrole for dave');
    clock.t += 10_000;
    expect(await run(a.general, bob, 'perrole')).toBe('ran perrole for bob');
  });

  it('global: rate 2 per minute for everyone, across servers', async () => {
    const start = clock.t;
    expect(await run(a.general, alice, 'perglobal')).toBe('ran perglobal for alice');
    clock.t += 30_000;
    expect(await run(b.general, carolInB, 'perglobal')).toBe('ran perglobal for carol');
    expect(await run(a.channel('other'), bob, 'perglobal')).toBe(`\`perglobal\` is on cooldown for everyone. Try again ${retry(start + 60_000)}.`);
    clock.t += 30_000;
    expect(await run(a.channel('other'), bob, 'perglobal')).toBe('ran perglobal for bob');
  });

  it('slash shares the text cooldown and refuses privately (ephemeral)', async () => {
    clock.t += 60_000;
    const start = clock.t;
    expect(await run(a.general, carol, 'peruser')).toBe('ran peruser for carol');
    const interaction = await h.sim.runSlash(a.general, carol, 'peruser');
    const reply = await h.sim.waitForInteractionResponse(interaction);
    expect(reply.content).toBe(`\`peruser\` is on cooldown for you. Try again ${retry(start + 10_000)}.`);
    expect(reply.ephemeral).toBe(true);
  });

  it('GIVEN ownersBypass is off (the default) THEN an owner is held like anyone', async () => {
    clock.t += 60_000;
    expect(await run(a.general, owner, 'peruser')).toBe('ran peruser for app-owner');
    expect(await run(a.general, owner, 'peruser')).toContain('is on cooldown for you');
  });
});

describe('max concurrency (limit 1 per server)', () => {
  it('GIVEN a slow run in progress THEN a second run in the same server is refused, one in another server runs', async () => {
    started.length = 0;
    await h.sim.say(a.general, alice, '!busy');
    await vi.waitFor(() => expect(started).toContain('busy:alice'));
    expect(await run(a.general, bob, 'busy')).toBe('`busy` is already running in this server (at most one run at a time). Try again when it has finished.');
    const slash = await h.sim.runSlash(a.general, carol, 'busy');
    const refused = await h.sim.waitForInteractionResponse(slash);
    expect(refused.content).toContain('is already running in this server');
    expect(refused.ephemeral).toBe(true);
    await h.sim.say(b.general, carolInB, '!busy');
    await vi.waitFor(() => expect(started).toContain('busy:carol'));
    gates.get('busy:carol')!();
    expect((await h.sim.waitForMessage({ channelId: b.general })).content).toBe('ran busy for carol');
    gates.get('busy:alice')!();
    expect((await h.sim.waitForMessage({ channelId: a.general, predicate: (m) => m.content.startsWith('ran busy') })).content).toBe('ran busy for alice');
    // The slot is freed once the handler has returned (just after its reply), and then bob may run.
    await vi.waitFor(() => expect(h.bot.limits.concurrency.size).toBe(0));
    await h.sim.say(a.general, bob, '!busy');
    await vi.waitFor(() => expect(started).toContain('busy:bob'));
    gates.get('busy:bob')!();
    expect((await h.sim.waitForMessage({ channelId: a.general })).content).toBe('ran busy for bob');
  });

  it('GIVEN wait: true THEN a second run queues and starts only once the first has finished', async () => {
    started.length = 0;
    await h.sim.say(a.general, alice, '!queued');
    await vi.waitFor(() => expect(started).toEqual(['queued:alice']));
    const bobSaid = await h.sim.say(a.general, bob, '!queued');
    // Bob's run is admitted only when Alice's slot frees: it has not started, and nothing was refused.
    await new Promise((r) => setTimeout(r, 100));
    expect(started).toEqual(['queued:alice']);
    expect(h.sim.botMessages(a.general).filter((m) => BigInt(m.id) > BigInt(bobSaid.id))).toEqual([]);
    gates.get('queued:alice')!();
    await vi.waitFor(() => expect(started).toEqual(['queued:alice', 'queued:bob']));
    gates.get('queued:bob')!();
    await vi.waitFor(() => {
      const answers = h.sim.botMessages(a.general).filter((m) => BigInt(m.id) > BigInt(bobSaid.id)).map((m) => m.content);
      expect(answers).toEqual(['ran queued for alice', 'ran queued for bob']);
    });
  });
});

describe('owner bypass', () => {
  it('GIVEN cooldowns.ownersBypass and the owner listed THEN the owner is never held, others still are', async () => {
    const instance = { owners: [] as string[], cooldowns: { ownersBypass: true } };
    let guild!: GuildHandle;
    let boss!: MemberHandle;
    let eve!: MemberHandle;
    const other = await startBot(manifestCog('limits', 9001, commands, handlers), {
      bot: { clock },
      instance,
      world: (sim) => {
        guild = sim.createGuild({ name: 'C' });
        boss = sim.createMember(guild, { username: 'app-owner', user: sim.owner });
        eve = sim.createMember(guild, { username: 'eve' });
        instance.owners.push(sim.owner.id);
      },
    });
    try {
      const say = async (who: MemberHandle) => {
        await other.sim.say(guild.general, who, '!peruser');
        return (await other.sim.waitForMessage()).content;
      };
      expect(await say(boss)).toBe('ran peruser for app-owner');
      expect(await say(boss)).toBe('ran peruser for app-owner');
      expect(await say(boss)).toBe('ran peruser for app-owner');
      expect(await say(eve)).toBe('ran peruser for eve');
      expect(await say(eve)).toContain('is on cooldown for you');
    } finally {
      await other.stop();
    }
  });

  it('GIVEN cooldowns.ownersBypass and the application owner, not listed in `owners` THEN they are not held either: one owner directory decides', async () => {
    let guild!: GuildHandle;
    let appOwner!: MemberHandle;
    let eve!: MemberHandle;
    const other = await startBot(manifestCog('limits', 9001, commands, handlers), {
      bot: { clock },
      instance: { owners: [], cooldowns: { ownersBypass: true } },
      world: (sim) => {
        guild = sim.createGuild({ name: 'D' });
        appOwner = sim.createMember(guild, { username: 'app-owner', user: sim.owner });
        eve = sim.createMember(guild, { username: 'eve' });
      },
    });
    try {
      const say = async (who: MemberHandle) => {
        const sent = await other.sim.say(guild.general, who, '!peruser');
        return (await other.sim.waitForMessage({ after: sent, from: 'bot' })).content;
      };
      expect(other.bot.instance.owners).toEqual([]);
      for (let i = 0; i < 3; i++) expect(await say(appOwner)).toBe('ran peruser for app-owner');
      expect(await say(eve)).toBe('ran peruser for eve');
      expect(await say(eve)).toContain('is on cooldown for you');
    } finally {
      await other.stop();
    }
  });
});
