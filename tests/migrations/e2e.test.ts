/**
 * End to end with the generator and a real bot, on json files and on PostgreSQL (a real server when
 * COGSMITH_TEST_POSTGRES_URL is set, else PGlite): a v1 manifest and handlers write values in a guild, a
 * member and a custom group; v2 renames a field, moves one into a nested group and renames a custom
 * group's field (`renamedFrom`), and `generate` writes the migration; the restarted bot serves every value
 * under its new name, and a further restart runs nothing again. v3 changes a type: `generate` writes an
 * `up` stub, the cog refuses to load until it is written; written, it converts the values.
 *
 * Each version is its own temp project (runtime and node_modules linked to this repository's, the cogs
 * folder carried over from the previous version with its snapshot and migrations), so each imports its
 * own generated registry.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import type { CogRegistry } from '../../runtime/cogs/module.js';
import { JsonDriver, type ConfigDriver } from '../../runtime/config/index.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { cleanupDrivers, makeDriver, testUrl } from '../config/fixtures/pg-env.js';
import { startBot } from '../e2e/harness.js';
import { generateLinkedProject } from '../gdpr/project.js';

const folders: string[] = [];
const pglites: PGlite[] = [];
afterAll(async () => {
  await cleanupDrivers();
  for (const p of pglites) await p.close();
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

const HEAD = `name: tally
identifier: 7701
description: Counts, for the migration end-to-end test.
dataStatement: Keeps counts per server, a score per member and a board per server.
commands:
  - { name: bump, kind: text, description: Counts. }
  - { name: show, kind: text, description: Shows the counts. }
`;

/** The config block: v1 names (`count`, `prefix`, `points`, greeting `hi`) or v2's renames, move and new default (greeting `hello`, stored old defaults rewritten). */
const config = (v2: boolean) => `${HEAD}config:
  guild:
${v2 ? `    total: { type: integer, default: 0, renamedFrom: count }
    greeting: { type: string, default: "hello", rewriteOldDefault: true }
    settings:
      prefix: { type: string, default: "!", renamedFrom: prefix }` : `    count: { type: integer, default: 0 }
    greeting: { type: string, default: "hi" }
    prefix: { type: string, default: "!" }`}
  member:
    score: { type: string, default: "0" }
  custom:
    BOARD:
      keys: [guildId, name]
      fields:
        ${v2 ? 'tally: { type: integer, default: 0, renamedFrom: points }' : 'points: { type: integer, default: 0 }'}
`;
const V1 = config(false);
const V2 = config(true);
const V3 = V2.replace('score: { type: string, default: "0" }', 'score: { type: integer, default: 0 }');

const V1_HANDLERS = `export default {
  commands: {
    bump: async (ctx) => {
      await ctx.config.guild(ctx.guild).count.increment(2);
      await ctx.config.guild(ctx.guild).prefix.set('?');
      await ctx.config.guild(ctx.guild).greeting.set('hi'); // stored, and equal to v1's default
      await ctx.config.member(ctx.member).score.set('7');
      await ctx.config.custom('BOARD', ctx.guild.id, 'alpha').points.increment(3);
      await ctx.config.custom('BOARD', ctx.guild.id, 'beta').points.increment(4);
      await ctx.reply('bumped');
    },
    show: async (ctx) => ctx.reply('v1'),
  },
};
`;

const V2_HANDLERS = `export default {
  commands: {
    bump: async (ctx) => ctx.reply('no'),
    show: async (ctx) => {
      const guild = ctx.config.guild(ctx.guild);
      const board = (name) => ctx.config.custom('BOARD', ctx.guild.id, name).tally();
      const score = await ctx.config.member(ctx.member).score();
      await ctx.reply(\`total=\${await guild.total()} greeting=\${await guild.greeting()} prefix=\${await guild.settings.prefix()} score=\${JSON.stringify(score)} alpha=\${await board('alpha')} beta=\${await board('beta')}\`);
    },
  },
};
`;

/** A project with `files`, the cogs folder of `from` carried over; generated, its registry imported. */
async function version(files: Record<string, string>, from?: string): Promise<{ root: string; registry: CogRegistry; written: string[]; stubs: string[] }> {
  const root = mkdtempSync(join(tmpdir(), 'cogsmith-migrate-e2e-'));
  folders.push(root);
  if (from) cpSync(join(from, 'cogs'), join(root, 'cogs'), { recursive: true });
  const result = await generateLinkedProject(root, files);
  const registry = ((await import(pathToFileURL(join(root, 'generated', 'registry.ts')).href)) as { registry: CogRegistry }).registry;
  return { root, registry, written: result.written, stubs: result.stubs };
}

const drivers: Array<[string, () => ConfigDriver]> = [
  ['json', () => new JsonDriver({ path: mkdtempSync(join(tmpdir(), 'cogsmith-migrate-e2e-data-')) })],
  [
    testUrl ? 'PostgreSQL' : 'PGlite',
    () => {
      if (testUrl) return makeDriver();
      const pglite = new PGlite();
      pglites.push(pglite);
      return makeDriver({ pglite });
    },
  ],
];

