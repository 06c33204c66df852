/**
 * `npm run dev`'s watcher (runtime/dev/watcher.ts) on a project on disk, with the bot under the Vite module
 * host: saving a handler reloads its cog; saving a manifest regenerates and reloads; a broken manifest or
 * handler keeps the running version and reports the problem at its place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import type { DevOutcome, DevWatcher } from '../../runtime/dev/watcher.js';
import type { GuildHandle, MemberHandle, TestBot } from '../../runtime/testing/index.js';
import { tempProject, type TempProject } from './temp-project.js';

const MANIFEST = (description: string, extra = '') => `name: notes
identifier: 616161
description: Notes.
dataStatement: This cog keeps no data about users.
commands:
  - name: note
    kind: text
    description: ${description}
${extra}`;

const HANDLERS = (reply: string) => `import type { NotesCog } from '../../generated/cogs/notes/index.js';
export default { commands: { note: async (ctx) => { await ctx.reply(${JSON.stringify(reply)}); } } } satisfies NotesCog;
`;

let project: TempProject;
let t: TestBot;
let watcher: DevWatcher;
let guild: GuildHandle;
let alice: MemberHandle;
let logs: string[];

async function say(text: string): Promise<string> {
  await t.sim.say(guild.general, alice, text);
  return (await t.sim.waitForMessage({ channelId: guild.general })).content;
}

/** Saves files, then waits for the watcher's outcome for the cog. */
async function save(files: Record<string, string>): Promise<DevOutcome> {
  const outcome = new Promise<DevOutcome>((resolve) => {
    const off = watcher.onOutcome((o) => {
      off();
      resolve(o);
    });
  });
  for (const [path, text] of Object.entries(files)) project.write(path, text);
  return outcome;
}

beforeAll(async () => {
  project = await tempProject({ files: { 'cogs/notes/cog.yaml': MANIFEST('Shows a note.'), 'cogs/notes/handlers.ts': HANDLERS('note v1') } });
  const testing = await project.testing();
  t = await testing.startTestBot(await project.host.refresh([]), {
    bot: { modules: project.host },
    world: (sim) => {
      guild = sim.createGuild({ name: 'Dev' });
      alice = sim.createMember(guild, { username: 'alice' });
    },
  });
  const { DevWatcher: Watcher } = await project.host.import<typeof import('../../runtime/dev/watcher.js')>('/runtime/dev/watcher.ts');
  logs = [];
  const logger = { debug: () => undefined, info: (m: string) => void logs.push(m), warn: (m: string) => void logs.push(m), error: (m: string) => void logs.push(m), child: () => logger };
  watcher = new Watcher({ root: project.root, bot: t.bot as never, logger, generate: (root, options) => generate({ root, ...options }), debounceMs: 50 });
  watcher.start();
}, 120_000);

afterAll(async () => {
  await watcher?.stop();
  await t?.stop();
  await project?.close();
});

