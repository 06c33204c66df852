/** The Context of a text (prefix) invocation: replies to the message, reacts to it, shows typing. */
import { DiscordAPIError, PermissionFlagsBits, RESTJSONErrorCodes, type Client, type Guild, type GuildMember, type Message, type MessageMentionOptions, type TextBasedChannel, type User } from 'discord.js';
import type { CommandSpec } from '../cogs/spec.js';
import type { Logger } from '../logging.js';
import { allowedMentionsFor } from './mentions.js';
import { toPayload } from './payload.js';
import type { Context, ReplyInput } from './types.js';

/** Discord error codes meaning "you may not react here": fall back to a message. */
const REACTION_REFUSED = new Set<number>([
  RESTJSONErrorCodes.MissingPermissions,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.ReactionWasBlocked,
  RESTJSONErrorCodes.MaximumNumberOfReactionsReached,
]);

export interface TextContextOptions<TConfig> {
  message: Message;
  command: CommandSpec;
  invokedAs: string;
  prefix: string;
  config: TConfig;
  logger: Logger;
}

export class TextContext<TConfig = unknown> implements Context<TConfig> {
  readonly kind = 'text' as const;
  readonly invokedAs: string;
  readonly prefix: string;
  readonly command: CommandSpec;
  readonly config: TConfig;
  readonly logger: Logger;
  /** The invoking message; for the runtime, not for cogs. */
  readonly message: Message;
  private readonly mentions: MessageMentionOptions;

  constructor(options: TextContextOptions<TConfig>) {
    this.message = options.message;
    this.command = options.command;
    this.invokedAs = options.invokedAs;
    this.prefix = options.prefix;
    this.config = options.config;
    this.logger = options.logger;
    this.mentions = allowedMentionsFor(options.command.allowedMentions);
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

  async reply(content: ReplyInput): Promise<void> {
    await this.replyWith(content, this.mentions);
  }

  /** A reply from the runtime itself (errors, usage, help): it never pings, whatever the command allows. */
  async systemReply(content: ReplyInput): Promise<void> {
    await this.replyWith(content, allowedMentionsFor(undefined));
  }

  private async replyWith(content: ReplyInput, mentions: MessageMentionOptions): Promise<void> {
    // failIfNotExists: a reply to a message deleted meanwhile is sent as a plain message instead of failing.
    await this.message.reply({ ...toPayload(content, mentions), failIfNotExists: false });
  }

  async send(content: ReplyInput): Promise<void> {
    const channel = this.message.channel;
    if (!channel.isSendable()) throw new Error(`Cannot send to channel ${channel.id}.`);
    await channel.send(toPayload(content, this.mentions));
  }

  async tick(message = 'Done.'): Promise<void> {
    if (!this.canReact()) {
      await this.systemReply(message);
      return;
    }
    try {
      await this.message.react('✅');
    } catch (error) {
      if (error instanceof DiscordAPIError && typeof error.code === 'number' && REACTION_REFUSED.has(error.code)) {
        await this.systemReply(message);
        return;
      }
      throw error;
    }
  }

  async defer(): Promise<void> {
    const channel = this.message.channel;
    if (channel.isSendable()) await channel.sendTyping();
  }

  /** In a server, reacting needs Add Reactions and Read Message History; a DM always allows it. */
  private canReact(): boolean {
    const channel = this.message.channel;
    if (channel.isDMBased()) return true;
    const me = this.message.guild?.members.me ?? this.client.user;
    if (!me) return true;
    const permissions = channel.permissionsFor(me);
    if (!permissions) return true; // unknown: try, and fall back on the API's answer
    return permissions.has(PermissionFlagsBits.AddReactions | PermissionFlagsBits.ReadMessageHistory);
  }
}
