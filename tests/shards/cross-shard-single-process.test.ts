/**
 * Cross-shard questions in one process (runtime/shards/cross-shard.ts), against the simulator with the real
 * discord.js client:
 * - a bot that runs every shard (here: one shard, json storage) answers `info`, `servers`, `leave` and
 *   `shards` from its own cache exactly as before, with no request to Discord beyond its reply;
 * - the same bot on PostgreSQL (an embedded PGlite) reports its shards to the shard status table, and
 *   `shards` shows every shard of the bot from it, this process's marked, above its own details;
 * - a bot that runs only shards 0 and 1 of 4 with no shard status table (memory storage) still answers
 *   for the guilds of shards 2 and 3 through Discord's REST API: the approximate server count, every
 *   server listed, and leaving a server of shard 3.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../generated/registry.js';
import { JsonDriver } from '../../runtime/drivers/json/index.js';
import { PostgresDriver } from '../../runtime/drivers/postgres/index.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { startBot, type Harness } from '../e2e/harness.js';

/** The owner says `text` in the guild; resolves with the bot's answer and the requests the bot made meanwhile (its reply aside). */
async function ask(h: Harness, guild: GuildHandle, owner: MemberHandle, text: string): Promise<{ answer: string; requests: string[] }> {
  const before = h.sim.requests.length;
  await h.sim.say(guild.general, owner, text);
  const answer = (await h.sim.waitForMessage({ channelId: guild.general, timeoutMs: 10_000 })).content;
  const requests = h.sim.requests.slice(before).map((r) => r.route).filter((r) => r !== 'POST /channels/:id/messages');
  return { answer, requests };
}

describe('one process running every shard, on json storage', () => {
  let h: Harness;
  let folder: string;
  let home: GuildHandle;
  let other: GuildHandle;
  let owner: MemberHandle;
  let json: JsonDriver;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'cogsmith-shards-'));
    json = new JsonDriver({ path: folder });
    h = await startBot(
      { core: registry.core },
      {
        instance: { cogs: ['core'], storage: { driver: 'json', path: folder } },
        bot: { driver: json },
        world: (sim) => {
          home = sim.createGuild({ name: 'Home' });
          other = sim.createGuild({ name: 'Away' });
          sim.createGuild({ name: 'Base' });
          owner = sim.createMember(home, { username: 'app-owner', user: sim.owner });
        },
      },
    );
    // The owner lookup (GET /applications/@me) happens once, on the first owner-only command.
    await ask(h, home, owner, '!uptime');
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await json?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('GIVEN !info THEN it counts the cached servers and asks Discord nothing', async () => {
    const { answer, requests } = await ask(h, home, owner, '!info');
    expect(answer).toMatch(/\nServers: 3\. Cogs loaded: 1\.\n/);
    expect(requests).toEqual([]);
  });

  it('GIVEN servers THEN it lists the cached servers by name and asks Discord nothing', async () => {
    const { answer, requests } = await ask(h, home, owner, '!servers');
    expect(answer).toMatch(/^In 3 server\(s\):\nAway \(\d+\)\nBase \(\d+\)\nHome \(\d+\)$/);
    expect(requests).toEqual([]);
  });

  it('GIVEN !shards THEN it shows this process only, as before (no shard status table off PostgreSQL)', async () => {
    const { answer } = await ask(h, home, owner, '!shards');
    expect(answer).toMatch(/^1 shard\(s\) in this process, all healthy\.\n```\nshard +status +latency +last ack +reconnects\/h +health\n0 +Ready +.*\n```$/);
  });

  it('GIVEN leave of another server THEN it leaves through the cached guild, with no lookup', async () => {
    const { answer, requests } = await ask(h, home, owner, `!leave ${other.id}`);
    expect(answer).toBe('Leaving `Away`.');
    await h.sim.waitForRequest('DELETE /users/@me/guilds/:id');
    expect(requests.filter((r) => r.startsWith('GET'))).toEqual([]);
    expect((await ask(h, home, owner, '!leave 123456789012345678')).requests).toEqual([]);
  });
});

