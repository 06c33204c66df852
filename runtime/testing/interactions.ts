/**
 * Slash-command interactions: building INTERACTION_CREATE from the commands the bot registered, and the
 * responses Discord accepts for them (callback 4 reply, 5 defer, 9 modal; webhook edits and follow-ups).
 *
 * Decisions, following Discord:
 * - an interaction must be acknowledged within `ackDeadlineMs` (3 s by default, 0 disables); a late or
 *   second callback is answered 404 10062 / 400 40060;
 * - a deferred reply is a LOADING message; the first edit of @original, or the first follow-up, fills it;
 * - interactions are dispatched to the shard owning the guild whatever the intents.
 */
import { randomBytes } from 'node:crypto';
import type { APIMessage } from 'discord.js';
import { ApplicationCommandOptionType, InteractionResponseType, InteractionType, MessageFlags, MessageType } from 'discord.js';
import type { CommandRegistry } from './commands.js';
import type { SimCore } from './core.js';
import type { MessageService } from './messages.js';
import { apiChannel, apiMember, apiUser } from './payloads.js';
import { DiscordApiError, type UploadedFile } from './rest/router.js';
import { SlashOptionBuilder, subKinds, walkPath, type SlashOptionValue } from './slash-option-payloads.js';
import type { ChannelRecord } from './state.js';

export type { SlashOptionValue, WireOption } from './slash-option-payloads.js';

export interface RunSlashOptions {
  /** Check the command against what the bot registered (default true). */
  check?: boolean;
  /**
   * Send an APPLICATION_COMMAND_AUTOCOMPLETE interaction (type 4) instead: this option is the one being
   * typed (its value is sent as the partial text, unchecked); required options may be missing.
   */
  focused?: string;
  /** The invoking user's locale (default en-US). */
  locale?: string;
}

/** One interaction the simulator sent, and how the bot answered it. */
export interface SimInteraction {
  readonly id: string;
  readonly token: string;
  readonly commandName: string;
  /** Sub-command path, e.g. `['config', 'set']` for `/settings config set`. */
  readonly subcommandPath: string[];
  readonly guildId: string | null;
  readonly channelId: string;
  readonly userId: string;
  /** The INTERACTION_CREATE data as dispatched. */
  readonly payload: Record<string, unknown>;
  readonly createdAt: number;
  /** Callback type the bot answered with, null until it did. */
  responseType: InteractionResponseType | null;
  /** The original response message (reply or deferred placeholder). */
  originalMessageId: string | null;
  followUpIds: string[];
  /** The modal, when the bot answered with one. */
  modal: unknown;
  /** Autocomplete interactions: the choices the bot answered with (callback type 8). */
  autocompleteChoices?: { name: string; value: string | number }[];
  /** Component interactions (components.ts): the message whose button was pressed. */
  componentMessageId?: string;
  /** Component interactions: the pressed component's custom id. */
  customId?: string;
}

/** Builds interactions and serves their responses. */
export class InteractionService {
  readonly all = new Map<string, SimInteraction>();
  readonly #byToken = new Map<string, SimInteraction>();

  constructor(
    private readonly core: SimCore,
    private readonly commands: CommandRegistry,
    private readonly messages: MessageService,
    private readonly ackDeadlineMs: number,
  ) {}

