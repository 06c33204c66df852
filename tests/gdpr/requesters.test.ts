/**
 * The `mydata` commands and the meaning of each requester kind, end to end (memory driver): who asks
 * decides the kind, the kind decides what a cog's own handler keeps, and owner commands stay owner-only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry as repoRegistry } from '../../generated/registry.js';
import type { LoadedCog } from '../../runtime/cogs/module.js';
import type { CogRegistry } from '../../runtime/cogs/module.js';
import type { Config } from '../../runtime/config/index.js';
import { DataRequestError, DataRequests, REQUESTER_KINDS } from '../../runtime/gdpr/requests.js';
import { createLogger } from '../../runtime/logging.js';
import type { MemberHandle } from '../../runtime/testing/handles.js';
import type { Harness } from '../e2e/harness.js';
import { startBot } from '../e2e/harness.js';
import { generatedProject, type GeneratedProject } from './project.js';

const OWNER_ID = '712345678901234567';
let project: GeneratedProject;
let h: Harness;
let guild: import('../../runtime/testing/handles.js').GuildHandle;
let owner: MemberHandle;
let n = 0;

beforeAll(async () => {
  project = await generatedProject();
  const registry: CogRegistry = { ...project.registry, mydata: repoRegistry.mydata };
  h = await startBot(registry, {
    instance: { cogs: ['notes', 'tickets', 'plain', 'broken', 'mydata'], owners: [OWNER_ID], ownersFromApplication: false },
    world: (sim) => {
      guild = sim.createGuild({});
      sim.state.addUser({ username: 'owner', id: OWNER_ID });
      owner = sim.createMember(guild, { username: 'owner', user: OWNER_ID });
    },
  });
}, 60_000);

afterAll(async () => {
  await h?.stop();
  project?.cleanup();
});

/** A new member with a note (notes cog) and data kept "elsewhere". */
async function member(): Promise<MemberHandle> {
  const m = h.sim.createMember(guild, { username: `user${++n}` });
  await h.sim.say(guild.general, m, '!remember a secret');
  expect((await h.sim.waitForMessage()).content).toBe('Noted.');
  return m;
}

async function say(who: MemberHandle, text: string): Promise<string> {
  await h.sim.say(guild.general, who, text);
  return (await h.sim.waitForMessage()).content;
}

/** `!mydata forgetme`, then the token typed back; resolves with the summary. */
async function forget(who: MemberHandle): Promise<string> {
  const prompt = await say(who, '!mydata forgetme');
  const token = /`([A-Z2-9]{8})`/.exec(prompt)?.[1];
  if (!token) throw new Error(`no token in: ${prompt}`);
  return say(who, token);
}

const mydataConfig = () => h.bot.cogs.get('mydata')!.handle.config as Config;
const lastRequest = (id: string) => project.notes.requestsSeen.filter((r) => r.userId === id).at(-1)?.requester;

