/**
 * Pagination: one message showing one page at a time, with buttons ◀ (previous) 1/N ▶ (next) ✖ (stop).
 * Only the invoker may press them (anyone else is told so, privately); ◀ and ▶ wrap around. ✖ or the
 * timeout removes the buttons and leaves the page shown. The session runs in the background: the
 * handler gets the message at once and a `done` promise that settles when the buttons are gone.
 */
import { ButtonStyle, ComponentType, MessageFlags, type APIActionRowComponent, type APIButtonComponent, type APIEmbed, type ButtonInteraction, type Message } from 'discord.js';
import type { Logger } from '../logging.js';
import { EmptyMessageError } from './payload.js';
import type { Page, PaginateOptions, Pagination } from './types.js';

export type { Page, PaginateOptions, Pagination };

/** A page as message fields (content and embeds both set, so switching kinds clears the other). */
export interface PagePayload {
  content: string;
  embeds: APIEmbed[];
}

/** How a context sends the first page and later removes the buttons. */
/** The button rows of a page. */
export type PageComponents = APIActionRowComponent<APIButtonComponent>[];

export interface PageSink {
  invokerId: string;
  send(payload: PagePayload & { components: PageComponents }): Promise<Message>;
  clearButtons(message: Message): Promise<void>;
  logger: Logger;
}

export const PAGE_IDS = { prev: 'cogsmith:page:prev', index: 'cogsmith:page:index', next: 'cogsmith:page:next', stop: 'cogsmith:page:stop' } as const;

export const NOT_YOUR_BUTTONS = 'Only the person who ran the command can use these buttons.';

/** The button row for page `index` of `count`. */
export function pageButtons(index: number, count: number): APIActionRowComponent<APIButtonComponent>[] {
  const button = (custom_id: string, label: string, style: ButtonStyle.Secondary | ButtonStyle.Danger, disabled = false): APIButtonComponent => ({ type: ComponentType.Button, custom_id, label, style, disabled });
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        button(PAGE_IDS.prev, '◀', ButtonStyle.Secondary),
        button(PAGE_IDS.index, `${index + 1}/${count}`, ButtonStyle.Secondary, true),
        button(PAGE_IDS.next, '▶', ButtonStyle.Secondary),
        button(PAGE_IDS.stop, '✖', ButtonStyle.Danger),
      ],
    },
  ];
}

/** Sends the first page and runs the buttons until ✖ or the timeout. */
export async function runPagination(sink: PageSink, pages: readonly PagePayload[], timeoutMs: number): Promise<Pagination> {
  if (pages.length === 0) throw new EmptyMessageError('paginate needs at least one page.');
  if (pages.length === 1) return { message: await sink.send({ ...pages[0]!, components: [] }), done: Promise.resolve() };
  let index = 0;
  const message = await sink.send({ ...pages[0]!, components: pageButtons(0, pages.length) });
  // `idle`: the timeout restarts at every press, so a reader is not cut off mid-way.
  const collector = message.createMessageComponentCollector({ componentType: ComponentType.Button, idle: timeoutMs });
  let finished!: () => void;
  const done = new Promise<void>((resolve) => {
    finished = resolve;
    collector.on('end', (_collected, reason) => {
      // ✖ resolves once its own edit is through (handlePress); a deleted message has no buttons left.
      if (reason === 'stopped') return;
      if (reason === 'messageDelete' || reason === 'channelDelete' || reason === 'guildDelete') return resolve();
      sink
        .clearButtons(message)
        .catch((error) => sink.logger.warn('Could not remove the pagination buttons', { error }))
        .finally(resolve);
    });
  });
  collector.on('collect', (press: ButtonInteraction) => {
    void handlePress(press).catch((error) => sink.logger.warn('A pagination button press failed', { error }));
  });
  async function handlePress(press: ButtonInteraction): Promise<void> {
    if (press.user.id !== sink.invokerId) {
      await press.reply({ content: NOT_YOUR_BUTTONS, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    if (press.customId === PAGE_IDS.stop) {
      // Acknowledge without a visible change (type 6), then strip the buttons from the page shown.
      collector.stop('stopped');
      try {
        await press.deferUpdate();
        await press.editReply({ components: [] });
      } finally {
        finished();
      }
      return;
    }
    if (press.customId === PAGE_IDS.prev) index = (index - 1 + pages.length) % pages.length;
    else if (press.customId === PAGE_IDS.next) index = (index + 1) % pages.length;
    else {
      await press.deferUpdate();
      return;
    }
    await press.update({ ...pages[index]!, components: pageButtons(index, pages.length), allowedMentions: { parse: [] } });
  }
  return { message, done };
}
