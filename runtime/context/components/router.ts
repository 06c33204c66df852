/**
 * The component router: every button press and select-menu choice the bot receives is routed here by its
 * custom id (custom-id.ts), never by a collector on one message. Two kinds of receivers:
 *
 * - **Sessions** (`open`): state in memory behind one message's components, keyed by an id the custom
 *   ids carry. A session is opened before its message is sent, so a press that beats the send's response
 *   finds it. It lives until its owner ends it or its idle timeout (session.ts).
 * - **Handlers** (`register`): stateless receivers for a namespace, for custom ids that carry everything
 *   they need (`economy:buy:<item>`); they keep working after a restart or a reload. A handler also gets
 *   the presses of its namespace whose session is gone.
 *
 * Anything else (a session gone after a restart, a reload or its timeout, with no handler for its
 * namespace; a namespace nobody registers) is answered privately with "These buttons have expired.", so
 * no press ever shows "This interaction failed". A press a receiver leaves unanswered is acknowledged
 * silently; a receiver that throws is logged with an error id (kept in the bot's error log) and the
 * presser is told the id. `route` never throws.
 *
 * One router per Bot (runtime/wiring.ts): the dispatcher routes to it, contexts open sessions on it
 * (pagination), cogs reach it through `servicesOf(client).components`.
 */
import { MessageFlags, type MessageComponentInteraction } from 'discord.js';
import type { ErrorSource } from '../../commands/error-log.js';
import type { Logger } from '../../logging.js';
import { checkNamespace, newSessionId, splitCustomId } from './custom-id.js';
import { ComponentSession, type ComponentPress, type SessionEndReason, type SessionOptions } from './session.js';

/** What a press of a component whose session is gone is told. */
export const EXPIRED = 'These buttons have expired.';
/** What someone other than a session's user is told by default. */
export const NOT_YOUR_BUTTONS = 'Only the person who ran the command can use these buttons.';

/** Handles the presses of one namespace (see ComponentPress). */
export type ComponentHandler = (press: ComponentPress) => unknown;

export interface ComponentRouterOptions {
  logger: Logger;
  /** Where a failing receiver's error is kept under the id the presser is shown (the bot's ErrorLog). */
  errorLog: { record(where: string, error: unknown, source?: ErrorSource): { id: string } };
}

/** What a receiver's failure answers. */
export function componentErrorReply(id: string): string {
  return `Something went wrong with that button (error id \`${id}\`).`;
}

export class ComponentRouter {
  /** Namespace → its handlers, newest last; the newest answers (a reloaded cog registers before the old version goes). */
  readonly #handlers = new Map<string, ComponentHandler[]>();
  readonly #sessions = new Map<string, ComponentSession>();
  /** How many live sessions each namespace has (a namespace with sessions is known even without a handler). */
  readonly #sessionNamespaces = new Map<string, number>();

  constructor(private readonly options: ComponentRouterOptions) {}

  /**
   * Registers the handler of a namespace's custom ids (`<namespace>:…`); returns a function that removes it,
   * as does `signal` aborting (pass the cog handle's `signal`). The newest registration of a namespace answers.
   */
  register(namespace: string, handler: ComponentHandler, options: { signal?: AbortSignal } = {}): () => void {
    checkNamespace(namespace);
    const list = this.#handlers.get(namespace) ?? [];
    list.push(handler);
    this.#handlers.set(namespace, list);
    const remove = () => {
      const current = this.#handlers.get(namespace);
      const at = current?.lastIndexOf(handler) ?? -1;
      if (!current || at < 0) return;
      current.splice(at, 1);
      if (current.length === 0) this.#handlers.delete(namespace);
      options.signal?.removeEventListener('abort', remove);
    };
    if (options.signal?.aborted) remove();
    else options.signal?.addEventListener('abort', remove, { once: true });
    return remove;
  }