describe.each(drivers)('config migrations end to end on %s', (_name, makeStorage) => {
  it('GIVEN v1 values WHEN v2 renames and moves fields and the bot restarts THEN every value is under its new name, once; a type change waits for its up, then converts', async () => {
    const driver = makeStorage();
    if (driver instanceof JsonDriver) folders.push(driver.folder);
    const w = {} as { guild: GuildHandle; alice: MemberHandle };
    const world = (sim: import('../../runtime/testing/simulator.js').Simulator) => {
      w.guild = sim.createGuild({ id: '811111111111111111' });
      sim.state.addUser({ username: 'alice', id: '711111111111111111' });
      w.alice = sim.createMember(w.guild, { username: 'alice', user: '711111111111111111' });
    };
    const run = async (registry: CogRegistry, check: (bot: Awaited<ReturnType<typeof startBot>>) => Promise<void>) => {
      const h = await startBot(registry, { instance: { cogs: ['tally'] }, world, bot: { driver } });
      try {
        await check(h);
      } finally {
        await h.stop();
      }
    };
    const say = async (h: Awaited<ReturnType<typeof startBot>>, text: string) => {
      await h.sim.say(w.guild.general, w.alice, text);
      return (await h.sim.waitForMessage()).content;
    };

    const v1 = await version({ 'cogs/tally/cog.yaml': V1, 'cogs/tally/handlers.ts': V1_HANDLERS });
    expect(v1.written).toContain('cogs/tally/migrations/snapshot.json');
    await run(v1.registry, async (h) => {
      expect(await say(h, '!bump')).toBe('bumped');
    });

    const v2 = await version({ 'cogs/tally/cog.yaml': V2, 'cogs/tally/handlers.ts': V2_HANDLERS }, v1.root);
    const migration = v2.written.find((p) => /^cogs\/tally\/migrations\/0001_.*\.ts$/.test(p));
    expect(migration).toBeDefined();
    expect(readFileSync(join(v2.root, migration!), 'utf8')).toMatch(/kind: 'rewriteDefault'.*from: 'hi'.*to: 'hello'/);
    await run(v2.registry, async (h) => {
      expect(h.bot.failedCogs.size).toBe(0);
      expect(h.logs.some((r) => /^Cog tally: applied config migration 0001_/.test(r.message))).toBe(true);
      expect(await say(h, '!show')).toBe('total=2 greeting=hello prefix=? score="7" alpha=3 beta=4');
    });
    await run(v2.registry, async (h) => {
      expect(h.logs.some((r) => r.message.includes('applied config migration'))).toBe(false);
      expect(await say(h, '!show')).toBe('total=2 greeting=hello prefix=? score="7" alpha=3 beta=4');
    });

    const v3 = await version({ 'cogs/tally/cog.yaml': V3 }, v2.root);
    const stub = v3.written.find((p) => /^cogs\/tally\/migrations\/0002_.*\.ts$/.test(p))!;
    expect(stub).toBeDefined();
    await run(v3.registry, async (h) => {
      expect(h.bot.cogs.has('tally')).toBe(false);
      expect(h.bot.failedCogs.get('tally')?.message).toMatch(/^Cog "tally": migration 0002_\S+ failed: The migration cogs\/tally\/migrations\/0002_\S+\.ts needs its `up` written/);
    });

    const text = readFileSync(join(v3.root, stub), 'utf8');
    // The stub's throw deleted without converting anything: the values no longer fit, so nothing is written.
    const emptied = text.replace(/throw new MigrationNotImplementedError\([^;]*\);/, '');
    expect(emptied).not.toBe(text);
    const lazy = await version({ [stub]: emptied }, v3.root);
    await run(lazy.registry, async (h) => {
      expect(h.bot.cogs.has('tally')).toBe(false);
      expect(h.bot.failedCogs.get('tally')?.message).toMatch(/after migration 0002_\S+ stored values do not fit the manifest's types \(member 811111111111111111\/711111111111111111: score: value "7" does not match type `integer`\); convert them in the migration's `up`\. Nothing was written/);
    });
    const filled = text.replace(/throw new MigrationNotImplementedError\([^;]*\);/, "for (const doc of data.documents({ scope: 'member' })) if (typeof doc.data.score === 'string') doc.data.score = Number(doc.data.score);");
    expect(filled).not.toBe(text);
    const v4 = await version({ [stub]: filled }, v3.root);
    await run(v4.registry, async (h) => {
      expect(h.bot.failedCogs.size).toBe(0);
      expect(await say(h, '!show')).toBe('total=2 greeting=hello prefix=? score=7 alpha=3 beta=4');
    });
    await driver.close();
  }, 120_000);
});
