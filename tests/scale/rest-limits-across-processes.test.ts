/**
 * Discord's global limit is per token, not per process. Four real bot processes (one shard each) reply to a
 * flood of `!ping`s as fast as they can, their REST going through one `cogsmith proxy` process, against a
 * simulator that enforces a global limit of 50/s and Discord's message bucket (5 per 5 s per channel), with
 * more demand than the limit (64 channels: 320 replies at once, then 64/s). Together they stay within the
 * limit (what the simulator received, 429s included, averages at most 50/s), every reply arrives exactly
 * once, and no 429 reached a handler as an error (no bot recorded one, none logged a warning).
 *
 * How many 429s the simulator sent is printed, not asserted: with the proxy it is about none, but a stall
 * of this shared machine at a window's edge can push a few requests into the simulator's previous window
 * (the proxy retries those, so no handler sees them). The proxy runs at 45/s, 10% under the simulator's 50,
 * for that edge. Without the proxy the four go well over the limit: bench/scale/rest-limits.ts prints both.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { StartRuns } from '../helpers/npm-start.js';
import { runBurst } from './fixtures/rest-burst.js';

const runs = new StartRuns();
afterAll(() => runs.cleanup());

describe('REST limits across processes', () => {
  it('GIVEN 4 bot processes behind one REST proxy WHEN all reply as fast as they can THEN together they stay within the global limit, every reply arrives once and no 429 reached a handler', async () => {
    const result = await runBurst({ processes: 4, channelsPerShard: 16, pingsPerChannel: 8, globalPerSecond: 50, proxyPerSecond: 45, messageBucket: { limit: 5, windowMs: 5000 } }, runs);
    console.log(`rest-limits (proxy): ${JSON.stringify({ ...result.stats, replies: result.replies, seconds: result.durationMs / 1000 })}`);
    expect(result.replies).toBe(result.expected);
    expect(result.wrongChannels).toEqual([]);
    expect(result.problemLines).toEqual([]);
    expect(result.errors).toEqual([0, 0, 0, 0]);
    expect(result.stats.perSecond).toBeLessThanOrEqual(50);
    expect(result.output).not.toContain(result.token);
  }, 240_000);
});
