/**
 * Handlers of the `mydata` cog: end-user data requests. The work is done by the bot's data-request service
 * (runtime/gdpr/requests.ts, reached through `servicesOf(ctx.client)`); these handlers talk to the user.
 */
import type { MydataCog } from '../../generated/cogs/mydata/index.js';
import { isSnowflake, type DeletionRequester, type DeletionResult } from '../../runtime/gdpr/requests.js';
import { servicesOf } from '../../runtime/services.js';
import { awaitConfirmation, ConfirmationTokens, newToken, seconds } from './confirm.js';
/** One completed forgetme per user per day (Red's cooldown), counted from completed deletions only. */
export const FORGET_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Slash confirmations waiting for their second run (`/mydata forgetme token:…`). */
const pending = new ConfirmationTokens();

function summary(result: DeletionResult, who: string): string {
  const lines = [`Deleted ${who} data from ${result.deleted.length} cog(s)${result.deleted.length > 0 ? `: ${result.deleted.join(', ')}` : ''}.`];
  if (result.failed.length > 0) lines.push(`These cogs failed and may still hold data: ${result.failed.map((f) => f.cog).join(', ')}. The bot owner can see why in the log.`);
  if (result.notHandled.length > 0) lines.push(`These cogs do not handle data requests: ${result.notHandled.join(', ')}.`);
  return lines.join('\n');
}

async function ownerDelete(ctx: Parameters<MydataCog['commands']['mydataOwnermanagementDeleteforuser']>[0], userId: string, requester: DeletionRequester): Promise<void> {
  if (!isSnowflake(userId)) {
    await ctx.reply({ content: `\`${userId.slice(0, 40).replace(/`/g, "'")}\` is not a user id (15 to 21 digits).`, ephemeral: true });
    return;
  }
  const result = await servicesOf(ctx.client).dataRequests.deleteForUser(userId, requester);
  await ctx.reply({ content: summary(result, `user ${userId}'s`), ephemeral: true });
}

