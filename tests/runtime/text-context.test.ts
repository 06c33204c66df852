/**
 * TextContext.tick's fallback when Discord itself refuses the reaction. The simulator and discord.js agree
 * on permissions, so a refusal after the permission check cannot be produced with real parts; a minimal
 * stand-in message (a DM, where no permission pre-check applies) is the one place a stub is used.
 */
import { DiscordAPIError, RESTJSONErrorCodes } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { TextContext } from '../../runtime/context/text-context.js';
import { createLogger } from '../../runtime/logging.js';
import { command } from './fixtures/specs.js';

function stubMessage(reactError: unknown) {
  const replies: unknown[] = [];
  const message = {
    channel: { isDMBased: () => true, isSendable: () => true },
    react: async () => {
      throw reactError;
    },
    reply: async (payload: unknown) => {
      replies.push(payload);
    },
  };
  const ctx = new TextContext({ message: message as never, command: command('check'), invokedAs: 'check', prefix: '!', config: undefined, logger: createLogger('t') });
  return { ctx, replies };
}

const apiError = (code: number) => new DiscordAPIError({ code, message: 'Missing Permissions' }, code, 403, 'PUT', '/channels/1/messages/2/reactions/%E2%9C%85/@me', {});

describe('TextContext.tick', () => {
  it('GIVEN Discord answers 50013 Missing Permissions WHEN ticking THEN it says the message instead, pinging nobody', async () => {
    const { ctx, replies } = stubMessage(apiError(RESTJSONErrorCodes.MissingPermissions));
    await ctx.tick('Saved.');
    expect(replies).toEqual([{ content: 'Saved.', allowedMentions: { parse: [], repliedUser: false }, failIfNotExists: false, nonce: expect.any(String), enforceNonce: true }]);
  });

  it('GIVEN a reaction blocked by the author (90001) THEN it falls back too', async () => {
    const { ctx, replies } = stubMessage(apiError(RESTJSONErrorCodes.ReactionWasBlocked));
    await ctx.tick();
    expect(replies).toEqual([expect.objectContaining({ content: 'Done.' })]);
  });

  it('GIVEN any other failure THEN it is not hidden', async () => {
    const { ctx, replies } = stubMessage(new Error('socket hang up'));
    await expect(ctx.tick()).rejects.toThrow('socket hang up');
    expect(replies).toEqual([]);
  });
});
