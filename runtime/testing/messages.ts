/**
 * Messages and reactions: validation as Discord does it, mention computing, storage, and the gateway
 * dispatches that follow (MESSAGE_CREATE / UPDATE / DELETE, MESSAGE_REACTION_ADD / REMOVE) to the shard
 * owning the guild, honouring intents:
 * - no MESSAGE_CREATE/UPDATE/DELETE without GUILD_MESSAGES (guilds) or DIRECT_MESSAGES (DMs);
 * - without MESSAGE_CONTENT, content/embeds/attachments/components are emptied for guild messages not
 *   authored by the bot and not mentioning it (Discord's rule);
 * - reactions need GUILD_MESSAGE_REACTIONS / DIRECT_MESSAGE_REACTIONS.
 * Ephemeral messages are stored (they can be fetched by webhook) but never dispatched.
 */
import type { APIEmbed, APIMessage, APIUser } from 'discord.js';
import { ChannelType, GatewayIntentBits, MessageFlags, MessageType, PermissionFlagsBits } from 'discord.js';
import type { SimCore } from './core.js';
import type { GatewaySession } from './gateway.js';
import { resolveMentions, AllowedMentionsError } from './mentions.js';
import { apiMember, apiUser } from './payloads.js';
import { DiscordApiError, type UploadedFile } from './rest/router.js';
import type { ChannelRecord } from './state.js';

/** The fields of a message body that the simulator understands (as sent to POST /channels/:id/messages). */
export interface MessageBody {
  content?: unknown;
  embeds?: unknown;
  components?: unknown;
  allowed_mentions?: unknown;
  message_reference?: unknown;
  tts?: unknown;
  flags?: unknown;
  nonce?: unknown;
  enforce_nonce?: unknown;
  sticker_ids?: unknown;
  attachments?: unknown;
}

export interface CreateOptions {
  type?: MessageType;
  webhookId?: string;
  interactionMetadata?: Record<string, unknown>;
  /** Extra flags the simulator sets itself (e.g. LOADING for a deferred reply). */
  extraFlags?: number;
  /** Flags the sender may set; others are a 400. */
  allowedFlags?: number;
  /** Allow an empty message (a deferred reply's placeholder). */
  allowEmpty?: boolean;
}

const SENDABLE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

/** Creates, edits, deletes and reacts to messages, and tells the gateway about it. */
export class MessageService {
  /** messageId → emoji key → user ids who reacted. */
  readonly #reactions = new Map<string, Map<string, { emoji: { id: string | null; name: string; animated?: boolean }; users: Set<string> }>>();

  constructor(private readonly core: SimCore) {}

