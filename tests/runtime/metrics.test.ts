/**
 * The metrics endpoint of a running bot (the real discord.js client against the simulator, a real HTTP
 * server on 127.0.0.1): after a few commands the counters moved by exactly what was done; /healthz and
 * /readyz say what they promise, also once the bot stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfigSpec } from '../../generator/model/config.js';
import type { CommandCompletedInfo } from '../../runtime/commands/dispatcher.js';
import type { Config } from '../../runtime/config/index.js';
import type { Context } from '../../runtime/context/types.js';
import { MetricsServer } from '../../runtime/metrics/index.js';
import type { ChannelHandle, GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { manifestCog } from '../e2e/fixtures/manifest-cog.js';
import { startBot, type Harness } from '../e2e/harness.js';

const registry = manifestCog('meter', 9301, [
  { name: 'hi', kind: 'hybrid', description: 'Says hi.' },
  { name: 'boom', kind: 'text', description: 'Fails.' },
  { name: 'num', kind: 'text', description: 'Takes a number.', options: [{ name: 'n', description: 'a number', type: 'integer', required: true }] },
  { name: 'secret', kind: 'text', description: 'Owners only.' },
  { name: 'bump', kind: 'text', description: 'Counts under a lock.' },
], {
  hi: (ctx: Context) => ctx.reply('hi'),
  boom: () => {
    throw new Error('boom');
  },
  num: (ctx: Context, o: { n: number }) => ctx.reply(`n ${o.n}`),
  secret: (ctx: Context) => ctx.reply('secret'),
  bump: async (ctx: Context) => ctx.reply(`n ${await (ctx.config as Config).global.n.update((n: number) => n + 1)}`),
});
registry.meter!.spec.config = buildConfigSpec({ global: { n: { type: 'integer', default: 0 } } });
registry.meter!.spec.commands.find((c) => c.name === 'secret')!.privilege = 'owner';

let h: Harness;
let server: MetricsServer;
let guild: GuildHandle;
let alice: MemberHandle;
let bob: MemberHandle;
let general: ChannelHandle;

beforeAll(async () => {
  h = await startBot(registry, {
    world: (sim) => {
      guild = sim.createGuild({ name: 'A', channels: [{ name: 'general' }] });
      alice = sim.createMember(guild, { username: 'alice' });
      bob = sim.createMember(guild, { username: 'bob' });
      general = guild.general;
    },
  });
  server = await MetricsServer.start(h.bot, { port: 0 });
});
afterAll(async () => {
  await server?.close();
  await h?.stop();
});

const get = async (path: string) => {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`);
  return { status: response.status, text: await response.text() };
};

/** The value of one sample line (`name{labels} value`), 0 when absent. */
const sample = (text: string, name: string, labels: Record<string, string> = {}): number => {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([^{ ]+)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = (match[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((w) => have.includes(w)) && have.length === wanted.length) return Number(match[3]);
  }
  return 0;
};

/** Every invocation that answered has also completed (its answer goes out just before it ends). */
const settled = () => new Promise((resolve) => setImmediate(resolve));

const ask = async (text: string) => {
  await h.sim.say(general, alice, text);
  return (await h.sim.waitForMessage({ channelId: general })).content;
};

describe('metrics', () => {
  it('GIVEN a few commands THEN commands_total, refusals and the duration histogram moved by exactly what was done', async () => {
    const before = (await get('/metrics')).text;
    const outcome = (command: string, kind: string, o: string) => ({ cog: 'meter', command, kind, outcome: o });
    expect(await ask('!hi')).toBe('hi');
    expect(await ask('!hi')).toBe('hi');
    const slash = await h.sim.runSlash(general, alice, 'hi');
    expect((await h.sim.waitForInteractionResponse(slash)).content).toBe('hi');
    expect(await ask('!boom')).toMatch(/error/i);
    expect(await ask('!num x')).toMatch(/whole number/);
    // Owner-only commands refuse others silently: wait for the invocation to be over instead of an answer.
    const refused = new Promise((resolve) => {
      const done = (info: CommandCompletedInfo) => {
        if (info.command.name !== 'secret') return;
        h.bot.off('commandCompleted', done);
        resolve(info);
      };
      h.bot.on('commandCompleted', done);
    });
    await h.sim.say(general, bob, '!secret');
    expect(await refused).toMatchObject({ outcome: 'refused' });
    await settled();
    const after = (await get('/metrics')).text;
    const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('cogsmith_commands_total', outcome('hi', 'text', 'ok'))).toBe(2);
    expect(moved('cogsmith_commands_total', outcome('hi', 'slash', 'ok'))).toBe(1);
    expect(moved('cogsmith_commands_total', outcome('boom', 'text', 'failed'))).toBe(1);
    expect(moved('cogsmith_commands_total', outcome('num', 'text', 'badInput'))).toBe(1);
    expect(moved('cogsmith_commands_total', outcome('secret', 'text', 'refused'))).toBe(1);
    expect(moved('cogsmith_command_refusals_total', { cog: 'meter', command: 'secret', step: 'privilege' })).toBe(1);
    expect(moved('cogsmith_command_duration_seconds_count', { cog: 'meter', command: 'hi', kind: 'text' })).toBe(2);
    expect(after).toMatch(/^cogsmith_cogs_loaded 1$/m);
    expect(after).toMatch(/^cogsmith_gateway_status\{shard="0"\} 0$/m);
    expect(after).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(moved('cogsmith_rest_requests_total', { method: 'POST', route: '/channels/:id/messages', status: '200' })).toBeGreaterThanOrEqual(5);
  });

  it('GIVEN a command that updates Config under a lock THEN lock waits, hold times, writes and cache reads are counted', async () => {
    const before = (await get('/metrics')).text;
    expect(await ask('!bump')).toBe('n 1');
    expect(await ask('!bump')).toBe('n 2');
    const after = (await get('/metrics')).text;
    const moved = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('cogsmith_config_lock_wait_seconds_count')).toBe(2);
    expect(moved('cogsmith_config_lock_hold_seconds_count')).toBe(2);
    expect(moved('cogsmith_config_write_seconds_count', { driver: 'memory', ok: 'true' })).toBeGreaterThanOrEqual(2);
    expect(moved('cogsmith_config_cache_hits_total') + moved('cogsmith_config_cache_misses_total')).toBeGreaterThanOrEqual(2);
  });

  it('GIVEN the endpoints THEN /healthz answers ok, /readyz ready while running and 503 naming why once stopped; others 404', async () => {
    expect(await get('/healthz')).toEqual({ status: 200, text: 'ok\n' });
    expect(await get('/readyz')).toEqual({ status: 200, text: 'ready\n' });
    expect((await get('/nothing')).status).toBe(404);
    await h.bot.stop();
    const stopped = await get('/readyz');
    expect(stopped.status).toBe(503);
    expect(stopped.text).toMatch(/the bot is not ready/);
    expect(await get('/healthz')).toEqual({ status: 200, text: 'ok\n' });
  });
});
