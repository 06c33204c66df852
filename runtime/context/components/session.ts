/**
 * One component session: the state behind the buttons of one message (a pagination, a confirmation),
 * found by the id its custom ids carry. It exists before the message is sent, so a press that arrives
 * before the send has returned still finds it. It ends when its owner ends it, after `timeoutMs` without
 * an accepted press, when its message or channel is deleted, when its `signal` aborts, or when the bot stops.
 */
import type { MessageComponentInteraction } from 'discord.js';
import { customId } from './custom-id.js';

/** Why a session ended. */
export const SESSION_END_REASONS = ['ended', 'timeout', 'deleted', 'aborted', 'shutdown'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/** One press routed to a handler. */
export interface ComponentPress {
  /** The discord.js interaction (a button or a select menu): answer it with `update`, `reply` or `deferUpdate`. */
  readonly interaction: MessageComponentInteraction;
  readonly customId: string;
  readonly namespace: string;
  /** The custom id's parts after the namespace (a handler's own ids) or after the session id (a session's). */
  readonly args: readonly string[];
}

/** What opening a session takes. */
export interface SessionOptions {
  /** The namespace of its custom ids, e.g. `cogsmith:page` or `economy:confirm`. */
  namespace: string;
  /** Only this user may press; anyone else gets `refusal`, privately. Absent: anyone may. */
  userId?: string;
  /** What others are told (default: "Only the person who ran the command can use these buttons."). */
  refusal?: string;
  /** How long the session lasts without an accepted press, in ms. */
  timeoutMs: number;
  /** Handles one accepted press; presses of one session are handled one at a time, in arrival order. */
  onPress(press: ComponentPress, session: ComponentSession): unknown;
  /** Runs once when the session ends (remove the buttons on `timeout`, for instance). */
  onEnd?(reason: SessionEndReason): unknown;
  /** Ends the session (reason `aborted`) when it aborts, e.g. the cog handle's signal. */
  signal?: AbortSignal;
}

/** Where the session's message is, once known (from the send, or from the first press). */
export interface SessionMessage {
  id: string;
  channelId: string;
}

export class ComponentSession {
  readonly namespace: string;
  #message: SessionMessage | null = null;
  #timer: NodeJS.Timeout | undefined;
  #ended = false;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly id: string,
    readonly options: SessionOptions,
    private readonly onClose: (session: ComponentSession, reason: SessionEndReason) => void,
  ) {
    this.namespace = options.namespace;
    this.touch();
  }

  /** The custom id of one of the session's components: `<namespace>:<session id>:<parts…>`. */
  customId(...parts: string[]): string {
    return customId(this.namespace, [this.id, ...parts]);
  }

  /** The message the session's components are on, once known. */
  get message(): SessionMessage | null {
    return this.#message;
  }

  /** Ties the session to its message, so deleting the message (or its channel) ends the session. */
  attach(message: SessionMessage): void {
    this.#message ??= { id: message.id, channelId: message.channelId };
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Ends the session: later presses of its components get the router's fallback. */
  end(reason: SessionEndReason = 'ended'): void {
    if (this.#ended) return;
    this.#ended = true;
    clearTimeout(this.#timer);
    this.onClose(this, reason);
  }

  /** Restarts the idle timeout. */
  touch(): void {
    if (this.#ended) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.end('timeout'), this.options.timeoutMs);
  }

  /** Runs `task` after the presses before it (one at a time, so two quick presses cannot cross). */
  serial(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}
