/**
 * Hot reload end to end, as a cog author lives it: a project on disk, the bot running under the same Vite
 * module host as `npm start`, the real discord.js client against the simulator. Files are edited on disk
 * and regenerated while the bot runs; the owner types `!reload` and `!load`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GuildHandle, MemberHandle, TestBot } from '../../runtime/testing/index.js';
import { tempProject, type TempProject } from './temp-project.js';

const manifest = (name: string, identifier: number, commands: string) => `name: ${name}
identifier: ${identifier}
description: The ${name} test cog.
dataStatement: This cog keeps no data about users.
commands:
${commands}`;

const GREET = `  - name: greet
    kind: hybrid
    description: Says hello.
`;

const handlers = (body: string, extra = '') => `import type { GreeterCog } from '../../generated/cogs/greeter/index.js';

export default {
  commands: {
    greet: async (ctx) => {
      ${body}
    },
  },
  ${extra}
} satisfies GreeterCog;
`;

let project: TempProject;
let t: TestBot;
let guild: GuildHandle;
let owner: MemberHandle;

async function say(text: string): Promise<string> {
  await t.sim.say(guild.general, owner, text);
  return (await t.sim.waitForMessage({ channelId: guild.general })).content;
}

beforeAll(async () => {
  project = await tempProject({
    copy: ['core'],
    files: {
      'cogs/greeter/cog.yaml': manifest('greeter', 424242, GREET),
      'cogs/greeter/handlers.ts': handlers("await ctx.reply('hello v1');"),
    },
  });
  const testing = await project.testing();
  const registry = await project.host.refresh([]);
  t = await testing.startTestBot(registry, {
    instance: { cogs: ['core', 'greeter'] },
    bot: { modules: project.host },
    world: (sim) => {
      guild = sim.createGuild({ name: 'Reloads' });
      owner = sim.createMember(guild, { username: 'owner', user: sim.owner });
    },
  });
}, 120_000);

afterAll(async () => {
  await t?.stop();
  await project?.close();
});

describe('hot reload', () => {
  it('GIVEN an edited handler file WHEN the owner types !reload THEN the new reply comes, from a new version', async () => {
    expect(await say('!greet')).toBe('hello v1');
    project.write('cogs/greeter/handlers.ts', handlers("await ctx.reply('hello v2');"));
    expect(await say('!reload greeter')).toBe('Reloaded: `greeter`.');
    expect(await say('!greet')).toBe('hello v2');
    expect(t.bot.cogs.get('greeter')!.version).toBeGreaterThanOrEqual(2);
  });

  it('GIVEN new code whose setup throws WHEN reloaded THEN the old version keeps answering and the owner is told why', async () => {
    project.write('cogs/greeter/handlers.ts', handlers("await ctx.reply('hello v3');"));
    expect(await say('!reload greeter')).toBe('Reloaded: `greeter`.');
    const version = t.bot.cogs.get('greeter')!.version;
    project.write('cogs/greeter/handlers.ts', handlers("await ctx.reply('never');", "setup() { throw new Error('the database is down'); },"));
    const answer = await say('!reload greeter');
    expect(answer).toContain('Failed to reload: greeter (');
    expect(answer).toContain('setup failed: the database is down');
    expect(answer).toContain('The previous version is still running.');
    expect(await say('!greet')).toBe('hello v3');
    expect(t.bot.cogs.get('greeter')!.version).toBe(version);
  });

  it('GIVEN new code that does not compile WHEN reloaded THEN the old version keeps answering and the error names the file', async () => {
    project.write('cogs/greeter/handlers.ts', 'export default { commands: { greet: async (ctx) => { await ctx.reply("x" }, } };\n');
    const answer = await say('!reload greeter');
    expect(answer).toContain('Failed to reload: greeter (');
    expect(answer).toMatch(/handlers\.ts/);
    expect(await say('!greet')).toBe('hello v3');
  });

  it('GIVEN a changed manifest WHEN regenerated and reloaded THEN the new command exists, the old one is gone, and one slash overwrite is sent', async () => {
    project.write('cogs/greeter/cog.yaml', manifest('greeter', 424242, `  - name: wave
    kind: hybrid
    description: Waves.
`));
    project.write(
      'cogs/greeter/handlers.ts',
      `import type { GreeterCog } from '../../generated/cogs/greeter/index.js';\nexport default { commands: { wave: async (ctx) => { await ctx.reply('👋'); } } } satisfies GreeterCog;\n`,
    );
    await project.generate();
    const mark = t.sim.requests.length;
    expect(await say('!reload greeter')).toBe('Reloaded: `greeter`.');
    expect(await say('!wave')).toBe('👋');
    await t.sim.say(guild.general, owner, '!greet');
    await expect(t.sim.waitForMessage({ channelId: guild.general, timeoutMs: 300 })).rejects.toThrow(/Timed out/);
    const syncs = t.sim.requests.slice(mark).filter((r) => r.route === 'PUT /applications/:id/commands');
    expect(syncs).toHaveLength(1);
    expect((syncs[0]!.body as { name: string }[]).map((c) => c.name)).toContain('wave');
  });

  it('GIVEN only handler code changed WHEN reloaded THEN no slash overwrite is sent', async () => {
    project.write(
      'cogs/greeter/handlers.ts',
      `import type { GreeterCog } from '../../generated/cogs/greeter/index.js';\nexport default { commands: { wave: async (ctx) => { await ctx.reply('🖐'); } } } satisfies GreeterCog;\n`,
    );
    const mark = t.sim.requests.length;
    expect(await say('!reload greeter')).toBe('Reloaded: `greeter`.');
    expect(await say('!wave')).toBe('🖐');
    expect(t.sim.requests.slice(mark).filter((r) => r.route.includes('/commands'))).toEqual([]);
  });

  it('GIVEN a hand-over hook WHEN reloaded THEN the new version receives what the old one passed on', async () => {
    const withState = (label: string) => `import type { GreeterCog } from '../../generated/cogs/greeter/index.js';
let seen = 0;
export default {
  commands: { wave: async (ctx) => { seen++; await ctx.reply('${label} ' + seen); } },
  setup(cog) { seen = (cog.handedOver as { seen?: number } | undefined)?.seen ?? 0; },
  handOver() { return { seen }; },
} satisfies GreeterCog;
`;
    project.write('cogs/greeter/handlers.ts', withState('a'));
    expect(await say('!reload greeter')).toBe('Reloaded: `greeter`.');
    expect(await say('!wave')).toBe('a 1');
    expect(await say('!wave')).toBe('a 2');
    project.write('cogs/greeter/handlers.ts', withState('b'));
    expect(await say('!reload greeter')).toBe('Reloaded: `greeter`.');
    expect(await say('!wave')).toBe('b 3');
  });

  it('GIVEN a command in flight WHEN the cog is reloaded THEN it finishes on the version it started on, and the next one runs the new code', async () => {
    const slow = (label: string) => `import type { GreeterCog } from '../../generated/cogs/greeter/index.js';
export default {
  commands: {
    wave: async (ctx) => {
      const gate = globalThis as { __greeterGate?: Promise<void> };
      await gate.__greeterGate;
      await ctx.reply('${label}');
    },
  },
} satisfies GreeterCog;
`;
    project.write('cogs/greeter/handlers.ts', slow('old version'));
    expect(await say('!reload greeter')).toBe('Reloaded: `greeter`.');
    let open!: () => void;
    (globalThis as { __greeterGate?: Promise<void> }).__greeterGate = new Promise<void>((resolve) => (open = resolve));
    const inFlight = await t.sim.say(guild.general, owner, '!wave');
    await new Promise((resolve) => setTimeout(resolve, 100)); // the old version's handler is waiting at the gate
    project.write('cogs/greeter/handlers.ts', slow('new version'));
    await t.bot.reloadCog('greeter');
    open();
    expect((await t.sim.waitForMessage({ channelId: guild.general, after: inFlight, from: 'bot' })).content).toBe('old version');
    expect(await say('!wave')).toBe('new version');
    delete (globalThis as { __greeterGate?: Promise<void> }).__greeterGate;
  });

  it('GIVEN a cog created and generated after start WHEN the owner types !load THEN it loads and answers', async () => {
    project.write('cogs/latecomer/cog.yaml', manifest('latecomer', 424243, `  - name: late
    kind: text
    description: Answers late.
`));
    project.write(
      'cogs/latecomer/handlers.ts',
      `import type { LatecomerCog } from '../../generated/cogs/latecomer/index.js';\nexport default { commands: { late: async (ctx) => { await ctx.reply('better late'); } } } satisfies LatecomerCog;\n`,
    );
    await project.generate();
    expect(await say('!load latecomer')).toBe('Loaded: `latecomer`.');
    expect(await say('!late')).toBe('better late');
    expect(t.bot.cogs.names()).toContain('latecomer');
  });
});
