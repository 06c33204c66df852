import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import type { CogSpec } from '../../runtime/contract/spec.js';
import { tempProject, type TempProject } from './helpers/project.js';

const MANIFEST = `name: model
identifier: 11
description: Model cases.
dataStatement: Keeps nothing.
commands:
  - name: shout
    kind: hybrid
    description: Shouts.
    allowedMentions: { users: true }
    subcommands:
      - name: loud
        description: Louder.
        allowedMentions: { roles: true }
      - name: quiet
        description: Quieter.
        hidden: true
  - name: say
    kind: text
    aliases: [s]
    description: Says.
    options:
      - { name: words, type: string, description: Words., rest: true }
`;

let project: TempProject;
let spec: CogSpec;
beforeAll(async () => {
  project = tempProject();
  project.write('cogs/model/cog.yaml', MANIFEST);
  expect((await generate({ root: project.root })).errors).toEqual([]);
  spec = ((await import(pathToFileURL(project.path('generated/cogs/model/spec.ts')).href)) as { spec: CogSpec }).spec;
});
afterAll(() => project.cleanup());

describe('the normalized model', () => {
  it('GIVEN allowedMentions on a group THEN subcommands inherit it and may add to it; everything else stays off', () => {
    const [shout, say] = spec.commands;
    expect(shout!.allowedMentions).toEqual({ everyone: false, roles: false, users: true, repliedUser: false });
    expect(shout!.subcommands[0]!.allowedMentions).toEqual({ everyone: false, roles: true, users: true, repliedUser: false });
    expect(say!.allowedMentions).toEqual({ everyone: false, roles: false, users: false, repliedUser: false });
  });

  it('GIVEN a slash group THEN it has no handler, its subcommands do, and the slash body nests them as type 1', () => {
    const [shout] = spec.commands;
    expect(shout!.handler).toBeNull();
    expect(shout!.subcommands.map((c) => c.handler)).toEqual(['shoutLoud', 'shoutQuiet']);
    expect(shout!.subcommands[1]!.hidden).toBe(true);
    expect(shout!.help).toContain('  loud: Louder.');
    expect(shout!.help).not.toContain('quiet');
    expect(spec.slashCommands).toEqual([
      {
        type: 1,
        name: 'shout',
        description: 'Shouts.',
        options: [
          { type: 1, name: 'loud', description: 'Louder.', options: [] },
          { type: 1, name: 'quiet', description: 'Quieter.', options: [] },
        ],
      },
    ]);
  });

  it('GIVEN a text command with aliases and a rest option THEN usage and help say so and it has no slash body', () => {
    const say = spec.commands[1]!;
    expect(say.aliases).toEqual(['s']);
    expect(say.usage).toBe('say <words...>');
    expect(say.help).toBe('Says.\n\nUsage: [p]say <words...>\n\nOptions:\n  words (string, rest of the line): Words.');
    expect(spec.slashCommands.map((c) => c.name)).toEqual(['shout']);
  });

  it('GIVEN a generated stub WHEN it runs THEN it logs a warning and replies that it is not implemented', async () => {
    const handlers = ((await import(pathToFileURL(project.path('cogs/model/handlers.ts')).href)) as {
      default: { commands: Record<string, (ctx: unknown, options: unknown) => Promise<unknown>> };
    }).default;
    const replies: unknown[] = [];
    const warnings: string[] = [];
    const ctx = { reply: async (content: unknown) => void replies.push(content), logger: { warn: (message: string) => void warnings.push(message) } };

    await handlers.commands.say!(ctx, { words: 'hi' });

    expect(replies).toEqual(['`say` is not implemented yet.']);
    expect(warnings).toEqual(['command `say` is not implemented yet (stub `say` in cogs/model/handlers.ts)']);
  });
});
