/**
 * Button presses are routed by custom id through the dispatcher to the bot's component router (the real
 * discord.js client against the simulator): a press that arrives before the bot's own send has returned is
 * answered; buttons of a bot that restarted, or of a session that is gone, answer "These buttons have
 * expired." privately; a cog's own handlers (registered through the runtime with its version's signal) go
 * with that version, are taken over by a reload, and keep working across a restart when their custom ids
 * carry their state; a failing handler is logged with an error id and never escapes.
 */
import { ButtonStyle, ComponentType, MessageFlags, type APIActionRowComponent, type APIButtonComponent, type APIMessage } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CogHandle, CogImplementation, CogRegistry } from '../../runtime/cogs/module.js';
import { EXPIRED } from '../../runtime/context/components/router.js';
import type { ComponentSession } from '../../runtime/context/components/session.js';
import type { Context, Pagination } from '../../runtime/context/types.js';
import { servicesOf } from '../../runtime/services.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import type { SimInteraction } from '../../runtime/testing/interactions.js';
import { manifestCog, type Handlers } from './fixtures/manifest-cog.js';
import { startBot, type Harness } from './harness.js';

const button = (custom_id: string, label: string): APIActionRowComponent<APIButtonComponent> => ({
  type: ComponentType.ActionRow,
  components: [{ type: ComponentType.Button, style: ButtonStyle.Primary, custom_id, label }],
});
const components = (ctx: Context) => servicesOf(ctx.client).components;

/** Presses of `demo:ask` sessions, in order, as `<session>:<action>`. */
const asked: string[] = [];
let lastAsk: ComponentSession | undefined;
let lastPages: Pagination | undefined;
/** How many times the demo cog's onLoad ran (each version registers its handlers anew). */
let loads = 0;

const handlers: Handlers = {
  pages: async (ctx) => void (lastPages = await ctx.paginate(['one', 'two', 'three'], { timeoutMs: 60_000 })),
  // Stateless: the count travels in the custom id, so the button works after a restart.
  counter: (ctx) => ctx.reply({ content: 'count 0', components: [button('demo:count:0', '+1')] }),
  // A session of the cog's own, short-lived; nothing removes its button when it ends.
  ask: async (ctx) => {
    const session = (lastAsk = components(ctx).open({
      namespace: 'demo:ask',
      userId: ctx.author.id,
      timeoutMs: 150,
      onPress: async (press, s) => {
        asked.push(`${s.id}:${press.args.join(':')}`);
        await press.interaction.reply({ content: `you said ${press.args[0]}`, flags: MessageFlags.Ephemeral });
      },
    }));
    await ctx.reply({ content: 'Sure?', components: [button(session.customId('yes'), 'Yes')] });
  },
  boom: (ctx) => ctx.reply({ content: 'careful', components: [button('demo:boom', 'Boom')] }),
  quiet: (ctx) => ctx.reply({ content: 'silent', components: [button('demo:quiet', 'Quiet')] }),
  stray: (ctx) => ctx.reply({ content: 'stray', components: [button('nobody:knows:this', 'Stray')] }),
  which: (ctx) => ctx.reply({ content: 'which version?', components: [button('demo:version', 'Version')] }),
};

/** The demo cog: the manifest commands above, plus handlers it registers through the runtime on load. */
function demoRegistry(): CogRegistry {
  const base = manifestCog(
    'demo',
    9301,
    Object.keys(handlers).map((name) => ({ name, kind: 'hybrid' as const, description: name })),
    handlers,
  );
  const implementation: CogImplementation<Handlers> = {
    commands: handlers,
    onLoad(cog: CogHandle) {
      // Registered with the version's signal: they go when this version is torn down (unload, reload, stop).
      const router = servicesOf(cog.client).components;
      const version = ++loads;
      const options = { signal: cog.signal };
      router.register(
        'demo:count',
        async ({ interaction, args }) => {
          const next = Number(args[0]) + 1;
          await interaction.update({ content: `count ${next}`, components: [button(`demo:count:${next}`, '+1')] });
        },
        options,
      );
      router.register('demo:version', ({ interaction }) => interaction.reply({ content: `version ${version}`, flags: MessageFlags.Ephemeral }), options);
      router.register(
        'demo:boom',
        () => {
          throw new Error('the boom handler broke');
        },
        options,
      );
      router.register('demo:quiet', () => undefined, options);
    },
  };
  return { demo: { spec: base.demo!.spec, load: async () => ({ default: implementation }) } };
}

let h: Harness;
let guild: GuildHandle;
let alice: MemberHandle, bob: MemberHandle;