  /** Builds and dispatches a slash-command interaction from `userId` in `channel`. */
  runSlash(channel: ChannelRecord, userId: string, commandLine: string, values: Record<string, SlashOptionValue>, options: RunSlashOptions = {}): SimInteraction {
    const { state, applicationId } = this.core;
    const path = commandLine.trim().replace(/^\//, '').split(/\s+/).filter(Boolean);
    if (path.length === 0 || path.length > 3) throw new Error(`runSlash: "${commandLine}" is not a command, "command [group] [subcommand]" was expected`);
    const [name, ...subPath] = path as [string, ...string[]];
    const check = options.check ?? true;
    const command = this.commands.findChatInput(name, channel.guildId);
    if (check && !command) {
      const known = [...this.commands.global.values(), ...(channel.guildId ? [...(this.commands.guilds.get(channel.guildId)?.values() ?? [])] : [])].map((c) => c.name);
      throw new Error(`runSlash: the bot has not registered a slash command "/${name}" ${channel.guildId ? 'for this guild or globally' : 'globally'} (registered: ${known.length ? known.join(', ') : 'none'}). Pass { check: false } to send it anyway.`);
    }
    const member = channel.guildId ? state.guild(channel.guildId).members.get(userId) : undefined;
    if (channel.guildId && !member) throw new Error(`runSlash: user ${userId} is not a member of guild ${channel.guildId}`);
    if (check && command?.default_member_permissions && channel.guildId) {
      const needed = BigInt(command.default_member_permissions);
      if ((state.permissionsIn(channel, userId) & needed) !== needed) {
        throw new Error(`runSlash: /${name} needs permissions ${needed} (default_member_permissions) that user ${userId} lacks, so Discord would not offer it`);
      }
    }

    const leafDefs = check ? walkPath(command!, subPath, commandLine) : undefined;
    const builder = new SlashOptionBuilder(state, channel, userId, commandLine, leafDefs);
    const resolved = builder.resolved;
    const focused = options.focused;
    if (focused !== undefined && !(focused in values)) throw new Error(`runSlash: the focused option "${focused}" has no value`);
    const leafOptions = Object.entries(values).map(([optName, value]) =>
      optName === focused
        ? { name: optName, type: leafDefs?.find((d) => d.name === optName)?.type ?? ApplicationCommandOptionType.String, value: String(value), focused: true }
        : builder.option(optName, value),
    );
    if (leafDefs && focused === undefined) {
      for (const def of leafDefs) {
        if ('required' in def && def.required && !(def.name in values)) throw new Error(`runSlash: /${commandLine} is missing the required option "${def.name}"`);
      }
    }
    let options_: unknown[] = leafOptions;
    const kinds = check ? subKinds(command!, subPath) : subPath.map((_, i) => (i === subPath.length - 1 ? ApplicationCommandOptionType.Subcommand : ApplicationCommandOptionType.SubcommandGroup));
    for (let i = subPath.length - 1; i >= 0; i--) options_ = [{ type: kinds[i], name: subPath[i], options: options_ }];

    const { id, token, fields } = interactionEnvelope(this.core, channel, userId, options.locale);
    const payload: Record<string, unknown> = {
      id,
      application_id: applicationId,
      type: focused === undefined ? InteractionType.ApplicationCommand : InteractionType.ApplicationCommandAutocomplete,
      data: {
        id: command?.id ?? state.ids.next(),
        name,
        type: 1,
        ...(options_.length ? { options: options_ } : {}),
        ...(Object.keys(resolved).length ? { resolved } : {}),
        ...(command?.guild_id ? { guild_id: command.guild_id } : {}),
      },
      ...fields,
    };
    const interaction: SimInteraction = {
      id,
      token,
      commandName: name,
      subcommandPath: subPath,
      guildId: channel.guildId,
      channelId: channel.id,
      userId,
      payload,
      createdAt: Date.now(),
      responseType: null,
      originalMessageId: null,
      followUpIds: [],
      modal: null,
    };
    this.all.set(id, interaction);
    this.#byToken.set(token, interaction);
    this.core.gateway.dispatch('INTERACTION_CREATE', channel.guildId, () => payload);
    return interaction;
  }

  /** Registers an interaction built elsewhere (a button press) so its callback and webhook work, and dispatches it. */
  dispatch(interaction: SimInteraction): SimInteraction {
    this.all.set(interaction.id, interaction);
    this.#byToken.set(interaction.token, interaction);
    this.core.gateway.dispatch('INTERACTION_CREATE', interaction.guildId, () => interaction.payload);
    return interaction;
  }

  /** POST /interactions/:id/:token/callback. */
  callback(id: string, token: string, body: unknown, withResponse: boolean): unknown {
    const interaction = this.all.get(id);
    if (!interaction || interaction.token !== token) throw new DiscordApiError(404, 10062, 'Unknown interaction');
    if (interaction.responseType !== null) throw new DiscordApiError(400, 40060, 'Interaction has already been acknowledged.');
    if (this.ackDeadlineMs > 0 && Date.now() - interaction.createdAt > this.ackDeadlineMs) throw new DiscordApiError(404, 10062, 'Unknown interaction');
    const { type, data } = (body ?? {}) as { type?: unknown; data?: Record<string, unknown> };
    const isAutocomplete = interaction.payload.type === InteractionType.ApplicationCommandAutocomplete;
    if (isAutocomplete !== (type === InteractionResponseType.ApplicationCommandAutocompleteResult)) {
      throw DiscordApiError.invalidForm('type', 'INTERACTION_RESPONSE_TYPE_INVALID', `Response type ${String(type)} is not valid for ${isAutocomplete ? 'an autocomplete' : 'this'} interaction`);
    }
    const channel = this.core.state.channel(interaction.channelId);
    const metadata = this.#metadata(interaction);
    let message: APIMessage | null = null;
    switch (type) {
      case InteractionResponseType.ChannelMessageWithSource:
        message = this.messages.create(channel, this.core.botUserId, data ?? {}, [], {
          type: MessageType.ChatInputCommand,
          webhookId: this.core.applicationId,
          interactionMetadata: metadata,
          allowedFlags: MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2,
        });
        break;
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const flags = typeof data?.flags === 'number' ? data.flags & MessageFlags.Ephemeral : 0;
        message = this.messages.create(channel, this.core.botUserId, { content: '' }, [], {
          type: MessageType.ChatInputCommand,
          webhookId: this.core.applicationId,
          interactionMetadata: metadata,
          extraFlags: MessageFlags.Loading | flags,
          allowEmpty: true,
        });
        break;
      }
      // Component interactions only: acknowledge without change (6), or edit the message the component is on (7).
      case InteractionResponseType.DeferredMessageUpdate:
      case InteractionResponseType.UpdateMessage: {
        if (!interaction.componentMessageId) throw DiscordApiError.invalidForm('type', 'INTERACTION_RESPONSE_TYPE_INVALID', `Response type ${String(type)} is only valid for component interactions`);
        const target = this.core.state.messages.get(interaction.componentMessageId);
        if (!target) throw new DiscordApiError(404, 10008, 'Unknown Message');
        message = type === InteractionResponseType.UpdateMessage ? this.messages.edit(target, data ?? {}, []) : target;
        break;
      }
      case InteractionResponseType.ApplicationCommandAutocompleteResult: {
        const choices = data?.choices;
        if (!Array.isArray(choices) || choices.length > 25) throw DiscordApiError.invalidForm('data.choices', 'BASE_TYPE_MAX_LENGTH', 'Autocomplete needs 0 to 25 choices');
        interaction.autocompleteChoices = choices as { name: string; value: string | number }[];
        break;
      }
      case InteractionResponseType.Modal:
        if (!data || typeof data.custom_id !== 'string' || typeof data.title !== 'string') throw DiscordApiError.invalidForm('data', 'MODAL_INVALID', 'A modal needs custom_id, title and components');
        interaction.modal = data;
        break;
      default:
        throw DiscordApiError.invalidForm('type', 'INTERACTION_RESPONSE_TYPE_INVALID', `Response type ${String(type)} is not valid for a slash command`);
    }
    interaction.responseType = type as InteractionResponseType;
    interaction.originalMessageId = message?.id ?? null;
    this.core.events.emit('interactionResponse', interaction.id);
    if (!withResponse) return undefined;
    return {
      interaction: {
        id: interaction.id,
        type: interaction.payload.type,
        activity_instance_id: null,
        response_message_id: message?.id ?? null,
        response_message_loading: type === InteractionResponseType.DeferredChannelMessageWithSource,
        response_message_ephemeral: Boolean(message && message.flags! & MessageFlags.Ephemeral),
      },
      resource: { type, ...(message ? { message } : {}) },
    };
  }

