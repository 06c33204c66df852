/**
 * Delivers help: one page as a reply; several pages with the Context's paginator (buttons); more pages
 * than `help.maxPagesInGuild` to the user's DMs, with a short note in the channel. Help replies never ping.
 */
import type { APIEmbed } from 'discord.js';
import type { Context, ReplyInput } from '../context/types.js';
import type { HelpPage } from './pages.js';
import { renderHelp, type HelpQuery } from './render.js';

/** Red's note when the DM could not be sent. */
export const DM_FAILED = 'I could not send the help to you in DMs: either you blocked me or you have DMs from this server turned off.';
export const DM_SENT = 'I have sent you the help in DMs.';

/** Renders and sends the help for `query` (the whole bot when empty). */
export async function sendHelp(ctx: Context, query: HelpQuery = []): Promise<void> {
  const result = await renderHelp(ctx, query);
  const reply = quietReply(ctx);
  if (result.kind === 'notFound') {
    await reply({ content: result.message, ephemeral: true });
    return;
  }
  const pages = result.pages.map((p): string | APIEmbed => (result.embeds ? p.embed : p.text));
  if (result.toDM) {
    await reply({ content: (await sendToDM(ctx, result.pages, result.embeds)) ? DM_SENT : DM_FAILED, ephemeral: true });
    return;
  }
  if (pages.length === 1) {
    const page = pages[0]!;
    await reply(typeof page === 'string' ? { content: page } : { embeds: [page] });
    return;
  }
  await ctx.paginate(pages);
}

/**
 * Help never pings, even inside a group that opts in to mentions: the runtime's contexts have a reply
 * without mentions (`systemReply`); any other Context implementation replies as it does.
 */
function quietReply(ctx: Context): (content: ReplyInput) => Promise<void> {
  const runtime = ctx as Context & { systemReply?: (content: ReplyInput) => Promise<void> };
  return typeof runtime.systemReply === 'function' ? runtime.systemReply.bind(ctx) : ctx.reply.bind(ctx);
}

/** Sends every page to the author's DMs; false when Discord refuses (DMs closed, blocked). */
async function sendToDM(ctx: Context, pages: readonly HelpPage[], embeds: boolean): Promise<boolean> {
  try {
    const dm = await ctx.author.createDM();
    for (const page of pages) {
      await dm.send({ ...(embeds ? { embeds: [page.embed] } : { content: page.text }), allowedMentions: { parse: [] } });
    }
    return true;
  } catch (error) {
    ctx.logger.debug('Help could not be sent in DMs', { error });
    return false;
  }
}
