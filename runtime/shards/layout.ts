/**
 * The shard layout of a bot run in several processes: N shards split into P contiguous groups, one process
 * per group. Decisions:
 * - Contiguous groups (0-1, 2-3) rather than striped ones: a group is then one range, easy to read in a log
 *   and in the lease table, and discord.js identifies its shards in order.
 * - The first `N % P` groups get one shard more (5 shards in 2 processes: 0-2 and 3-4).
 * - The layout is the same on every host: hosts compare theirs with the one recorded in PostgreSQL
 *   (runtime/shards/leases.ts) and a host whose layout differs is refused, since two layouts would put one
 *   shard in two groups.
 */

/** The shard count and how the shards are grouped into processes. */
export interface ShardLayout {
  shardCount: number;
  processes: number;
}

/** The shard ids of each group, in order: group g runs `groups[g]`. */
export function shardGroups(layout: ShardLayout): number[][] {
  const { shardCount, processes } = layout;
  if (!Number.isInteger(shardCount) || shardCount < 1) throw new RangeError(`The shard count must be a whole number of at least 1, got ${shardCount}.`);
  if (!Number.isInteger(processes) || processes < 1) throw new RangeError(`The process count must be a whole number of at least 1, got ${processes}.`);
  if (processes > shardCount) throw new RangeError(`${processes} processes for ${shardCount} shard(s): each process needs at least one shard (use --processes ${shardCount} or fewer, or more shards).`);
  const base = Math.floor(shardCount / processes);
  const extra = shardCount % processes;
  const groups: number[][] = [];
  let next = 0;
  for (let g = 0; g < processes; g++) {
    const size = base + (g < extra ? 1 : 0);
    groups.push(Array.from({ length: size }, (_, i) => next + i));
    next += size;
  }
  return groups;
}

/** `0-1`, `3`, or `0,2,5`: shard ids as a log line shows them. */
export function shardRangeText(ids: readonly number[]): string {
  if (ids.length === 0) return 'none';
  const contiguous = ids.every((id, i) => i === 0 || id === ids[i - 1]! + 1);
  if (ids.length === 1) return String(ids[0]);
  return contiguous ? `${ids[0]}-${ids[ids.length - 1]}` : ids.join(',');
}

/** `4 shards in 2 processes`. */
export function layoutText(layout: ShardLayout): string {
  return `${layout.shardCount} shard${layout.shardCount === 1 ? '' : 's'} in ${layout.processes} process${layout.processes === 1 ? '' : 'es'}`;
}
