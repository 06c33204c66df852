import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS, channelPermissions, shardForGuild, snowflakeAt, snowflakeTime, SnowflakeGenerator, toBits } from '../../runtime/testing/index.js';

const P = PermissionFlagsBits;
const guild = (everyone: bigint, roles: Record<string, bigint> = {}) => ({
  id: 'g',
  ownerId: 'owner',
  rolePermissions: new Map<string, bigint>([['g', everyone], ...Object.entries(roles)]),
});

describe('permissions: Discord\'s algorithm', () => {
  it('the owner and administrators get everything, whatever the overwrites', () => {
    expect(channelPermissions(guild(0n), 'owner', [], [{ id: 'g', type: 0, allow: 0n, deny: P.ViewChannel }])).toBe(ALL_PERMISSIONS);
    expect(channelPermissions(guild(0n, { admin: P.Administrator }), 'u', ['admin'], [{ id: 'u', type: 1, allow: 0n, deny: P.SendMessages }])).toBe(ALL_PERMISSIONS);
  });

  it('applies @everyone, then role overwrites (allow wins over deny among roles), then the member overwrite', () => {
    const g = guild(P.ViewChannel | P.SendMessages | P.AddReactions, { a: 0n, b: 0n });
    const overwrites = [
      { id: 'g', type: 0 as const, allow: 0n, deny: P.SendMessages | P.AddReactions },
      { id: 'a', type: 0 as const, allow: P.SendMessages, deny: 0n },
      { id: 'b', type: 0 as const, allow: 0n, deny: P.SendMessages },
      { id: 'u', type: 1 as const, allow: P.AddReactions, deny: 0n },
    ];
    const perms = channelPermissions(g, 'u', ['a', 'b'], overwrites);
    expect(perms & P.SendMessages).toBe(P.SendMessages);
    expect(perms & P.AddReactions).toBe(P.AddReactions);
    expect(channelPermissions(g, 'v', ['b'], overwrites) & P.SendMessages).toBe(0n);
  });

  it('without VIEW_CHANNEL nothing is granted; without SEND_MESSAGES, MENTION_EVERYONE and friends are dropped', () => {
    expect(channelPermissions(guild(P.SendMessages), 'u', [], [])).toBe(0n);
    const perms = channelPermissions(guild(P.ViewChannel | P.MentionEveryone | P.EmbedLinks | P.AddReactions), 'u', [], []);
    expect(perms).toBe(P.ViewChannel | P.AddReactions);
  });

  it('toBits turns names into bits and names a bad one', () => {
    expect(toBits(['SendMessages', 'AddReactions'])).toBe(P.SendMessages | P.AddReactions);
    expect(() => toBits(['SendMessage' as never])).toThrow(/Unknown permission "SendMessage"/);
  });
});

describe('snowflakes', () => {
  it('encode time so (id >> 22) is the ms since the Discord epoch', () => {
    const id = snowflakeAt(Date.UTC(2024, 0, 1));
    expect(snowflakeTime(id)).toBe(Date.UTC(2024, 0, 1));
    expect(shardForGuild(id, 4)).toBe(Number((BigInt(id) >> 22n) % 4n));
  });

  it('are unique and increasing even when many are made at once, and can be placed on a shard', () => {
    const gen = new SnowflakeGenerator();
    const ids = Array.from({ length: 5000 }, () => BigInt(gen.next()));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    for (let shard = 0; shard < 5; shard++) expect(shardForGuild(gen.nextOnShard(shard, 5), 5)).toBe(shard);
    expect(() => gen.nextOnShard(5, 5)).toThrow(/shard 5 does not exist/);
  });
});
