import { GatewayIntentBits, type Message } from 'discord.js';
import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../runtime/testing/vitest.js';
import { shardForGuild } from '../../runtime/testing/index.js';
import { until } from './helpers.js';

describe('simulator: shards', () => {
  const fx = useSimulator({ shards: 2 });

  it('GIVEN two shards WHEN a Client connects THEN guilds are routed by (id >> 22) % 2 and each shard gets only its own GUILD_CREATEs', async () => {
    const { sim } = fx;
    const onZero = sim.createGuild({ name: 'zero', shard: 0 });
    const onOne = sim.createGuild({ name: 'one', shard: 1 });
    const more = [sim.createGuild({ name: 'a' }), sim.createGuild({ name: 'b' }), sim.createGuild({ name: 'c' })];
    expect(shardForGuild(onZero.id, 2)).toBe(0);
    expect(shardForGuild(onOne.id, 2)).toBe(1);

    const client = await sim.connectClient({ shards: 'auto' });

    expect(client.ws.shards.size).toBe(2);
    for (const g of [onZero, onOne, ...more]) {
      const expected = Number((BigInt(g.id) >> 22n) % 2n);
      expect(client.guilds.cache.get(g.id)!.shardId).toBe(expected);
      const creates = sim.gatewayLog.filter((e) => e.t === 'GUILD_CREATE' && (e.d as { id: string }).id === g.id);
      expect(creates.map((e) => e.shardId)).toEqual([expected]);
    }
    // A message in a guild travels on its shard only.
    const bob = sim.createMember(onOne, { username: 'bob' });
    const said = await sim.say(onOne.general, bob, 'hi from shard 1');
    const got = new Promise<Message>((resolve) => client.on('messageCreate', (m) => m.id === said.id && resolve(m)));
    expect((await got).guild!.shardId).toBe(1);
    expect(sim.gatewayLog.filter((e) => e.t === 'MESSAGE_CREATE').map((e) => e.shardId)).toEqual([1]);
  });
});

describe('simulator: sessions', () => {
  const fx = useSimulator({ heartbeatIntervalMs: 500 });

  async function setup() {
    const { sim } = fx;
    const guild = sim.createGuild();
    const alice = sim.createMember(guild, { username: 'alice' });
    const client = sim.createClient();
    const contents: string[] = [];
    client.on('messageCreate', async (m) => {
      contents.push(m.content);
      if (m.content === '!ping') await m.reply('pong');
    });
    await sim.login(client);
    return { sim, guild, alice, client, contents };
  }

  it('GIVEN RECONNECT WHEN a member speaks while the client is away THEN the client RESUMEs and the missed event is replayed', async () => {
    const { sim, guild, alice, contents } = await setup();
    const resumed = sim.waitForSession(0, 'resume');
    await sim.reconnect(0);
    await sim.say(guild.general, alice, 'said while away');
    const { replayed } = await resumed;
    expect(replayed).toBeGreaterThanOrEqual(1);
    await until(() => contents.includes('said while away'), 'replayed message');
    // Still working afterwards, and no second IDENTIFY happened.
    await sim.say(guild.general, alice, '!ping');
    expect((await sim.waitForMessage({ timeoutMs: 5000 })).content).toBe('pong');
    expect(sim.gatewayLog.filter((e) => e.direction === 'in' && e.op === 2)).toHaveLength(1);
    expect(sim.gatewayLog.filter((e) => e.direction === 'in' && e.op === 6)).toHaveLength(1);
  });

  it('GIVEN a non-resumable INVALID_SESSION THEN the client identifies again, gets READY and GUILD_CREATE, and keeps working', async () => {
    const { sim, guild, alice } = await setup();
    // discord.js spaces identifies of one bucket 5 s (+ up to 1.5 s jitter) apart, so this takes ~6 s.
    const identified = sim.waitForSession(0, 'identify', 20_000);
    sim.invalidateSession(0, false);
    await identified;
    await sim.say(guild.general, alice, '!ping');
    expect((await sim.waitForMessage({ timeoutMs: 5000 })).content).toBe('pong');
    expect(sim.gatewayLog.filter((e) => e.direction === 'in' && e.op === 2)).toHaveLength(2);
    expect(sim.gatewayLog.filter((e) => e.t === 'GUILD_CREATE')).toHaveLength(2);
  });

  it('GIVEN a resumable INVALID_SESSION THEN the client resumes on the same socket', async () => {
    const { sim, guild, alice } = await setup();
    const resumed = sim.waitForSession(0, 'resume');
    sim.invalidateSession(0, true);
    await resumed;
    await sim.say(guild.general, alice, '!ping');
    expect((await sim.waitForMessage({ timeoutMs: 5000 })).content).toBe('pong');
  });
});

describe('simulator: gateway protocol', () => {
  const fx = useSimulator();

  /** Opens a raw socket, waits for HELLO, sends one payload and resolves with the close code (or the next payload). */
  function exchange(url: string, payload: unknown): Promise<{ code?: number; next?: { op: number; d: unknown } }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${url}?v=10&encoding=json`);
      let hello = false;
      ws.on('message', (raw) => {
        const data = JSON.parse(raw.toString()) as { op: number; d: unknown };
        if (!hello && data.op === 10) {
          hello = true;
          ws.send(JSON.stringify(payload));
          return;
        }
        resolve({ next: data });
        ws.close(1000);
      });
      ws.on('close', (code) => resolve({ code }));
      ws.on('error', reject);
    });
  }

  const identify = (token: string, extra: Record<string, unknown> = {}) => ({ op: 2, d: { token, intents: GatewayIntentBits.Guilds, properties: {}, shard: [0, 1], ...extra } });

  it('closes with 4004 for a bad token, 4013 for unknown intents, 4010 for a bad shard, 4003 before identifying, 4001 for an unknown opcode', async () => {
    const { sim } = fx;
    expect((await exchange(sim.gatewayUrl, identify('nope'))).code).toBe(4004);
    expect((await exchange(sim.gatewayUrl, identify(sim.token, { intents: 1 << 30 }))).code).toBe(4013);
    expect((await exchange(sim.gatewayUrl, identify(sim.token, { shard: [2, 2] }))).code).toBe(4010);
    expect((await exchange(sim.gatewayUrl, { op: 8, d: { guild_id: '1' } })).code).toBe(4003);
    expect((await exchange(sim.gatewayUrl, { op: 99, d: null })).code).toBe(4001);
  });

  it('answers a heartbeat with an ACK and an unknown RESUME with a non-resumable INVALID_SESSION', async () => {
    const { sim } = fx;
    expect((await exchange(sim.gatewayUrl, { op: 1, d: null })).next).toMatchObject({ op: 11 });
    expect((await exchange(sim.gatewayUrl, { op: 6, d: { token: sim.token, session_id: 'gone', seq: 3 } })).next).toEqual({ op: 9, d: false, s: null, t: null });
  });
});

describe('simulator: privileged intents', () => {
  const fx = useSimulator({ allowedPrivilegedIntents: 0 });

  it('GIVEN an application without privileged intents WHEN a Client asks for MessageContent THEN the gateway closes with 4014', async () => {
    const { sim } = fx;
    const closed = new Promise<number>((resolve) => sim.gateway.once('close', (_s, code) => resolve(code)));
    const client = sim.createClient({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent] });
    const login = client.login(sim.token).catch((e: unknown) => e);
    expect(await closed).toBe(4014);
    await client.destroy();
    await login;
  });
});
