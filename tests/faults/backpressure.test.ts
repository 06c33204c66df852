/**
 * Backpressure: a flood of commands in one channel, against a simulator whose answers there are slow, keeps
 * the pending replies within their bounds (per channel, then in total), sheds the rest with a metric and one
 * log line, and the bot still answers in another channel during the flood.
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
/** The highest pending counts seen, sampled at every REST request the bot makes. */
const peak = { channel: new Map<string, number>(), total: 0 };

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
  h.sim.events.on('request', () => {
    for (const c of [flooded, other, third]) peak.channel.set(c.id, Math.max(peak.channel.get(c.id) ?? 0, gate.pending(c.id)));
    peak.total = Math.max(peak.total, gate.pending());
  });
});
afterAll(async () => {
  metrics?.close();
  await h?.stop();
});

const slowIn = (...channels: ChannelHandle[]) => h.sim.faults.slowDown(300, (r) => r.route === 'POST /channels/:id/messages' && channels.some((c) => r.path === `/channels/${c.id}/messages`));
const shedMetric = async (reason: string) => (await metrics.registry.getSingleMetric('cogsmith_replies_shed_total')!.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;
const drained = () => expect.poll(() => gate.pending(), { timeout: 30_000, interval: 50 }).toBe(0);

describe('backpressure', () => {
  it('defaults when the instance names none', async () => {
    const { ReplyGate, DEFAULT_REPLY_LIMITS } = await import('../../runtime/context/backpressure.js');
    expect(new ReplyGate().limits).toEqual(DEFAULT_REPLY_LIMITS);
    expect(gate.limits).toEqual({ perChannel: PER_CHANNEL, global: GLOBAL });
  });

  it('a flood in one channel stays within its bound, is shed with a metric and one log line, and another channel is answered meanwhile', async () => {
    const off = slowIn(flooded);
    try {
      for (let n = 0; n < FLOOD; n++) await h.sim.say(flooded, alice, `!echo ${n}`);
      await expect.poll(() => gate.pending(flooded.id), { timeout: 10_000, interval: 10 }).toBe(PER_CHANNEL);
      // During the flood: the other channel has its own room.
      await h.sim.say(other, alice, '!echo 1000');
      expect((await h.sim.waitForMessage({ timeoutMs: 5000 })).content).toBe('echo 1000');
      expect(gate.pending(flooded.id)).toBeGreaterThan(0);
      await drained();
    } finally {
      off();
    }
    expect(peak.channel.get(flooded.id)).toBeLessThanOrEqual(PER_CHANNEL);
    const delivered = h.sim.botMessages(flooded).length;
    const floodShed = shed.filter((s) => s.channelId === flooded.id);
    expect(floodShed.every((s) => s.reason === 'channel')).toBe(true);
    // Every command of the flood was either answered or shed, never both, never lost.
    expect(delivered + floodShed.length).toBe(FLOOD);
    expect(floodShed.length).toBeGreaterThanOrEqual(FLOOD - 2 * PER_CHANNEL);
    expect(await shedMetric('channel')).toBe(floodShed.length);
    expect(h.logs.filter((r) => r.message.startsWith('Replies shed'))).toHaveLength(1);
    // And afterwards the flooded channel is answered again.
    await h.sim.say(flooded, alice, '!echo 2000');
    expect((await h.sim.waitForMessage({ timeoutMs: 5000 })).content).toBe('echo 2000');
  });

  it('floods in two channels: the total stays within the global bound', async () => {
    const before = shed.length;
    const off = slowIn(flooded, third);
    try {
      for (let n = 0; n < 100; n++) {
        await h.sim.say(flooded, alice, `!echo ${n}`);
        await h.sim.say(third, alice, `!echo ${n}`);
      }
      await drained();
    } finally {
      off();
    }
    expect(peak.total).toBeLessThanOrEqual(GLOBAL);
    expect(peak.total).toBeGreaterThan(PER_CHANNEL);
    expect(peak.channel.get(third.id)).toBeLessThanOrEqual(PER_CHANNEL);
    expect(shed.slice(before).some((s) => s.reason === 'global')).toBe(true);
    expect(await shedMetric('global')).toBe(shed.filter((s) => s.reason === 'global').length);
  });
});
