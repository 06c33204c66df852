/**
 * The simulator's REST rate limits (runtime/testing/rest/rate-limits.ts): off by default; when on, Discord's
 * headers and 429 bodies for the global limit and route buckets, counted in `restRateStats`; and the real
 * discord.js client, refused by them, waits and succeeds (it reads them as it reads Discord's).
 */
import { describe, expect, it } from 'vitest';
import { RestRateLimits, restRateStats } from '../../runtime/testing/rest/rate-limits.js';
import { useSimulator } from '../../runtime/testing/vitest.js';

const MESSAGES = 'POST /channels/:id/messages';

describe('simulator: REST rate limits', () => {
  const fx = useSimulator();

  const post = (channelId: string, content: string) =>
    fetch(`${fx.sim.apiUrl}/v10/channels/${channelId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${fx.sim.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content }),
    });

  it('GIVEN no rate limits (the default) WHEN many messages are posted at once THEN none is refused and no rate-limit header is sent', async () => {
    const guild = fx.sim.createGuild();
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => post(guild.general.id, `m${i}`)));
    expect(answers.map((a) => a.status)).toEqual(Array(60).fill(200));
    expect(answers[0]!.headers.get('x-ratelimit-limit')).toBeNull();
    expect(fx.sim.restRateStats()).toMatchObject({ requests: 60, globalLimited: 0, routeLimited: 0 });
  });

  it('GIVEN a route bucket of 2 per window WHEN a channel gets a third message THEN 429 with Discord\'s headers and body, while another channel has a bucket of its own', async () => {
    fx.sim.setRateLimits({ routes: { [MESSAGES]: { limit: 2, windowMs: 60_000 } } });
    const guild = fx.sim.createGuild({ channels: [{ name: 'a' }, { name: 'b' }] });
    const [a, b] = guild.channels;
    const first = await post(a!.id, 'one');
    expect(first.status).toBe(200);
    const bucket = first.headers.get('x-ratelimit-bucket');
    expect(bucket).toMatch(/^[0-9a-f]{32}$/);
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(Number(first.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(59);
    expect(Number(first.headers.get('x-ratelimit-reset')) * 1000).toBeGreaterThan(Date.now() + 59_000);
    expect((await post(a!.id, 'two')).headers.get('x-ratelimit-remaining')).toBe('0');

    const refused = await post(a!.id, 'three');
    expect(refused.status).toBe(429);
    expect(Object.fromEntries(['retry-after', 'x-ratelimit-scope', 'x-ratelimit-remaining', 'x-ratelimit-bucket', 'x-ratelimit-global'].map((h) => [h, refused.headers.get(h)]))).toEqual({
      'retry-after': '60',
      'x-ratelimit-scope': 'user',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-bucket': bucket,
      'x-ratelimit-global': null,
    });
    const body = (await refused.json()) as { message: string; retry_after: number; global: boolean };
    expect(body).toEqual({ message: 'You are being rate limited.', retry_after: expect.any(Number), global: false });
    expect(body.retry_after).toBeGreaterThan(59);
    expect(fx.sim.messagesIn(a!).map((m) => m.content)).toEqual(['one', 'two']);
    expect(fx.sim.requests.at(-1)).toMatchObject({ status: 429, rateLimited: 'route' });

    // Same route, another major parameter: its own window, the same bucket hash (as Discord's).
    const other = await post(b!.id, 'elsewhere');
    expect(other.status).toBe(200);
    expect(other.headers.get('x-ratelimit-bucket')).toBe(bucket);
    expect(fx.sim.restRateStats()).toMatchObject({ requests: 4, routeLimited: 1, globalLimited: 0 });
  });

  it('GIVEN a global limit WHEN the token goes over it THEN 429 global with Retry-After, X-RateLimit-Global and scope global; a route that needs no token is not counted', async () => {
    fx.sim.setRateLimits({ globalPerSecond: 3 });
    const guild = fx.sim.createGuild();
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => post(guild.general.id, `g${i}`)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(3);
    const refused = answers.find((a) => a.status === 429)!;
    expect(refused.headers.get('x-ratelimit-global')).toBe('true');
    expect(refused.headers.get('x-ratelimit-scope')).toBe('global');
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(await refused.json()).toEqual({ message: 'You are being rate limited.', retry_after: expect.any(Number), global: true });
    // GET /gateway is served without a token, so the global limit does not cover it.
    expect((await fetch(`${fx.sim.apiUrl}/v10/gateway`)).status).toBe(200);
    expect(fx.sim.restRateStats()).toMatchObject({ requests: 5, globalLimited: 2, routeLimited: 0, peakPerSecond: 5, peakAcceptedPerSecond: 3 });
  });

  it('GIVEN a global limit of 5/s WHEN one discord.js client (its own limiter set far higher) sends 20 messages at once THEN it is refused, waits as told, and every message arrives', async () => {
    const guild = fx.sim.createGuild({ channels: Array.from({ length: 20 }, (_, i) => ({ name: `c${i}` })) });
    const client = await fx.sim.connectClient();
    fx.sim.setRateLimits({ globalPerSecond: 5 });
    const after = fx.sim.requests.length;
    const sent = await Promise.all(
      guild.channels.map(async (c) => {
        const channel = client.channels.cache.get(c.id);
        if (!channel?.isSendable()) throw new Error('not sendable');
        return channel.send(`to ${c.id}`);
      }),
    );
    expect(sent).toHaveLength(20);
    for (const c of guild.channels) expect(fx.sim.botMessages(c).map((m) => m.content)).toEqual([`to ${c.id}`]);
    const stats = fx.sim.restRateStats({ after });
    expect(stats.globalLimited).toBeGreaterThan(0);
    expect(stats.requests).toBe(20 + stats.globalLimited);
  }, 30_000);

  it('GIVEN two clients of one token on one channel WHEN the second posts into a bucket the first used up THEN it gets a route 429, waits the reset and succeeds', async () => {
    const guild = fx.sim.createGuild();
    const [first, second] = await Promise.all([fx.sim.connectClient(), fx.sim.connectClient()]);
    fx.sim.setRateLimits({ routes: { [MESSAGES]: { limit: 3, windowMs: 1500 } } });
    const channelOf = (client: typeof first) => {
      const channel = client.channels.cache.get(guild.general.id);
      if (!channel?.isSendable()) throw new Error('not sendable');
      return channel;
    };
    for (let i = 0; i < 3; i++) await channelOf(first).send(`first ${i}`);
    await channelOf(second).send('second');
    expect(fx.sim.botMessages(guild.general).map((m) => m.content)).toEqual(['first 0', 'first 1', 'first 2', 'second']);
    expect(fx.sim.requests.filter((r) => r.rateLimited === 'route')).toHaveLength(1);
  }, 30_000);
});

describe('RestRateLimits', () => {
  const request = { route: MESSAGES, params: { id: '1' }, token: 't' };

  it('GIVEN a global limit of 10/s WHEN 10 pass at once THEN the 11th waits for the window (opened by the first) to close, and the next window holds 10 again', () => {
    const limits = new RestRateLimits({ globalPerSecond: 10 });
    for (let i = 0; i < 10; i++) expect(limits.check(request, 1000 + i).limited).toBe(false);
    expect(limits.check(request, 1100)).toMatchObject({ limited: true, scope: 'global', body: { retry_after: 0.9, global: true }, headers: { 'retry-after': '1' } });
    expect(limits.check(request, 1999).limited).toBe(true);
    for (let i = 0; i < 10; i++) expect(limits.check(request, 2000).limited).toBe(false);
    expect(limits.check(request, 2000).limited).toBe(true);
    // Another token has a limit of its own; a request needing none is not counted.
    expect(limits.check({ ...request, token: 'u' }, 2000).limited).toBe(false);
    expect(limits.check({ ...request, token: null }, 2000).limited).toBe(false);
  });

  it('GIVEN bad settings THEN the error names the setting', () => {
    expect(() => new RestRateLimits({ globalPerSecond: 0 })).toThrow(/globalPerSecond must be a positive number/);
    expect(() => new RestRateLimits({ routes: { '/channels/:id/messages': { limit: 1, windowMs: 1 } } })).toThrow(/not a route such as/);
    expect(() => new RestRateLimits({ routes: { [MESSAGES]: { limit: 0, windowMs: 1000 } } })).toThrow(/needs a positive whole limit/);
  });

  it('GIVEN requests at known times THEN the stats give the mean rate and the peak in any one second', () => {
    const at = (time: number, rateLimited?: 'global') => ({ time, countsGlobally: true, ...(rateLimited ? { rateLimited } : {}) });
    const stats = restRateStats([at(0), at(100), at(900, 'global'), at(950), at(1500), at(2000), { time: 2000, countsGlobally: false }]);
    expect(stats).toEqual({ requests: 6, globalLimited: 1, routeLimited: 0, perSecond: 3, peakPerSecond: 4, peakAcceptedPerSecond: 3 });
  });
});
