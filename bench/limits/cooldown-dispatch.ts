/**
 * What sharing cooldowns across processes costs a command's dispatch: the same Bot and cog against the
 * simulator, once on the memory driver (cooldowns in process, CooldownStore) and once on PostgreSQL (the
 * shared store: one upsert per run, plus the per-message catch-up ping every postgres bot pays). Each
 * storage runs a command with a cooldown (`cool`: a window of 1,000,000 runs per second per user, so it
 * is taken on every message and never refuses) and one without (`plain`), so the table separates what the
 * cooldown costs from what the storage costs anyway. Variants take turns by segment. Printed, not asserted.
 *
 *   npx vite-node bench/limits/cooldown-dispatch.ts [--messages 2000] [--in-flight 16] [--repeats 3]
 *   (PostgreSQL: COGSMITH_TEST_POSTGRES_URL, else the local default server)
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildCommandSpecs, buildSlashCommands } from '../../generator/model/commands.js';
import type { CommandManifest } from '../../generator/manifest.js';
import { Bot } from '../../runtime/bot.js';
import type { CogRegistry } from '../../runtime/cogs/module.js';
import type { CogSpec } from '../../runtime/contract/spec.js';
import type { Context } from '../../runtime/context/types.js';
import { MemoryDriver } from '../../runtime/drivers/memory.js';
import { PostgresDriver } from '../../runtime/drivers/postgres/index.js';
import type { ConfigDriver } from '../../runtime/drivers/types.js';
import { createInstanceConfig } from '../../runtime/instance/config.js';
import { createLogger } from '../../runtime/logging.js';
import type { ChannelHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { Simulator } from '../../runtime/testing/simulator.js';

const { values: flags } = parseArgs({
  options: { messages: { type: 'string', default: '2000' }, 'in-flight': { type: 'string', default: '16' }, repeats: { type: 'string', default: '3' } },
  strict: false, // `npm run bench -- --flag` hands every benchmark the same flags
});
const MESSAGES = Number(flags.messages as string);
const IN_FLIGHT = Number(flags['in-flight'] as string);
const REPEATS = Number(flags.repeats as string);
const url = process.env.COGSMITH_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';
const schema = `bench_limits_${process.pid}`;

const tag = [{ name: 'tag', type: 'string', description: 'Echoed back.' }] as never;
const commands: CommandManifest[] = [
  { name: 'cool', kind: 'text', description: 'With a cooldown.', options: tag, cooldown: { rate: 1_000_000, per: '1s', bucket: 'user' } },
  { name: 'plain', kind: 'text', description: 'Without one.', options: tag },
];
const echo = (ctx: Context, { tag }: { tag: string }) => ctx.reply(tag);
const specs = buildCommandSpecs(commands);
const spec: CogSpec = {
  name: 'benchlimits', identifier: 4242, description: 'bench', dataStatement: 'Keeps no data.', source: 'bench/limits',
  commands: specs, listeners: [], config: { custom: {} }, slashCommands: buildSlashCommands(specs),
};
const registry: CogRegistry = { benchlimits: { spec, load: async () => ({ default: { commands: { cool: echo, plain: echo } } }) } };

interface Variant {
  name: string;
  command: 'cool' | 'plain';
  storage: 'memory' | 'postgres';
}
const VARIANTS: Variant[] = [
  { name: 'memory, cooldown', command: 'cool', storage: 'memory' },
  { name: 'memory, none', command: 'plain', storage: 'memory' },
  { name: 'postgres, cooldown', command: 'cool', storage: 'postgres' },
  { name: 'postgres, none', command: 'plain', storage: 'postgres' },
];

interface Running {
  sim: Simulator;
  bot: Bot;
  driver: ConfigDriver;
  channels: ChannelHandle[];
  members: MemberHandle[];
  pending: Map<string, () => void>;
}

async function startBot(storage: Variant['storage']): Promise<Running> {
  const sim = await Simulator.start();
  const guild = sim.createGuild({ channels: Array.from({ length: 10 }, (_, i) => ({ name: `c${i}` })) });
  const members = Array.from({ length: 10 }, (_, i) => sim.createMember(guild, { username: `m${i}` }));
  const driver = storage === 'memory' ? new MemoryDriver() : new PostgresDriver({ url, schema, pool: { max: 8 } });
  const bot = new Bot({
    instance: createInstanceConfig({ cogs: ['benchlimits'], storage: { driver: 'memory' } }),
    registry, token: sim.token, apiUrl: sim.apiUrl, driver,
    clientOptions: { rest: { globalRequestsPerSecond: 100_000 } },
    logger: createLogger('bot', { sink: (r) => r.level === 'error' && process.stderr.write(`${r.message}\n`) }),
  });
  await bot.start();
  const pending = new Map<string, () => void>();
  sim.onBotMessage((m) => pending.get(m.content)?.());
  return { sim, bot, driver, channels: guild.channels.filter((c) => c.name.startsWith('c')), members, pending };
}

let counter = 0;
/** `count` messages, `IN_FLIGHT` waiting at a time; returns per-message latencies (ms) and the wall time. */
async function segment(r: Running, command: string, count: number): Promise<{ latencies: number[]; wallMs: number }> {
  const latencies: number[] = [];
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const t = `t${counter++}`;
      const answered = new Promise<void>((resolve) => r.pending.set(t, resolve));
      const sent = performance.now();
      await r.sim.say(r.channels[i % r.channels.length]!, r.members[i % r.members.length]!, `!${command} ${t}`);
      await answered;
      r.pending.delete(t);
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { latencies, wallMs: performance.now() - started };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

const bots = { memory: await startBot('memory'), postgres: await startBot('postgres') };
const results = new Map<string, { latencies: number[]; wallMs: number; count: number }>(VARIANTS.map((v) => [v.name, { latencies: [], wallMs: 0, count: 0 }]));
for (const v of VARIANTS) await segment(bots[v.storage], v.command, 200); // warm up
for (let repeat = 0; repeat < REPEATS; repeat++) {
  // Alternate the order so drift hits every variant alike.
  const order = repeat % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
  for (const v of order) {
    const { latencies, wallMs } = await segment(bots[v.storage], v.command, MESSAGES);
    const into = results.get(v.name)!;
    into.latencies.push(...latencies);
    into.wallMs += wallMs;
    into.count += MESSAGES;
  }
}

console.log(`cooldown dispatch: ${REPEATS} × ${MESSAGES} messages per variant, ${IN_FLIGHT} in flight (PostgreSQL ${new URL(url).host})`);
console.log('variant'.padEnd(22) + 'msgs/s'.padStart(10) + 'p50 ms'.padStart(10) + 'p95 ms'.padStart(10));
const p50: Record<string, number> = {};
for (const v of VARIANTS) {
  const r = results.get(v.name)!;
  const sorted = [...r.latencies].sort((a, b) => a - b);
  p50[v.name] = quantile(sorted, 0.5);
  console.log(v.name.padEnd(22) + (r.count / (r.wallMs / 1000)).toFixed(0).padStart(10) + quantile(sorted, 0.5).toFixed(2).padStart(10) + quantile(sorted, 0.95).toFixed(2).padStart(10));
}
console.log(`p50 a cooldown adds: in process ${(p50['memory, cooldown']! - p50['memory, none']!).toFixed(2)} ms, shared ${(p50['postgres, cooldown']! - p50['postgres, none']!).toFixed(2)} ms`);
console.log(`p50 of a cooldown command, shared / in process: ${(p50['postgres, cooldown']! / p50['memory, cooldown']!).toFixed(2)}×`);

for (const r of Object.values(bots)) {
  await r.bot.stop();
  await r.driver.close();
  await r.sim.stop();
}
const admin = new pg.Client({ connectionString: url });
await admin.connect();
await admin.query(`drop schema if exists "${schema}" cascade`);
await admin.end();
