// The general cog's handlers, driven through the Context interface with a recording context. End-to-end
// runs against the Discord simulator belong to the runtime's tests; these pin what each handler says.
import type { GuildMember, User } from 'discord.js';
import { describe, expect, it } from 'vitest';
import handlers from '../../cogs/general/handlers.js';
import type { GeneralConfig, GeneralHandle } from '../../generated/cogs/general/index.js';
import type { Context } from '../../runtime/context/types.js';

function recordingContext(overrides: { ping?: number; member?: { displayName: string } | null; author?: Partial<User> } = {}) {
  const replies: unknown[] = [];
  const ctx = {
    client: { ws: { ping: overrides.ping ?? 42 } },
    author: overrides.author ?? { displayName: 'Author' },
    member: overrides.member ?? null,
    reply: async (content: unknown) => void replies.push(content),
  } as unknown as Context<GeneralConfig, GeneralHandle>;
  return { ctx, replies };
}

describe('general cog', () => {
  it('GIVEN a heartbeat WHEN ping runs THEN it replies Pong with the latency', async () => {
    const { ctx, replies } = recordingContext({ ping: 42.4 });
    await handlers.commands.ping(ctx);
    expect(replies).toEqual(['Pong! (42 ms)']);
  });

  it('GIVEN no heartbeat yet WHEN ping runs THEN it replies Pong without a number', async () => {
    const { ctx, replies } = recordingContext({ ping: -1 });
    await handlers.commands.ping(ctx);
    expect(replies).toEqual(['Pong!']);
  });

  it('GIVEN text with a mass mention WHEN echo runs THEN it replies the text unchanged (the runtime blocks the ping)', async () => {
    const { ctx, replies } = recordingContext();
    await handlers.commands.echo(ctx, { text: '@everyone look "quoted" text' });
    expect(replies).toEqual(['@everyone look "quoted" text']);
  });

  it('GIVEN a member option WHEN hello runs THEN it greets that member, else the author', async () => {
    const withMember = recordingContext();
    await handlers.commands.hello(withMember.ctx, { member: { displayName: 'Sam' } as GuildMember });
    expect(withMember.replies).toEqual(['Hello, Sam!']);

    const inGuild = recordingContext({ member: { displayName: 'Nick' } });
    await handlers.commands.hello(inGuild.ctx, {});
    expect(inGuild.replies).toEqual(['Hello, Nick!']);

    const inDm = recordingContext();
    await handlers.commands.hello(inDm.ctx, {});
    expect(inDm.replies).toEqual(['Hello, Author!']);
  });
});
