/**
 * How `!shards` shows every shard of the bot (runtime/shards/cross-shard.ts fleetTable) and how a table too
 * long for one message is split into pages (runtime/support/text-table.ts tablePages). Pure functions.
 */
import { describe, expect, it } from 'vitest';
import { fleetTable, unhealthyShards, type FleetShard } from '../../runtime/shards/cross-shard.js';
import { tablePages, textTable } from '../../runtime/support/text-table.js';

const row = (shardId: number, extra: Partial<NonNullable<FleetShard['row']>> = {}): NonNullable<FleetShard['row']> => ({
  shardId,
  shardCount: 4,
  state: 'Ready',
  latencyMs: 40,
  guildCount: 10,
  problems: '',
  host: 'box-a',
  pid: 100,
  runId: 'r',
  ageMs: 3000,
  ...extra,
});

describe('fleetTable', () => {
  it('GIVEN a shard here, one stale, one stopped and one never reported THEN each says so, and three count as unhealthy', () => {
    const shards: FleetShard[] = [
      { shardId: 0, row: row(0, { ageMs: 0 }), stale: false, here: true },
      { shardId: 1, row: row(1, { host: 'box-b', pid: 200, ageMs: 200_000, latencyMs: null }), stale: true, here: false },
      { shardId: 2, row: row(2, { state: 'Stopped', latencyMs: null }), stale: false, here: false },
      { shardId: 3, row: undefined, stale: true, here: false },
    ];
    expect(fleetTable(shards).split('\n')).toEqual([
      'shard  status   latency  guilds  process           reported          health',
      '0      Ready    40 ms    10      box-a:100 (this)  now               ok',
      '1      Ready    -        10      box-b:200         STALE, 3 min ago  ok',
      '2      Stopped  -        10      box-a:100         3 s ago           stopped',
      '3      unknown  -        -       -                 never             no process has reported it',
    ]);
    expect(unhealthyShards(shards)).toBe(3);
  });
});

describe('tablePages', () => {
  it('GIVEN a table that fits THEN one page: the summary and the table in a code block', () => {
    expect(tablePages('Sum.', 'a  b\n1  2')).toEqual(['Sum.\n```\na  b\n1  2\n```']);
  });

  it('GIVEN 200 rows THEN pages within the limit, each with the summary and the header, every row once in order', () => {
    const table = textTable(['shard', 'status'], Array.from({ length: 200 }, (_, i) => [String(i), 'Ready']));
    const pages = tablePages('200 shard(s) in all.', table, 500);
    expect(pages.length).toBeGreaterThan(1);
    const rows: string[] = [];
    for (const page of pages) {
      expect(page.length).toBeLessThanOrEqual(500);
      const [summary, fence, header, ...rest] = page.split('\n');
      expect([summary, fence, header!.trimEnd()]).toEqual(['200 shard(s) in all.', '```', 'shard  status']);
      expect(rest.at(-1)).toBe('```');
      rows.push(...rest.slice(0, -1).map((r) => r.split(' ')[0]!));
    }
    expect(rows).toEqual(Array.from({ length: 200 }, (_, i) => String(i)));
  });
});
