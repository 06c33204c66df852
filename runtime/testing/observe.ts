/**
 * Waiting for what the bot does: a message, or its answer to an interaction. Timeouts say what was
 * awaited and what the bot did instead (its messages and last requests), so a failing test explains itself.
 */
import type { APIMessage } from 'discord.js';
import { InteractionResponseType, MessageFlags } from 'discord.js';
import type { SimEvents } from './core.js';
import { channelId, userId, type ChannelRef, type UserRef } from './handles.js';
import type { SimInteraction } from './interactions.js';
import type { RecordedRequest } from './rest/server.js';
import type { SimState } from './state.js';
import { waitUntil } from './waiters.js';

export interface WaitForMessageOptions {
  channelId?: ChannelRef;
  /** Whose message (default 'bot'); 'anyone' for any author. */
  from?: 'bot' | 'anyone' | UserRef;
  /** Only messages newer than this message or id; `null` for all; default: the latest member action. */
  after?: APIMessage | string | null;
  predicate?: (message: APIMessage) => boolean;
  /** Default 2000 ms. */
  timeoutMs?: number;
}

/** How the bot answered an interaction. */
export interface InteractionReply {
  kind: 'reply' | 'deferred' | 'modal';
  /** The original response message as it is now (null for a modal). */
  message: APIMessage | null;
  content: string;
  embeds: APIMessage['embeds'];
  components: NonNullable<APIMessage['components']>;
  ephemeral: boolean;
  followUps: APIMessage[];
  modal: unknown;
}

/** What the waits read from the simulator. */
export interface ObserveContext {
  state: SimState;
  events: SimEvents;
  botUserId: string;
  requests: readonly RecordedRequest[];
  interactions: ReadonlyMap<string, SimInteraction>;
}

/** Resolves with the first finished (not loading) message matching the options, newer than `watermark` by default. */
export function waitForMessage(ctx: ObserveContext, watermark: string, options: WaitForMessageOptions): Promise<APIMessage> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const after = options.after === undefined ? watermark : options.after === null ? '0' : typeof options.after === 'string' ? options.after : options.after.id;
  const from = options.from ?? 'bot';
  const fromId = from === 'bot' ? ctx.botUserId : from === 'anyone' ? null : userId(from);
  const inChannel = options.channelId ? channelId(options.channelId) : null;
  const newer = (m: APIMessage) => BigInt(m.id) > BigInt(after);
  const candidates = () => [...ctx.state.messages.values()].filter((m) => newer(m) && (!inChannel || m.channel_id === inChannel) && (!fromId || m.author.id === fromId));
  return waitUntil(
    ctx.events,
    ['messageCreate', 'messageUpdate'],
    () => candidates().find((m) => !(m.flags! & MessageFlags.Loading) && (!options.predicate || options.predicate(m))),
    timeoutMs,
    () => {
      const seen = candidates();
      const what = `message${fromId ? ` from ${from === 'bot' ? 'the bot' : fromId}` : ''}${inChannel ? ` in channel ${inChannel}` : ''}${options.predicate ? ' matching the predicate' : ''}`;
      const sent = [...ctx.state.messages.values()].filter((m) => m.author.id === ctx.botUserId && newer(m));
      return `no ${what} arrived. ${seen.length} candidate(s) seen${seen.length ? `: ${seen.map(describeMessage).join('; ')}` : ''}. The bot sent ${sent.length ? sent.map(describeMessage).join('; ') : 'nothing'} since then; ${lastRequests(ctx)}`;
    },
  );
}

/** Resolves once the interaction has a finished answer and at least `followUps` follow-ups. */
export function waitForInteractionResponse(ctx: ObserveContext, interaction: SimInteraction, options: { timeoutMs?: number; followUps?: number }): Promise<InteractionReply> {
  const wanted = options.followUps ?? 0;
  const live = () => ctx.interactions.get(interaction.id) ?? interaction;
  return waitUntil(
    ctx.events,
    ['interactionResponse', 'messageUpdate'],
    () => {
      const i = live();
      if (i.responseType === null) return undefined;
      const message = i.originalMessageId ? (ctx.state.messages.get(i.originalMessageId) ?? null) : null;
      if (message && message.flags! & MessageFlags.Loading) return undefined;
      const followUps = i.followUpIds.map((id) => ctx.state.messages.get(id)).filter((m): m is APIMessage => Boolean(m));
      if (followUps.length < wanted) return undefined;
      return {
        kind: i.modal ? 'modal' : i.responseType === InteractionResponseType.DeferredChannelMessageWithSource ? 'deferred' : 'reply',
        message,
        content: message?.content ?? '',
        embeds: message?.embeds ?? [],
        components: message?.components ?? [],
        ephemeral: Boolean(message && message.flags! & MessageFlags.Ephemeral),
        followUps,
        modal: i.modal,
      } satisfies InteractionReply;
    },
    options.timeoutMs ?? 2000,
    () => {
      const i = live();
      const state = i.responseType === null ? 'the bot never acknowledged it' : `callback type ${i.responseType}, ${i.followUpIds.length} follow-up(s)`;
      const what = i.componentMessageId ? `component "${i.customId}" on message ${i.componentMessageId}` : `/${[i.commandName, ...i.subcommandPath].join(' ')}`;
      return `no response to ${what} (${state}${wanted ? `, ${wanted} follow-up(s) wanted` : ''}); ${lastRequests(ctx)}`;
    },
  );
}

function lastRequests(ctx: ObserveContext): string {
  return `last requests: ${ctx.requests.slice(-5).map((r) => `${r.method} ${r.route} → ${r.status}`).join(', ') || 'none'}`;
}

function describeMessage(m: APIMessage): string {
  const text = m.content || (m.embeds.length ? `[${m.embeds.length} embed(s)]` : '[no content]');
  return `${m.author.username}: ${JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text)}`;
}
