/**
 * Replies are idempotent: Discord created the message but its answer was lost (a 502), discord.js retried.
 * Against the simulator with random lost responses (seeded), 60 text replies make exactly 60 messages (the
 * nonce with enforce_nonce returns the message already made) and 60 slash replies answer 60 interactions
 * (a retried callback answered 40060 counts as done), with no error logged. Replies whose connection drops
 * after the message was created are sent again by the runtime with the same nonce: one message each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../runtime/context/types.js';
import type { ChannelHandle, MemberHandle } from '../../runtime/testing/handles.js';
import type { RecordedRequest } from '../../runtime/testing/rest/server.js';
import { manifestCog } from '../e2e/fixtures/manifest-cog.js';
import { startBot, type Harness } from '../e2e/harness.js';
import { prng } from '../helpers/prng.js';
import { completions, waitForCount } from './helpers.js';

const registry = manifestCog('echo', 9401, [{ name: 'echo', kind: 'hybrid', description: 'Echoes n.', options: [{ name: 'n', description: 'a number', type: 'integer', required: true }] }], {
  echo: (ctx: Context, o: { n: number }) => ctx.reply(`echo ${o.n}`),
});

let h: Harness;
let general: ChannelHandle;
let alice: MemberHandle;

beforeAll(async () => {
  h = await startBot(registry, {
    // The 60 commands are typed at once: room for all their replies (backpressure is tested elsewhere).
    instance: { prefixes: ['!'], replies: { perChannel: 100 } },
    world: (sim) => {
      const guild = sim.createGuild({ name: 'G' });
      general = guild.general;
      alice = sim.createMember(guild, { username: 'alice' });
    },
  });
  await h.sim.waitForCommands();
});
afterAll(async () => {
  await h?.stop();
});

/** Loses the answer to the first attempt of about a third of the requests `key` names (seeded). */
function loseFirstAttempts(key: (r: RecordedRequest) => string | null, seed: number): { lost: () => number; off: () => void } {
  const random = prng(seed);
  const seen = new Set<string>();
  let lost = 0;
  const off = h.sim.faults.loseResponses((r) => {
    const k = key(r);
    if (k === null || seen.has(k)) return false;
    seen.add(k);
    if (random() >= 0.35) return false;
    lost += 1;
    return true;
  });
  return { lost: () => lost, off };
}

const errors = () => h.logs.filter((r) => r.level === 'error');

describe('lost responses', () => {
  it('60 text replies with random 502s after the message was created: exactly 60 messages', async () => {
    const done = completions(h.bot);
    const faults = loseFirstAttempts((r) => (r.route === 'POST /channels/:id/messages' ? String((r.body as { content?: unknown }).content) : null), 1);
    try {
      for (let n = 0; n < 60; n++) await h.sim.say(general, alice, `!echo ${n}`);
      await waitForCount(done, 60);
    } finally {
      faults.off();
    }
    expect(faults.lost()).toBeGreaterThanOrEqual(10);
    const replies = h.sim.botMessages(general).map((m) => m.content);
    expect(replies).toHaveLength(60);
    expect(new Set(replies).size).toBe(60);
    expect(done.every((d) => d.outcome === 'ok')).toBe(true);
    // Every retry repeated its nonce, and each nonce made one message.
    const sends = h.sim.requests.filter((r) => r.route === 'POST /channels/:id/messages');
    expect(sends).toHaveLength(60 + faults.lost());
    expect(new Set(sends.map((r) => (r.body as { nonce?: unknown }).nonce)).size).toBe(60);
    expect(sends.every((r) => (r.body as { enforce_nonce?: unknown }).enforce_nonce === true)).toBe(true);
    expect(errors()).toEqual([]);
  });

  it('60 slash replies with random 502s after the callback landed: 60 answers, no error', async () => {
    const done = completions(h.bot);
    const before = h.sim.botMessages(general).length;
    const faults = loseFirstAttempts((r) => (r.route === 'POST /interactions/:id/:token/callback' ? r.path : null), 2);
    const interactions = [];
    try {
      for (let n = 0; n < 60; n++) interactions.push(await h.sim.runSlash(general, alice, 'echo', { n }));
      await waitForCount(done, 60);
    } finally {
      faults.off();
    }
    expect(faults.lost()).toBeGreaterThanOrEqual(10);
    for (const [n, interaction] of interactions.entries()) expect((await h.sim.waitForInteractionResponse(interaction)).content).toBe(`echo ${n}`);
    expect(h.sim.botMessages(general).length - before).toBe(60);
    expect(done.every((d) => d.outcome === 'ok')).toBe(true);
    // The retries were answered 40060 and taken as done.
    expect(h.sim.requests.filter((r) => r.route === 'POST /interactions/:id/:token/callback' && r.errorCode === 40060)).toHaveLength(faults.lost());
    expect(errors()).toEqual([]);
  });

  it('20 text replies whose connection drops after the message was created: sent again with the same nonce, 20 messages', async () => {
    const done = completions(h.bot);
    const before = h.sim.botMessages(general).length;
    const random = prng(3);
    const seen = new Set<string>();
    let dropped = 0;
    const off = h.sim.faults.dropConnections((r) => {
      if (r.route !== 'POST /channels/:id/messages') return false;
      const content = String((r.body as { content?: unknown }).content);
      if (seen.has(content)) return false;
      seen.add(content);
      if (random() >= 0.35) return false;
      dropped += 1;
      return true;
    });
    try {
      for (let n = 100; n < 120; n++) await h.sim.say(general, alice, `!echo ${n}`);
      await waitForCount(done, 20);
    } finally {
      off();
    }
    expect(dropped).toBeGreaterThanOrEqual(3);
    const replies = h.sim.botMessages(general).slice(before).map((m) => m.content);
    expect(replies.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `echo ${100 + i}`).sort());
    expect(done.every((d) => d.outcome === 'ok')).toBe(true);
    expect(errors()).toEqual([]);
  });

  it('a 40060 that is not our own retry is still an error', async () => {
    const done = completions(h.bot);
    // Someone else acknowledged the interaction first: the bot's first and only attempt is answered 40060.
    const interaction = await h.sim.runSlash(general, alice, 'echo', { n: 1 });
    interaction.responseType = 4;
    await waitForCount(done, 1);
    expect(done[0]!.outcome).toBe('failed');
  });
});
