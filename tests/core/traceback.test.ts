/**
 * The owner's `traceback` end to end (a real Bot and discord.js client against the simulator, the generated
 * core and general cogs): a token and database password in an error's message are never shown, by text
 * (the DM) or slash, nor logged; a member repeating over-long input or producing many errors cannot push
 * other errors out of the history.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../generated/registry.js';
import { registeredSecrets } from '../../runtime/logging/redact.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { cogFromManifests } from '../e2e/fixtures/commands-cogs.js';
import { startBot, type Harness } from '../e2e/harness.js';

const OWNER = '512345678901234567';
const PASSWORD = 'sw0rdfish-42-hunter';
const DATABASE_URL = `postgres://cogsmith:${PASSWORD}@db.internal:5432/bot`;
let h: Harness;
let guild: GuildHandle;
let owner: MemberHandle;
let alice: MemberHandle;
let mallory: MemberHandle;

/** A cog whose commands fail: with the bot's secrets in the message, and with the user's input. */
const leaky = cogFromManifests(
  'leaky',
  90,
  'Fails on purpose.',
  [
    { name: 'leak', kind: 'hybrid', description: 'Fails with the secrets in the message.' },
    { name: 'fail', kind: 'text', description: 'Fails naming the input.', options: [{ name: 'thing', type: 'string', description: 'What to look for.' }] },
    { name: 'quote', kind: 'text', description: 'Quotes the text back, signed.', options: [{ name: 'text', type: 'string', description: 'What to quote.', rest: true }] },
  ],
  {
    commands: {
      leak: (ctx) => {
        throw new Error(`cannot reach ${DATABASE_URL}: the token ${ctx.client.token} was refused`);
      },
      fail: (_ctx, { thing }: { thing: string }) => {
        throw new Error(`no such thing: ${thing}`);
      },
      // Longer than what was said: a message near Discord's limit makes an answer Discord refuses.
      quote: (ctx, { text }: { text: string }) => ctx.reply(`> ${text}\n— ${ctx.author.username}`),
    },
  },
);

beforeAll(async () => {
  h = await startBot(
    { core: registry.core, general: registry.general, ...leaky },
    {
      // The database URL the running bot knows (its storage here is in memory): registered as a secret.
      instance: { cogs: ['core', 'general', 'leaky'], owners: [OWNER], storage: { driver: 'memory', url: DATABASE_URL } },
      world: (sim) => {
        guild = sim.createGuild({ name: 'Guild One' });
        sim.state.addUser({ username: 'owner', id: OWNER });
        owner = sim.createMember(guild, { username: 'owner', user: OWNER });
        alice = sim.createMember(guild, { username: 'alice' });
        mallory = sim.createMember(guild, { username: 'mallory' });
      },
    },
  );
});

afterAll(async () => {
  await h?.stop();
});

async function say(who: MemberHandle, text: string): Promise<string> {
  await h.sim.say(guild.general, who, text);
  return (await h.sim.waitForMessage({ channelId: guild.general })).content;
}

/** Runs a failing command and returns the error id the user was shown. */
async function failingId(who: MemberHandle, text: string): Promise<string> {
  const reply = await say(who, text);
  const id = /error id `([0-9a-f]{8})`/.exec(reply)?.[1];
  expect(id, reply).toBeDefined();
  return id!;
}

/** The owner's `!traceback <id>`: the DM it sends. */
async function tracebackByText(id: string): Promise<string> {
  expect(await say(owner, `!traceback ${id}`)).toBe('I sent you the traceback in a direct message.');
  const dm = h.sim.state.dmChannel(OWNER);
  return (await h.sim.waitForMessage({ channelId: dm.id, after: null, predicate: (m) => m.content.includes(id) })).content;
}

async function tracebackBySlash(id: string): Promise<string> {
  const interaction = await h.sim.runSlash(guild.general, owner, 'traceback', { id });
  const answer = await h.sim.waitForInteractionResponse(interaction);
  expect(answer.ephemeral).toBe(true);
  return answer.content ?? '';
}

/** Everything the bot logged, as text (messages, and the messages and stacks of logged errors). */
function loggedText(): string {
  return h.logs
    .flatMap((r) => [r.message, ...Object.values(r.extra ?? {}).map((v) => (v instanceof Error ? `${v.message}\n${v.stack}` : JSON.stringify(v) ?? ''))])
    .join('\n');
}

describe('traceback shows no secrets', () => {
  it('GIVEN an error whose message has the token and the database password THEN text, slash and the log show them redacted', async () => {
    const token = h.sim.token;
    expect(registeredSecrets()).toContain(PASSWORD);
    const id = await failingId(alice, '!leak');
    for (const shown of [await tracebackByText(id), await tracebackBySlash(id)]) {
      expect(shown).toContain(`Error \`${id}\` in command leak`);
      expect(shown).toContain('Error: cannot reach postgres://cogsmith:[redacted]@db.internal:5432/bot: the token [redacted] was refused');
      expect(shown).not.toContain(token);
      expect(shown).not.toContain(PASSWORD);
    }
    const logged = loggedText();
    expect(logged).toContain(`Error in command leak (error id ${id})`);
    expect(logged).toContain('the token [redacted] was refused');
    expect(logged).not.toContain(token);
    expect(logged).not.toContain(PASSWORD);
  });
});

describe('members cannot flush the error history', () => {
  it('GIVEN a real error, then a member repeating over-long input 60 times THEN one entry counts the repeats and the real error stays', async () => {
    const real = await failingId(alice, '!leak');
    const long = `!quote ${'a'.repeat(1990)}`; // the signed quote is over Discord's 2000 characters: it cannot be sent
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push(await failingId(mallory, long));
    const echoes = h.bot.errors.recent().filter((r) => r.where === 'command quote');
    expect(echoes).toHaveLength(1);
    expect(echoes[0]).toMatchObject({ id: ids.at(-1), count: 60, source: { userId: mallory.id, guildId: guild.id } });
    const shown = await tracebackByText(ids[30]!);
    expect(shown).toMatch(/Error `[0-9a-f]{8}` in command quote at <t:\d+:f> \(60 times since <t:\d+:f>, last <t:\d+:R>\)/);
    expect(shown).toContain('Must be 2000 or fewer in length');
    expect(await tracebackBySlash(real)).toContain('Error: cannot reach postgres://cogsmith:[redacted]@');
  });

  it('GIVEN a member producing many distinct errors THEN they keep only their share and the real error stays', async () => {
    const real = await failingId(alice, '!leak');
    const words = ['apple', 'pear', 'plum', 'fig', 'kiwi', 'lime', 'date', 'sloe', 'quince', 'yuzu', 'guava', 'mango'];
    const ids: string[] = [];
    for (const word of words) ids.push(await failingId(mallory, `!fail ${word}`));
    const kept = h.bot.errors.recent();
    expect(kept.filter((r) => r.source?.userId === mallory.id)).toHaveLength(h.bot.errors.perUser);
    expect(h.bot.errors.get(ids.at(-1)!)).toMatchObject({ where: 'command fail' });
    expect(h.bot.errors.get(ids[0]!)).toBeUndefined();
    expect(await tracebackByText(real)).toContain('in command leak');
    expect(await say(owner, `!traceback ${ids[0]}`)).toBe(`No recent error has the id \`${ids[0]}\`.`);
  });
});
