/**
 * Reloads are atomic under traffic: a steady stream of commands from several members runs across 50
 * reloads of the cog that answers them, each reload importing edited code from disk. Every command must be
 * answered exactly once — by the old version or the new one, never by neither, never twice.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GuildHandle, MemberHandle, TestBot } from '../../runtime/testing/index.js';
import { tempProject, type TempProject } from './temp-project.js';

const RELOADS = 50;

const code = (label: number) => `import type { CounterCog } from '../../generated/cogs/counter/index.js';
export default {
  commands: {
    n: async (ctx, { i }) => {
      await ctx.reply(\`n \${i} v${label}\`);
    },
  },
  listeners: { noted: () => undefined },
} satisfies CounterCog;
`;

let project: TempProject;
let t: TestBot;
let guild: GuildHandle;
const members: MemberHandle[] = [];

beforeAll(async () => {
  project = await tempProject({
    files: {
      'cogs/counter/cog.yaml': `name: counter
identifier: 515151
description: Answers numbers.
dataStatement: This cog keeps no data about users.
commands:
  - name: n
    kind: text
    description: Echoes a number.
    options:
      - name: i
        type: integer
        description: The number.
listeners:
  - event: guildMemberAdd
    handler: noted
`,
      'cogs/counter/handlers.ts': code(0),
    },
  });
  const testing = await project.testing();
  t = await testing.startTestBot(await project.host.refresh([]), {
    instance: { cogs: ['counter'] },
    bot: { modules: project.host },
    world: (sim) => {
      guild = sim.createGuild({ name: 'Traffic' });
      for (let i = 0; i < 4; i++) members.push(sim.createMember(guild, { username: `m${i}` }));
    },
  });
}, 120_000);

afterAll(async () => {
  await t?.stop();
  await project?.close();
});

it('GIVEN a stream of commands WHEN the cog is reloaded 50 times with edited code THEN every command is answered exactly once', async () => {
  let sent = 0;
  let streaming = true;
  const stream = (async () => {
    while (streaming) {
      await t.sim.say(guild.general, members[sent % members.length]!, `!n ${sent}`);
      sent++;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  const versions = new Set<number>();
  for (let r = 1; r <= RELOADS; r++) {
    project.write('cogs/counter/handlers.ts', code(r));
    const outcome = await t.bot.reloadCog('counter');
    versions.add(outcome.cog.version);
  }
  streaming = false;
  await stream;
  // Let the last answers arrive.
  const deadline = Date.now() + 10_000;
  const answers = () => t.sim.botMessages(guild.general).map((m) => m.content);
  while (answers().length < sent && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  const numbers = answers().map((a) => Number(/^n (\d+) v\d+$/.exec(a)?.[1]));
  expect(versions.size).toBe(RELOADS);
  expect(sent).toBeGreaterThan(RELOADS);
  expect(numbers).toHaveLength(sent);
  expect(new Set(numbers).size).toBe(sent);
  expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: sent }, (_, i) => i));
  // Answers came from many versions: the reloads really swapped code under the stream.
  const labels = new Set(answers().map((a) => /v(\d+)$/.exec(a)?.[1]));
  expect(labels.size).toBeGreaterThan(RELOADS / 2);
  // One version is left, with one listener; nothing of the old ones stays attached.
  const live = t.bot.cogs.inventory().cogs.find((c) => c.name === 'counter')!;
  expect(live.listeners).toBe(1);
  expect(t.bot.client.listenerCount('guildMemberAdd')).toBe(1);
}, 120_000);
