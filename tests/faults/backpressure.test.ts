/**
 * Backpressure: a flood of commands in one channel, against a simulator that holds its answers there (a slow
 * Discord whose pace the test sets, so nothing depends on timing), keeps the pending replies within their
 * bounds (per channel, then in total), sheds the rest with a metric and one log line, and the bot still
 * answers in another channel during the flood.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replyGateOf, type ReplyGate, type ShedInfo } from '../../runtime/context/backpressure.js';
import type { Context } from '../../runtime/context/types.js';
import { BotMetrics } from '../../runtime/metrics/index.js';
import type { ChannelHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { manifestCog } from '../e2e/fixtures/manifest-cog.js';
import { startBot, type Harness } from '../e2e/harness.js';

const registry = manifestCog('echo', 9403, [{ name: 'echo', kind: 'text', description: 'Echoes n.', options: [{ name: 'n', description: 'a number', type: 'integer', required: true }] }], {
  echo: (ctx: Context, o: { n: number }) => ctx.reply(`echo ${o.n}`),
});

const PER_CHANNEL = 20;
const GLOBAL = 30;
const FLOOD = 300;

let h: Harness;
let gate: ReplyGate;
let metrics: BotMetrics;
let flooded: ChannelHandle;
let other: ChannelHandle;
let third: ChannelHandle;
let alice: MemberHandle;
const shed: ShedInfo[] = [];

beforeAll(async () => {
  h = await startBot(registry, {
    instance: { prefixes: ['!'], replies: { perChannel: PER_CHANNEL, global: GLOBAL } },
    world: (sim) => {
      const guild = sim.createGuild({ name: 'G', channels: [{ name: 'flooded' }, { name: 'other' }, { name: 'third' }] });
      [flooded, other, third] = guild.channels as [ChannelHandle, ChannelHandle, ChannelHandle];
      alice = sim.createMember(guild, { username: 'alice' });
    },
  });
  gate = replyGateOf(h.bot.client)!;
  gate.onShed((info) => void shed.push(info));
  metrics = new BotMetrics(h.bot, { defaults: false });
});
afterAll(async () => {
  metrics?.close();
  await h?.stop();
});

/** Holds the bot's messages in these channels unanswered until the returned function is called. */
const holdIn = (...channels: ChannelHandle[]) => h.sim.faults.hold((r) => r.route === 'POST /channels/:id/messages' && channels.some((c) => r.path === `/channels/${c.id}/messages`));
const shedIn = (channel: ChannelHandle) => shed.filter((s) => s.channelId === channel.id);
const shedMetric = async (reason: string) => (await metrics.registry.getSingleMetric('cogsmith_replies_shed_total')!.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;
const pendingMetric = async () => (await metrics.registry.getSingleMetric('cogsmith_replies_pending')!.get()).values[0]!.value;
// A wait, not a timing assertion: on a loaded machine the held replies' REST round trips can take a while.
const drained = () => expect.poll(() => gate.pending(), { timeout: 60_000, interval: 20 }).toBe(0);

describe('backpressure', { timeout: 120_000 }, () => {
  it('defaults when the instance names none', async () => {
    const { ReplyGate, DEFAULT_REPLY_LIMITS } = await import('../../runtime/context/backpressure.js');
    expect(new ReplyGate().limits).toEqual(DEFAULT_REPLY_LIMITS);
    expect(gate.limits).toEqual({ perChannel: PER_CHANNEL, global: GLOBAL });
  });

  it('a flood in one channel stays within its bound, is shed with a metric and one log line, and another channel is answered meanwhile', async () => {
    const release = holdIn(flooded);
    try {
      for (let n = 0; n < FLOOD; n++) await h.sim.say(flooded, alice, `!echo ${n}`);
      // Nothing is answered there: the first PER_CHANNEL commands wait for their replies, every other one is shed.
      await expect.poll(() => shedIn(flooded).length, { timeout: 10_000, interval: 20 }).toBe(FLOOD - PER_CHANNEL);
      expect(gate.pending(flooded.id)).toBe(PER_CHANNEL);
      expect(await pendingMetric()).toBe(PER_CHANNEL);
      // During the flood: the other channel has its own room.
      await h.sim.say(other, alice, '!echo 1000');
      expect((await h.sim.waitForMessage({ timeoutMs: 5000 })).content).toBe('echo 1000');
      expect(gate.pending(flooded.id)).toBe(PER_CHANNEL);
    } finally {
      release();
    }
    await drained();
    expect(shedIn(flooded).every((s) => s.reason === 'channel')).toBe(true);
    // Each shed command was refused before it ran: no handler ran only to have its one reply dropped.
    expect(shedIn(flooded).every((s) => s.what === 'command')).toBe(true);
    // Every command of the flood was either answered or shed, never both, never lost.
    expect(h.sim.botMessages(flooded)).toHaveLength(PER_CHANNEL);
    expect(await shedMetric('channel')).toBe(FLOOD - PER_CHANNEL);
    expect(h.logs.filter((r) => r.message.startsWith('Replies shed'))).toHaveLength(1);
    // And afterwards the flooded channel is answered again.
    await h.sim.say(flooded, alice, '!echo 2000');
    expect((await h.sim.waitForMessage({ timeoutMs: 5000 })).content).toBe('echo 2000');
  });

  it('floods in two channels: the total stays within the global bound, and beyond it every channel is shed', async () => {
    // The test before ends on a reply the simulator has stored (so the test saw it) while the bot may not
    // have had Discord's answer yet: that reply still holds its slot in the flooded channel. Counted with
    // this flood it leaves room for GLOBAL - 1 of its replies, and once it is answered nothing is left to
    // take the slot back, so one command more is shed. Start from a gate with nothing pending.
    await drained();
    const before = shed.length;
    const release = holdIn(flooded, third);
    try {
      for (let n = 0; n < 100; n++) {
        await h.sim.say(flooded, alice, `!echo ${n}`);
        await h.sim.say(third, alice, `!echo ${n}`);
      }
      await expect.poll(() => shed.length - before, { timeout: 10_000, interval: 20 }).toBe(200 - GLOBAL);
      expect(gate.pending()).toBe(GLOBAL);
      expect(gate.pending(flooded.id)).toBeLessThanOrEqual(PER_CHANNEL);
      expect(gate.pending(third.id)).toBeLessThanOrEqual(PER_CHANNEL);
      expect(shed.slice(before).some((s) => s.reason === 'global')).toBe(true);
      // A command let in holds the slot of its reply: none ran only to have its one reply dropped.
      expect(shed.slice(before).every((s) => s.what === 'command')).toBe(true);
      // The bot as a whole is at its bound: a command elsewhere is shed too.
      await h.sim.say(other, alice, '!echo 3000');
      await expect.poll(() => shedIn(other).length, { timeout: 5000, interval: 20 }).toBe(1);
      expect(shedIn(other)[0]!.reason).toBe('global');
    } finally {
      release();
    }
    await drained();
    expect(await shedMetric('global')).toBe(shed.filter((s) => s.reason === 'global').length);
    expect(h.sim.botMessages(other).map((m) => m.content)).not.toContain('echo 3000');
  });
});