beforeAll(async () => {
  h = await startBot(demoRegistry(), {
    world: (sim) => {
      guild = sim.createGuild({ name: 'G' });
      alice = sim.createMember(guild, { username: 'alice' });
      bob = sim.createMember(guild, { username: 'bob' });
    },
  });
});
afterAll(async () => {
  await h?.stop();
});

/** The custom ids of a message's buttons. */
const ids = (m: APIMessage): string[] => (m.components ?? []).flatMap((row: any) => row.components.map((c: any) => c.custom_id));
const pageButton = (m: APIMessage, action: string) => ids(m).find((id) => id.startsWith('cogsmith:page:') && id.endsWith(`:${action}`))!;

/** Says a command and resolves with the bot's answer. */
async function run(line: string): Promise<APIMessage> {
  await h.sim.say(guild.general, alice, line);
  return h.sim.waitForMessage({ channelId: guild.general });
}

/** Presses and resolves with the bot's answer; null when it gave none within `timeoutMs`. */
async function answerTo(press: SimInteraction, timeoutMs = 2000): Promise<{ content: string; ephemeral: boolean } | null> {
  return h.sim.waitForInteractionResponse(press, { timeoutMs }).then(
    (r) => ({ content: r.content, ephemeral: r.ephemeral }),
    () => null,
  );
}

/**
 * Runs `trigger` while pressing ▶ on each pagination message the bot creates the moment it exists: before
 * the bot's request that sent it has been answered (the simulator holds that answer until the press was
 * answered or timed out). Resolves with the content each of `count` presses was answered with.
 */
async function pressedEarly(trigger: () => Promise<unknown>, count = 1): Promise<string[]> {
  const answers: string[] = [];
  const off = h.sim.onBotMessage(async (message) => {
    const next = pageButton(message, 'next');
    if (!next) return;
    const press = await h.sim.clickButton(message, next, alice);
    answers.push((await answerTo(press, 3500))?.content ?? 'unanswered');
  });
  try {
    await trigger();
    await expect.poll(() => answers.length).toBe(count);
  } finally {
    off();
  }
  return answers;
}

describe('a press before the send has returned', () => {
  it('GIVEN a text pagination pressed the moment its message exists THEN the press is answered with page two', async () => {
    expect(await pressedEarly(() => run('!pages'))).toEqual(['two']);
  });

  it('GIVEN a slash pagination pressed the moment its reply exists THEN the press is answered', async () => {
    expect(await pressedEarly(async () => h.sim.waitForInteractionResponse(await h.sim.runSlash(guild.general, alice, 'pages')))).toEqual(['two']);
  });

  it('GIVEN ten paginations each pressed that early THEN ten of ten presses are answered', async () => {
    const answers = await pressedEarly(async () => {
      for (let i = 0; i < 10; i++) await run('!pages');
    }, 10);
    expect(answers).toEqual(Array(10).fill('two'));
  });
});

describe('buttons whose session is gone', () => {
  it('GIVEN a cog session that timed out THEN its button answers privately that it expired, and its handler is not run', async () => {
    const message = await run('!ask');
    const [yes] = ids(message);
    await expect.poll(() => lastAsk?.ended, { timeout: 2000 }).toBe(true);
    const answer = await answerTo(await h.sim.clickButton(message, yes!, alice));
    expect(answer).toEqual({ content: EXPIRED, ephemeral: true });
    expect(asked).toEqual([]);
  });

  it('GIVEN a live cog session THEN only its user may press; the press reaches it with its action', async () => {
    const message = await run('!ask');
    const [yes] = ids(message);
    const refused = await answerTo(await h.sim.clickButton(message, yes!, bob));
    expect(refused).toEqual({ content: 'Only the person who ran the command can use these buttons.', ephemeral: true });
    expect(await answerTo(await h.sim.clickButton(message, yes!, alice))).toEqual({ content: 'you said yes', ephemeral: true });
    expect(asked).toEqual([`${yes!.split(':')[2]}:yes`]);
  });

  it('GIVEN a custom id no one registered THEN the press is told the buttons expired', async () => {
    const message = await run('!stray');
    expect(await answerTo(await h.sim.clickButton(message, 'nobody:knows:this', alice))).toEqual({ content: EXPIRED, ephemeral: true });
  });
});

