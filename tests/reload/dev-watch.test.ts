/**
 * `npm run dev`'s watcher (runtime/dev/watcher.ts) on a project on disk, with the bot under the Vite module
 * host: saving a handler reloads its cog; saving a manifest regenerates and reloads; a broken manifest or
 * handler keeps the running version and reports the problem at its place.
 */
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
  watcher = new Watcher({ root: project.root, bot: t.bot as never, logger, generate: (root) => generate({ root }), debounceMs: 50 });
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
