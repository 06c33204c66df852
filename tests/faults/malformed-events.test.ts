/**
 * A malformed gateway event must not break a guild. The simulator sends raw dispatches discord.js cannot
 * handle; the bot (the real discord.js client) drops them at its edge, logs and counts them, refreshes the
 * guild from REST, and keeps answering. No unhandled rejection escapes discord.js.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../runtime/context/types.js';
import { malformation } from '../../runtime/discord/gateway-guard.js';
import { BotMetrics } from '../../runtime/metrics/index.js';
import type { ChannelHandle, GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { manifestCog } from '../e2e/fixtures/manifest-cog.js';
import { startBot, type Harness } from '../e2e/harness.js';

const registry = manifestCog('echo', 9402, [{ name: 'echo', kind: 'hybrid', description: 'Echoes n.', options: [{ name: 'n', description: 'a number', type: 'integer', required: true }] }], {
  echo: (ctx: Context, o: { n: number }) => ctx.reply(`echo ${o.n}`),
});

let h: Harness;
let metrics: BotMetrics;
let guild: GuildHandle;
let general: ChannelHandle;
let alice: MemberHandle;
const escaped: unknown[] = [];
const onEscape = (error: unknown) => void escaped.push(error);

beforeAll(async () => {
  process.on('unhandledRejection', onEscape);
  process.on('uncaughtException', onEscape);
  h = await startBot(registry, {
    instance: { prefixes: ['!'] },
    world: (sim) => {
      guild = sim.createGuild({ name: 'G' });
      general = guild.general;
      alice = sim.createMember(guild, { username: 'alice' });
    },
  });
  metrics = new BotMetrics(h.bot, { defaults: false });
  await h.sim.waitForCommands();
});
afterAll(async () => {
  metrics?.close();
  await h?.stop();
  process.off('unhandledRejection', onEscape);
  process.off('uncaughtException', onEscape);
});

/** The bot answers `!echo n` in #general (every packet sent before was handled by then: the gateway is ordered). */
async function answers(n: number): Promise<void> {
  await h.sim.say(general, alice, `!echo ${n}`);
  expect((await h.sim.waitForMessage({ timeoutMs: 5000 })).content).toBe(`echo ${n}`);
}

const droppedCount = async () => (await metrics.registry.getSingleMetric('cogsmith_gateway_events_dropped_total')!.get()).values.reduce((sum, v) => sum + v.value, 0);

