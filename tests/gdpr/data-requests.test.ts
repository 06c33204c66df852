/**
 * End-user data requests end to end, on the json driver and on PostgreSQL (COGSMITH_TEST_POSTGRES_URL, else
 * PGlite): cogs generated for real from manifests that declare `userData`, the `mydata` cog from this
 * repository, a real Bot and discord.js client against the simulator.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry as repoRegistry } from '../../generated/registry.js';
import type { CogRegistry } from '../../runtime/cogs/module.js';
import { JsonDriver, type Config, type ConfigDriver } from '../../runtime/config/index.js';
import type { ExportResult } from '../../runtime/gdpr/requests.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import type { Simulator } from '../../runtime/testing/simulator.js';
import { cleanupDrivers, makeDriver, testUrl } from '../config/fixtures/pg-env.js';
import { startBot, type Harness } from '../e2e/harness.js';
import { generatedProject, type GeneratedProject } from './project.js';

export const OWNER_ID = '612345678901234567';

let project: GeneratedProject;
let registry: CogRegistry;

beforeAll(async () => {
  project = await generatedProject({ typecheck: true });
  registry = { ...project.registry, mydata: repoRegistry.mydata };
}, 60_000);

afterAll(() => project?.cleanup());

export interface World {
  guild: GuildHandle;
  owner: MemberHandle;
}

/** Starts a bot with the test cogs and mydata on `driver`; the owner is in bot.config.yaml's `owners`. */
export async function start(driver: ConfigDriver | undefined, cogs = ['notes', 'tickets', 'plain', 'mydata']): Promise<{ h: Harness; w: World }> {
  const w = {} as World;
  const h = await startBot(registry, {
    instance: { cogs, owners: [OWNER_ID], ownersFromApplication: false },
    world: (sim) => {
      w.guild = sim.createGuild({});
      sim.state.addUser({ username: 'owner', id: OWNER_ID });
      w.owner = sim.createMember(w.guild, { username: 'owner', user: OWNER_ID });
    },
    ...(driver ? { bot: { driver } } : {}),
  });
  return { h, w };
}

function configOf(h: Harness, cog: string): Config {
  return h.bot.cogs.get(cog)!.handle.config as Config;
}

/** Gives a member data in every scope of both test cogs: through the `remember` command, and directly. */
export async function seed(h: Harness, w: World, member: MemberHandle, other: MemberHandle): Promise<void> {
  await h.sim.say(w.guild.general, member, `!remember likes tea, says ${member.username}`);
  expect((await h.sim.waitForMessage()).content).toBe('Noted.');
  const notes = configOf(h, 'notes');
  await notes.custom('VOTES', member.id, 'poll-1').choice.set(`yes from ${member.username}`);
  await notes.custom('REACTIONS', `m-${member.username}`, member.id).emoji.set('👍');
  // The same message reacted to by someone else: that document is not this member's.
  await notes.custom('REACTIONS', `m-${member.username}`, other.id).emoji.set('👎');
  const tickets = configOf(h, 'tickets');
  await tickets.custom('TICKETS', w.guild.id, `t-${member.username}`).set({ opener: member.id, meta: { handledBy: other.id }, text: `help ${member.username}` });
}

async function exportOf(h: Harness, userId: string): Promise<ExportResult> {
  return h.bot.dataRequests.exportForUser(userId);
}

/** The prompt's token: "type `ABCD2345` here". */
function tokenIn(message: APIMessage): string {
  const token = /`([A-Z2-9]{8})`/.exec(message.content)?.[1];
  if (!token) throw new Error(`no token in: ${message.content}`);
  return token;
}

/** Runs `!mydata forgetme` as `member` and confirms with the token; resolves with the bot's summary. */
export async function forgetByText(sim: Simulator, w: World, member: MemberHandle): Promise<string> {
  await sim.say(w.guild.general, member, '!mydata forgetme');
  const prompt = await sim.waitForMessage();
  await sim.say(w.guild.general, member, tokenIn(prompt));
  return (await sim.waitForMessage()).content;
}

/** The file the bot uploaded in the latest request that carried one, parsed as JSON. */
function lastUploadedJson(sim: Simulator, after: number): unknown {
  const request = [...sim.requests].reverse().find((r) => r.time >= after && r.files.length > 0);
  if (!request) throw new Error('the bot uploaded no file');
  return JSON.parse(request.files[0]!.data.toString('utf8'));
}

const drivers: [string, () => Promise<{ driver: ConfigDriver; close(): Promise<void> }>][] = [
  [
    'json',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'cogsmith-gdpr-json-'));
      const driver = new JsonDriver({ path: dir });
      return { driver, close: async () => (await driver.close(), rmSync(dir, { recursive: true, force: true })) };
    },
  ],
  [testUrl ? 'postgres (PostgreSQL)' : 'postgres (PGlite)', async () => ({ driver: makeDriver(), close: cleanupDrivers })],
];

