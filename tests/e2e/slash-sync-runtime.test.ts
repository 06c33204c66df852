/**
 * Slash sync while running, and guild-only commands: marking in Discord, cogs loaded and unloaded and
 * commands added at run time, and the text route refusing guild-only commands in DMs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { GUILD_ONLY_MESSAGE } from '../../runtime/commands/guild-only.js';
import { EXTRA_COG, statsCog, TEXT_ONLY_COG } from './fixtures/sync-project.js';
import { syncRequests, world as makeWorld } from './fixtures/sync-world.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
const world = () => makeWorld(cleanup);

describe('slash sync: guild-only commands', () => {
  it('GIVEN guildOnly in the manifest, or a required member option THEN the global body marks them (contexts [0], dm_permission false); guild bodies omit both', async () => {
    const w = await world();
    w.project.writeCog('stats', statsCog());
    w.project.writeCog('extra', EXTRA_COG);
    const { registry, snapshot } = await w.project.build();
    await w.run(registry);
    const registered = new Map(w.sim.registeredCommands().map((c) => [c.name, c]));
    // rank has a required member option (automatic); serveronly says guildOnly: true.
    for (const name of ['rank', 'serveronly']) {
      expect(registered.get(name)).toMatchObject({ contexts: [0], dm_permission: false });
    }
    // stats has no such option; about opts out explicitly.
    for (const name of ['stats', 'about', 'later']) {
      expect(registered.get(name)?.contexts ?? null).toBeNull();
      expect(registered.get(name)?.dm_permission).toBe(true);
    }
    for (const command of snapshot.guild.commands) {
      expect(command).not.toHaveProperty('contexts');
      expect(command).not.toHaveProperty('dm_permission');
    }
    expect(registry.stats!.spec.commands.find((c) => c.name === 'rank')?.guildOnly).toBe(true);
    expect(registry.stats!.spec.commands.find((c) => c.name === 'stats')?.guildOnly).toBeUndefined();
  });
});

describe('slash sync: cogs loaded and unloaded at run time', () => {
  it('GIVEN a running bot WHEN cogs are loaded and unloaded THEN one overwrite per change of the slash set, none otherwise', async () => {
    const w = await world();
    w.project.writeCog('stats', statsCog());
    w.project.writeCog('extra', EXTRA_COG);
    w.project.writeCog('textual', TEXT_ONLY_COG);
    const { registry, snapshot } = await w.project.build();
    const running = await w.run(registry, { cogs: ['stats', 'textual'] });
    const { bot } = running;
    expect(syncRequests(w.sim)).toHaveLength(1);

    let mark = w.sim.requests.length;
    await bot.unloadCog('textual');
    await bot.loadCog('textual');
    expect(syncRequests(w.sim, mark)).toEqual([]);

    mark = w.sim.requests.length;
    await bot.loadCog('extra');
    let sent = syncRequests(w.sim, mark);
    expect(sent).toHaveLength(1);
    // Every cog is loaded now: the runtime's body and hash are the snapshot's.
    expect(sent[0]!.body).toEqual(snapshot.global.commands);

    mark = w.sim.requests.length;
    await bot.unloadCog('extra');
    sent = syncRequests(w.sim, mark);
    expect(sent).toHaveLength(1);
    expect((sent[0]!.body as { name: string }[]).map((c) => c.name)).toEqual(['stats', 'rank', 'about']);

    // Two syncs at once are queued, not interleaved: the second finds nothing left to do.
    mark = w.sim.requests.length;
    await bot.loadCog('extra', { sync: false });
    const reports = await Promise.all([bot.syncSlashCommands(), bot.syncSlashCommands()]);
    expect(reports.map((r) => r.requests)).toEqual([1, 0]);
    expect(syncRequests(w.sim, mark)).toHaveLength(1);
    await running.stop();

    mark = w.sim.requests.length;
    await w.run(registry, { cogs: ['stats', 'textual', 'extra'] });
    expect(syncRequests(w.sim, mark)).toEqual([]);
  });
});

describe('slash sync: commands added at run time', () => {
  it('GIVEN a command added to a loaded cog at run time WHEN syncing THEN it is sent once; removing it sends once more', async () => {
    const w = await world();
    w.project.writeCog('stats', statsCog());
    const { registry } = await w.project.build();
    const { bot } = await w.run(registry);
    const about = registry.stats!.spec.commands.find((c) => c.name === 'about')!;
    const extra = { ...about, name: 'uptime', path: ['uptime'], handler: 'uptime', description: 'How long the bot has run.' };
    const body = { ...registry.stats!.spec.slashCommands.find((c) => c.name === 'about')!, name: 'uptime', description: 'How long the bot has run.' };
    bot.commands.addCommand('stats', extra, { uptime: () => undefined }, body);

    let mark = w.sim.requests.length;
    expect((await bot.syncSlashCommands()).requests).toBe(1);
    expect(w.sim.registeredCommands().map((c) => c.name)).toEqual(['stats', 'rank', 'about', 'uptime']);
    expect((await bot.syncSlashCommands()).requests).toBe(0);
    expect(syncRequests(w.sim, mark)).toHaveLength(1);

    mark = w.sim.requests.length;
    bot.commands.removeCommand('uptime');
    await bot.syncSlashCommands();
    expect(syncRequests(w.sim, mark)).toHaveLength(1);
    expect(w.sim.registeredCommands().map((c) => c.name)).toEqual(['stats', 'rank', 'about']);
  });
});

describe('guild-only commands by text', () => {
  it('GIVEN a guild-only hybrid command WHEN typed in a DM THEN it is refused briefly; in a server and for other commands it runs', async () => {
    const w = await world();
    w.project.writeCog('stats', statsCog());
    w.project.writeCog('extra', EXTRA_COG);
    const { registry } = await w.project.build();
    const guild = w.sim.createGuild();
    const alice = w.sim.createMember(guild, { username: 'alice' });
    await w.run(registry);

    const refused = await w.sim.sayInDM(alice, '!serveronly');
    expect((await w.sim.waitForMessage({ after: refused })).content).toBe(GUILD_ONLY_MESSAGE);
    const allowed = await w.sim.sayInDM(alice, '!stats');
    expect((await w.sim.waitForMessage({ after: allowed })).content).toBe('ok stats');
    const inServer = await w.sim.say(guild.general, alice, '!serveronly');
    expect((await w.sim.waitForMessage({ after: inServer })).content).toBe('ok serveronly');
  });
});
