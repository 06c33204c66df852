/**
 * Slow slash handlers: the runtime defers before Discord's acknowledgement deadline, so a handler that
 * answers late still reaches the user. The simulator enforces the deadline like Discord.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { demoRegistry } from '../runtime/fixtures/demo-cog.js';
import { startBot, type Harness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('slash acknowledgement deadline', () => {
  it('GIVEN a handler slower than the deadline WHEN run THEN the runtime defers in time and the late reply lands', async () => {
    // Deadline 1000 ms, handler 1500 ms, auto-defer after 50 ms: wide margins on both sides.
    h = await startBot(demoRegistry(), { simulator: { interactionAckDeadlineMs: 1000 }, bot: { slashAutoDeferMs: 50 } });
    const guild = h.sim.createGuild();
    const alice = h.sim.createMember(guild, { username: 'alice' });
    const interaction = await h.sim.runSlash(guild.general, alice, 'sluggish');
    const reply = await h.sim.waitForInteractionResponse(interaction, { timeoutMs: 10_000 });
    expect(reply.kind).toBe('deferred');
    expect(reply.content).toBe('late but here');
    expect(h.bot.errors.recent()).toEqual([]);
  });

  it('GIVEN auto-defer is off WHEN the handler is too slow THEN the late reply fails, is logged with an id, and the bot survives', async () => {
    h = await startBot(demoRegistry(), { simulator: { interactionAckDeadlineMs: 1000 }, bot: { slashAutoDeferMs: 0 } });
    const guild = h.sim.createGuild();
    const alice = h.sim.createMember(guild, { username: 'alice' });
    await h.sim.runSlash(guild.general, alice, 'sluggish');
    const errors = () => h!.bot.errors.recent().filter((r) => r.where === 'command sluggish');
    await vi.waitFor(() => expect(errors()).toHaveLength(1), { timeout: 10_000 });
    await h.sim.say(guild.general, alice, '!ping');
    expect((await h.sim.waitForMessage()).content).toBe('Pong!');
  });
});
