/**
 * Migrations at load, with a real Bot against the simulator on json files: cogs generated for real from
 * manifests (the data request test project), their registry entries given hand-written migrations. A cog
 * with pending migrations serves migrated values from its first command; data requests export and delete
 * the migrated user and member data; a cog whose migration is an unwritten `up` stub is not loaded (the
 * start log and the `load` command say why) while the others load; a restart runs nothing again.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry as repoRegistry } from '../../generated/registry.js';
import type { CogRegistry, CogRegistryEntry } from '../../runtime/cogs/module.js';
import { JsonDriver } from '../../runtime/config/index.js';
import { MIGRATION_RECORD_SCOPE, MigrationNotImplementedError, type Migration } from '../../runtime/contract/migrations.js';
import type { Namespace } from '../../runtime/drivers/types.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { startBot } from '../e2e/harness.js';
import { generatedProject, type GeneratedProject } from '../gdpr/project.js';
import { migration } from './fixtures/migration.js';

const OWNER = '612345678901234567';
let project: GeneratedProject;
const folders: string[] = [];

beforeAll(async () => {
  project = await generatedProject();
}, 60_000);
afterAll(() => {
  project?.cleanup();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

/** notes v1 kept `user.jotted` and `member.strikes`; v2 (the manifest) calls them `notes` and `warnings`. */
const renames = migration({
  number: 1,
  name: 'rename-notes-and-strikes',
  steps: [
    { kind: 'move', target: { scope: 'user' }, from: ['jotted'], to: ['notes'] },
    { kind: 'move', target: { scope: 'member' }, from: ['strikes'], to: ['warnings'] },
  ],
});

const stub = migration({
  number: 1,
  name: 'count-to-integer',
  steps: [{ kind: 'up', reason: 'count: string → integer' }],
  up() {
    throw new MigrationNotImplementedError('cogs/plain/migrations/0001_count-to-integer.ts', 'count: string → integer');
  },
});

/** A migration whose `up` multiplies every member's stored `warnings` by `factor`. */
function multiplyWarnings(number: number, name: string, factor: number): Migration {
  return migration({
    number,
    name,
    steps: [{ kind: 'up', reason: `warnings × ${factor}` }],
    up(data) {
      for (const doc of data.documents({ scope: 'member' })) doc.data.warnings = (doc.data.warnings as number) * factor;
    },
  });
}

function withMigrations(entry: CogRegistryEntry, migrations: Migration[]): CogRegistryEntry {
  return { ...entry, migrations: async () => ({ migrations }) };
}

