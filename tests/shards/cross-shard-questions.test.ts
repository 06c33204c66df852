/**
 * Cross-shard questions from any shard: two real bot processes (tests/shards/fixtures/shard-process.ts), one
 * running shards 0 and 1 of 4 and the other 2 and 3, on one simulator and one PostgreSQL database. A command
 * reaches only the process holding its guild's shard, so each answer below comes from a process that does
 * not hold every guild. Needs a real server (COGSMITH_TEST_POSTGRES_URL): an embedded PGlite cannot be shared
 * by processes. Waits are for conditions (a line, a row), bounded by the test's timeout.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminQuery, dropSchema, freshSchema, testUrl } from '../config/fixtures/pg-env.js';
import { LAUNCH, StartRuns, type Run } from '../helpers/npm-start.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { Simulator } from '../../runtime/testing/simulator.js';

const PER_SHARD = 2;
const runs = new StartRuns();
let sim: Simulator;
let schema: string;
/** Guilds by shard. */
const guilds: GuildHandle[][] = [];
/** The application owner as a member of each guild, by guild id. */
const owners = new Map<string, MemberHandle>();
let visitor: MemberHandle;
let low: Run;
let high: Run;
const pids: number[] = [];

/** The shard status rows as the database has them. */
const statusRows = () => adminQuery<{ shard_id: number; guild_count: number; pid: number }>(`select shard_id, guild_count, pid from "${schema}".shard_status order by shard_id`);

