/**
 * What a handler sees of one invocation. One object serves text and slash invocations alike; a handler
 * can only tell them apart through `ctx.kind`. Cogs never need the raw message or interaction.
 */
import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed, AttachmentPayload, Client, Guild, GuildMember, Message, TextBasedChannel, User } from 'discord.js';
import type { CommandSpec } from '../contract/spec.js';
import type { Logger } from '../logging/types.js';


export interface ReplyOptions {
  content?: string;
  embeds?: APIEmbed[];
  files?: AttachmentPayload[];
  /** Rows of buttons or select menus; give them custom ids from the bot's component router (runtime/README.md "Components"). */
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** Slash only: only the invoking user sees the reply. Ignored for text. */
  ephemeral?: boolean;
}

export type ReplyInput = string | ReplyOptions;

export interface Context<TConfig = unknown, TCog = unknown> {
  /** How the command was invoked. */
  readonly kind: 'text' | 'slash';
  /** The words the user typed to reach the command (alias included), or the slash path. */
  readonly invokedAs: string;
  /** The prefix used (`/` for slash). */
  readonly prefix: string;
  readonly command: CommandSpec;
  readonly author: User;
  readonly member: GuildMember | null;
  readonly guild: Guild | null;
  readonly channel: TextBasedChannel | null;
  readonly client: Client;
  /** The cog's typed config accessors. */
  readonly config: TConfig;
  /** The handle of the cog that owns the command (its jobs, run-time commands, logger); typed by the generated `<Cog>Handle`. */
  readonly cog: TCog;
  readonly logger: Logger;
  /** Replies to the invocation (a reply to the message, or the interaction response). */
  reply(content: ReplyInput): Promise<void>;
  /** Sends to the channel without replying (slash: a follow-up once a response exists). */
  send(content: ReplyInput): Promise<void>;
  /** Reacts with ✅, or says `message` (default "Done.") where reactions are not allowed. */
  tick(message?: string): Promise<void>;
  /** Slash: acknowledges now so a slow handler has 15 minutes; text: shows typing. */
  defer(options?: { ephemeral?: boolean }): Promise<void>;
  /**
   * Reacts to the invoking message with `emoji`; resolves true when the reaction is there. Where it cannot
   * (no permission, a slash command), `fallback` is sent instead; `quiet` swallows failures. Slash without
   * a fallback answers with the emoji itself unless quiet.
   */
  react(emoji: string, options?: ReactOptions): Promise<boolean>;
  /** Shows that the bot is working: typing in the channel (text), or the deferred "thinking…" (slash). */
  typing(): Promise<void>;
  /** Whether to send embeds here: the bot may (Embed Links) and the channel/guild/global setting wants them (default yes). */
  embedRequested(): Promise<boolean>;
  /** The colour for embeds: the guild's configured one, else the bot's colour there (its top coloured role), else the global one. */
  embedColor(): Promise<number>;
  /** Sends the embed where embeds are requested, else the same information as readable text. */
  maybeSendEmbed(embed: APIEmbed, options?: { content?: string; ephemeral?: boolean }): Promise<void>;
  /** Sends the help of this command, as the help command would show it. */
  sendHelp(): Promise<void>;
  /** Shows pages (text or embeds) one at a time with ◀ ▶ ✖ buttons only the invoker can press; they go after a timeout. */
  paginate(pages: readonly Page[], options?: PaginateOptions): Promise<Pagination>;
  /** Long text split into pages at line breaks, shown with `paginate`. */
  sendInteractive(text: string, options?: PaginateOptions): Promise<Pagination>;
  /**
   * Runs another text command as if the invoking user had typed `commandLine` (its words and arguments,
   * without a prefix) here: the same checks, rules, cooldowns and error answers as when typed (an alias
   * adding words is exactly this). Resolves false when it names no command. Text commands only: on a slash
   * command it throws. At most 5 commands deep.
   */
  invoke(commandLine: string): Promise<boolean>;
}

export interface ReactOptions {
  /** Never throw when the reaction fails. */
  quiet?: boolean;
  /** Sent as a message when the reaction cannot be added. */
  fallback?: string;
}

/** One page of `paginate`: text, or an embed. */
export type Page = string | APIEmbed;

export interface PaginateOptions {
  /** How long the buttons stay after the last press, in ms (default: the bot's, 2 minutes). */
  timeoutMs?: number;
  /** Slash only: only the invoker sees the pages. */
  ephemeral?: boolean;
}

/** A running pagination. */
export interface Pagination {
  /** The message showing the pages. */
  message: Message;
  /** Settles once the buttons are removed (✖, the timeout, or the message was deleted). */
  done: Promise<void>;
}