describe('migrations when a bot loads its cogs', () => {
  it('GIVEN v1 data on json and a cog with a pending rename WHEN the bot starts THEN commands and data requests see the migrated values, the stub cog stays unloaded, and a restart runs nothing again', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'cogsmith-migrate-bot-'));
    folders.push(folder);
    const notes: Namespace = { cogName: 'notes', identifier: '9201' };
    const guildId = '812345678901234567';
    const aliceId = '712345678901234567';
    // v1 data, written before the bot starts (and the folder released, as a stopped bot leaves it).
    const seed = new JsonDriver({ path: folder });
    await seed.set(notes, { scope: 'USER', keyCount: 1, primaryKeys: [aliceId], path: [] }, { jotted: ['likes tea'] });
    await seed.set(notes, { scope: 'MEMBER', keyCount: 2, primaryKeys: [guildId, aliceId], path: [] }, { strikes: 3 });
    await seed.close();
    const registry: CogRegistry = {
      notes: withMigrations(project.registry.notes!, [renames]),
      tickets: project.registry.tickets!,
      plain: withMigrations(project.registry.plain!, [stub]),
      core: repoRegistry.core!,
    };
    const w = {} as { guild: GuildHandle; alice: MemberHandle; owner: MemberHandle };
    const driver = new JsonDriver({ path: folder });
    const h = await startBot(registry, {
      instance: { cogs: ['core', 'notes', 'tickets', 'plain'], owners: [OWNER], ownersFromApplication: false },
      world: (sim) => {
        w.guild = sim.createGuild({ id: guildId });
        sim.state.addUser({ username: 'owner', id: OWNER });
        sim.state.addUser({ username: 'alice', id: aliceId });
        w.owner = sim.createMember(w.guild, { username: 'owner', user: OWNER });
        w.alice = sim.createMember(w.guild, { username: 'alice', user: aliceId });
      },
      bot: { driver },
    });
    try {
      expect(h.bot.cogs.names()).toEqual(expect.arrayContaining(['notes', 'tickets']));
      expect(h.bot.cogs.has('plain')).toBe(false);
      const failure = h.bot.failedCogs.get('plain')?.message ?? '';
      expect(failure).toContain('Cog "plain": migration 0001_count-to-integer failed: The migration cogs/plain/migrations/0001_count-to-integer.ts needs its `up` written (count: string → integer)');
      expect(failure).toContain('Nothing was written');
      expect(h.logs.some((r) => r.level === 'error' && r.message.startsWith('Cog plain was not loaded'))).toBe(true);
      expect(h.logs.some((r) => r.message === 'Cog notes: applied config migration 0001_rename-notes-and-strikes (2 document change(s))')).toBe(true);

      await h.sim.say(w.guild.general, w.alice, '!remember likes cake');
      expect((await h.sim.waitForMessage()).content).toBe('Noted.');
      const exported = await h.bot.dataRequests.exportForUser(aliceId);
      expect(exported.cogs.notes!.declared).toMatchObject({ user: { notes: ['likes tea', 'likes cake'] }, member: { [guildId]: { warnings: 4 } } });

      // The load command answers with the reason, as for any other load failure.
      await h.sim.say(w.guild.general, w.owner, '!load plain');
      expect((await h.sim.waitForMessage()).content).toMatch(/^Failed to load: plain \(Cog "plain": migration 0001_count-to-integer failed: The migration cogs\/plain\/migrations\/0001_count-to-integer\.ts needs its `up` written/);

      const deletion = await h.bot.dataRequests.deleteForUser(aliceId, 'user_strict');
      expect(deletion.deleted).toContain('notes');
      const after = await h.bot.dataRequests.exportForUser(aliceId);
      expect(after.cogs.notes!.declared).toMatchObject({ user: null, member: {} });
      const file = readdirSync(folder).find((n) => n.startsWith('notes.9201') && n.endsWith('.json'))!;
      const stored = JSON.parse(readFileSync(join(folder, file), 'utf8'));
      expect(stored.data[MIGRATION_RECORD_SCOPE]).toMatchObject({ version: 1, applied: [{ id: renames.id, number: 1, name: 'rename-notes-and-strikes' }] });

      h.logs.length = 0;
      await h.restart();
      expect(h.bot.cogs.has('notes')).toBe(true);
      expect(h.logs.some((r) => r.message.includes('applied config migration'))).toBe(false);
    } finally {
      await h.stop();
      await driver.close();
    }
  }, 60_000);

  it('GIVEN a running cog WHEN it is reloaded with a new migration THEN it runs; a failing one, or code that cannot import, keeps the old version on unchanged data; a later failure after migrating unloads the old version', async () => {
    const registry: CogRegistry = { core: repoRegistry.core!, notes: project.registry.notes! };
    const w = {} as { guild: GuildHandle; alice: MemberHandle };
    const h = await startBot(registry, {
      instance: { cogs: ['core', 'notes'], owners: [OWNER], ownersFromApplication: false },
      world: (sim) => {
        w.guild = sim.createGuild({});
        w.alice = sim.createMember(w.guild, { username: 'alice' });
      },
    });
    try {
      await h.sim.say(w.guild.general, w.alice, '!remember one');
      expect((await h.sim.waitForMessage()).content).toBe('Noted.');
      const tenfold = multiplyWarnings(1, 'warnings-tenfold', 10);
      // The manifest changed on disk: the fixed host's registry now has the migration.
      registry.notes = withMigrations(project.registry.notes!, [tenfold]);
      await h.bot.reloadCog('notes');
      await h.sim.say(w.guild.general, w.alice, '!remember two');
      expect((await h.sim.waitForMessage()).content).toBe('Noted.');
      expect((await h.bot.dataRequests.exportForUser(w.alice.id)).cogs.notes!.declared).toMatchObject({ member: { [w.guild.id]: { warnings: 11 } } });

      const broken = migration({ number: 2, name: 'broken', steps: [{ kind: 'up', reason: 'x' }], up() { throw new Error('no way'); } });
      registry.notes = withMigrations(project.registry.notes!, [tenfold, broken]);
      await expect(h.bot.reloadCog('notes')).rejects.toThrow('Cog "notes": migration 0002_broken failed: no way. Nothing was written; the stored data is as it was (schema version 1). The cog was not loaded.');
      expect(h.bot.cogs.has('notes')).toBe(true);
      await h.sim.say(w.guild.general, w.alice, '!remember three');
      expect((await h.sim.waitForMessage()).content).toBe('Noted.');
      expect((await h.bot.dataRequests.exportForUser(w.alice.id)).cogs.notes!.declared).toMatchObject({ user: { notes: ['one', 'two', 'three'] }, member: { [w.guild.id]: { warnings: 12 } } });

      // Code that cannot be imported: nothing is migrated (the code is checked first), the old version runs on.
      const triple = multiplyWarnings(2, 'warnings-triple', 3);
      const notes = project.registry.notes!;
      registry.notes = { ...withMigrations(notes, [tenfold, triple]), load: async () => Promise.reject(new Error('Cannot find module ./gone.js')) };
      await expect(h.bot.reloadCog('notes')).rejects.toThrow(/importing its handlers failed: Cannot find module \.\/gone\.js/);
      expect(h.bot.cogs.has('notes')).toBe(true);
      const member = { scope: 'MEMBER', keyCount: 2, primaryKeys: [w.guild.id, w.alice.id], path: ['warnings'] };
      const ns: Namespace = { cogName: 'notes', identifier: String(notes.spec.identifier) };
      expect(await h.bot.storageDriver!.get(ns, member)).toBe(12);

      // A reload that migrated and then failed later (setup): the old version must not run on migrated data.
      registry.notes = {
        ...withMigrations(notes, [tenfold, triple]),
        load: async () => {
          const real = (await notes.load()).default;
          return { default: { ...real, setup: () => Promise.reject(new Error('setup broke')) } };
        },
      };
      await expect(h.bot.reloadCog('notes')).rejects.toThrow(/setup failed: setup broke.*Its stored config had already been migrated, so the previous version was unloaded/);
      expect(h.bot.cogs.has('notes')).toBe(false);
      expect(await h.bot.storageDriver!.get(ns, member)).toBe(36);
      registry.notes = withMigrations(notes, [tenfold, triple]);
      await h.bot.loadCog('notes');
      expect((await h.bot.dataRequests.exportForUser(w.alice.id)).cogs.notes!.declared).toMatchObject({ member: { [w.guild.id]: { warnings: 36 } } });
    } finally {
      await h.stop();
    }
  }, 60_000);
});
