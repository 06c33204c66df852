/**
 * A small project for the data request tests, generated for real: four cogs (manifests and handlers
 * below) written to a temp folder whose `runtime` and `node_modules` link to this repository's, then
 * `generate()` emits their spec, types and `user-data.ts`, and the test imports the generated registry.
 * The sources live here as text so the repository's own type check does not see a half project.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generate } from '../../generator/generate.js';
import type { CogRegistry } from '../../runtime/cogs/module.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Manifests and handlers of the test cogs, by path. */
export const PROJECT_FILES: Record<string, string> = {
  "cogs/broken/cog.yaml": `name: broken
identifier: 9204
description: A cog whose own deletion fails, for the data request tests.
dataStatement: Keeps a list elsewhere that it cannot delete from.
`,
  "cogs/broken/handlers.ts": `/** Handlers of the test cog \`broken\`: its own deletion always fails. */
import type { BrokenCog } from '../../generated/cogs/broken/index.js';

export default {
  commands: {},
  onDeleteUserData() {
    throw new Error('the list elsewhere is read-only');
  },
} satisfies BrokenCog;
`,
  "cogs/notes/cog.yaml": `name: notes
identifier: 9201
description: Notes about people, for the data request tests.
dataStatement: Keeps the notes you write, warnings per server, your votes and reactions, and a greeting per server (not about you).
config:
  guild:
    greeting: { type: string, default: Hello }
  user:
    notes: { type: array, items: { type: string }, default: [] }
  member:
    warnings: { type: integer, default: 0 }
  custom:
    VOTES:
      keys: [voterId, pollId]
      fields:
        choice: { type: string, default: '' }
    REACTIONS:
      keys: [messageId, reactorId]
      fields:
        emoji: { type: string, default: '' }
userData:
  scopes: [user, member]
  custom:
    - { group: VOTES, userKey: voterId }
    - { group: REACTIONS, userKey: reactorId }
commands:
  - name: remember
    kind: hybrid
    description: Keeps a note for you and counts a warning here.
    options:
      - { name: text, type: string, description: The note., rest: true }
`,
  "cogs/notes/handlers.ts": `/** Handlers of the test cog \`notes\`: one command writing to two scopes, and data "kept elsewhere" (a map). */
import type { NotesCog } from '../../generated/cogs/notes/index.js';

/** Data this cog keeps outside Config, by user id, and every deletion request it saw. */
export const elsewhere = new Map<string, string>();
export const requestsSeen: { userId: string; requester: string }[] = [];

export default {
  commands: {
    remember: async (ctx, options) => {
      await ctx.config.user(ctx.author).notes.append(options.text);
      if (ctx.member) await ctx.config.member(ctx.member).warnings.increment();
      elsewhere.set(ctx.author.id, \`last note: \${options.text}\`);
      await ctx.reply('Noted.');
    },
  },
  onDeleteUserData(_cog, { userId, requester }) {
    requestsSeen.push({ userId, requester });
    // Like Red's guidance: a non-strict user request may keep what the cog needs to work.
    if (requester !== 'user') elsewhere.delete(userId);
  },
  onExportUserData(_cog, userId) {
    return elsewhere.get(userId) ?? null;
  },
} satisfies NotesCog;
`,
  "cogs/plain/cog.yaml": `name: plain
identifier: 9203
description: A cog that does not say how it handles data requests.
dataStatement: Keeps nothing.
`,
  "cogs/plain/handlers.ts": `/** Handlers of the test cog \`plain\`: nothing, and no data request handling. */
import type { PlainCog } from '../../generated/cogs/plain/index.js';

export default { commands: {} } satisfies PlainCog;
`,
  "cogs/tickets/cog.yaml": `name: tickets
identifier: 9202
description: Support tickets, for the data request tests.
dataStatement: Keeps the tickets you open, with their text.
config:
  custom:
    TICKETS:
      keys: [guildId, ticketId]
      fields:
        opener: { type: snowflake, nullable: true, default: null }
        meta:
          handledBy: { type: snowflake, nullable: true, default: null }
        text: { type: string, default: '' }
userData:
  custom:
    - { group: TICKETS, userField: opener }
`,
  "cogs/tickets/handlers.ts": `/** Handlers of the test cog \`tickets\`: no commands; its data is all declared in the manifest. */
import type { TicketsCog } from '../../generated/cogs/tickets/index.js';

export default { commands: {} } satisfies TicketsCog;
`,
};

export interface GeneratedProject {
  root: string;
  registry: CogRegistry;
  /** The loaded `cogs/notes/handlers.ts` module (its `elsewhere` map and `requestsSeen`). */
  notes: { elsewhere: Map<string, string>; requestsSeen: { userId: string; requester: string }[] };
  cleanup(): void;
}

/**
 * Writes `files` into `root` (a project whose `runtime` and `node_modules` link to this repository's) and
 * runs `generate` on it; throws with the problems when it reports any.
 */
export async function generateLinkedProject(root: string, files: Record<string, string>): Promise<Awaited<ReturnType<typeof generate>>> {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  symlinkSync(join(repoRoot, 'runtime'), join(root, 'runtime'), 'dir');
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'generated-fixture', private: true, type: 'module' }));
  const result = await generate({ root });
  if (result.errors.length > 0) throw new Error(`generate failed:\n${result.errors.map((e) => `${e.file}:${e.line}:${e.col} ${e.message}`).join('\n')}`);
  return result;
}

/** Writes the project to a temp folder, generates it, type-checks the output and imports its registry. */
export async function generatedProject(options: { typecheck?: boolean } = {}): Promise<GeneratedProject> {
  const root = mkdtempSync(join(tmpdir(), 'cogsmith-gdpr-'));
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  try {
    await generateLinkedProject(root, PROJECT_FILES);
    if (options.typecheck) {
      const base = { target: 'ES2023', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, verbatimModuleSyntax: true, types: ['node'] };
      writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: base, include: ['generated', 'cogs'] }));
      // One thread: the rest of the suite runs beside it, and its waits should not feel the load.
      const tsc = spawnSync(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', join(root, 'tsconfig.json'), '--singleThreaded'], { encoding: 'utf8' });
      if (tsc.status !== 0) throw new Error(`the generated project does not type-check:\n${tsc.stdout}${tsc.stderr}`);
    }
    const registry = ((await import(pathToFileURL(join(root, 'generated', 'registry.ts')).href)) as { registry: CogRegistry }).registry;
    const notes = (await import(pathToFileURL(join(root, 'cogs', 'notes', 'handlers.ts')).href)) as GeneratedProject['notes'];
    return { root, registry, notes, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}