describe('npm run dev: the watcher', () => {
  it('GIVEN a saved handler THEN its cog is reloaded and answers with the new code', async () => {
    expect(await say('!note')).toBe('note v1');
    expect(await save({ 'cogs/notes/handlers.ts': HANDLERS('note v2') })).toMatchObject({ cog: 'notes', result: 'reloaded' });
    expect(await say('!note')).toBe('note v2');
  }, 60_000);

  it('GIVEN a handler that no longer type-checks THEN the TypeScript error is reported at its place and the running version answers', async () => {
    const broken = HANDLERS('note v3').replace('await ctx.reply(', 'await ctx.replyy(');
    const outcome = await save({ 'cogs/notes/handlers.ts': broken });
    expect(outcome).toMatchObject({ result: 'type-errors' });
    expect((outcome as { problems: string[] }).problems[0]).toMatch(/^cogs\/notes\/handlers\.ts:2:\d+ TS2551 Property 'replyy' does not exist/);
    expect(logs.at(-1)).toContain('Cog notes does not compile (the running version is kept):');
    expect(await say('!note')).toBe('note v2');
  }, 60_000);

  it('GIVEN a saved manifest THEN the project is regenerated and the cog reloaded with it', async () => {
    const outcome = await save({ 'cogs/notes/cog.yaml': MANIFEST('Shows a note.', `  - name: notes
    kind: text
    description: Lists notes.
`), 'cogs/notes/handlers.ts': `import type { NotesCog } from '../../generated/cogs/notes/index.js';
export default {
  commands: {
    note: async (ctx) => { await ctx.reply('note v4'); },
    notes: async (ctx) => { await ctx.reply('all notes'); },
  },
} satisfies NotesCog;
` });
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ result: 'reloaded' });
    expect(await say('!notes')).toBe('all notes');
    expect(await say('!note')).toBe('note v4');
  }, 60_000);

  it('GIVEN a broken manifest THEN its problem is reported as file:line:col, nothing is written, and the running version answers', async () => {
    const outcome = await save({ 'cogs/notes/cog.yaml': MANIFEST('Shows a note.').replace('kind: text', 'kind: txt') });
    expect(outcome).toMatchObject({ result: 'manifest-errors' });
    expect((outcome as { problems: string[] }).problems.join('\n')).toMatch(/^cogs\/notes\/cog\.yaml:7:11 /m);
    expect(logs.at(-1)).toContain('The manifest of cog notes has problems (nothing was written; the running version is kept):');
    expect(await say('!note')).toBe('note v4');
  }, 60_000);
});

describe('npm run dev: a config edit in two saves', () => {
  const withConfig = (group: string) => `${MANIFEST('Counts notes.')}${group ? `config:\n  guild:\n${group}` : ''}`;
  const counting = (path: string) => `import type { NotesCog } from '../../generated/cogs/notes/index.js';
export default {
  commands: {
    note: async (ctx) => {
      const value = ctx.config.guild(ctx.guild!).${path};
      await value.increment();
      await ctx.reply(\`count \${await value.get()}\`);
    },
  },
} satisfies NotesCog;
`;
  const migrations = () => readdirSync(join(project.root, 'cogs/notes/migrations')).sort();
  const snapshotText = () => readFileSync(join(project.root, 'cogs/notes/migrations/snapshot.json'), 'utf8');

  it('GIVEN a group cut in one save and pasted with renamedFrom in the next THEN the first writes nothing (it would delete values) and the second moves them', async () => {
    const v1 = await save({ 'cogs/notes/cog.yaml': withConfig('    title: { type: string, default: "" }\n    counters:\n      rolls: { type: integer, default: 0 }\n'), 'cogs/notes/handlers.ts': counting('counters.rolls') });
    expect(v1, JSON.stringify(v1)).toMatchObject({ result: 'reloaded' });
    expect(await say('!note')).toBe('count 1');
    expect(await say('!note')).toBe('count 2');
    const snapshot = snapshotText();

    // Save 1: the group is cut (the handler still names it).
    const cut = await save({ 'cogs/notes/cog.yaml': withConfig('    title: { type: string, default: "" }\n') });
    expect(cut).toMatchObject({ result: 'manifest-errors' });
    expect((cut as { problems: string[] }).problems).toEqual([
      "cogs/notes/cog.yaml:9:1 the change to cog notes's config would delete stored values (guild counters.rolls): nothing was written; finish the edit (renamedFrom?) or run `npm run generate` to write the migration",
    ]);
    expect(migrations()).toEqual(['snapshot.json']);
    expect(snapshotText()).toBe(snapshot);
    expect(await say('!note')).toBe('count 3');

    // Save 2: pasted under a new name that says where it came from.
    const pasted = await save({
      'cogs/notes/cog.yaml': withConfig('    title: { type: string, default: "" }\n    tally:\n      renamedFrom: counters\n      rolls: { type: integer, default: 0 }\n'),
      'cogs/notes/handlers.ts': counting('tally.rolls'),
    });
    expect(pasted, JSON.stringify(pasted)).toMatchObject({ result: 'reloaded' });
    expect(migrations()).toEqual(['0001_rename-tally.ts', 'snapshot.json']);
    expect(await say('!note')).toBe('count 4');
  }, 90_000);
});
