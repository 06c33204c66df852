/**
 * The shared REST rate limiter (runtime/rest-proxy/proxy.ts, @discordjs/proxy) between the real discord.js
 * client and the simulator: it forwards the bot's own token, keeps Discord's rate-limit headers to itself,
 * passes Discord's errors through, answers 502 when Discord cannot be reached, and gives each token a limit
 * of its own. The 4-process figures are in rest-limits-across-processes.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Client, DiscordAPIError, HTTPError, RESTEvents } from 'discord.js';
import { createDiscordClient } from '../../runtime/discord/client.js';
import { startRestProxy, type RestProxy } from '../../runtime/rest-proxy/proxy.js';
import { Simulator } from '../../runtime/testing/simulator.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function simAndProxy(options: Parameters<typeof Simulator.start>[0] = {}, perSecond?: number): Promise<{ sim: Simulator; proxy: RestProxy }> {
  const sim = await Simulator.start(options);
  cleanups.push(() => sim.stop());
  const proxy = await startRestProxy({ port: 0, api: sim.apiUrl, ...(perSecond ? { globalRequestsPerSecond: perSecond } : {}) });
  cleanups.push(() => proxy.close());
  return { sim, proxy };
}

/** A bot's client as the runtime builds it with `discord.restProxy.url`, logged in to the simulator. */
async function proxiedClient(sim: Simulator, proxy: RestProxy, rest: { retries?: number } = {}): Promise<Client<true>> {
  const client = createDiscordClient({ intents: ['Guilds', 'GuildMessages'], restProxy: proxy.url, extra: { rest } });
  cleanups.push(() => client.destroy());
  return sim.login(client);
}

describe('REST proxy', () => {
  it('GIVEN a bot whose REST goes through the proxy WHEN it logs in and sends THEN the simulator saw the proxy send with the bot\'s token, and the bot saw none of the rate-limit headers', async () => {
    const { sim, proxy } = await simAndProxy({ rateLimits: { routes: { 'POST /channels/:id/messages': { limit: 5, windowMs: 5000 } } } });
    const guild = sim.createGuild();
    const client = await proxiedClient(sim, proxy);
    const seen: Headers[] = [];
    client.rest.on(RESTEvents.Response, (_request, response) => void seen.push(response.headers as Headers));
    const channel = client.channels.cache.get(guild.general.id);
    if (!channel?.isSendable()) throw new Error('not sendable');
    await channel.send('through the proxy');
    expect(sim.botMessages(guild.general).map((m) => m.content)).toEqual(['through the proxy']);
    // Every request (login's included) came from the proxy: a wrong token would have been answered 401.
    const sent = sim.requests.filter((r) => r.route !== 'GET /gateway');
    expect(sent.length).toBeGreaterThan(1);
    for (const r of sent) expect(r.userAgent).toMatch(/@discordjs\/proxy\//);
    expect(sent.every((r) => r.status < 400)).toBe(true);
    expect([...seen[0]!.keys()].filter((h) => h.startsWith('x-ratelimit'))).toEqual([]);
    expect(proxy.stats()).toMatchObject({ tokens: 1 });
  });

  it('GIVEN Discord answers an error WHEN it comes through the proxy THEN the bot gets Discord\'s error with its code', async () => {
    const { sim, proxy } = await simAndProxy();
    const client = await proxiedClient(sim, proxy);
    const error = await client.channels.fetch('123456789012345678').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 10003, status: 404 });
  });

  it('GIVEN Discord cannot be reached WHEN the proxy forwards THEN the bot gets a 502 (retried as any 5xx), not an empty 200', async () => {
    const { sim, proxy } = await simAndProxy();
    const client = await proxiedClient(sim, proxy, { retries: 0 });
    await sim.stop();
    const error = await client.rest.get('/users/@me').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HTTPError);
    expect(error).toMatchObject({ status: 502 });
  });

  it('GIVEN two tokens behind one proxy THEN each has a queue, and a limit, of its own; a request without a token shares neither', async () => {
    const { sim, proxy } = await simAndProxy();
    for (const token of [sim.token, 'other-token']) await fetch(`${proxy.url}/api/v10/users/@me`, { headers: { authorization: `Bot ${token}` } });
    await fetch(`${proxy.url}/api/v10/gateway`);
    expect(proxy.stats()).toMatchObject({ tokens: 2, forwarded: 3 });
    // The other token is Discord's to refuse, and the proxy passes that on.
    expect(sim.requests.map((r) => [r.route, r.status])).toEqual([
      ['GET /users/@me', 200],
      ['GET /users/@me', 401],
      ['GET /gateway', 200],
    ]);
  });
});