describe('malformed gateway events', () => {
  it('what the simulator sends as Discord does passes the checks (no false drops)', async () => {
    await answers(0);
    const slash = await h.sim.runSlash(general, alice, 'echo', { n: 0 });
    await h.sim.waitForInteractionResponse(slash);
    h.sim.setOverwrite(general, { member: alice, allow: ['AddReactions'] });
    await answers(0);
    const dispatches = h.sim.gatewayLog.filter((e) => e.direction === 'out' && e.t !== null);
    expect(dispatches.map((e) => e.t)).toEqual(expect.arrayContaining(['GUILD_CREATE', 'MESSAGE_CREATE', 'INTERACTION_CREATE', 'CHANNEL_UPDATE']));
    for (const e of dispatches) expect(malformation(e.t!, e.d), e.t!).toBeNull();
    expect(await droppedCount()).toBe(0);
  });

  it('a GUILD_UPDATE with a bad roles field is dropped, the guild refreshed from REST, and commands still work', async () => {
    await answers(1);
    // A change the bot has not heard of: the refresh must bring it in.
    h.sim.state.guild(guild.id).name = 'Renamed';
    const requestsBefore = h.sim.requests.length;
    h.sim.sendRawDispatch('GUILD_UPDATE', { id: guild.id, name: 'Renamed', roles: { '1': { id: '1' } } });
    await answers(2);
    await h.sim.waitForRequest((r) => r.route === 'GET /guilds/:id/members/:user', { after: requestsBefore });
    const cached = h.bot.client.guilds.cache.get(guild.id)!;
    expect(cached.roles.cache.has(guild.id)).toBe(true); // @everyone is still there
    await expect.poll(() => cached.name).toBe('Renamed');
    const routes = h.sim.requests.slice(requestsBefore).map((r) => r.route);
    expect(routes).toEqual(expect.arrayContaining(['GET /guilds/:id', 'GET /guilds/:id/channels']));
    const warnings = h.logs.filter((r) => r.level === 'warn' && r.message.includes('malformed GUILD_UPDATE'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain('d.roles: expected an array, got an object');
    expect(await droppedCount()).toBe(1);
    await answers(3);
  });

  it('a batch of malformed payloads of many kinds: no unhandled rejection, each dropped and counted, the bot keeps answering', async () => {
    const g = guild.id;
    const c = general.id;
    const u = alice.id;
    const batch: [string, unknown][] = [
      ['GUILD_UPDATE', null],
      ['GUILD_UPDATE', 'not an object'],
      ['GUILD_UPDATE', { id: 42 }],
      ['GUILD_UPDATE', { id: g, roles: [{ id: g, permissions: 'lots' }] }],
      ['GUILD_UPDATE', { id: g, emojis: 7 }],
      ['GUILD_CREATE', { id: g, channels: 'general', roles: [] }],
      ['GUILD_CREATE', { id: g, roles: [null] }],
      ['GUILD_CREATE', { id: g, members: [{ roles: [] }] }],
      ['GUILD_CREATE', { id: g, threads: [{ id: '1' }] }],
      ['GUILD_CREATE', { id: g, presences: [{}] }],
      ['GUILD_CREATE', { id: g, voice_states: {} }],
      ['GUILD_DELETE', { id: null }],
      ['GUILD_ROLE_CREATE', { guild_id: g }],
      ['GUILD_ROLE_UPDATE', { guild_id: g, role: { id: 'x' } }],
      ['GUILD_ROLE_DELETE', { guild_id: g }],
      ['CHANNEL_CREATE', { id: '77', guild_id: g }],
      ['CHANNEL_UPDATE', { id: c, type: 0, guild_id: g, permission_overwrites: {} }],
      ['CHANNEL_UPDATE', { id: c, type: 0, guild_id: g, permission_overwrites: [{ id: u, type: 1, allow: 'x', deny: '0' }] }],
      ['CHANNEL_DELETE', null],
      ['THREAD_CREATE', { id: '78', type: 'thread' }],
      ['GUILD_MEMBER_ADD', { guild_id: g, user: null }],
      ['GUILD_MEMBER_UPDATE', { guild_id: g, user: { id: u }, roles: 'admin' }],
      ['GUILD_MEMBER_REMOVE', { guild_id: g }],
      ['GUILD_MEMBERS_CHUNK', { guild_id: g, members: {} }],
      ['MESSAGE_CREATE', { id: '90', channel_id: c, content: 'no author' }],
      ['MESSAGE_CREATE', { id: '91', channel_id: c, author: { id: u }, mentions: 'everyone' }],
      ['MESSAGE_CREATE', { id: '92', channel_id: c, author: { id: u }, member: 'm', guild_id: g }],
      ['MESSAGE_UPDATE', { id: '90' }],
      ['MESSAGE_DELETE_BULK', { ids: '90', channel_id: c }],
      ['MESSAGE_REACTION_ADD', { user_id: u, channel_id: c, message_id: '90', emoji: null }],
      ['INTERACTION_CREATE', { id: '95', application_id: h.sim.applicationId, type: 2, token: 't', channel_id: c, guild_id: g, data: 5, member: { user: { id: u } } }],
      ['INTERACTION_CREATE', { id: '96', application_id: h.sim.applicationId, type: 2, token: 't', channel_id: c }],
    ];
    for (const [t, d] of batch) expect(malformation(t, d), `${t} ${JSON.stringify(d)}`).not.toBeNull();
    const before = await droppedCount();
    for (const [t, d] of batch) h.sim.sendRawDispatch(t, d);
    await answers(4);
    const slash = await h.sim.runSlash(general, alice, 'echo', { n: 5 });
    expect((await h.sim.waitForInteractionResponse(slash)).content).toBe('echo 5');
    await new Promise((resolve) => setImmediate(resolve));
    expect(escaped).toEqual([]);
    expect((await droppedCount()) - before).toBe(batch.length);
    // Well-formed events still go through.
    h.sim.createMember(guild, { username: 'bob' });
    await expect.poll(() => h.bot.client.guilds.cache.get(guild.id)!.members.cache.some((m) => m.user.username === 'bob')).toBe(true);
    await answers(6);
  });

  it('the log says each kind of problem once, then at most once a minute with a count', async () => {
    const lines = () => h.logs.filter((r) => r.message.includes('malformed MESSAGE_DELETE gateway event'));
    for (let i = 0; i < 5; i++) h.sim.sendRawDispatch('MESSAGE_DELETE', { id: 7 });
    await answers(7);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]!.message).toContain('d.id: expected a snowflake string, got number 7');
  });

});
