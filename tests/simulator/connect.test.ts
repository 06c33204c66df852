import { ChannelType, GatewayIntentBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { useSimulator } from '../../runtime/testing/vitest.js';
import { until } from './helpers.js';

describe('simulator: connecting the real discord.js Client', () => {
  const fx = useSimulator({ heartbeatIntervalMs: 200 });

  it('GIVEN a guild with channels, roles and members WHEN a Client logs in THEN it is ready with everything cached', async () => {
    const { sim } = fx;
    const guild = sim.createGuild({
      name: 'Cog Testing',
      roles: [{ name: 'mods', permissions: ['ManageMessages'], mentionable: true }],
      channels: [{ name: 'Info', type: ChannelType.GuildCategory }, { name: 'general', parent: 'Info' }, { name: 'random' }],
    });
    const alice = sim.createMember(guild, { username: 'alice', roles: ['mods'] });

    const client = await sim.connectClient();

    expect(client.user.id).toBe(sim.botUser.id);
    expect(client.application.id).toBe(sim.applicationId);
    const cached = client.guilds.cache.get(guild.id)!;
    expect(cached.name).toBe('Cog Testing');
    expect(cached.channels.cache.map((c) => c.name).sort()).toEqual(['Info', 'general', 'random']);
    expect(cached.channels.cache.get(guild.channel('general').id)!.parentId).toBe(guild.channel('Info').id);
    expect(cached.roles.cache.map((r) => r.name).sort()).toEqual(['@everyone', 'cogsmith-bot', 'mods']);
    const member = cached.members.cache.get(alice.id)!;
    expect(member.user.username).toBe('alice');
    expect(member.roles.cache.has(guild.role('mods').id)).toBe(true);
    expect(cached.members.me?.id).toBe(sim.botUser.id);
    // The gateway exchanged heartbeats and acknowledgements.
    await until(() => sim.gatewayLog.some((e) => e.direction === 'out' && e.op === 11));
    expect(sim.gatewayLog.some((e) => e.direction === 'in' && e.op === 1)).toBe(true);
    expect(sim.gatewayLog.some((e) => e.direction === 'out' && e.op === 11)).toBe(true);
    // The token never appears in the gateway log.
    expect(JSON.stringify(sim.gatewayLog)).not.toContain(sim.token);
    expect(JSON.stringify(sim.requests)).not.toContain(sim.token);
  });

  it('GIVEN a Client without GUILD_MEMBERS WHEN it connects THEN GUILD_CREATE holds only the bot as member', async () => {
    const { sim } = fx;
    const guild = sim.createGuild();
    sim.createMember(guild, { username: 'bob' });
    const client = await sim.connectClient({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages] });
    expect(client.guilds.cache.get(guild.id)!.members.cache.map((m) => m.id)).toEqual([sim.botUser.id]);
    // GUILD_MEMBERS also gates member events: a join is not dispatched to this session.
    sim.createMember(guild, { username: 'late-joiner' });
    expect(sim.gatewayLog.some((e) => e.t === 'GUILD_MEMBER_ADD')).toBe(false);
  });

  it('GIVEN a connected Client WHEN a guild and a member are added THEN the client learns of both', async () => {
    const { sim } = fx;
    const client = await sim.connectClient();
    const joined = new Promise<string>((resolve) => client.once('guildCreate', (g) => resolve(g.id)));
    const guild = sim.createGuild({ name: 'Late' });
    expect(await joined).toBe(guild.id);
    const added = new Promise<string>((resolve) => client.once('guildMemberAdd', (m) => resolve(m.user.username)));
    sim.createMember(guild, { username: 'carol' });
    expect(await added).toBe('carol');
  });

  it('GIVEN a wrong token WHEN a Client logs in THEN login fails with an invalid-token error', async () => {
    const { sim } = fx;
    const client = sim.createClient();
    await expect(client.login(`${sim.token.slice(0, -4)}abcd`)).rejects.toThrow(/token/i);
    expect(sim.requests.at(-1)).toMatchObject({ route: 'GET /gateway/bot', status: 401 });
  });
});