export default {
  commands: {
    mydataWhatdata: async (ctx) => {
      const statements = servicesOf(ctx.client).dataRequests.statements('loaded');
      const lines = statements.map((s) => `**${s.cog}**: ${s.statement}`);
      await ctx.reply({ content: ['What this bot keeps, by loaded cog:', ...lines].join('\n').slice(0, 2000), ephemeral: true });
    },
    mydata3rdparty: async (ctx) => {
      const statements = servicesOf(ctx.client).dataRequests.statements('all');
      const text = statements.map((s) => `${s.cog}\n${s.statement}\n`).join('\n');
      await ctx.reply({
        content: `The data statements of all ${statements.length} cog(s) of this bot, loaded or not, are attached.`,
        files: [{ attachment: Buffer.from(text, 'utf8'), name: 'data-statements.txt' }],
        ephemeral: true,
      });
    },
    mydataGetmydata: async (ctx) => {
      // The export can take a moment with many cogs: slash acknowledges privately first.
      if (ctx.kind === 'slash') await ctx.defer({ ephemeral: true });
      const result = await servicesOf(ctx.client).dataRequests.exportForUser(ctx.author.id);
      const file = { attachment: Buffer.from(`${JSON.stringify(result, null, 2)}\n`, 'utf8'), name: `data-${ctx.author.id}.json` };
      const note = result.failed.length > 0 ? `\nThese cogs failed to export and are missing: ${result.failed.map((f) => f.cog).join(', ')}.` : '';
      const content = `Everything this bot keeps about you, as JSON.${note}`;
      if (ctx.kind === 'slash') {
        await ctx.reply({ content, files: [file], ephemeral: true });
        return;
      }
      // Text commands are public: the file goes to the user's DMs, never to the channel.
      try {
        await ctx.author.send({ content, files: [file], allowedMentions: { parse: [] } });
        await ctx.reply('I sent your data to your direct messages.');
      } catch {
        await ctx.reply('I could not send you a direct message. Allow DMs from this server, or use `/mydata getmydata`.');
      }
    },
    mydataForgetme: async (ctx, options) => {
      const { dataRequests } = servicesOf(ctx.client);
      if (!(await dataRequests.allowUserRequests())) {
        await ctx.reply({ content: 'The bot owner has turned off data deletion requests from users. Ask the owner to delete your data.', ephemeral: true });
        return;
      }
      const last = await ctx.config.user(ctx.author).lastDeletionRequest();
      const now = Date.now();
      if (last !== null && now - last < FORGET_INTERVAL_MS) {
        await ctx.reply({ content: `Your data was deleted on request recently. You can ask again <t:${Math.ceil((last + FORGET_INTERVAL_MS) / 1000)}:R>.`, ephemeral: true });
        return;
      }
      const warning = 'This deletes what every loaded cog of this bot keeps about you, and cannot be undone.';
      // How long the user has to confirm: the cog's global setting `confirmSeconds` (default 60).
      const confirmSeconds = Math.max(1, await ctx.config.global.confirmSeconds());
      const within = seconds(confirmSeconds);
      if (ctx.kind === 'slash') {
        // A slash command cannot wait for a typed message: the user runs it again with the token.
        if (options.token === undefined) {
          const token = pending.issue(ctx.client, ctx.author.id, confirmSeconds * 1000);
          await ctx.reply({ content: `${warning}\nTo confirm, run \`/mydata forgetme token:${token}\` within ${within}.`, ephemeral: true });
          return;
        }
        if (!pending.redeem(ctx.client, ctx.author.id, options.token)) {
          await ctx.reply({ content: 'That token is wrong or has expired. Run `/mydata forgetme` without a token for a new one.', ephemeral: true });
          return;
        }
      } else {
        const token = newToken();
        // Listen before asking, so an answer typed at once cannot slip past.
        const confirmation = awaitConfirmation(ctx, confirmSeconds * 1000);
        await ctx.reply(`${warning}\nTo confirm, type \`${token}\` here within ${within}.`);
        const answer = await confirmation;
        if (answer === null) {
          await ctx.reply(`Cancelled: no confirmation within ${within}. Nothing was deleted.`);
          return;
        }
        if (answer.trim().toUpperCase() !== token) {
          await ctx.reply('Cancelled: that was not the confirmation token. Nothing was deleted.');
          return;
        }
      }
      const result = await dataRequests.deleteForUser(ctx.author.id, await dataRequests.userRequester());
      // Written after the deletion, which keeps this anti-abuse timestamp for user requests anyway.
      await ctx.config.user(ctx.author).lastDeletionRequest.set(now);
      await ctx.reply({ content: summary(result, 'your'), ephemeral: true });
    },
    mydataOwnermanagementAllowuserrequests: async (ctx) => {
      await servicesOf(ctx.client).dataRequests.setAllowUserRequests(true);
      await ctx.reply({ content: 'Users can now delete their own data with `mydata forgetme`.', ephemeral: true });
    },
    mydataOwnermanagementDisallowuserrequests: async (ctx) => {
      await servicesOf(ctx.client).dataRequests.setAllowUserRequests(false);
      await ctx.reply({ content: 'Users can no longer delete their own data with `mydata forgetme`; you can still do it for them.', ephemeral: true });
    },
    mydataOwnermanagementStrictness: async (ctx, options) => {
      await servicesOf(ctx.client).dataRequests.setUserRequestsAreStrict(options.strict);
      await ctx.reply({
        content: options.strict
          ? 'User requests are now strict (`user_strict`): cogs delete all your users\' data except what they need against abuse.'
          : 'User requests are now not strict (`user`): cogs may keep what they need to work.',
        ephemeral: true,
      });
    },
    mydataOwnermanagementProcessdiscordrequest: async (ctx, options) => {
      await ownerDelete(ctx, options.userid.trim(), 'discord_deleted_user');
    },
    mydataOwnermanagementDeleteforuser: async (ctx, options) => {
      await ownerDelete(ctx, options.userid.trim(), 'owner');
    },
  },
  // The deletion timestamp is anti-abuse data: kept on the user's own requests (both kinds allow that),
  // removed when the owner or Discord asks.
  async onDeleteUserData(cog, { userId, requester }) {
    if (requester === 'owner' || requester === 'discord_deleted_user') await cog.config.userFromId(userId).clear();
  },
  async onExportUserData(cog, userId) {
    return { lastDeletionRequest: await cog.config.userFromId(userId).lastDeletionRequest() };
  },
} satisfies MydataCog;