describe('cog handlers registered through the runtime', () => {
  it('GIVEN a stateless handler THEN each press updates the message from the state in its custom id', async () => {
    const message = await run('!counter');
    const first = await h.sim.waitForInteractionResponse(await h.sim.clickButton(message, 'demo:count:0', alice));
    expect(first.content).toBe('count 1');
    const second = await h.sim.waitForInteractionResponse(await h.sim.clickButton(message, 'demo:count:1', bob));
    expect(second.content).toBe('count 2');
  });

  it('GIVEN a second registration of a namespace THEN the newest answers until it is removed, then the older one again', async () => {
    const message = await run('!counter');
    const remove = h.bot.components.register('demo:count', ({ interaction }) => interaction.reply({ content: 'the newer handler', flags: MessageFlags.Ephemeral }));
    expect((await answerTo(await h.sim.clickButton(message, 'demo:count:0', alice)))?.content).toBe('the newer handler');
    remove();
    expect((await answerTo(await h.sim.clickButton(message, 'demo:count:0', alice)))?.content).toBe('count 1');
  });

  it('GIVEN a handler that throws THEN the presser gets an error id kept in bot.errors, and the bot goes on', async () => {
    const message = await run('!boom');
    const answer = await answerTo(await h.sim.clickButton(message, 'demo:boom', alice));
    const id = /error id `([0-9a-f]+)`/.exec(answer?.content ?? '')?.[1];
    expect(answer?.ephemeral).toBe(true);
    expect(h.bot.errors.get(id!)).toMatchObject({ where: 'component demo:boom' });
    expect((h.bot.errors.get(id!)!.error as Error).message).toBe('the boom handler broke');
    expect((await run('!counter')).content).toBe('count 0');
  });

  it('GIVEN a handler that answers nothing THEN the press is acknowledged without a change (type 6)', async () => {
    const message = await run('!quiet');
    const press = await h.sim.clickButton(message, 'demo:quiet', alice);
    await expect.poll(() => h.sim.interactions.find((i) => i.id === press.id)?.responseType).toBe(6);
    expect(h.sim.state.messages.get(message.id)!.content).toBe('silent');
  });
});

describe('a pagination when its message is deleted or its cog reloaded', () => {
  it('GIVEN the paginated message is deleted THEN its session ends and done settles (not only at the 60 s timeout)', async () => {
    const message = await run('!pages');
    await expect.poll(() => lastPages?.message.id).toBe(message.id);
    await lastPages!.message.delete();
    await lastPages!.done;
  });

  it('GIVEN the cog that paginated is reloaded THEN the buttons already sent keep working', async () => {
    const message = await run('!pages');
    await h.bot.reloadCog('demo');
    const next = await h.sim.waitForInteractionResponse(await h.sim.clickButton(message, pageButton(message, 'next'), alice));
    expect(next.content).toBe('two');
  });
});

describe("a cog's handlers across its reload and unload", () => {
  it('GIVEN a reload THEN the new version answers its namespace (the old one is gone with its signal)', async () => {
    const message = await run('!which');
    const before = loads;
    expect((await answerTo(await h.sim.clickButton(message, 'demo:version', alice)))?.content).toBe(`version ${before}`);
    await h.bot.reloadCog('demo');
    expect(loads).toBe(before + 1);
    expect((await answerTo(await h.sim.clickButton(message, 'demo:version', alice)))?.content).toBe(`version ${before + 1}`);
  });

  it('GIVEN the cog unloaded THEN its buttons answer that they expired; loaded again, they work', async () => {
    const message = await run('!which');
    await h.bot.unloadCog('demo');
    try {
      expect(await answerTo(await h.sim.clickButton(message, 'demo:version', alice))).toEqual({ content: EXPIRED, ephemeral: true });
    } finally {
      await h.bot.loadCog('demo');
    }
    expect((await answerTo(await h.sim.clickButton(message, 'demo:version', alice)))?.content).toBe(`version ${loads}`);
  });
});

describe('after a restart (same storage)', () => {
  it('GIVEN pagination buttons of the bot before THEN they answer "expired"; a stateless cog button still works; no error is recorded', async () => {
    const paged = await run('!pages');
    const next = pageButton(paged, 'next');
    const counter = await run('!counter');
    await h.restart();
    const expired = await answerTo(await h.sim.clickButton(paged, next, alice));
    expect(expired).toEqual({ content: EXPIRED, ephemeral: true });
    expect(h.sim.state.messages.get(paged.id)!.content).toBe('one');
    const counted = await h.sim.waitForInteractionResponse(await h.sim.clickButton(counter, 'demo:count:0', alice));
    expect(counted.content).toBe('count 1');
    expect(h.bot.errors.recent()).toEqual([]);
  });
});
