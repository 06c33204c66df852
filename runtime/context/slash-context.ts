/**
 * The Context of a slash invocation: the first reply answers the interaction (or edits the deferred
 * response), later ones are follow-ups. Ephemeral is honoured here and ignored for text.
 */
import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction, type Message, type Client, type Guild, type GuildMember, type MessageMentionOptions, type TextBasedChannel, type User } from 'discord.js';
import { toPayload, wantsEphemeral } from './payload.js';
import { sendCallback } from './delivery.js';
import { BaseContext, type BaseContextOptions } from './base-context.js';
import type { PageComponents, PagePayload, PageSink } from './paginate.js';
import type { Context, ReactOptions, ReplyInput } from './types.js';

export interface SlashContextOptions<TConfig> extends BaseContextOptions<TConfig> {
  interaction: ChatInputCommandInteraction;
  member: GuildMember | null;
}

export class SlashContext<TConfig = unknown> extends BaseContext<TConfig> implements Context<TConfig> {
  readonly kind = 'slash' as const;
  readonly prefix = '/';
  readonly invokedAs: string;
  readonly member: GuildMember | null;
  /** The interaction; for the runtime, not for cogs. */
  readonly interaction: ChatInputCommandInteraction;
  /** True once the deferred "thinking…" response has been replaced by a real reply. */
  private deferredAnswered = false;
  /** Responses go out one at a time: discord.js only learns an interaction was answered once the request returns. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: SlashContextOptions<TConfig>) {
    const { interaction } = options;
    super(options, {
      guild: interaction.guild,
      author: interaction.user,
      logger: options.logger,
      channelId: interaction.channelId,
      reply: (content) => this.reply(content),
      // The interaction says what the bot may do in its channel, cached or not.
      canEmbedHere: () => interaction.appPermissions?.has(PermissionFlagsBits.EmbedLinks) ?? true,
      pageSink: ({ ephemeral }) => this.pageSink(ephemeral),
    });
    this.interaction = interaction;
    this.invokedAs = options.command.path.join(' ');
    this.member = options.member;
  }

  get author(): User {
    return this.interaction.user;
  }
  get guild(): Guild | null {
    return this.interaction.guild;
  }
  get channel(): TextBasedChannel | null {
    return this.interaction.channel;
  }
  get client(): Client {
    return this.interaction.client;
  }

  /** True when the interaction has been answered or deferred. */
  get responded(): boolean {
    return this.interaction.replied || this.interaction.deferred;
  }

  /** True while the user still sees no answer: nothing sent, or only the deferred "thinking…". */
  get awaitingAnswer(): boolean {
    return !this.responded || (this.interaction.deferred && !this.deferredAnswered && !this.interaction.replied);
  }

  /** Defers if nothing has been sent yet (the runtime calls this before Discord's 3-second deadline). */
  autoDefer(): Promise<void> {
    return this.serial(async () => {
      if (!this.responded) await this.deferCallback({});
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  protected replyWith(content: ReplyInput, mentions: MessageMentionOptions): Promise<void> {
    const payload = toPayload(content, mentions);
    const flags = wantsEphemeral(content) ? MessageFlags.Ephemeral : undefined;
    return this.serial(async () => {
      const i = this.interaction;
      if (i.deferred && !this.deferredAnswered) {
        this.deferredAnswered = true;
        await i.editReply(payload);
      } else if (i.replied || i.deferred) {
        await i.followUp({ ...payload, flags });
      } else {
        await sendCallback(i, 'replied', () => i.reply({ ...payload, flags }), () => undefined);
      }
    });
  }

  async send(content: ReplyInput): Promise<void> {
    await this.reply(content);
  }

  async tick(message = 'Done.'): Promise<void> {
    // An interaction has no message to react to: the acknowledgement is the text itself.
    await this.reply(message);
  }

  async react(emoji: string, options: ReactOptions = {}): Promise<boolean> {
    // No message to react to: the fallback, else the emoji as the answer (unless quiet).
    if (options.fallback !== undefined) await this.systemReply(options.fallback);
    else if (!options.quiet) await this.systemReply(emoji);
    return false;
  }

  async typing(): Promise<void> {
    await this.defer();
  }

  /** Pages go out as the response (or a follow-up once there is one); buttons are removed through the interaction webhook. */
  /** Text commands only: a slash command carries no message to run another command as. */
  async invoke(): Promise<boolean> {
    throw new Error('ctx.invoke runs text commands; it cannot be used from a slash command.');
  }

  private pageSink(ephemeral: boolean): PageSink {
    return {
      invokerId: this.interaction.user.id,
      logger: this.logger,
      send: (payload) => this.sendMessage(payload, ephemeral),
      clearButtons: async (message) => void (await this.interaction.editReply({ message: message.id, components: [] })),
    };
  }

  /** Like reply, but resolves with the message sent (pagination needs it to collect button presses). */
  private sendMessage(payload: PagePayload & { components: PageComponents }, ephemeral: boolean): Promise<Message> {
    const body = { ...payload, allowedMentions: this.mentions };
    const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
    return this.serial(async () => {
      const i = this.interaction;
      if (i.deferred && !this.deferredAnswered) {
        this.deferredAnswered = true;
        return i.editReply(body);
      }
      if (i.replied || i.deferred) return i.followUp({ ...body, flags });
      return sendCallback(
        i,
        'replied',
        async () => {
          const response = await i.reply({ ...body, flags, withResponse: true });
          return response.resource?.message ?? (await i.fetchReply());
        },
        () => i.fetchReply(),
      );
    });
  }

  async defer(options: { ephemeral?: boolean } = {}): Promise<void> {
    await this.serial(async () => {
      if (this.responded) return;
      await this.deferCallback(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    });
  }

  /** The deferred response; a retry that finds our first attempt landed counts as deferred (context/delivery.ts). */
  private async deferCallback(options: { flags?: MessageFlags.Ephemeral }): Promise<void> {
    await sendCallback(this.interaction, 'deferred', () => this.interaction.deferReply(options), () => undefined);
  }
}
