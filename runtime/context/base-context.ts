/**
 * What text and slash contexts share: the command's identity, mention policy, and the features that do not
 * depend on how the command was invoked (embeds, help, pagination). Each route supplies only how a reply
 * goes out (`replyWith`) and where pages are sent (the FeatureHost).
 */
import type { APIEmbed, MessageMentionOptions } from 'discord.js';
import type { CommandSpec } from '../contract/spec.js';
import type { Logger } from '../logging.js';
import { ContextFeatures, type FeatureHost } from './features.js';
import { allowedMentionsFor } from './mentions.js';
import type { Page, PaginateOptions, Pagination } from './paginate.js';
import type { ContextServices } from './services.js';
import type { Context, ReplyInput } from './types.js';

export interface BaseContextOptions<TConfig> {
  command: CommandSpec;
  config: TConfig;
  logger: Logger;
  /** The cog handle of the command's cog (runtime/cogs/module.ts CogHandle). */
  cog?: unknown;
  services?: ContextServices;
}

export abstract class BaseContext<TConfig = unknown> {
  readonly command: CommandSpec;
  readonly config: TConfig;
  readonly logger: Logger;
  readonly cog: unknown;
  /** Who the command's own replies may mention (nobody unless the manifest opts in). */
  protected readonly mentions: MessageMentionOptions;
  private readonly features: ContextFeatures;

  protected constructor(options: BaseContextOptions<TConfig>, host: FeatureHost) {
    this.command = options.command;
    this.config = options.config;
    this.logger = options.logger;
    this.cog = options.cog;
    this.mentions = allowedMentionsFor(options.command.allowedMentions);
    this.features = new ContextFeatures(host, options.services);
  }

  /** Sends `content` the way this route answers, with the given mention policy. */
  protected abstract replyWith(content: ReplyInput, mentions: MessageMentionOptions): Promise<void>;

  async reply(content: ReplyInput): Promise<void> {
    await this.replyWith(content, this.mentions);
  }

  /** A reply from the runtime itself (errors, usage, help): it never pings, whatever the command allows. */
  async systemReply(content: ReplyInput): Promise<void> {
    await this.replyWith(content, allowedMentionsFor(undefined));
  }

  embedRequested(): Promise<boolean> {
    return this.features.embedRequested();
  }

  embedColor(): Promise<number> {
    return this.features.embedColor();
  }

  maybeSendEmbed(embed: APIEmbed, options?: { content?: string; ephemeral?: boolean }): Promise<void> {
    return this.features.maybeSendEmbed(embed, options);
  }

  sendHelp(): Promise<void> {
    return this.features.sendHelp(this as unknown as Context);
  }

  paginate(pages: readonly Page[], options?: PaginateOptions): Promise<Pagination> {
    return this.features.paginate(pages, options);
  }

  sendInteractive(text: string, options?: PaginateOptions): Promise<Pagination> {
    return this.features.sendInteractive(text, options);
  }
}
