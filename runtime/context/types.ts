/**
 * What a handler sees of one invocation. One object serves text and slash invocations alike; a handler
 * can only tell them apart through `ctx.kind`. Cogs never need the raw message or interaction.
 */
import type { APIEmbed, AttachmentPayload, Client, Guild, GuildMember, TextBasedChannel, User } from 'discord.js';
import type { CommandSpec } from '../cogs/spec.js';
import type { Logger } from '../logging.js';

export interface ReplyOptions {
  content?: string;
  embeds?: APIEmbed[];
  files?: AttachmentPayload[];
  /** Slash only: only the invoking user sees the reply. Ignored for text. */
  ephemeral?: boolean;
}

export type ReplyInput = string | ReplyOptions;

export interface Context<TConfig = unknown> {
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
  readonly logger: Logger;
  /** Replies to the invocation (a reply to the message, or the interaction response). */
  reply(content: ReplyInput): Promise<void>;
  /** Sends to the channel without replying (slash: a follow-up once a response exists). */
  send(content: ReplyInput): Promise<void>;
  /** Reacts with ✅, or says `message` (default "Done.") where reactions are not allowed. */
  tick(message?: string): Promise<void>;
  /** Slash: acknowledges now so a slow handler has 15 minutes; text: shows typing. */
  defer(options?: { ephemeral?: boolean }): Promise<void>;
}