/** Resolves once the rows satisfy `test`, polling the database (the processes write every 500 ms). */
async function untilRows(test: (rows: Awaited<ReturnType<typeof statusRows>>) => boolean): Promise<void> {
  for (;;) {
    const rows = await statusRows().catch(() => []);
    if (test(rows)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The owner says `text` in a guild; resolves with the bot's answer there. */
async function ask(guild: GuildHandle, text: string): Promise<string> {
  await sim.say(guild.general, owners.get(guild.id)!, text);
  return (await sim.waitForMessage({ channelId: guild.general, timeoutMs: 15_000 })).content;
}

const total = (rows: { guild_count: number }[]) => rows.reduce((sum, r) => sum + r.guild_count, 0);

describe.skipIf(!testUrl)('cross-shard questions: shards 0-1 and 2-3 of 4 in two processes on one PostgreSQL', () => {
  beforeAll(async () => {
    sim = await Simulator.start({ shards: 4 });
    runs.defer(() => sim.stop());
    for (let shard = 0; shard < 4; shard++) {
      guilds[shard] = [];
      for (let i = 0; i < PER_SHARD; i++) {
        const guild = sim.createGuild({ name: `Shard ${shard} guild ${i}`, shard });
        owners.set(guild.id, sim.createMember(guild, { username: 'app-owner', user: sim.owner }));
        guilds[shard]!.push(guild);
      }
    }
    visitor = sim.createMember(guilds[2]![0]!, { username: 'visitor' });
    schema = freshSchema('shards');
    runs.defer(() => dropSchema(schema));
    const start = (shards: string) => runs.startScript(LAUNCH, { COGSMITH_TEST_TOKEN: sim.token }, ['tests/shards/fixtures/shard-process.ts', sim.apiUrl, `${testUrl}#${schema}`, shards, '4']);
    low = start('0,1');
    high = start('2,3');
    await Promise.all([low.waitFor(/^ready \d+$/m), high.waitFor(/^ready \d+$/m)]);
    pids.push(low.child.pid!, high.child.pid!);
    await untilRows((rows) => rows.length === 4 && total(rows) === 4 * PER_SHARD);
  }, 120_000);

  afterAll(async () => {
    for (const run of [low, high]) run?.child.kill('SIGTERM');
    await Promise.all([low?.exited, high?.exited]);
    await runs.cleanup();
  }, 60_000);

  it('GIVEN a guild on shard 0 WHEN the owner asks !info THEN the server count covers every shard', async () => {
    expect(await ask(guilds[0]![0]!, '!info')).toMatch(new RegExp(`\\nServers: ${4 * PER_SHARD}\\. Cogs loaded: 1\\.\\n`));
  });

  it('GIVEN a guild on shard 1 WHEN the owner asks servers THEN every server of every shard is listed', async () => {
    const answer = await ask(guilds[1]![0]!, '!servers');
    expect(answer.split('\n')[0]).toBe(`In ${4 * PER_SHARD} server(s):`);
    for (const guild of guilds.flat()) expect(answer).toContain(`(${guild.id})`);
  });

  it('GIVEN a guild on shard 0 WHEN the owner asks !shards THEN all 4 shards are listed with the process running each', async () => {
    const answer = await ask(guilds[0]![0]!, '!shards');
    expect(answer).toMatch(/^4 shard\(s\) in all, all reporting and healthy\./);
    const table = answer.split('```')[1]!.trim().split('\n');
    expect(table[0]).toMatch(/^shard +status +latency +guilds +process +reported +health$/);
    for (const shard of [0, 1, 2, 3]) {
      const pid = pids[shard < 2 ? 0 : 1];
      expect(table[shard + 1]).toMatch(new RegExp(`^${shard} +Ready +(\\d+ ms|-) +${PER_SHARD} +\\S+:${pid}${shard < 2 ? ' \\(this\\)' : ''} +(now|\\d+ s ago) +ok$`));
    }
    // This process's own details follow.
    expect(answer).toMatch(new RegExp(`This process \\(\\S+:${pids[0]}\\): 2 shard\\(s\\) in this process, all healthy\\.`));
  });

  it('GIVEN a member in a guild on shard 2 WHEN they use contact THEN the owner gets the DM', async () => {
    const guild = guilds[2]![0]!;
    await sim.say(guild.general, visitor, '!contact hello from shard 2');
    expect((await sim.waitForMessage({ channelId: guild.general, timeoutMs: 15_000 })).content).toBe('Your message was sent to the bot owners.');
    const dm = sim.state.dmChannel(sim.owner.id);
    const message = await sim.waitForMessage({ channelId: dm.id, after: null, timeoutMs: 15_000, predicate: (m) => m.content.endsWith('hello from shard 2') });
    expect(message.content).toBe(`Message from visitor (${visitor.id}) in ${guild.name} (${guild.id}):\nhello from shard 2`);
  });

  it('GIVEN a guild on shard 3 WHEN the owner asks leave on shard 0 THEN the bot leaves it, the process of shard 3 gets GUILD_DELETE, and !info counts one less', async () => {
    const target = guilds[3]![1]!;
    expect(await ask(guilds[0]![0]!, `!leave ${target.id}`)).toBe(`Leaving \`${target.name}\`.`);
    await high.waitFor(new RegExp(`^guildDelete ${target.id}$`, 'm'));
    expect(sim.state.guild(target.id).members.has(sim.botUser.id)).toBe(false);
    expect(low.output()).not.toContain(`guildDelete ${target.id}`);
    await untilRows((rows) => total(rows) === 4 * PER_SHARD - 1);
    expect(await ask(guilds[0]![1]!, '!info')).toMatch(new RegExp(`\\nServers: ${4 * PER_SHARD - 1}\\. `));
    expect(await ask(guilds[0]![1]!, `!leave ${target.id}`)).toBe(`I am not in a server with the id \`${target.id}\`.`);
  }, 60_000);

  it('GIVEN the process of shards 2 and 3 is killed WHEN the owner asks on shard 0 THEN !shards marks them stale and !info falls back to Discord\'s approximate count', async () => {
    high.child.kill('SIGKILL');
    await high.exited;
    // Stale after three missed writes (3 × 500 ms): asked again until it shows.
    let answer = '';
    while (!/^2 +\S+ .*STALE/m.test(answer)) answer = await ask(guilds[0]![0]!, '!shards');
    expect(answer).toMatch(/^4 shard\(s\) in all, 2 unhealthy, stopped or not reporting\./);
    expect(answer).toMatch(new RegExp(`^3 +Ready +.*:${pids[1]} +STALE, \\d+ s ago +ok$`, 'm'));
    expect(await ask(guilds[0]![0]!, '!info')).toMatch(new RegExp(`\\nServers: about ${4 * PER_SHARD - 1}\\. `));
  }, 60_000);

  it('GIVEN the process of shards 0 and 1 WHEN it stops cleanly THEN its rows say Stopped', async () => {
    low.child.kill('SIGTERM');
    expect(await low.exited).toBe(0);
    const rows = await adminQuery<{ shard_id: number; state: string }>(`select shard_id, state from "${schema}".shard_status order by shard_id`);
    expect(rows.map((r) => [r.shard_id, r.state])).toEqual([[0, 'Stopped'], [1, 'Stopped'], [2, 'Ready'], [3, 'Ready']]);
  }, 60_000);
});

if (!testUrl) console.log('cross-shard-questions: skipped: set COGSMITH_TEST_POSTGRES_URL to a real server (an embedded PGlite cannot be shared by processes).');