  /** Opens a session; put `session.customId(...)` on the components of the message you then send. */
  open(options: SessionOptions): ComponentSession {
    checkNamespace(options.namespace);
    let id = newSessionId();
    while (this.#sessions.has(id)) id = newSessionId();
    const session = new ComponentSession(id, options, (closed, reason) => this.#closed(closed, reason));
    this.#sessions.set(id, session);
    this.#sessionNamespaces.set(options.namespace, (this.#sessionNamespaces.get(options.namespace) ?? 0) + 1);
    const { signal } = options;
    if (signal) {
      if (signal.aborted) session.end('aborted');
      else signal.addEventListener('abort', () => session.end('aborted'), { once: true });
    }
    return session;
  }

  /** The sessions still open (for diagnostics and tests). */
  get openSessions(): number {
    return this.#sessions.size;
  }

  /** Routes one component interaction to its receiver; never throws. */
  async route(interaction: MessageComponentInteraction): Promise<void> {
    try {
      await this.#route(interaction);
    } catch (error) {
      this.options.logger.error('Dropped a component interaction the router could not handle', { error });
    }
  }

  /** Ends the sessions whose message was deleted. */
  messagesDeleted(messageIds: Iterable<string>): void {
    const ids = new Set(messageIds);
    for (const session of [...this.#sessions.values()]) if (session.message && ids.has(session.message.id)) session.end('deleted');
  }

  /** Ends the sessions whose message was in a deleted channel. */
  channelDeleted(channelId: string): void {
    for (const session of [...this.#sessions.values()]) if (session.message?.channelId === channelId) session.end('deleted');
  }

  /** Ends every session (the bot stops); handlers stay registered. */
  close(): void {
    for (const session of [...this.#sessions.values()]) session.end('shutdown');
  }

  async #route(interaction: MessageComponentInteraction): Promise<void> {
    const id = interaction.customId;
    const split = splitCustomId(id, (ns) => this.#handlers.has(ns) || this.#sessionNamespaces.has(ns));
    if (!split) return this.#expired(interaction);
    const { namespace, parts } = split;
    const session = parts[0] === undefined ? undefined : this.#sessions.get(parts[0]);
    if (session && session.namespace === namespace && !session.ended) {
      const press: ComponentPress = { interaction, customId: id, namespace, args: parts.slice(1) };
      return this.#toSession(session, press);
    }
    const handler = this.#handlers.get(namespace)?.at(-1);
    if (!handler) return this.#expired(interaction);
    await this.#run(interaction, `component ${namespace}`, () => handler({ interaction, customId: id, namespace, args: parts }));
  }

  async #toSession(session: ComponentSession, press: ComponentPress): Promise<void> {
    const { interaction } = press;
    const { userId, refusal } = session.options;
    if (userId !== undefined && interaction.user.id !== userId) {
      await interaction.reply({ content: refusal ?? NOT_YOUR_BUTTONS, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    session.touch();
    if (interaction.message) session.attach({ id: interaction.message.id, channelId: interaction.channelId });
    await session.serial(async () => {
      // A press queued behind the one that ended the session finds it gone, as a later press would.
      if (session.ended) return this.#expired(interaction);
      await this.#run(interaction, `component ${session.namespace}`, () => session.options.onPress(press, session));
    });
  }

  /** Runs a receiver: its error is logged with an id and told; a press it left unanswered is acknowledged. */
  async #run(interaction: MessageComponentInteraction, where: string, receive: () => unknown): Promise<void> {
    try {
      await receive();
    } catch (error) {
      const record = this.options.errorLog.record(where, error, interaction.guildId ? { userId: interaction.user.id, guildId: interaction.guildId } : { userId: interaction.user.id });
      this.options.logger.error(`Error in ${where} (error id ${record.id})`, { error, customId: interaction.customId });
      const answer = { content: componentErrorReply(record.id), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } } as const;
      await (interaction.replied || interaction.deferred ? interaction.followUp(answer) : interaction.reply(answer));
      return;
    }
    if (!interaction.replied && !interaction.deferred) await interaction.deferUpdate();
  }

  async #expired(interaction: MessageComponentInteraction): Promise<void> {
    await interaction.reply({ content: EXPIRED, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  }

  #closed(session: ComponentSession, reason: SessionEndReason): void {
    this.#sessions.delete(session.id);
    const left = (this.#sessionNamespaces.get(session.namespace) ?? 1) - 1;
    if (left > 0) this.#sessionNamespaces.set(session.namespace, left);
    else this.#sessionNamespaces.delete(session.namespace);
    const onEnd = session.options.onEnd;
    if (!onEnd) return;
    void Promise.resolve()
      .then(() => onEnd(reason))
      .catch((error) => this.options.logger.warn(`Ending a component session of ${session.namespace} failed`, { error }));
  }
}
