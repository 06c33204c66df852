/**
 * The Context features shared by text and slash contexts: embeds with a text fallback, the embed colour,
 * pagination and help. Each context supplies what differs (can the bot embed here, how pages are sent).
 */
import type { APIEmbed, Guild, GuildMember, TextBasedChannel, User } from 'discord.js';
import type { Logger } from '../logging.js';
import { DEFAULT_EMBED_COLOR } from './core-settings.js';
import { clip, embedToText, splitPages } from './embed-text.js';
import { runPagination, type Page, type PageSink, type PaginateOptions, type PagePayload, type Pagination } from './paginate.js';
import type { ContextServices } from './services.js';
import type { Context, ReplyInput } from './types.js';

/** What a context provides to the shared features. */
export interface FeatureHost {
  readonly guild: Guild | null;
  readonly author: User;
  readonly logger: Logger;
  /** The channel id (known even when the channel is not cached). */
  readonly channelId: string | null;
  reply(content: ReplyInput): Promise<void>;
  /** Whether the bot has Embed Links where it answers (true in DMs). */
  canEmbedHere(): boolean;
  pageSink(options: { ephemeral: boolean }): PageSink;
}

/**
 * Whether the bot (`me()`, asked only outside DMs) holds every permission of `flags` in `channel`. A DM allows
 * everything; where it cannot be told (no channel, no member, nothing cached) the answer is yes, and the API
 * has the last word.
 */
export function botMayIn(channel: TextBasedChannel | null, me: () => GuildMember | User | null | undefined, flags: bigint): boolean {
  if (!channel || channel.isDMBased()) return true;
  const bot = me();
  if (!bot) return true;
  const permissions = channel.permissionsFor(bot);
  return permissions ? permissions.has(flags) : true;
}

/** Default lifetime of pagination buttons after the last press. */
export const DEFAULT_PAGINATION_TIMEOUT_MS = 120_000;

export class ContextFeatures {
  constructor(
    private readonly host: FeatureHost,
    private readonly services: ContextServices | undefined,
  ) {}

  /** Embeds are sent when the bot may embed here and the channel, guild or global setting wants them (default yes). */
  async embedRequested(): Promise<boolean> {
    if (!this.host.canEmbedHere()) return false;
    const settings = this.services?.settings();
    if (!settings) return true;
    return settings.embedsWanted(this.host.guild?.id ?? null, this.host.channelId);
  }

  /** The guild's configured colour, else the bot's colour in the guild (its top coloured role), else the global one. */
  async embedColor(): Promise<number> {
    const settings = this.services?.settings();
    const guildId = this.host.guild?.id ?? null;
    if (settings && guildId) {
      const own = (await settings.config.guildFromId(guildId).embedColor()) as number | null;
      if (own !== null) return own;
    }
    const roleColor = this.host.guild?.members.me?.displayColor ?? 0;
    if (roleColor !== 0) return roleColor;
    return (settings ? await settings.configuredColor(null) : null) ?? DEFAULT_EMBED_COLOR;
  }

  /** Sends the embed (in the embed colour unless it has one) where embeds are requested, else it as text. */
  async maybeSendEmbed(embed: APIEmbed, options: { content?: string; ephemeral?: boolean } = {}): Promise<void> {
    if (await this.embedRequested()) {
      await this.host.reply({ content: options.content, embeds: [{ ...embed, color: embed.color ?? (await this.embedColor()) }], ephemeral: options.ephemeral });
      return;
    }
    const text = [options.content, embedToText(embed)].filter(Boolean).join('\n\n');
    await this.host.reply({ content: clip(text), ephemeral: options.ephemeral });
  }

  /** Shows pages of text or embeds one at a time with ◀ ▶ ✖ buttons (embeds become text where not requested). */
  async paginate(pages: readonly Page[], options: PaginateOptions = {}): Promise<Pagination> {
    const wantEmbeds = pages.some((p) => typeof p !== 'string') ? await this.embedRequested() : false;
    const color = wantEmbeds ? await this.embedColor() : 0;
    const payloads: PagePayload[] = pages.map((page) =>
      typeof page === 'string'
        ? { content: clip(page), embeds: [] }
        : wantEmbeds
          ? { content: '', embeds: [{ ...page, color: page.color ?? color }] }
          : { content: embedToText(page), embeds: [] },
    );
    const timeoutMs = options.timeoutMs ?? this.services?.paginationTimeoutMs ?? DEFAULT_PAGINATION_TIMEOUT_MS;
    const router = this.services?.components;
    if (!router) throw new Error('Pagination is not available in this runtime (no component router was given to the contexts).');
    return runPagination(this.host.pageSink({ ephemeral: options.ephemeral === true }), router, payloads, timeoutMs);
  }

  /** Long text in pages of at most ~1900 characters, cut at line breaks, with pagination buttons. */
  sendInteractive(text: string, options: PaginateOptions = {}): Promise<Pagination> {
    return this.paginate(splitPages(text), options);
  }

  /** Sends the help of the invoked command (runtime/help renders it). */
  async sendHelp(ctx: Context): Promise<void> {
    if (!this.services?.sendHelp) throw new Error('Help is not available in this runtime (no help renderer was given to the Bot).');
    await this.services.sendHelp(ctx);
  }
}