describe('requester kinds', () => {
  it('GIVEN strict user requests (the default) WHEN a user confirms forgetme THEN cogs get user_strict and delete even what they need to work', async () => {
    const m = await member();
    const summary = await forget(m);
    expect(lastRequest(m.id)).toBe('user_strict');
    expect(project.notes.elsewhere.has(m.id)).toBe(false);
    // Anti-abuse data is kept on user requests: mydata's own timestamp stays.
    expect(await mydataConfig().userFromId(m.id).lastDeletionRequest()).toEqual(expect.any(Number));
    expect(summary).toContain('These cogs failed and may still hold data: broken.');
    expect(summary).toContain('These cogs do not handle data requests: plain.');
  });

  it('GIVEN non-strict user requests WHEN a user confirms forgetme THEN cogs get user and may keep what they need to work', async () => {
    expect(await say(owner, '!mydata ownermanagement strictness false')).toMatch(/now not strict \(`user`\)/);
    try {
      const m = await member();
      await forget(m);
      expect(lastRequest(m.id)).toBe('user');
      expect(project.notes.elsewhere.get(m.id)).toBe('last note: a secret');
      expect((await h.bot.dataRequests.exportForUser(m.id)).cogs.notes!.declared).toMatchObject({ user: null, member: {} });
    } finally {
      expect(await say(owner, '!mydata ownermanagement strictness true')).toMatch(/now strict/);
    }
  });

  it('GIVEN an owner request THEN cogs get owner and the anti-abuse timestamp goes too', async () => {
    const m = await member();
    await forget(m);
    expect(await mydataConfig().userFromId(m.id).lastDeletionRequest()).not.toBeNull();
    const summary = await say(owner, `!mydata ownermanagement deleteforuser ${m.id}`);
    expect(summary).toContain(`Deleted user ${m.id}'s data from 3 cog(s): notes, tickets, mydata.`);
    expect(lastRequest(m.id)).toBe('owner');
    expect(await mydataConfig().userFromId(m.id).lastDeletionRequest()).toBeNull();
  });

  it('GIVEN a Discord deletion request for an account in no guild THEN cogs get discord_deleted_user and every trace of the id goes', async () => {
    const deletedId = '812345678901234567';
    const notes = h.bot.cogs.get('notes')!.handle.config as Config;
    await notes.userFromId(deletedId).notes.set(['left behind']);
    await mydataConfig().userFromId(deletedId).lastDeletionRequest.set(1);
    project.notes.elsewhere.set(deletedId, 'kept elsewhere');
    const interaction = await h.sim.runSlash(guild.general, owner, 'mydata ownermanagement processdiscordrequest', { userid: deletedId });
    const reply = await h.sim.waitForInteractionResponse(interaction);
    expect(reply.content).toContain(`Deleted user ${deletedId}'s data`);
    expect(lastRequest(deletedId)).toBe('discord_deleted_user');
    const after = await h.bot.dataRequests.exportForUser(deletedId);
    expect(after.cogs.notes).toEqual({ declared: { user: null, member: {}, 'VOTES.voterId': [], 'REACTIONS.reactorId': [] }, own: null });
    expect(after.cogs.mydata).toEqual({ own: { lastDeletionRequest: null } });
  });

  it('GIVEN a bad id or requester THEN the request is refused with what was wrong', async () => {
    expect(await say(owner, '!mydata ownermanagement deleteforuser bob')).toBe('`bob` is not a user id (15 to 21 digits).');
    await expect(h.bot.dataRequests.deleteForUser('12', 'owner')).rejects.toThrow(DataRequestError);
    await expect(h.bot.dataRequests.deleteForUser(owner.id, 'admin' as never)).rejects.toThrow(/Unknown requester kind "admin"/);
    expect(REQUESTER_KINDS).toEqual(['discord_deleted_user', 'owner', 'user_strict', 'user']);
  });
});

describe('forgetme', () => {
  it('GIVEN a wrong confirmation THEN nothing is deleted', async () => {
    const m = await member();
    expect(await say(m, '!mydata forgetme')).toMatch(/type `[A-Z2-9]{8}` here within 60 seconds/);
    expect(await say(m, 'WRONG123')).toBe('Cancelled: that was not the confirmation token. Nothing was deleted.');
    expect(project.notes.elsewhere.has(m.id)).toBe(true);
    expect((await h.bot.dataRequests.exportForUser(m.id)).cogs.notes!.declared).toMatchObject({ user: { notes: ['a secret'] } });
  });

  it('GIVEN a completed deletion WHEN the user asks again the same day THEN they are told when they can', async () => {
    const m = await member();
    await forget(m);
    expect(await say(m, '!mydata forgetme')).toMatch(/^Your data was deleted on request recently\. You can ask again <t:\d+:R>\.$/);
  });

  it('GIVEN slash WHEN run without a token THEN it gives one; a wrong token is refused; the right one deletes', async () => {
    const m = await member();
    const first = await h.sim.waitForInteractionResponse(await h.sim.runSlash(guild.general, m, 'mydata forgetme'));
    expect(first.ephemeral).toBe(true);
    const token = /token:([A-Z2-9]{8})/.exec(first.content)?.[1];
    expect(token).toBeDefined();
    const wrong = await h.sim.waitForInteractionResponse(await h.sim.runSlash(guild.general, m, 'mydata forgetme', { token: 'AAAAAAAA' }));
    expect(wrong.content).toMatch(/wrong or has expired/);
    // A wrong try uses the token up: ask for a new one.
    const again = await h.sim.waitForInteractionResponse(await h.sim.runSlash(guild.general, m, 'mydata forgetme'));
    const token2 = /token:([A-Z2-9]{8})/.exec(again.content)![1]!;
    const done = await h.sim.waitForInteractionResponse(await h.sim.runSlash(guild.general, m, 'mydata forgetme', { token: token2.toLowerCase() }));
    expect(done.content).toContain('Deleted your data from 3 cog(s)');
    expect(project.notes.elsewhere.has(m.id)).toBe(false);
  });

  it('GIVEN a short confirmation time WHEN the user does not answer in time THEN it is cancelled; an expired slash token is refused', async () => {
    await mydataConfig().global.getAttr('confirmSeconds').set(1);
    try {
      const m = await member();
      await h.sim.say(guild.general, m, '!mydata forgetme');
      const prompt = await h.sim.waitForMessage();
      expect(prompt.content).toMatch(/type `[A-Z2-9]{8}` here within 1 second\.$/);
      // No answer: the cancellation comes by itself once the second is up.
      expect((await h.sim.waitForMessage({ after: prompt, timeoutMs: 5000 })).content).toBe('Cancelled: no confirmation within 1 second. Nothing was deleted.');
      expect(project.notes.elsewhere.has(m.id)).toBe(true);
      const first = await h.sim.waitForInteractionResponse(await h.sim.runSlash(guild.general, m, 'mydata forgetme'));
      const token = /token:([A-Z2-9]{8})/.exec(first.content)![1]!;
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const late = await h.sim.waitForInteractionResponse(await h.sim.runSlash(guild.general, m, 'mydata forgetme', { token }));
      expect(late.content).toMatch(/wrong or has expired/);
      expect(project.notes.elsewhere.has(m.id)).toBe(true);
    } finally {
      await mydataConfig().global.getAttr('confirmSeconds').clear();
    }
  });

  it('GIVEN the owner disallows user requests THEN forgetme is refused until allowed again', async () => {
    expect(await say(owner, '!mydata ownermanagement disallowuserrequests')).toMatch(/can no longer delete/);
    const m = await member();
    expect(await say(m, '!mydata forgetme')).toMatch(/^The bot owner has turned off data deletion requests/);
    expect(project.notes.elsewhere.has(m.id)).toBe(true);
    expect(await say(owner, '!mydata ownermanagement allowuserrequests')).toMatch(/can now delete/);
    expect(await forget(m)).toContain('Deleted your data');
  });
});

