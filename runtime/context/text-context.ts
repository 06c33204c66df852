/** The Context of a text (prefix) invocation: replies to the message, reacts to it, shows typing. */
import { DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes, type Client, type Guild, type GuildMember, type Message, type MessageMentionOptions, type TextBasedChannel, type User } from 'discord.js';
import { toPayload } from './payload.js';
import { sendOnce, withNonce } from './delivery.js';
import { BaseContext, type BaseContextOptions } from './base-context.js';
import { botMayIn } from './features.js';
import type { ContextServices } from './services.js';
import type { ReplySlot } from './backpressure.js';
import type { PageSink } from './paginate.js';
import type { Context, ReactOptions, ReplyInput } from './types.js';

/** Discord error codes meaning "you may not react here": fall back to a message. */
const REACTION_REFUSED = new Set<number>([
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.ReactionWasBlocked,
  RESTJSONErrorCodes.MaximumNumberOfReactionsReached,
  RESTJSONErrorCodes.UnknownEmoji,
]);

export interface TextContextOptions<TConfig> extends BaseContextOptions<TConfig> {
  message: Message;
  invokedAs: string;
  prefix: string;
  /** How many `invoke`s led to this command (0 when typed). */
  depth?: number;
  /** The reply gate's slot the dispatcher let this command in with (ReplyGate.admit). */
  replySlot?: ReplySlot;
}


export class TextContext<TConfig = unknown> extends BaseContext<TConfig> implements Context<TConfig> {
  readonly kind = 'text' as const;
  readonly invokedAs: string;
  readonly prefix: string;
  /** The invoking message; for the runtime, not for cogs. */
  readonly message: Message;
  private readonly depth: number;
  private readonly invokeText: ContextServices['invokeText'];
  private readonly replies: ContextServices['replies'];
  /** The slot this command was let in with (its first reply uses it; context/backpressure.ts). */
  private readonly slot: ReplySlot | undefined;

  constructor(options: TextContextOptions<TConfig>) {
    const { message } = options;
    super(options, {
      guild: message.guild,
      author: message.author,
      logger: options.logger,
      channelId: message.channelId,
      reply: (content) => this.reply(content),
      canEmbedHere: () => this.canEmbed(),
      pageSink: () => this.pageSink(),
    });
    this.message = message;
    this.depth = options.depth ?? 0;
    this.invokeText = options.services?.invokeText;
    this.replies = options.services?.replies;
    this.slot = options.replySlot;
    this.invokedAs = options.invokedAs;
    this.prefix = options.prefix;
  }

  get author(): User {
    return this.message.author;
  }
  get member(): GuildMember | null {
    return this.message.member;
  }
  get guild(): Guild | null {
    return this.message.guild;
  }
  get channel(): TextBasedChannel | null {
    return this.message.channel ?? null;
  }
  get client(): Client {
    return this.message.client;
  }

  protected async replyWith(content: ReplyInput, mentions: MessageMentionOptions): Promise<void> {
    // failIfNotExists: a reply to a message deleted meanwhile is sent as a plain message instead of failing.
    // A nonce per reply: discord.js's retries of a reply whose answer was lost create no second message.
    const payload = withNonce({ ...toPayload(content, mentions), failIfNotExists: false });
    await this.gated(() => this.message.reply(payload));
  }

  async send(content: ReplyInput): Promise<void> {
    const channel = this.message.channel;
    if (!channel.isSendable()) throw new Error(`Cannot send to channel ${channel.id}.`);
    const payload = withNonce(toPayload(content, this.mentions));
    await this.gated(() => channel.send(payload));
  }

  /**
   * Sends through the bot's reply gate (context/backpressure.ts; beyond its bounds the send is dropped), again
   * after a lost connection (context/delivery.ts: the payload's nonce makes that safe).
   */
  private async gated(send: () => Promise<unknown>): Promise<void> {
    if (this.replies) await this.replies.run(this.message.channelId, () => sendOnce(send), this.slot);
    else await sendOnce(send);
  }

  async tick(message = 'Done.'): Promise<void> {
    await this.react('✅', { fallback: message });
  }

  async react(emoji: string, options: ReactOptions = {}): Promise<boolean> {
    const refused = async (error: unknown): Promise<boolean> => {
      if (options.fallback !== undefined) await this.systemReply(options.fallback);
      else if (!options.quiet) throw error;
      return false;
    };
    if (!this.canReact()) return refused(new Error(`The bot may not add reactions in channel ${this.message.channelId}.`));
    try {
      await this.message.react(emoji);
      return true;
    } catch (error) {
      if (options.quiet || (error instanceof DiscordAPIError && typeof error.code === 'number' && REACTION_REFUSED.has(error.code))) return refused(error);
      throw error;
    }
  }

  async defer(): Promise<void> {
    await this.typing();
  }

  async typing(): Promise<void> {
    const channel = this.message.channel;
    if (channel.isSendable()) await channel.sendTyping();
  }

  /** Pages go out as a reply to the invoking message; the buttons are removed by editing it. */
  async invoke(commandLine: string): Promise<boolean> {
    if (typeof commandLine !== 'string') throw new TypeError('ctx.invoke needs the command line as a string.');
    if (!this.invokeText) throw new Error('ctx.invoke is only available for commands run by a Bot.');
    return this.invokeText(this.message, commandLine.trim(), this.prefix, this.depth + 1);
  }

  private pageSink(): PageSink {
    return {
      invokerId: this.message.author.id,
      logger: this.logger,
      send: (payload) => {
        const body = withNonce({ ...payload, allowedMentions: this.mentions, failIfNotExists: false });
        return sendOnce(() => this.message.reply(body));
      },
      clearButtons: async (message) => void (await message.edit({ components: [] })),
    };
  }

  /** In a server, embeds need Embed Links; a DM always allows them. */
  private canEmbed(): boolean {
    return botMayIn(this.message.channel, () => this.message.guild?.members.me ?? this.client.user, PermissionFlagsBits.EmbedLinks);
  }

  /** In a server, reacting needs Add Reactions and Read Message History; a DM always allows it. */
  private canReact(): boolean {
    return botMayIn(this.message.channel, () => this.message.guild?.members.me ?? this.client.user, PermissionFlagsBits.AddReactions | PermissionFlagsBits.ReadMessageHistory);
  }
}
