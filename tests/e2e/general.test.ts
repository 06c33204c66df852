/**
 * The real `general` cog, loaded from generated/registry.ts, end to end through the Bot and the simulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../generated/registry.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { startBot, type Harness } from './harness.js';

let h: Harness;
let guild: GuildHandle;
let alice: MemberHandle;

beforeAll(async () => {
  h = await startBot(registry, {
    instance: { cogs: ['general'] },
    world: (sim) => {
      guild = sim.createGuild({ botPermissions: ['MentionEveryone'] });
      alice = sim.createMember(guild, { username: 'alice', nick: 'Ally' });
    },
  });
});

afterAll(async () => {
  await h?.stop();
});

describe('general cog', () => {
  it('is loaded from the generated registry and its slash commands are registered in one bulk overwrite', () => {
    expect(h.bot.cogs.names()).toEqual(['general']);
    expect(h.bot.failedCogs.size).toBe(0);
    const puts = h.sim.requests.filter((r) => r.route === 'PUT /applications/:id/commands');
    expect(puts).toHaveLength(1);
    expect(puts[0]!.body).toEqual(registry.general.spec.slashCommands);
  });

  it('!ping and /ping answer alike', async () => {
    await h.sim.say(guild.general, alice, '!ping');
    const text = (await h.sim.waitForMessage()).content;
    const interaction = await h.sim.runSlash(guild.general, alice, 'ping');
    const slash = (await h.sim.waitForInteractionResponse(interaction)).content;
    expect(text).toMatch(/^Pong!/);
    expect(slash).toMatch(/^Pong!/);
  });

  it('echo repeats the text, quotes and all, and pings nobody', async () => {
    await h.sim.say(guild.general, alice, `!echo @everyone "hi" ${alice.mention}`);
    const reply = await h.sim.waitForMessage();
    expect(reply.content).toBe(`@everyone "hi" ${alice.mention}`);
    expect(reply.mention_everyone).toBe(false);
    expect(reply.mentions).toEqual([]);
  });

  it('hello greets a member given by name, or the author', async () => {
    await h.sim.say(guild.general, alice, '!hello');
    expect((await h.sim.waitForMessage()).content).toBe('Hello, Ally!');
    const bob = h.sim.createMember(guild, { username: 'bob' });
    await h.sim.say(guild.general, alice, '!hello bob');
    expect((await h.sim.waitForMessage()).content).toBe('Hello, bob!');
    const interaction = await h.sim.runSlash(guild.general, alice, 'hello', { member: bob });
    expect((await h.sim.waitForInteractionResponse(interaction)).content).toBe('Hello, bob!');
  });

  it('a bad member gets the message with usage', async () => {
    await h.sim.say(guild.general, alice, '!hello nobody');
    expect((await h.sim.waitForMessage()).content).toBe(
      '`member` must be a member of this server (a mention, an id or a name); no member matches `nobody`.\nUsage: `!hello [member]`',
    );
  });
});
