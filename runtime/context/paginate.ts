/**
 * Pagination: one message showing one page at a time, with buttons ◀ (previous) 1/N ▶ (next) ✖ (stop).
 * Only the invoker may press them (anyone else is told so, privately); ◀ and ▶ wrap around. ✖ or the
 * timeout removes the buttons and leaves the page shown. The handler gets the message at once and a
 * `done` promise that settles when the buttons are gone.
 *
 * The presses go through the bot's component router (components/router.ts): the session is opened before
 * the first page is sent, with its id in the buttons' custom ids (`cogsmith:page:<session>:next`), so a
 * press that arrives before the send has returned is answered. Decision: the pages are whatever the
 * handler produced and are kept only in memory, so after a restart (or once the session timed out) a
 * press cannot be served; it gets the router's private "These buttons have expired.". A cog reload does
 * not end a pagination: the session belongs to the runtime, not to the cog.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed, type Message } from 'discord.js';
import type { Logger } from '../logging.js';
import { NOT_YOUR_BUTTONS, type ComponentRouter } from './components/router.js';
import type { ComponentPress, ComponentSession, SessionEndReason } from './components/session.js';
import { EmptyMessageError } from './payload.js';
import type { Page, PaginateOptions, Pagination } from './types.js';

export type { Page, PaginateOptions, Pagination };
export { NOT_YOUR_BUTTONS };

/** A page as message fields (content and embeds both set, so switching kinds clears the other). */
export interface PagePayload {
  content: string;
  embeds: APIEmbed[];
}

/** The button rows of a page. */
export type PageComponents = APIActionRowComponent<APIButtonComponent>[];

/** How a context sends the first page and later removes the buttons. */
export interface PageSink {
  invokerId: string;
  send(payload: PagePayload & { components: PageComponents }): Promise<Message>;
  clearButtons(message: Message): Promise<void>;
  logger: Logger;
}

/** The namespace of pagination buttons' custom ids. */
export const PAGE_NAMESPACE = 'cogsmith:page';

/** What each pagination button does; its custom id is `cogsmith:page:<session>:<action>`. */
export const PAGE_ACTIONS = ['prev', 'index', 'next', 'stop'] as const;
export type PageAction = (typeof PAGE_ACTIONS)[number];

/** The button row for page `index` of `count` of a session. */
export function pageButtons(session: Pick<ComponentSession, 'customId'>, index: number, count: number): PageComponents {
  const button = (action: PageAction, label: string, style: ButtonStyle.Secondary | ButtonStyle.Danger, disabled = false): APIButtonComponent => ({
    type: ComponentType.Button,
    custom_id: session.customId(action),
    label,
    style,
    disabled,
  });
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        button('prev', '◀', ButtonStyle.Secondary),
        button('index', `${index + 1}/${count}`, ButtonStyle.Secondary, true),
        button('next', '▶', ButtonStyle.Secondary),
        button('stop', '✖', ButtonStyle.Danger),
      ],
    },
  ];
}

/** Sends the first page and serves the buttons until ✖ or the idle timeout. */
export async function runPagination(sink: PageSink, router: ComponentRouter, pages: readonly PagePayload[], timeoutMs: number): Promise<Pagination> {
  if (pages.length === 0) throw new EmptyMessageError('paginate needs at least one page.');
  if (pages.length === 1) return { message: await sink.send({ ...pages[0]!, components: [] }), done: Promise.resolve() };
  let index = 0;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  let sent: Promise<Message> | undefined;

  async function onPress(press: ComponentPress, session: ComponentSession): Promise<void> {
    const { interaction } = press;
    const action = press.args[0];
    if (action === 'stop') {
      // End first, so a press right behind this one is told the buttons expired instead of bringing them back.
      session.end('ended');
      try {
        // Acknowledge without a visible change (type 6), then strip the buttons from the page shown.
        await interaction.deferUpdate();
        await interaction.editReply({ components: [] });
      } finally {
        finished();
      }
      return;
    }
    if (action === 'prev') index = (index - 1 + pages.length) % pages.length;
    else if (action === 'next') index = (index + 1) % pages.length;
    else return; // the counter is disabled; anything else is acknowledged by the router
    await interaction.update({ ...pages[index]!, components: pageButtons(session, index, pages.length), allowedMentions: { parse: [] } });
  }

  async function onEnd(reason: SessionEndReason): Promise<void> {
    // ✖ resolves once its own edit is through (onPress); a deleted message has no buttons left.
    if (reason === 'ended') return;
    if (reason !== 'timeout' || !sent) return finished();
    try {
      await sink.clearButtons(await sent);
    } catch (error) {
      sink.logger.warn('Could not remove the pagination buttons', { error });
    } finally {
      finished();
    }
  }

  // `timeoutMs` is idle time: it restarts at every press, so a reader is not cut off mid-way.
  const session = router.open({ namespace: PAGE_NAMESPACE, userId: sink.invokerId, refusal: NOT_YOUR_BUTTONS, timeoutMs, onPress, onEnd });
  sent = sink.send({ ...pages[0]!, components: pageButtons(session, 0, pages.length) });
  let message: Message;
  try {
    message = await sent;
  } catch (error) {
    session.end('aborted');
    throw error;
  }
  session.attach({ id: message.id, channelId: message.channelId });
  return { message, done };
}
