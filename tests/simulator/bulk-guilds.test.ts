/**
 * The simulator at scale: guilds made in bulk (`sim.generateGuilds`) are a recipe until used, are routed
 * to shards by `(guild_id >> 22) % shard_count`, and make `/gateway/bot` recommend one shard per
 * `guildsPerShard` guilds; with the identify limit on, an IDENTIFY too soon in its bucket gets op 9.
 */
import { GatewayIntentBits, type Message } from 'discord.js';
import { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../runtime/testing/vitest.js';
import { shardForGuild } from '../../runtime/testing/index.js';

describe('simulator: guilds in bulk', () => {
  const fx = useSimulator();

  it('GIVEN 3,000 generated guilds THEN none is built, /gateway/bot recommends 3 shards, and a client on `auto` gets each guild once, on its shard', async () => {
    const { sim } = fx;
    const block = sim.generateGuilds(3000, { channels: 3, roles: 2, members: 4 });
    expect(sim.state.guilds.size).toBe(0);
    expect(sim.state.guildCount).toBe(3000);
    expect(sim.shardCount).toBe(3);
    const gateway = (await (await fetch(`${sim.apiUrl}/v10/gateway/bot`, { headers: { authorization: `Bot ${sim.token}` } })).json()) as { shards: number };
    expect(gateway.shards).toBe(3);

    const client = await sim.connectClient({ shards: 'auto' });
    expect(client.ws.shards.size).toBe(3);
    expect(client.guilds.cache.size).toBe(3000);
    for (const index of [0, 1, 2, 1500, 2999]) {
      const id = block.idAt(index);
      expect(client.guilds.cache.get(id)!.shardId).toBe(shardForGuild(id, 3));
    }
    const sample = client.guilds.cache.get(block.idAt(42))!;
    expect([sample.channels.cache.size, sample.roles.cache.size, sample.members.cache.size, sample.ownerId]).toEqual([3, 4, 5, block.members[0]!.id]);
    // Each shard's READY names exactly its guilds, and each guild's GUILD_CREATE went out once, on its shard.
    for (let shard = 0; shard < 3; shard++) {
      const ready = sim.gatewayLog.find((e) => e.t === 'READY' && e.shardId === shard)!.d as { guilds: { id: string }[] };
      expect(ready.guilds.length).toBeGreaterThan(900);
      expect(ready.guilds.every((g) => shardForGuild(g.id, 3) === shard)).toBe(true);
      expect(sim.gatewayLog.filter((e) => e.t === 'GUILD_CREATE' && e.shardId === shard)).toHaveLength(ready.guilds.length);
    }
    expect(sim.state.guilds.size).toBe(0);

    // A member speaking in one of them builds that guild only, and the message arrives on its shard.
    const guild = block.guild(1234);
    expect(sim.state.guilds.size).toBe(1);
    const said = await sim.say(guild.general, block.members[1]!, 'hello from a bulk guild');
    const got = await new Promise<Message>((resolve) => client.on('messageCreate', (m) => m.id === said.id && resolve(m)));
    expect(got.guild!.shardId).toBe(shardForGuild(guild.id, 3));
  });

  it('GIVEN 4,000 guilds WHEN two clients (as two processes would) run shards 0-1 and 2-3 of 4 THEN each guild reaches exactly one client, on its shard', async () => {
    const { sim } = fx;
    const block = sim.generateGuilds(4000);
    const [low, high] = await Promise.all([sim.connectClient({ shards: [0, 1], shardCount: 4 }), sim.connectClient({ shards: [2, 3], shardCount: 4 })]);
    expect([low.guilds.cache.size + high.guilds.cache.size, sim.gateway.sessions.size]).toEqual([4000, 4]);
    for (let index = 0; index < 4000; index += 97) {
      const id = block.idAt(index);
      const shard = shardForGuild(id, 4);
      const [holder, other] = shard < 2 ? [low, high] : [high, low];
      expect([holder.guilds.cache.get(id)?.shardId, other.guilds.cache.has(id)]).toEqual([shard, false]);
    }
  });

  it('GIVEN a bad shape THEN generateGuilds names the option', () => {
    const { sim } = fx;
    expect(() => sim.generateGuilds(10, { channels: 0 })).toThrow('generateGuilds: channels must be a whole number of at least 1, got 0');
    expect(() => sim.generateGuilds(-1)).toThrow('generateGuilds: count must be a whole number of at least 0, got -1');
    expect(() => sim.generateGuilds(5).idAt(5)).toThrow('generateGuilds: there is no guild 5 in a block of 5');
  });
});

describe('simulator: identify limit', () => {
  const fx = useSimulator({ shards: 4, maxConcurrency: 2, enforceIdentifyLimit: true });

  /** Opens a socket, identifies as `shard` of 4 after HELLO, and resolves with the first answer (READY or op 9). */
  function identifyAs(url: string, token: string, shard: number): Promise<{ op: number; t: string | null; d: unknown; ws: WebSocket }> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`${url}/?v=10&encoding=json`);
      ws.on('message', (raw) => {
        const data = JSON.parse(raw.toString()) as { op: number; t: string | null; d: unknown };
        if (data.op === 10) return ws.send(JSON.stringify({ op: 2, d: { token, intents: GatewayIntentBits.Guilds, properties: {}, shard: [shard, 4] } }));
        resolve({ ...data, ws });
      });
      ws.on('error', reject);
    });
  }

  it('GIVEN max_concurrency 2 WHEN shards 0 and 2 (one bucket) identify at once THEN the second gets INVALID_SESSION, while shard 1 (the other bucket) is READY', async () => {
    const { sim } = fx;
    const refused: number[] = [];
    sim.gateway.on('identifyRefused', (shard) => refused.push(shard));
    const first = await identifyAs(sim.gatewayUrl, sim.token, 0);
    const sameBucket = await identifyAs(sim.gatewayUrl, sim.token, 2);
    const otherBucket = await identifyAs(sim.gatewayUrl, sim.token, 1);
    expect([first.t, sameBucket.op, sameBucket.d, otherBucket.t]).toEqual(['READY', 9, false, 'READY']);
    expect(refused).toEqual([2]);
    for (const r of [first, sameBucket, otherBucket]) r.ws.close(1000);
  });
});
