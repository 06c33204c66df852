/**
 * The sharding flags of `npm start` and `cogsmith start` (one parser for both): `--shard-count N|auto`,
 * `--processes P`, `--shard-ids a,b`. Each overrides its instance setting (`discord.shards`,
 * `discord.processes`, `discord.shardIds`) for that run. A bad value throws ShardFlagError naming the flag
 * and what was expected; both commands turn it into exit 2 (usage).
 */
import type { InstanceConfig } from '../instance/config.js';

/** A sharding flag with a bad value; `message` names the flag and what it expects. */
export class ShardFlagError extends Error {
  override readonly name = 'ShardFlagError';
  constructor(readonly flag: string, expected: string, got: string) {
    super(`${flag}: expected ${expected}, got "${got}".`);
  }
}

/** The sharding flags given on the command line (each absent when not given). */
export interface ShardFlags {
  shardCount?: number | 'auto';
  processes?: number;
  shardIds?: number[];
}

const WHOLE = /^[0-9]+$/;

/** `--shard-count`: `auto` or a whole number of at least 1. */
export function parseShardCount(value: string): number | 'auto' {
  if (value === 'auto') return 'auto';
  if (!WHOLE.test(value) || Number(value) < 1) throw new ShardFlagError('--shard-count', 'auto or a whole number of at least 1', value);
  return Number(value);
}

/** `--processes`: a whole number of at least 1. */
export function parseProcesses(value: string): number {
  if (!WHOLE.test(value) || Number(value) < 1) throw new ShardFlagError('--processes', 'a whole number of at least 1', value);
  return Number(value);
}

/** `--shard-ids`: shard ids separated by commas, e.g. `0,1` (no repeats). */
export function parseShardIds(value: string): number[] {
  const parts = value.split(',').map((p) => p.trim());
  if (parts.some((p) => !WHOLE.test(p))) throw new ShardFlagError('--shard-ids', 'shard ids separated by commas, such as 0,1', value);
  const ids = parts.map(Number);
  if (new Set(ids).size !== ids.length) throw new ShardFlagError('--shard-ids', 'each shard id once', value);
  return ids.sort((a, b) => a - b);
}

/**
 * Applies the flags over the instance settings and checks what only the combination can break (ids beyond
 * the shard count, ids without a whole-number count, more processes than shards); throws ShardFlagError.
 */
export function applyShardFlags(config: InstanceConfig, flags: ShardFlags): void {
  if (flags.shardCount !== undefined) config.discord.shards = flags.shardCount;
  if (flags.processes !== undefined) config.discord.processes = flags.processes;
  if (flags.shardIds !== undefined) config.discord.shardIds = flags.shardIds;
  const { shards, processes, shardIds } = config.discord;
  const ids = shardIds?.join(',') ?? '';
  if (shardIds && typeof shards !== 'number') throw new ShardFlagError('--shard-ids', 'a whole-number --shard-count (or discord.shards) beside it, the count the ids are out of', ids);
  if (shardIds && typeof shards === 'number' && shardIds.some((id) => id >= shards)) throw new ShardFlagError('--shard-ids', `ids below the shard count ${shards}`, ids);
  if (shardIds && processes !== undefined && processes > 1) throw new ShardFlagError('--shard-ids', 'no --processes above 1 beside it (pinned shards run in one process)', ids);
  if (typeof shards === 'number' && processes !== undefined && processes > shards) throw new ShardFlagError('--processes', `at most the shard count (${shards})`, String(processes));
}
