/**
 * A Context for evaluating checks when there is no invocation to answer: on someone else's behalf
 * (`permissions canrun` asks about a member) or before a command runs at all (autocomplete asks whether the
 * user typing may run it). It answers every question a check may ask (who, where, the command and its cog's
 * Config, whether embeds are wanted here) and refuses everything that would answer: a check that tries
 * cannot be evaluated this way, and the pipeline says so.
 *
 * Decision: it implements `Context` itself rather than wrapping a real context with a list of method names,
 * so a method added to Context does not compile here until someone decides whether it reads or answers.
 */
import { PermissionFlagsBits, type APIEmbed, type Client, type Guild, type GuildMember, type TextBasedChannel, type User } from 'discord.js';
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import type { CommandSpec } from '../contract/spec.js';
import type { Logger } from '../logging.js';
import { botMayIn, ContextFeatures } from './features.js';
import type { ContextServices } from './services.js';
import type { Context, Page, PaginateOptions, Pagination, ReactOptions, ReplyInput } from './types.js';

/** A check tried to answer (reply, react, paginate…) through a context that has no invocation to answer. */
export class ContextCannotAnswerError extends CogsmithError {
  static override readonly code: ErrorCode = 'CONTEXT_CANNOT_ANSWER';
  constructor(method: string) {
    super(`\`ctx.${method}\` is not available while checks are evaluated without an invocation (for someone else, or for autocomplete).`);
  }
}

/** Who is asked about, and where. */
export interface CheckSubject {
  readonly client: Client;
  readonly author: User;
  readonly member: GuildMember | null;
  readonly guild: Guild | null;
  readonly channel: TextBasedChannel | null;
  /** How the command would be invoked (checks may ask). */
  readonly kind: 'text' | 'slash';
  readonly prefix: string;
}

export interface CheckContextOptions<TConfig> extends CheckSubject {
  command: CommandSpec;
  /** The Config of the command's cog, as its handlers see it. */
  config: TConfig;
  /** The handle of the command's cog. */
  cog: unknown;
  logger: Logger;
  services?: ContextServices;
}

export class CheckContext<TConfig = unknown> implements Context<TConfig> {
  readonly kind: 'text' | 'slash';
  readonly invokedAs: string;
  readonly prefix: string;
  readonly command: CommandSpec;
  readonly author: User;
  readonly member: GuildMember | null;
  readonly guild: Guild | null;
  readonly channel: TextBasedChannel | null;
  readonly client: Client;
  readonly config: TConfig;
  readonly cog: unknown;
  readonly logger: Logger;
  private readonly features: ContextFeatures;

  constructor(options: CheckContextOptions<TConfig>) {
    this.kind = options.kind;
    this.prefix = options.prefix;
    this.command = options.command;
    this.invokedAs = options.command.path.join(' ');
    this.author = options.author;
    this.member = options.member;
    this.guild = options.guild;
    this.channel = options.channel;
    this.client = options.client;
    this.config = options.config;
    this.cog = options.cog;
    this.logger = options.logger;
    this.features = new ContextFeatures(
      {
        guild: this.guild,
        author: this.author,
        logger: this.logger,
        channelId: this.channel?.id ?? null,
        reply: () => cannot('reply'),
        canEmbedHere: () => botMayIn(this.channel, () => this.guild?.members.me ?? this.client.user, PermissionFlagsBits.EmbedLinks),
        pageSink: () => {
          throw new ContextCannotAnswerError('paginate');
        },
      },
      options.services,
    );
  }

  embedRequested(): Promise<boolean> {
    return this.features.embedRequested();
  }

  embedColor(): Promise<number> {
    return this.features.embedColor();
  }

  reply(_content: ReplyInput): Promise<void> {
    return cannot('reply');
  }

  send(_content: ReplyInput): Promise<void> {
    return cannot('send');
  }

  tick(_message?: string): Promise<void> {
    return cannot('tick');
  }

  defer(_options?: { ephemeral?: boolean }): Promise<void> {
    return cannot('defer');
  }

  react(_emoji: string, _options?: ReactOptions): Promise<boolean> {
    return cannot('react');
  }

  typing(): Promise<void> {
    return cannot('typing');
  }

  maybeSendEmbed(_embed: APIEmbed, _options?: { content?: string; ephemeral?: boolean }): Promise<void> {
    return cannot('maybeSendEmbed');
  }

  sendHelp(): Promise<void> {
    return cannot('sendHelp');
  }

  paginate(_pages: readonly Page[], _options?: PaginateOptions): Promise<Pagination> {
    return cannot('paginate');
  }

  sendInteractive(_text: string, _options?: PaginateOptions): Promise<Pagination> {
    return cannot('sendInteractive');
  }

  invoke(_commandLine: string): Promise<boolean> {
    return cannot('invoke');
  }
}

function cannot(method: string): Promise<never> {
  return Promise.reject(new ContextCannotAnswerError(method));
}