  /** The interaction behind a webhook token; 10015 Unknown Webhook otherwise (as Discord). */
  byWebhook(applicationId: string, token: string): SimInteraction {
    const interaction = this.#byToken.get(token);
    if (!interaction || applicationId !== this.core.applicationId) throw new DiscordApiError(404, 10015, 'Unknown Webhook');
    if (Date.now() - interaction.createdAt > 15 * 60_000) throw new DiscordApiError(401, 50027, 'Invalid Webhook Token');
    return interaction;
  }

  /** A response message of an interaction: `@original` or a follow-up id. */
  responseMessage(interaction: SimInteraction, messageId: string): APIMessage {
    const id = messageId === '@original' ? interaction.originalMessageId : interaction.followUpIds.includes(messageId) || messageId === interaction.originalMessageId ? messageId : null;
    const message = id ? this.core.state.messages.get(id) : undefined;
    if (!message) throw new DiscordApiError(404, 10008, 'Unknown Message');
    return message;
  }

  /** PATCH /webhooks/:app/:token/messages/:id — fills a deferred reply. */
  editResponse(interaction: SimInteraction, messageId: string, body: unknown, files: UploadedFile[]): APIMessage {
    const message = this.responseMessage(interaction, messageId);
    const edited = this.messages.edit(message, (body ?? {}) as object, files, { clearFlags: MessageFlags.Loading });
    this.core.events.emit('interactionResponse', interaction.id);
    return edited;
  }

