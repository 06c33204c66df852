/**
 * The files of a new cog (`cogsmith new cog <name>`): a manifest with one hybrid command named after the
 * cog, handlers answering it, and a simulator test of the answer by text and slash. Dev tooling, like the
 * rest of the generator: a production install does not carry it.
 */
import { pascalCase } from './names.js';

/** Paths relative to the project root → text. `identifier` is the cog's config namespace number. */
export function newCogFiles(name: string, identifier: number): Record<string, string> {
  const cogType = `${pascalCase(name)}Cog`;
  return {
    [`cogs/${name}/cog.yaml`]: `# yaml-language-server: $schema=../../generated/cog.schema.json
name: ${name}
# Chosen once for config namespacing; never change it (stored data is keyed by it).
identifier: ${identifier}
description: The ${name} cog.
dataStatement: This cog stores no end-user data.
commands:
  - name: ${name}
    kind: hybrid
    description: Says hello from the ${name} cog.
`,
    [`cogs/${name}/handlers.ts`]: `/**
 * Handlers of the \`${name}\` cog. Created by \`cogsmith new cog\`; this file is yours. \`npm run generate\` only adds
 * stubs for new commands, listeners, tasks and jobs, and never changes what is already here.
 */
import type { ${cogType} } from '../../generated/cogs/${name}/index.js';

export default {
  commands: {
    ${name}: async (ctx) => {
      await ctx.reply('Hello from ${name}!');
    },
  },
} satisfies ${cogType};
`,
    [`tests/cogs/${name}.test.ts`]: `/** The ${name} cog (made by \`cogsmith new cog ${name}\`): its command answers on the simulator, by text and slash. */
import { afterEach, describe, expect, it } from 'vitest';
import { registry } from '../../generated/registry.js';
import { startTestBot, type GuildHandle, type MemberHandle, type TestBot } from '../../runtime/testing/index.js';

let t: TestBot | undefined;
afterEach(() => t?.stop());

describe('cog ${name}', () => {
  it('GIVEN the cog loaded WHEN a member runs ${name} THEN it says hello', async () => {
    let guild!: GuildHandle;
    let alice!: MemberHandle;
    t = await startTestBot(registry, {
      instance: { cogs: ['${name}'] },
      world: (sim) => {
        guild = sim.createGuild({ name: 'Test' });
        alice = sim.createMember(guild, { username: 'alice' });
      },
    });
    await t.sim.say(guild.general, alice, '!${name}');
    expect((await t.sim.waitForMessage()).content).toBe('Hello from ${name}!');
    await t.sim.waitForCommands();
    const interaction = await t.sim.runSlash(guild.general, alice, '${name}');
    expect((await t.sim.waitForInteractionResponse(interaction)).content).toBe('Hello from ${name}!');
  });
});
`,
  };
}