describe.each(drivers)('data requests on the %s driver', (_name, makeStorage) => {
  let h: Harness;
  let w: World;
  let storage: { driver: ConfigDriver; close(): Promise<void> };
  let alice: MemberHandle;
  let bob: MemberHandle;

  beforeAll(async () => {
    storage = await makeStorage();
    ({ h, w } = await start(storage.driver));
    alice = h.sim.createMember(w.guild, { username: 'alice' });
    bob = h.sim.createMember(w.guild, { username: 'bob' });
    await seed(h, w, alice, bob);
    await seed(h, w, bob, alice);
    await configOf(h, 'notes').guildFromId(w.guild.id).greeting.set('Welcome!');
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await storage?.close();
  });

  it('GIVEN a user with data in every declared scope WHEN they run getmydata by slash THEN the attached JSON is exactly their data', async () => {
    const since = Date.now();
    const interaction = await h.sim.runSlash(w.guild.general, alice, 'mydata getmydata');
    const reply = await h.sim.waitForInteractionResponse(interaction);
    expect(reply.ephemeral).toBe(true);
    const file = lastUploadedJson(h.sim, since) as ExportResult;
    expect(file.userId).toBe(alice.id);
    expect(file.cogs).toEqual({
      notes: {
        declared: {
          user: { notes: ['likes tea, says alice'] },
          member: { [w.guild.id]: { warnings: 1 } },
          'VOTES.voterId': [{ keys: { voterId: alice.id, pollId: 'poll-1' }, document: { choice: 'yes from alice' } }],
          'REACTIONS.reactorId': [
            { keys: { messageId: 'm-alice', reactorId: alice.id }, document: { emoji: '👍' } },
            { keys: { messageId: 'm-bob', reactorId: alice.id }, document: { emoji: '👎' } },
          ],
        },
        own: 'last note: likes tea, says alice',
      },
      tickets: {
        declared: { 'TICKETS.opener': [{ keys: { guildId: w.guild.id, ticketId: 't-alice' }, document: { opener: alice.id, meta: { handledBy: bob.id }, text: 'help alice' } }] },
      },
      mydata: { own: { lastDeletionRequest: null } },
    });
    expect(file.notHandled).toEqual(['plain']);
    expect(file.failed).toEqual([]);
  });

  it('GIVEN text getmydata THEN the file goes to the user\'s DMs, never to the channel', async () => {
    const since = Date.now();
    await h.sim.say(w.guild.general, bob, '!mydata getmydata');
    expect((await h.sim.waitForMessage({ channelId: w.guild.general })).content).toBe('I sent your data to your direct messages.');
    const upload = [...h.sim.requests].reverse().find((r) => r.time >= since && r.files.length > 0)!;
    expect(upload.path).not.toContain(w.guild.general.id);
    const file = lastUploadedJson(h.sim, since) as ExportResult;
    expect(file.userId).toBe(bob.id);
    expect(JSON.stringify(file.cogs)).not.toContain('likes tea, says alice');
  });

  it('GIVEN two users WHEN one confirms forgetme THEN their data is gone from every scope of every loaded cog and the other\'s export is byte-identical', async () => {
    const bobBefore = JSON.stringify((await exportOf(h, bob.id)).cogs);
    const summary = await forgetByText(h.sim, w, alice);
    expect(summary).toContain('Deleted your data from 3 cog(s): notes, tickets, mydata.');
    expect(summary).toContain('These cogs do not handle data requests: plain.');

    const after = await exportOf(h, alice.id);
    expect(after.cogs.notes).toEqual({ declared: { user: null, member: {}, 'VOTES.voterId': [], 'REACTIONS.reactorId': [] }, own: null });
    expect(after.cogs.tickets).toEqual({ declared: { 'TICKETS.opener': [] } });
    // The default strictness is user_strict: mydata keeps only its anti-abuse timestamp.
    expect(typeof (after.cogs.mydata!.own as { lastDeletionRequest: unknown }).lastDeletionRequest).toBe('number');

    expect(JSON.stringify((await exportOf(h, bob.id)).cogs)).toBe(bobBefore);
    // Data that is not about alice stays, even where it names her (bob's ticket handled by her).
    expect(await configOf(h, 'notes').guildFromId(w.guild.id).greeting()).toBe('Welcome!');
    expect(await configOf(h, 'tickets').custom('TICKETS', w.guild.id, 't-bob').meta.handledBy()).toBe(alice.id);
    // And it is really gone from storage, not only hidden: a fresh read from the driver finds nothing.
    const ns = configOf(h, 'notes').namespace;
    expect(await storage.driver.get(ns, { scope: 'USER', keyCount: 1, primaryKeys: [alice.id], path: [] })).toBeUndefined();
    expect(await storage.driver.get(ns, { scope: 'USER', keyCount: 1, primaryKeys: [bob.id], path: [] })).toEqual({ notes: ['likes tea, says bob'] });
  });
});
