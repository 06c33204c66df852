/**
 * No leak: 200 reloads, each importing edited code from disk under the Vite module host, of a cog with
 * listeners, tasks and run-time commands leave nothing behind — the same listeners on the client and on the
 * runtime's events, the same timers, tasks and commands, one Config per namespace, and the module runner
 * holding the same number of modules as after the first load. (The heap figures are bench/reload's.)
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GuildHandle, ManualClock, MemberHandle, TestBot } from '../../runtime/testing/index.js';
import { LEAKY_MANIFEST, leakyHandlers } from './fixtures/leaky-cog.js';
import { tempProject, type TempProject } from './temp-project.js';

const RELOADS = 200;
let project: TempProject;
let t: TestBot;
let clock: ManualClock;
let guild: GuildHandle;
let member: MemberHandle;

beforeAll(async () => {
  project = await tempProject({ files: { 'cogs/leaky/cog.yaml': LEAKY_MANIFEST, 'cogs/leaky/handlers.ts': leakyHandlers(0) } });
  const testing = await project.testing();
  clock = new testing.ManualClock();
  t = await testing.startTestBot(await project.host.refresh([]), { bot: { modules: project.host, clock }, world: (sim) => {
    guild = sim.createGuild({ name: 'Leaks' });
    member = sim.createMember(guild, { username: 'checker' });
  } });
}, 120_000);

afterAll(async () => {
  await t?.stop();
  await project?.close();
});

/** Everything a reload could leave behind, counted. */
function leftovers() {
  const inventory = t.bot.cogs.inventory();
  const cog = inventory.cogs.find((c) => c.name === 'leaky')!;
  return {
    versions: inventory.cogs.filter((c) => c.name === 'leaky').length,
    cogListeners: cog.listeners,
    clientListeners: inventory.clientListeners,
    runtimeListeners: inventory.runtimeListeners,
    tasks: cog.tasks.map((task) => task.name),
    runningTasks: cog.tasks.filter((task) => task.running).length,
    clockTimers: clock.timers,
    dynamicCommands: cog.dynamicCommands,
    indexedCommands: [...t.bot.commands.cogs().get('leaky')!].map((c) => c.name).sort(),
    configNamespaces: inventory.configNamespaces,
    runnerModules: project.host.liveModules(),
  };
}

it(`GIVEN a cog with listeners, tasks and run-time commands WHEN it is reloaded ${RELOADS} times with edited code THEN nothing is left behind`, async () => {
  await clock.advance(0);
  const before = leftovers();
  expect(before).toMatchObject({ versions: 1, cogListeners: 2, tasks: ['tick', 'warm'], runningTasks: 0, dynamicCommands: ['lk1', 'lk2', 'lk3'] });
  expect(before.indexedCommands).toEqual(['leak', 'lk1', 'lk2', 'lk3']);
  expect(before.clockTimers).toBeGreaterThanOrEqual(1);
  for (let i = 1; i <= RELOADS; i++) {
    project.write('cogs/leaky/handlers.ts', leakyHandlers(i));
    await t.bot.reloadCog('leaky');
    if (i % 50 === 0) await clock.advance(60_000); // let the periodic task run now and then
  }
  await clock.advance(0);
  const after = leftovers();
  expect(after).toEqual(before);
  expect(t.bot.cogs.get('leaky')!.version).toBe(RELOADS + 1);
  // The run-time commands answer with the last version's code.
  await t.sim.say(guild.general, member, '!lk2');
  expect((await t.sim.waitForMessage()).content).toBe(`lk2 v${RELOADS}`);
}, 300_000);