describe('statements and owner-only commands', () => {
  it('GIVEN whatdata THEN each loaded cog\'s statement; GIVEN 3rdparty THEN every cog\'s, loaded or not, as a file', async () => {
    const m = await member();
    const what = await say(m, '!mydata whatdata');
    expect(what).toContain('**notes**: Keeps the notes you write');
    expect(what).toContain('**mydata**: This cog keeps the time of your last data deletion request');
    const since = Date.now();
    await h.sim.say(guild.general, m, '!mydata 3rdparty');
    expect((await h.sim.waitForMessage()).content).toMatch(/statements of all 5 cog\(s\)/);
    const upload = [...h.sim.requests].reverse().find((r) => r.time >= since && r.files.length > 0)!;
    const text = upload.files[0]!.data.toString('utf8');
    for (const cog of ['broken', 'mydata', 'notes', 'plain', 'tickets']) expect(text).toContain(`${cog}\n`);
  });

  it('GIVEN a non-owner THEN every ownermanagement command is refused, by text and by slash, and changes nothing', async () => {
    const m = await member();
    for (const sub of ['allowuserrequests', 'disallowuserrequests', 'strictness false', `deleteforuser ${owner.id}`, `processdiscordrequest ${owner.id}`]) {
      const name = sub.split(' ')[0]!;
      expect(await say(m, `!mydata ownermanagement ${sub}`)).toBe(`You need to be a bot owner to use \`mydata ownermanagement ${name}\`.`);
    }
    const slash = await h.sim.waitForInteractionResponse(await h.sim.runSlash(guild.general, m, 'mydata ownermanagement deleteforuser', { userid: m.id }));
    expect(slash.content).toBe('You need to be a bot owner to use `mydata ownermanagement deleteforuser`.');
    expect(lastRequest(m.id)).toBeUndefined();
    expect(await h.bot.dataRequests.allowUserRequests()).toBe(true);
    expect(await h.bot.dataRequests.userRequestsAreStrict()).toBe(true);
  });
});

describe('DataRequests', () => {
  it('GIVEN two cogs that each wait for the other to start THEN both finish: every cog is asked at once', async () => {
    let started = 0;
    let release!: () => void;
    const bothStarted = new Promise<void>((resolve) => (release = resolve));
    const cog = (name: string): LoadedCog =>
      ({
        name,
        spec: { name, dataStatement: 'x' },
        handle: { name, config: undefined },
        implementation: {
          commands: {},
          async onDeleteUserData() {
            if (++started === 2) release();
            await bothStarted; // asked one after the other, the first would wait forever
          },
        },
      }) as unknown as LoadedCog;
    const requests = new DataRequests({ loaded: () => [cog('a'), cog('b')], registry: () => ({}), settings: () => undefined as never, logger: createLogger('t', { sink: () => undefined }) });
    const result = await requests.deleteForUser('912345678901234567', 'owner');
    expect(result).toEqual({ userId: '912345678901234567', requester: 'owner', deleted: ['a', 'b'], failed: [], notHandled: [] });
  });
});