  /** Validates a body and creates the message as `authorId` would on Discord; throws DiscordApiError on bad input. */
  create(channel: ChannelRecord, authorId: string, body: MessageBody, files: UploadedFile[], options: CreateOptions = {}): APIMessage {
    const { state } = this.core;
    const fields = this.#validate(body, files, options.allowedFlags ?? SENDABLE_FLAGS);
    if (!options.allowEmpty && !fields.content && fields.embeds.length === 0 && files.length === 0 && !hasItems(body.components) && !hasItems(body.sticker_ids)) {
      throw new DiscordApiError(400, 50006, 'Cannot send an empty message');
    }
    let referenced: APIMessage | undefined;
    const ref = body.message_reference as { message_id?: unknown; channel_id?: unknown; fail_if_not_exists?: unknown } | undefined;
    if (ref && typeof ref === 'object' && ref.message_id !== undefined) {
      referenced = state.messages.get(String(ref.message_id));
      if ((!referenced || referenced.channel_id !== channel.id) && ref.fail_if_not_exists !== false) {
        throw DiscordApiError.invalidForm('message_reference', 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
      }
      if (referenced && referenced.channel_id !== channel.id) referenced = undefined;
    }
    const author = state.user(authorId);
    const id = state.ids.next();
    const message = {
      id,
      channel_id: channel.id,
      author: apiUser(author),
      content: fields.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: body.tts === true,
      mention_everyone: false,
      mentions: [] as APIUser[],
      mention_roles: [] as string[],
      attachments: files.map((f, i) => ({
        id: state.ids.next(),
        filename: f.filename,
        size: f.size,
        content_type: f.contentType,
        url: `https://cdn.invalid/attachments/${channel.id}/${id}/${i}/${encodeURIComponent(f.filename)}`,
        proxy_url: `https://media.invalid/attachments/${channel.id}/${id}/${i}/${encodeURIComponent(f.filename)}`,
      })),
      embeds: fields.embeds,
      pinned: false,
      type: options.type ?? (referenced ? MessageType.Reply : MessageType.Default),
      flags: fields.flags | (options.extraFlags ?? 0),
      components: Array.isArray(body.components) ? body.components : [],
      ...(typeof body.nonce === 'string' || typeof body.nonce === 'number' ? { nonce: body.nonce } : {}),
      ...(options.webhookId ? { webhook_id: options.webhookId } : {}),
      ...(options.interactionMetadata ? { interaction_metadata: options.interactionMetadata } : {}),
      ...(referenced
        ? { message_reference: { type: 0, message_id: referenced.id, channel_id: channel.id, ...(channel.guildId ? { guild_id: channel.guildId } : {}) }, referenced_message: referenced }
        : {}),
    } as unknown as APIMessage;
    this.#applyMentions(message, channel, authorId, body.allowed_mentions, referenced?.author.id ?? null);
    state.addMessage(message);
    if (!(message.flags! & MessageFlags.Ephemeral)) this.#dispatchMessage('MESSAGE_CREATE', message, channel);
    this.core.events.emit('messageCreate', message);
    if (authorId === this.core.botUserId) this.core.botMessages.created(message);
    return message;
  }

  /** Edits a message's content, embeds, components or flags (as PATCH does) and dispatches MESSAGE_UPDATE. */
  edit(message: APIMessage, body: MessageBody, files: UploadedFile[], options: { clearFlags?: number } = {}): APIMessage {
    const channel = this.core.state.channel(message.channel_id);
    const fields = this.#validate(body, files, SENDABLE_FLAGS | MessageFlags.Ephemeral, true);
    const target = message as unknown as Record<string, unknown>;
    if (body.content !== undefined) target.content = fields.content;
    if (body.embeds !== undefined) target.embeds = fields.embeds;
    if (body.components !== undefined) target.components = Array.isArray(body.components) ? body.components : [];
    if (body.flags !== undefined) target.flags = (message.flags! & MessageFlags.Ephemeral) | fields.flags;
    if (options.clearFlags) target.flags = message.flags! & ~options.clearFlags;
    if (files.length > 0) {
      target.attachments = [
        ...message.attachments,
        ...files.map((f) => ({ id: this.core.state.ids.next(), filename: f.filename, size: f.size, content_type: f.contentType, url: `https://cdn.invalid/${f.filename}`, proxy_url: `https://media.invalid/${f.filename}` })),
      ];
    }
    if (!message.content && message.embeds.length === 0 && message.attachments.length === 0 && message.components!.length === 0 && !(message.flags! & MessageFlags.Loading)) {
      throw new DiscordApiError(400, 50006, 'Cannot send an empty message');
    }
    target.edited_timestamp = new Date().toISOString();
    if (body.content !== undefined || body.allowed_mentions !== undefined) {
      const repliedId = (message as { referenced_message?: APIMessage | null }).referenced_message?.author.id ?? null;
      this.#applyMentions(message, channel, message.author.id, body.allowed_mentions, repliedId);
    }
    if (!(message.flags! & MessageFlags.Ephemeral)) this.#dispatchMessage('MESSAGE_UPDATE', message, channel);
    this.core.events.emit('messageUpdate', message);
    return message;
  }

  /** Deletes a message and dispatches MESSAGE_DELETE. */
  delete(message: APIMessage): void {
    const channel = this.core.state.channel(message.channel_id);
    this.core.state.deleteMessage(message);
    this.#reactions.delete(message.id);
    if (!(message.flags! & MessageFlags.Ephemeral)) {
      const intent = channel.guildId ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
      this.core.gateway.dispatch('MESSAGE_DELETE', channel.guildId, (s) =>
        s.has(intent) ? { id: message.id, channel_id: channel.id, ...(channel.guildId ? { guild_id: channel.guildId } : {}) } : null,
      );
    }
    this.core.events.emit('messageDelete', message);
  }

  /** Adds `userId`'s reaction (idempotent, as Discord) and dispatches MESSAGE_REACTION_ADD. */
  addReaction(message: APIMessage, userId: string, rawEmoji: string): void {
    const emoji = parseEmoji(rawEmoji);
    const key = emoji.id ?? emoji.name;
    const byEmoji = this.#reactions.get(message.id) ?? new Map();
    this.#reactions.set(message.id, byEmoji);
    const entry = byEmoji.get(key) ?? { emoji, users: new Set<string>() };
    byEmoji.set(key, entry);
    if (entry.users.has(userId)) return;
    entry.users.add(userId);
    this.#syncReactions(message);
    this.#dispatchReaction('MESSAGE_REACTION_ADD', message, userId, entry.emoji);
  }

  /** Removes `userId`'s reaction and dispatches MESSAGE_REACTION_REMOVE. */
  removeReaction(message: APIMessage, userId: string, rawEmoji: string): void {
    const emoji = parseEmoji(rawEmoji);
    const entry = this.#reactions.get(message.id)?.get(emoji.id ?? emoji.name);
    if (!entry || !entry.users.delete(userId)) return;
    if (entry.users.size === 0) this.#reactions.get(message.id)!.delete(emoji.id ?? emoji.name);
    this.#syncReactions(message);
    this.#dispatchReaction('MESSAGE_REACTION_REMOVE', message, userId, entry.emoji);
  }

  /** Whether anyone already reacted with this emoji (then ADD_REACTIONS is not needed to join in). */
  hasReaction(message: APIMessage, rawEmoji: string): boolean {
    const emoji = parseEmoji(rawEmoji);
    return (this.#reactions.get(message.id)?.get(emoji.id ?? emoji.name)?.users.size ?? 0) > 0;
  }

  /** Users who reacted with an emoji. */
  reactionUsers(message: APIMessage, rawEmoji: string): string[] {
    const emoji = parseEmoji(rawEmoji);
    return [...(this.#reactions.get(message.id)?.get(emoji.id ?? emoji.name)?.users ?? [])];
  }

  #syncReactions(message: APIMessage): void {
    const entries = [...(this.#reactions.get(message.id)?.values() ?? [])];
    const target = message as unknown as Record<string, unknown>;
    if (entries.length === 0) delete target.reactions;
    else
      target.reactions = entries.map((e) => ({
        emoji: e.emoji,
        count: e.users.size,
        count_details: { burst: 0, normal: e.users.size },
        me: e.users.has(this.core.botUserId),
        me_burst: false,
        burst_colors: [],
      }));
  }

  #dispatchReaction(t: string, message: APIMessage, userId: string, emoji: { id: string | null; name: string }): void {
    const channel = this.core.state.channel(message.channel_id);
    const intent = channel.guildId ? GatewayIntentBits.GuildMessageReactions : GatewayIntentBits.DirectMessageReactions;
    const member = channel.guildId ? this.core.state.guild(channel.guildId).members.get(userId) : undefined;
    this.core.gateway.dispatch(t, channel.guildId, (s) =>
      s.has(intent)
        ? {
            user_id: userId,
            channel_id: channel.id,
            message_id: message.id,
            emoji,
            burst: false,
            type: 0,
            ...(channel.guildId ? { guild_id: channel.guildId } : {}),
            ...(t === 'MESSAGE_REACTION_ADD' ? { message_author_id: message.author.id, ...(member ? { member: apiMember(member, this.core.state) } : {}) } : {}),
          }
        : null,
    );
  }

  #applyMentions(message: APIMessage, channel: ChannelRecord, authorId: string, allowed: unknown, repliedUserId: string | null): void {
    const { state } = this.core;
    const guild = channel.guildId ? state.guild(channel.guildId) : null;
    let resolved;
    try {
      resolved = resolveMentions({
        content: message.content,
        allowedMentions: allowed as Parameters<typeof resolveMentions>[0]['allowedMentions'],
        canMentionEveryone: guild ? (state.permissionsIn(channel, authorId) & PermissionFlagsBits.MentionEveryone) !== 0n : false,
        roles: guild ? guild.roles : new Map(),
        userExists: (id) => state.users.has(id),
        repliedUserId,
      });
    } catch (error) {
      if (error instanceof AllowedMentionsError) throw DiscordApiError.invalidForm(`allowed_mentions.${error.field}`, 'ALLOWED_MENTIONS_INVALID', error.message);
      throw error;
    }
    const target = message as unknown as Record<string, unknown>;
    target.mentions = resolved.users.map((id) => apiUser(state.user(id)));
    target.mention_roles = resolved.roles;
    target.mention_everyone = resolved.everyone;
  }

  #dispatchMessage(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE', message: APIMessage, channel: ChannelRecord): void {
    this.core.gateway.dispatch(t, channel.guildId, (session) => this.#gatewayShape(message, channel, session));
  }

  /** The message as one session sees it over the gateway, or null when its intents exclude it. */
  #gatewayShape(message: APIMessage, channel: ChannelRecord, session: GatewaySession): unknown {
    const { state, botUserId } = this.core;
    const isDm = channel.type === ChannelType.DM;
    if (!session.has(isDm ? GatewayIntentBits.DirectMessages : GatewayIntentBits.GuildMessages)) return null;
    // Discord adds channel_type; discord.js needs it to build an uncached DM channel.
    const shaped: Record<string, unknown> = { ...message, channel_type: channel.type };
    if (channel.guildId) {
      const guild = state.guild(channel.guildId);
      shaped.guild_id = guild.id;
      const member = guild.members.get(message.author.id);
      if (member && !message.webhook_id) shaped.member = apiMember(member, state, false);
      shaped.mentions = message.mentions.map((u) => {
        const m = guild.members.get(u.id);
        return m ? { ...u, member: apiMember(m, state, false) } : u;
      });
    }
    const mentionsBot = message.mentions.some((u) => u.id === botUserId);
    if (!isDm && !session.has(GatewayIntentBits.MessageContent) && message.author.id !== botUserId && !mentionsBot) {
      shaped.content = '';
      shaped.embeds = [];
      shaped.attachments = [];
      shaped.components = [];
    }
    return shaped;
  }

  #validate(body: MessageBody, files: UploadedFile[], allowedFlags: number, partial = false): { content: string; embeds: APIEmbed[]; flags: number } {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw DiscordApiError.invalidForm('_root', 'DICT_TYPE_CONVERT', 'Only dictionaries may be used in a DictType');
    let content = '';
    if (body.content !== undefined && body.content !== null) {
      if (typeof body.content !== 'string') throw DiscordApiError.invalidForm('content', 'BASE_TYPE_STRING', 'Could not interpret the value as string.');
      if (body.content.length > 2000) throw DiscordApiError.invalidForm('content', 'BASE_TYPE_MAX_LENGTH', 'Must be 2000 or fewer in length.');
      content = body.content;
    }
    let embeds: APIEmbed[] = [];
    if (body.embeds !== undefined && body.embeds !== null) {
      if (!Array.isArray(body.embeds) || body.embeds.some((e) => e === null || typeof e !== 'object')) throw DiscordApiError.invalidForm('embeds', 'BASE_TYPE_LIST', 'Must be a list of embeds.');
      if (body.embeds.length > 10) throw DiscordApiError.invalidForm('embeds', 'BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
      const total = JSON.stringify(body.embeds.map((e: APIEmbed) => [e.title, e.description, e.footer?.text, e.author?.name, e.fields?.map((f) => f.name + f.value)]).flat(3)).length;
      if (total > 6000 + 200) throw DiscordApiError.invalidForm('embeds', 'MESSAGE_EMBED_TOO_LARGE', 'Embed size exceeds maximum size of 6000');
      embeds = (body.embeds as APIEmbed[]).map((e) => ({ type: 'rich', ...e }) as APIEmbed);
    }
    let flags = 0;
    if (body.flags !== undefined && body.flags !== null) {
      if (typeof body.flags !== 'number' || !Number.isInteger(body.flags) || (body.flags & ~allowedFlags) !== 0) {
        throw DiscordApiError.invalidForm('flags', 'MESSAGE_FLAGS_INVALID', `Invalid flags ${String(body.flags)}`);
      }
      flags = body.flags;
    }
    void files;
    void partial;
    return { content, embeds, flags };
  }
}

function hasItems(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/** Parses a route emoji: `name:id` / `a:name:id` for custom emoji, else a unicode emoji. */
export function parseEmoji(raw: string): { id: string | null; name: string; animated?: boolean } {
  const custom = /^(a:)?([\w~-]{1,32}):(\d{15,21})$/.exec(raw);
  if (custom) return { id: custom[3]!, name: custom[2]!, ...(custom[1] ? { animated: true } : {}) };
  if (!raw || raw.length > 64) throw new DiscordApiError(400, 10014, 'Unknown Emoji');
  return { id: null, name: raw };
}