describe('one process running shards 0 and 1 of 4, with no shard status table', () => {
  let h: Harness;
  const guilds: GuildHandle[] = [];
  let owner: MemberHandle;

  beforeAll(async () => {
    h = await startBot(
      { core: registry.core },
      {
        simulator: { shards: 4 },
        instance: { cogs: ['core'] },
        bot: { clientOptions: { shards: [0, 1], shardCount: 4, rest: { globalRequestsPerSecond: 10_000 } } },
        world: (sim) => {
          for (const shard of [0, 1, 2, 3]) guilds.push(sim.createGuild({ name: `On shard ${shard}`, shard }));
          owner = sim.createMember(guilds[0]!, { username: 'app-owner', user: sim.owner });
        },
      },
    );
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
  });

  it('GIVEN the bot holds 2 of the 4 guilds THEN !info gives Discord\'s approximate count of all 4', async () => {
    expect(h.bot.client.guilds.cache.size).toBe(2);
    const { answer, requests } = await ask(h, guilds[0]!, owner, '!info');
    expect(answer).toMatch(/\nServers: about 4\. Cogs loaded: 1\.\n/);
    expect(requests).toContain('GET /applications/@me');
  });

  it('GIVEN servers THEN every guild is listed, from Discord\'s paged list', async () => {
    const { answer, requests } = await ask(h, guilds[0]!, owner, '!servers');
    expect(answer).toBe(`In 4 server(s):\n${guilds.map((g) => `${g.name} (${g.id})`).join('\n')}`);
    expect(requests).toContain('GET /users/@me/guilds');
  });

  it('GIVEN leave of the guild on shard 3 THEN the bot leaves it, and it is not cached here', async () => {
    const target = guilds[3]!;
    const { answer } = await ask(h, guilds[0]!, owner, `!leave ${target.id}`);
    expect(answer).toBe(`Leaving \`${target.name}\`.`);
    await h.sim.waitForRequest('DELETE /users/@me/guilds/:id');
    expect(h.sim.state.guild(target.id).members.has(h.sim.botUser.id)).toBe(false);
    expect(h.bot.client.guilds.cache.has(target.id)).toBe(false);
    expect((await ask(h, guilds[0]!, owner, `!leave ${target.id}`)).answer).toBe(`I am not in a server with the id \`${target.id}\`.`);
  });
});

describe('one process running both shards, on PostgreSQL (PGlite)', () => {
  let h: Harness;
  let home: GuildHandle;
  let owner: MemberHandle;
  let driver: PostgresDriver;

  beforeAll(async () => {
    driver = new PostgresDriver();
    h = await startBot(
      { core: registry.core },
      {
        instance: { cogs: ['core'], discord: { shards: 2 } },
        // No timed write within the test: every change of a row below comes from a shard event.
        bot: { driver, shardStatus: { intervalMs: 3_600_000 } },
        world: (sim) => {
          home = sim.createGuild({ name: 'Home' });
          sim.createGuild({ name: 'Other' });
          owner = sim.createMember(home, { username: 'app-owner', user: sim.owner });
        },
      },
    );
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await driver?.close();
  });

  it('GIVEN !shards THEN both shards are listed from the table as run by this process, then this process in detail', async () => {
    const { answer } = await ask(h, home, owner, '!shards');
    expect(answer).toMatch(/^2 shard\(s\) in all, all reporting and healthy\.\n```\nshard +status +latency +guilds +process +reported +health\n/);
    expect(answer).toMatch(new RegExp(`^0 +Ready +.* \\S+:${process.pid} \\(this\\) +now +ok$`, 'm'));
    expect(answer).toMatch(new RegExp(`^1 +Ready +.* \\S+:${process.pid} \\(this\\) +now +ok$`, 'm'));
    expect(answer).toMatch(new RegExp(`\\nThis process \\(\\S+:${process.pid}\\): 2 shard\\(s\\) in this process, all healthy\\.\\n\`\`\`\\nshard +status +latency +last ack`));
    const rows = await driver.sql(sql`select shard_id, guild_count, pid from shard_status order by shard_id`);
    expect(rows.map((r) => Number(r.pid))).toEqual([process.pid, process.pid]);
    expect(rows.reduce((sum, r) => sum + Number(r.guild_count), 0)).toBe(2);
  });

  it('GIVEN shard 1 loses its connection and cannot reconnect THEN its row leaves Ready at once, and is Ready again when it is back', async () => {
    const state = async () => String((await driver.sql(sql`select state from shard_status where shard_id = 1`))[0]?.state);
    const until = async (test: (s: string) => boolean) => {
      while (!test(await state())) await new Promise((r) => setTimeout(r, 50));
    };
    h.sim.gateway.shardOutage(1, true);
    await until((s) => s !== 'Ready');
    h.sim.gateway.shardOutage(1, false);
    await until((s) => s === 'Ready');
  }, 60_000);

  it('GIVEN !info THEN the count is the cache\'s, as before', async () => {
    expect((await ask(h, home, owner, '!info')).answer).toMatch(/\nServers: 2\. Cogs loaded: 1\.\n/);
  });
});
