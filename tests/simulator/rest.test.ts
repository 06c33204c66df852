import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../runtime/testing/vitest.js';

describe('simulator: REST', () => {
  const fx = useSimulator({ shards: 3 });

  it('GIVEN no token WHEN calling REST THEN 401 with Discord\'s error shape, and the request is recorded', async () => {
    const { sim } = fx;
    const res = await fetch(`${sim.apiUrl}/v10/users/@me`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: '401: Unauthorized', code: 0 });
    expect(sim.requests.at(-1)).toMatchObject({ method: 'GET', path: '/users/@me', route: 'GET /users/@me', status: 401 });
  });

  it('GIVEN the token WHEN calling /gateway/bot (with or without version) THEN it describes the gateway and shards', async () => {
    const { sim } = fx;
    for (const prefix of ['/v10', '']) {
      const res = await fetch(`${sim.apiUrl}${prefix}/gateway/bot`, { headers: { authorization: `Bot ${sim.token}` } });
      expect(await res.json()).toMatchObject({ url: sim.gatewayUrl, shards: 3, session_start_limit: { total: 1000, max_concurrency: 16 } });
    }
  });

  it('GIVEN an unknown route WHEN called THEN 404 { message, code } and it is recorded as unknown', async () => {
    const { sim } = fx;
    const res = await fetch(`${sim.apiUrl}/v10/guilds/1/bans/2/nonsense`, { method: 'POST', headers: { authorization: `Bot ${sim.token}`, 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: '404: Not Found', code: 0 });
    expect(sim.requests.at(-1)).toMatchObject({ route: 'unknown', status: 404, body: { a: 1 } });
  });

  it('GIVEN unknown entities WHEN fetched THEN Discord\'s specific codes come back', async () => {
    const { sim } = fx;
    const get = async (path: string) => (await fetch(`${sim.apiUrl}/v10${path}`, { headers: { authorization: `Bot ${sim.token}` } })).json();
    expect(await get('/channels/123456789012345678')).toEqual({ message: 'Unknown Channel', code: 10003 });
    expect(await get('/users/123456789012345678')).toEqual({ message: 'Unknown User', code: 10013 });
    const guild = sim.createGuild();
    expect(await get(`/guilds/${guild.id}/members/123456789012345678`)).toEqual({ message: 'Unknown Member', code: 10007 });
    expect(await get(`/guilds/${guild.id}`)).toMatchObject({ id: guild.id, owner_id: expect.any(String) });
  });

  it('GIVEN a bot posting files THEN multipart bodies are understood and recorded', async () => {
    const { sim } = fx;
    const guild = sim.createGuild();
    const client = await sim.connectClient();
    const channel = client.channels.cache.get(guild.general.id);
    if (!channel?.isSendable()) throw new Error('not sendable');
    const sent = await channel.send({ content: 'see file', files: [{ attachment: Buffer.from('hello'), name: 'hello.txt' }] });
    expect(sent.attachments.first()?.name).toBe('hello.txt');
    expect(sim.requests.find((r) => r.route === 'POST /channels/:id/messages')).toMatchObject({ files: [{ filename: 'hello.txt', size: 5 }], body: { content: 'see file' } });
  });

  it('GIVEN a nonce with enforce_nonce WHEN the same message is posted again in that channel THEN the first message comes back, no second one; without enforce_nonce or elsewhere it is a new message', async () => {
    const { sim } = fx;
    const guild = sim.createGuild({ channels: [{ name: 'a' }, { name: 'b' }] });
    const [a, b] = guild.channels;
    const post = async (channelId: string, body: Record<string, unknown>) =>
      (await fetch(`${sim.apiUrl}/v10/channels/${channelId}/messages`, { method: 'POST', headers: { authorization: `Bot ${sim.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<{ id: string; nonce?: string }>;
    const first = await post(a!.id, { content: 'once', nonce: 'n-1', enforce_nonce: true });
    expect(first.nonce).toBe('n-1');
    expect((await post(a!.id, { content: 'once', nonce: 'n-1', enforce_nonce: true })).id).toBe(first.id);
    expect((await post(a!.id, { content: 'once', nonce: 'n-1' })).id).not.toBe(first.id);
    expect((await post(b!.id, { content: 'once', nonce: 'n-1', enforce_nonce: true })).id).not.toBe(first.id);
    expect(sim.botMessages(a!).map((m) => m.id)).toHaveLength(2);
  });

  it('GIVEN lost responses and slowdowns switched on WHEN the bot calls THEN the work is done, the answer is a bare 502 (or waits), and switching off restores it', async () => {
    const { sim } = fx;
    const guild = sim.createGuild();
    const post = () => fetch(`${sim.apiUrl}/v10/channels/${guild.general.id}/messages`, { method: 'POST', headers: { authorization: `Bot ${sim.token}`, 'content-type': 'application/json' }, body: '{"content":"x"}' });
    const off = sim.faults.loseResponses((r) => r.route === 'POST /channels/:id/messages');
    const lost = await post();
    expect(lost.status).toBe(502);
    expect(await lost.text()).toBe('');
    expect(sim.requests.at(-1)).toMatchObject({ status: 502, fault: 'lost-response' });
    expect(sim.botMessages(guild.general)).toHaveLength(1);
    off();
    expect((await post()).status).toBe(200);
    const slow = sim.faults.slowDown(150);
    const started = Date.now();
    await post();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    slow();
    await expect(fetch(`${sim.apiUrl}/v10/channels/${guild.general.id}/messages`, { method: 'POST', headers: { authorization: `Bot ${sim.token}` }, body: '{}' }).then((r) => r.status)).resolves.toBe(400);
    const release = sim.faults.hold();
    let answered = false;
    const held = post().then((r) => ((answered = true), r.status));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answered).toBe(false);
    release();
    expect(await held).toBe(200);
    sim.faults.dropConnections(() => true);
    await expect(post()).rejects.toThrow();
    sim.faults.clear();
    expect(sim.botMessages(guild.general)).toHaveLength(5);
  });
});
