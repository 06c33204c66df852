/**
 * The pure parts of sharding across processes: the layout (contiguous groups), the flags' parsers, the
 * instance settings' checks, and the discord.js Client honouring the range a supervisor hands its process.
 */
import { describe, expect, it } from 'vitest';
import { createDiscordClient } from '../../runtime/discord/client.js';
import { createInstanceConfig, InstanceConfigError } from '../../runtime/instance/config.js';
import { shardGroups, shardRangeText } from '../../runtime/shards/layout.js';
import { applyShardFlags, parseShardIds, ShardFlagError } from '../../runtime/shards/flags.js';
import { processPlan, ShardPlanError } from '../../runtime/shards/plan.js';

describe('shard layout', () => {
  it('GIVEN N shards in P processes THEN P contiguous groups, the first N % P one shard larger', () => {
    expect(shardGroups({ shardCount: 4, processes: 2 })).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(shardGroups({ shardCount: 5, processes: 2 })).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(shardGroups({ shardCount: 3, processes: 1 })).toEqual([[0, 1, 2]]);
    expect(() => shardGroups({ shardCount: 2, processes: 3 })).toThrow('3 processes for 2 shard(s)');
    expect([shardRangeText([2, 3]), shardRangeText([1, 3]), shardRangeText([4])]).toEqual(['2-3', '1,3', '4']);
  });

  it('GIVEN shard ids out of order THEN they are sorted; repeats are refused', () => {
    expect(parseShardIds('3,1')).toEqual([1, 3]);
    expect(() => parseShardIds('1,1')).toThrow(ShardFlagError);
  });
});

describe('sharding settings', () => {
  it('GIVEN discord.shardIds without a whole-number shard count, or beyond it, or renewMs above a third of ttlMs THEN the instance is refused naming the setting', () => {
    expect(() => createInstanceConfig({ discord: { shardIds: [0] } })).toThrow(/discord.shardIds needs discord.shards to be a whole number/);
    expect(() => createInstanceConfig({ discord: { shards: 2, shardIds: [2] } })).toThrow(/discord.shardIds must be below discord.shards \(2\)/);
    expect(() => createInstanceConfig({ discord: { leases: { ttlMs: 3000, renewMs: 1500 } } })).toThrow(/discord.leases.renewMs \(1500\) must be at most a third of ttlMs \(3000\)/);
    expect(() => createInstanceConfig({ discord: { processes: 0 } })).toThrow(InstanceConfigError);
    expect(createInstanceConfig({ discord: { shards: 4, processes: 2, shardIds: [1] } }).discord).toMatchObject({ shards: 4, processes: 2, shardIds: [1] });
  });

  it('GIVEN flags THEN they override the settings; GIVEN pinned ids with several processes THEN refused', () => {
    const config = createInstanceConfig({ discord: { shards: 2, processes: 2 } });
    applyShardFlags(config, { shardCount: 8, processes: 4 });
    expect(config.discord).toMatchObject({ shards: 8, processes: 4 });
    expect(() => applyShardFlags(config, { shardIds: [1] })).toThrow('--shard-ids: expected no --processes above 1 beside it');
  });

  it('GIVEN the settings THEN the plan: here for one process, a supervisor for several on PostgreSQL with a URL, refused without one', () => {
    const pg = { driver: 'postgres' as const, url: 'postgres://x@127.0.0.1/db' };
    expect(processPlan(createInstanceConfig({ discord: { shards: 4 } }), {})).toBe('here');
    expect(processPlan(createInstanceConfig({ discord: { shards: 4, processes: 2 }, storage: pg }), {})).toBe('supervisor');
    expect(processPlan(createInstanceConfig({ discord: { shards: 4, leases: {} }, storage: pg }), {})).toBe('supervisor');
    expect(processPlan(createInstanceConfig({ discord: { shards: 4, shardIds: [1] } }), {})).toBe('here'); // json: pinned in this process
    expect(processPlan(createInstanceConfig({ discord: { shards: 4, processes: 2 }, storage: pg }), { SHARDING_MANAGER: 'true' })).toBe('here');
    expect(() => processPlan(createInstanceConfig({ discord: { shards: 4, processes: 2 }, storage: { driver: 'postgres' } }), {})).toThrow(ShardPlanError);
    expect(() => processPlan(createInstanceConfig({ discord: { shards: 4, processes: 2 }, storage: { driver: 'postgres' } }), {})).toThrow(/embedded PGlite .* serves one process only/);
  });
});

describe('the Client of a supervised process', () => {
  it('GIVEN SHARDS and SHARD_COUNT in the environment THEN the Client runs that range, whatever discord.shards says', () => {
    const saved = { SHARDS: process.env.SHARDS, SHARD_COUNT: process.env.SHARD_COUNT };
    process.env.SHARDS = '[2,3]';
    process.env.SHARD_COUNT = '4';
    try {
      const client = createDiscordClient({ intents: ['Guilds'], shards: 4 });
      expect(client.options.shards).toEqual([2, 3]);
      expect(client.options.shardCount).toBe(4);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    const pinned = createDiscordClient({ intents: ['Guilds'], shards: 4, shardIds: [1, 3], env: {} });
    expect(pinned.options.shards).toEqual([1, 3]);
    expect(pinned.options.shardCount).toBe(4);
    const all = createDiscordClient({ intents: ['Guilds'], shards: 2, env: {} });
    expect(all.options.shards).toEqual([0, 1]);
  });
});