  /** POST /webhooks/:app/:token — a follow-up; the first one after a defer fills the placeholder. */
  followUp(interaction: SimInteraction, body: unknown, files: UploadedFile[]): APIMessage {
    if (interaction.responseType === null) throw new DiscordApiError(404, 10015, 'Unknown Webhook');
    const original = interaction.originalMessageId ? this.core.state.messages.get(interaction.originalMessageId) : undefined;
    let message: APIMessage;
    if (original && original.flags! & MessageFlags.Loading) {
      const { flags: _ignored, ...rest } = (body ?? {}) as Record<string, unknown>;
      message = this.messages.edit(original, rest, files, { clearFlags: MessageFlags.Loading });
    } else {
      message = this.messages.create(this.core.state.channel(interaction.channelId), this.core.botUserId, (body ?? {}) as object, files, {
        type: MessageType.ChatInputCommand,
        webhookId: this.core.applicationId,
        interactionMetadata: this.#metadata(interaction),
        allowedFlags: MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2,
      });
      interaction.followUpIds.push(message.id);
    }
    this.core.events.emit('interactionResponse', interaction.id);
    return message;
  }

  /** `interaction_metadata` of a response message: a command names itself, a component names the message it is on (as Discord). */
  #metadata(interaction: SimInteraction): Record<string, unknown> {
    const common = {
      id: interaction.id,
      user: apiUser(this.core.state.user(interaction.userId)),
      authorizing_integration_owners: interaction.payload.authorizing_integration_owners,
    };
    if (interaction.componentMessageId) return { ...common, type: InteractionType.MessageComponent, interacted_message_id: interaction.componentMessageId };
    return { ...common, type: InteractionType.ApplicationCommand, name: [interaction.commandName, ...interaction.subcommandPath].join(' ') };
  }

}

/**
 * What every interaction payload says about who acted, where, and with which permissions, as Discord sends
 * it; plus a fresh id and token. Slash commands, autocomplete and button presses all start from this.
 */
export function interactionEnvelope(core: SimCore, channel: ChannelRecord, userId: string, locale = 'en-US'): { id: string; token: string; fields: Record<string, unknown> } {
  const { state } = core;
  const member = channel.guildId ? state.guild(channel.guildId).members.get(userId) : undefined;
  const id = state.ids.next();
  const token = `aW50ZXJhY3Rpb246${id}:${randomBytes(48).toString('base64url')}`;
  const channelPermissions = state.permissionsIn(channel, userId);
  const fields: Record<string, unknown> = {
    channel: { ...apiChannel(channel, state), ...(channel.guildId ? { permissions: channelPermissions.toString() } : {}) },
    channel_id: channel.id,
    token,
    version: 1,
    app_permissions: state.permissionsIn(channel, core.botUserId).toString(),
    locale,
    entitlements: [],
    authorizing_integration_owners: channel.guildId ? { '0': channel.guildId } : { '1': userId },
    context: channel.guildId ? 0 : 1,
    attachment_size_limit: 10 * 1024 * 1024,
    ...(channel.guildId
      ? {
          guild_id: channel.guildId,
          guild: { id: channel.guildId, locale: 'en-US', features: [] },
          guild_locale: 'en-US',
          member: { ...apiMember(member!, state), permissions: channelPermissions.toString() },
        }
      : { user: apiUser(state.user(userId)) }),
  };
  return { id, token, fields };
}
