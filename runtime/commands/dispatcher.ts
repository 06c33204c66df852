/**
 * The intake of commands: a message or an interaction in, a handler call out. Everything here is an
 * error boundary: a user-input error becomes a message with usage, a handler error becomes a logged
 * record with an id and a short apology, and a malformed event is dropped. Nothing escapes to the client.
 */
import { MessageFlags, type ChatInputCommandInteraction, type Interaction, type Message } from 'discord.js';
import type { LoadedCog } from '../cogs/cog-manager.js';
import type { CommandSpec } from '../cogs/spec.js';
import { SlashContext } from '../context/slash-context.js';
import { TextContext } from '../context/text-context.js';
import type { Context } from '../context/types.js';
import type { Logger } from '../logging.js';
import type { ErrorLog, ErrorRecord } from './error-log.js';
import { UserInputError } from './errors.js';
import type { CommandIndex } from './index-of-commands.js';
import { matchPrefix } from './prefix.js';
import { parseSlashOptions, slashPath } from './slash-options.js';
import { parseTextOptions } from './text-options.js';
import { ArgumentReader } from './tokenizer.js';

/** The runtime's contexts: the Context interface plus replies that never ping. */
type RuntimeContext = TextContext | SlashContext;

export const NOT_AVAILABLE = 'This command is not available.';

/** Events the dispatcher reports (the Bot re-emits them). */
export interface DispatcherEvents {
  commandRun(info: { cog: string; command: CommandSpec; kind: 'text' | 'slash' }): void;
  commandError(info: { cog: string; command: CommandSpec; record: ErrorRecord }): void;
}

export interface DispatcherOptions {
  index: CommandIndex;
  cogs: { get(name: string): LoadedCog | undefined };
  errorLog: ErrorLog;
  logger: Logger;
  prefixes: readonly string[];
  mentionPrefix: boolean;
  /** Slash: defer automatically when a handler has not answered after this long (Discord allows 3 s). 0 turns it off. */
  autoDeferMs?: number;
  emit?<E extends keyof DispatcherEvents>(event: E, ...args: Parameters<DispatcherEvents[E]>): void;
}

/** Text for a handler error; the id lets an owner find the stack trace. */
export function errorReply(command: CommandSpec, id: string): string {
  return `Something went wrong running \`${command.path.join(' ')}\` (error id \`${id}\`).`;
}

export class Dispatcher {
  constructor(private readonly options: DispatcherOptions) {}

  /** Handles one messageCreate event; never throws. */
  async handleMessage(message: Message): Promise<void> {
    try {
      await this.text(message);
    } catch (error) {
      this.options.logger.error('Dropped a message the runtime could not handle', { error });
    }
  }

  /** Handles one interactionCreate event; never throws. */
  async handleInteraction(interaction: Interaction): Promise<void> {
    try {
      if (interaction?.isChatInputCommand?.()) await this.slash(interaction);
    } catch (error) {
      this.options.logger.error('Dropped an interaction the runtime could not handle', { error });
    }
  }

  private async text(message: Message): Promise<void> {
    // Malformed or foreign events: no author, a bot (including ourselves), a webhook, no text.
    if (!message || !message.author || message.author.bot || message.webhookId || typeof message.content !== 'string') return;
    const client = message.client;
    const match = matchPrefix(message.content, {
      prefixes: this.options.prefixes,
      mentionPrefix: this.options.mentionPrefix,
      botId: client.user?.id ?? null,
    });
    if (!match) return;
    const reader = new ArgumentReader(match.rest);
    let resolved;
    try {
      resolved = this.options.index.resolveText(reader);
    } catch {
      return; // a broken quote before any command name: not a command
    }
    if (!resolved) return; // unknown commands are silent
    const cog = this.options.cogs.get(resolved.cog);
    if (!cog) return;
    const { command } = resolved;
    const shownPrefix = match.mention ? `@${client.user?.username ?? 'bot'} ` : match.prefix;
    const ctx = new TextContext({ message, command, invokedAs: resolved.invokedAs, prefix: shownPrefix, config: cog.handle.config, logger: cog.handle.logger });
    if (command.handler === null) {
      await this.safely(ctx, () => ctx.systemReply(command.help.replaceAll('[p]', shownPrefix)));
      return;
    }
    let options: Record<string, unknown>;
    try {
      options = await parseTextOptions(command, reader, { client, guild: message.guild });
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      await this.safely(ctx, () => ctx.systemReply(`${error.message}\nUsage: \`${shownPrefix}${command.usage}\``));
      return;
    }
    await this.invoke(cog, command, ctx, options);
  }

  private async slash(interaction: ChatInputCommandInteraction): Promise<void> {
    const entry = this.options.index.findSlash(slashPath(interaction));
    const cog = entry ? this.options.cogs.get(entry.cog) : undefined;
    if (!entry || !cog || entry.command.handler === null) {
      await interaction.reply({ content: NOT_AVAILABLE, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
      return;
    }
    const { command } = entry;
    const member = interaction.inCachedGuild() ? interaction.member : null;
    const ctx = new SlashContext({ interaction, command, member, config: cog.handle.config, logger: cog.handle.logger });
    let options: Record<string, unknown>;
    try {
      options = await parseSlashOptions(command, interaction);
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      await this.safely(ctx, () => ctx.systemReply({ content: error.message, ephemeral: true }));
      return;
    }
    const autoDeferMs = this.options.autoDeferMs ?? 2500;
    const timer =
      autoDeferMs > 0
        ? setTimeout(() => void ctx.autoDefer().catch((error) => this.options.logger.warn(`Auto-defer of \`/${ctx.invokedAs}\` failed`, { error })), autoDeferMs)
        : undefined;
    try {
      await this.invoke(cog, command, ctx, options);
    } finally {
      clearTimeout(timer);
    }
    // Never leave an interaction unanswered: a handler that said nothing gets a quiet acknowledgement.
    if (ctx.awaitingAnswer) {
      await this.safely(ctx, () => ctx.systemReply({ content: 'Done.', ephemeral: true }));
    }
  }

  /** Runs the handler inside the error boundary. */
  private async invoke(cog: LoadedCog, command: CommandSpec, ctx: RuntimeContext, options: Record<string, unknown>): Promise<void> {
    const commands = cog.implementation.commands as Record<string, (ctx: Context, options: unknown) => unknown>;
    const handler = commands[command.handler!];
    this.options.emit?.('commandRun', { cog: cog.name, command, kind: ctx.kind });
    try {
      if (typeof handler !== 'function') throw new Error(`Handler ${command.handler} of cog ${cog.name} is not a function.`);
      await handler.call(commands, ctx, options);
    } catch (error) {
      const record = this.options.errorLog.record(`command ${command.path.join(' ')}`, error);
      cog.handle.logger.error(`Error in command ${command.path.join(' ')} (error id ${record.id})`, { error, kind: ctx.kind });
      this.options.emit?.('commandError', { cog: cog.name, command, record });
      await this.safely(ctx, () => ctx.systemReply({ content: errorReply(command, record.id), ephemeral: true }));
    }
  }

  /** Sends something to the user; a failure to send (deleted channel, lost permission) is only logged. */
  private async safely(ctx: RuntimeContext, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (error) {
      this.options.logger.warn(`Could not answer \`${ctx.command.path.join(' ')}\``, { error });
    }
  }
}
