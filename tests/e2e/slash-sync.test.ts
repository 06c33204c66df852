/**
 * Slash sync end to end, across restarts: the real generator writes the snapshot, real Bots (discord.js)
 * run against the simulator one after another on one JSON data folder, and every command-sync request the
 * simulator saw is counted.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SlashSyncStore } from '../../runtime/commands/slash-sync/store.js';
import { JsonDriver } from '../../runtime/config/index.js';
import { statsCog } from './fixtures/sync-project.js';
import { syncRequests, world as makeWorld } from './fixtures/sync-world.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});
const world = () => makeWorld(cleanup);

describe('slash sync: restarts', () => {
  it('GIVEN a bot that synced once WHEN it restarts with unchanged manifests THEN it sends no command-sync request', async () => {
    const w = await world();
    w.project.writeCog('stats', statsCog());
    const { registry, snapshot } = await w.project.build();

    const first = await w.run(registry);
    const firstRequests = syncRequests(w.sim);
    expect(firstRequests.map((r) => r.route)).toEqual(['PUT /applications/:id/commands']);
    expect(firstRequests[0]!.body).toEqual(snapshot.global.commands);
    await first.stop();

    const mark = w.sim.requests.length;
    const second = await w.run(registry);
    expect(second.bot.isReady).toBe(true);
    expect(syncRequests(w.sim, mark)).toEqual([]);
    expect(w.sim.registeredCommands().map((c) => c.name)).toEqual(['stats', 'rank', 'about']);
    expect(w.logs.some((r) => r.level === 'debug' && r.message === 'Slash commands unchanged in the global scope: nothing sent')).toBe(true);
  });

  it('GIVEN a bot that synced once WHEN one description changes THEN the restart sends exactly one bulk overwrite, carrying it', async () => {
    const w = await world();
    w.project.writeCog('stats', statsCog());
    const before = await w.project.build();
    await (await w.run(before.registry)).stop();

    w.project.writeCog('stats', statsCog({ statsDescription: 'Shows server statistics, now with charts.' }));
    const after = await w.project.build();
    expect(after.snapshot.global.hash).not.toBe(before.snapshot.global.hash);
    const mark = w.sim.requests.length;
    const second = await w.run(after.registry);
    const sent = syncRequests(w.sim, mark);
    expect(sent.map((r) => r.route)).toEqual(['PUT /applications/:id/commands']);
    expect(sent[0]!.body).toEqual(after.snapshot.global.commands);
    expect(w.sim.registeredCommands().find((c) => c.name === 'stats')?.description).toBe('Shows server statistics, now with charts.');
    await second.stop();

    const again = w.sim.requests.length;
    await w.run(after.registry);
    expect(syncRequests(w.sim, again)).toEqual([]);
  });

  it('GIVEN records made by another application WHEN this one starts THEN it syncs its own scope (records are per application)', async () => {
    const w = await world();
    w.project.writeCog('stats', statsCog());
    const { registry } = await w.project.build();
    const first = await w.run(registry);
    const appId = first.bot.client.application!.id;
    await first.stop();
    // Same data folder, records keyed by this application's id: move them to another id.
    const driver = new JsonDriver({ path: w.dataDir });
    const store = SlashSyncStore.open(driver);
    const records = await store.recorded(appId);
    await store.forget(appId, 'global');
    await store.record('111111111111111111', 'global', records.get('global')!);
    store.close();
    await driver.close();

    const mark = w.sim.requests.length;
    await w.run(registry);
    expect(syncRequests(w.sim, mark).map((r) => r.route)).toEqual(['PUT /applications/:id/commands']);
  });

  it('GIVEN an unchanged bot WHEN syncSlashCommands({ force: true }) THEN every scope is sent again', async () => {
    const w = await world();
    w.project.writeCog('stats', statsCog());
    const { registry } = await w.project.build();
    const { bot } = await w.run(registry);
    const mark = w.sim.requests.length;
    expect((await bot.syncSlashCommands()).requests).toBe(0);
    const report = await bot.syncSlashCommands({ force: true });
    expect(report.scopes).toEqual([{ scope: 'global', action: 'overwritten', count: 3 }]);
    expect(syncRequests(w.sim, mark)).toHaveLength(1);
  });
});

describe('slash sync: development guilds', () => {
  it('GIVEN syncMode dev WHEN starting THEN one guild overwrite per dev guild, none global; a restart sends none', async () => {
    const w = await world();
    const one = w.sim.createGuild({ name: 'Dev One' });
    const two = w.sim.createGuild({ name: 'Dev Two' });
    w.project.writeCog('stats', statsCog());
    const { registry, snapshot } = await w.project.build();
    const dev = { syncMode: 'dev' as const, devGuilds: [one.id, two.id] };

    const first = await w.run(registry, { discord: dev });
    const sent = syncRequests(w.sim);
    expect(sent.map((r) => `${r.route} ${r.path.split('/guilds/')[1]?.split('/')[0] ?? ''}`).sort()).toEqual(
      [`PUT /applications/:id/guilds/:guild/commands ${one.id}`, `PUT /applications/:id/guilds/:guild/commands ${two.id}`].sort(),
    );
    for (const request of sent) expect(request.body).toEqual(snapshot.guild.commands);
    expect(w.sim.registeredCommands()).toEqual([]);
    expect(w.sim.registeredCommands(one).map((c) => c.name)).toEqual(['stats', 'rank', 'about']);
    expect(w.sim.registeredCommands(two).map((c) => c.name)).toEqual(['stats', 'rank', 'about']);
    await first.stop();

    const mark = w.sim.requests.length;
    await (await w.run(registry, { discord: dev })).stop();
    expect(syncRequests(w.sim, mark)).toEqual([]);
  });

  it('GIVEN dev mode was used WHEN switching to global THEN global is filled and each dev guild cleared once; and back again', async () => {
    const w = await world();
    const one = w.sim.createGuild();
    const two = w.sim.createGuild();
    w.project.writeCog('stats', statsCog());
    const { registry } = await w.project.build();
    const dev = { syncMode: 'dev' as const, devGuilds: [one.id, two.id] };
    await (await w.run(registry, { discord: dev })).stop();

    let mark = w.sim.requests.length;
    await (await w.run(registry, { discord: { syncMode: 'global' } })).stop();
    let sent = syncRequests(w.sim, mark);
    expect(sent.filter((r) => r.route === 'PUT /applications/:id/commands')).toHaveLength(1);
    const clears = sent.filter((r) => r.route === 'PUT /applications/:id/guilds/:guild/commands');
    expect(clears).toHaveLength(2);
    for (const clear of clears) expect(clear.body).toEqual([]);
    expect(w.sim.registeredCommands(one)).toEqual([]);
    expect(w.sim.registeredCommands().map((c) => c.name)).toEqual(['stats', 'rank', 'about']);

    mark = w.sim.requests.length;
    await (await w.run(registry, { discord: { syncMode: 'global' } })).stop();
    expect(syncRequests(w.sim, mark)).toEqual([]);

    mark = w.sim.requests.length;
    const back = await w.run(registry, { discord: { syncMode: 'dev', devGuilds: [one.id] } });
    const app = back.bot.client.application!.id;
    await back.stop();
    sent = syncRequests(w.sim, mark);
    expect(sent.map((r) => `${r.path} ${(r.body as unknown[]).length}`).sort()).toEqual([`/applications/${app}/commands 0`, `/applications/${app}/guilds/${one.id}/commands 3`].sort());
    expect(w.sim.registeredCommands()).toEqual([]);
    expect(w.sim.registeredCommands(one).map((c) => c.name)).toEqual(['stats', 'rank', 'about']);
    expect(w.sim.registeredCommands(two)).toEqual([]);
  });

  it('GIVEN a dev guild the application cannot reach WHEN starting THEN the others sync, the failure is logged and retried next start', async () => {
    const w = await world();
    const one = w.sim.createGuild();
    const missing = '999999999999999999';
    w.project.writeCog('stats', statsCog());
    const { registry } = await w.project.build();
    const dev = { syncMode: 'dev' as const, devGuilds: [one.id, missing] };
    const first = await w.run(registry, { discord: dev });
    expect(first.bot.isReady).toBe(true);
    expect(w.sim.registeredCommands(one)).toHaveLength(3);
    expect(w.logs.some((r) => r.level === 'error' && r.message.startsWith(`Slash commands of guild ${missing} were not synced: `))).toBe(true);
    await first.stop();

    const mark = w.sim.requests.length;
    await w.run(registry, { discord: dev });
    expect(syncRequests(w.sim, mark).map((r) => r.path)).toEqual([expect.stringContaining(`/guilds/${missing}/commands`)]);
  });
});
