/**
 * The intake of commands: a message or an interaction in, a handler call out. The run itself (checks,
 * parsing, limits, hooks, handler) and its error boundary live in invoke.ts and error-boundary.ts; here a
 * malformed event is dropped, an unknown command stays silent (or gets "did you mean" where turned on),
 * and a group without a handler shows its help. Nothing escapes to the client.
 */
import { MessageFlags, type AutocompleteInteraction, type ChatInputCommandInteraction, type Interaction, type Message } from 'discord.js';
import type { LoadedCog } from '../cogs/module.js';
import type { CommandSpec } from '../contract/spec.js';
import { SlashContext } from '../context/slash-context.js';
import { TextContext } from '../context/text-context.js';
import type { ComponentRouter } from '../context/components/router.js';
import type { ContextServices } from '../context/services.js';
import { sendHelp } from '../help/send.js';
import type { Logger } from '../logging.js';
import { CheckFailure } from './check-failure.js';
import type { CommandSettings } from './command-settings.js';
import { closeMatches } from '../support/did-you-mean.js';
import { didYouMeanReply } from './did-you-mean.js';
import { safely, type RuntimeContext } from './error-boundary.js';
import type { ErrorLog, ErrorRecord } from './error-log.js';
import { InvokeHooks } from './hooks.js';
import type { CommandEntry, CommandIndex } from './index-of-commands.js';
import { runInvocation, type InvocationDeps, type InvocationOutcome, type RunnableHandler } from './invoke.js';
import { disabledStep } from './pipeline/disabled-step.js';
import { CommandPipeline } from './pipeline/pipeline.js';
import type { CheckStepName, RefusalIdentifier } from './pipeline/steps.js';
import type { CommandLimits } from './limits.js';
import { matchPrefix } from './prefix.js';
import { parseSlashOptions, slashPath } from './slash-options.js';
import { messageScope, parseTextOptions } from './text-options.js';
import { answerAutocomplete } from './autocomplete.js';
import { ArgumentReader } from './tokenizer.js';

export { errorReply } from './error-boundary.js';

export const NOT_AVAILABLE = 'This command is not available.';

/** How deep `ctx.invoke` may nest (an alias of an alias of ...). */
export const MAX_INVOKE_DEPTH = 5;

/** Events the dispatcher reports (the Bot re-emits them). */
export interface DispatcherEvents {
  commandRun(info: { cog: string; command: CommandSpec; kind: 'text' | 'slash' }): void;
  commandError(info: { cog: string; command: CommandSpec; record: ErrorRecord }): void;
  commandDenied(info: CommandDeniedInfo): void;
  commandCompleted(info: CommandCompletedInfo): void;
}

/** An invocation is over: how it ended and how long it took (ms, from the checks to the last after-hook). */
export interface CommandCompletedInfo {
  cog: string;
  command: CommandSpec;
  kind: 'text' | 'slash';
  outcome: InvocationOutcome;
  ms: number;
}

/**
 * The check pipeline refused a command: `reason` is what the user was told, or null when the refusal was
 * silent; `step` and `identifier` say which step refused and why (runtime/commands/pipeline/steps.ts).
 */
export interface CommandDeniedInfo {
  cog: string;
  command: CommandSpec;
  kind: 'text' | 'slash';
  userId: string;
  reason: string | null;
  step: CheckStepName;
  identifier: RefusalIdentifier;
}

export interface DispatcherOptions {
  index: CommandIndex;
  cogs: { get(name: string): LoadedCog | undefined };
  errorLog: ErrorLog;
  logger: Logger;
  prefixes: readonly string[];
  /** The prefixes of a guild (null: DMs), e.g. set by the core cog; overrides `prefixes` when given. */
  prefixesFor?(guildId: string | null): Promise<readonly string[]>;
  mentionPrefix: boolean;
  /** Slash: defer automatically when a handler has not answered after this long (Discord allows 3 s). 0 turns it off. */
  autoDeferMs?: number;
  /**
   * Waits until changes other processes made before this event are visible to this process's reads (the
   * driver's catchUp: its cache invalidations are asynchronous). Called once per message or interaction.
   */
  catchUp?(): Promise<void>;
  /** Cooldowns and max concurrency; without it commands run unlimited. */
  limits?: CommandLimits;
  /** Where button presses and select-menu choices go, by custom id (context/components/router.ts). */
  components?: ComponentRouter;
  /** What contexts need from the runtime (settings, help, pagination timeout). */
  services?: ContextServices;
  /** The check pipeline (runtime/wiring.ts assembles the Bot's); default: only disabled commands are refused. */
  pipeline?: CommandPipeline;
  /** Global before/after invoke hooks. */
  hooks?: InvokeHooks;
  /** The core settings read here ("did you mean"); without them it stays off. */
  settings?: CommandSettings;
  emit?<E extends keyof DispatcherEvents>(event: E, ...args: Parameters<DispatcherEvents[E]>): void;
  /** A message that is not a command (not from a bot or a webhook): the cogs' `messageWithoutCommand` listeners get it. */
  passOn?(message: Message): void;
}

export class Dispatcher {
  private readonly pipeline: CommandPipeline;
  private readonly hooks: InvokeHooks;

  /** What contexts get: the Bot's services, plus running a command line (for `ctx.invoke`). */
  private readonly services: ContextServices;

  constructor(private readonly options: DispatcherOptions) {
    this.services = {
      settings: () => undefined,
      ...options.services,
      invokeText: (message, line, prefix, depth) => this.runTextLine(message, line, prefix, depth),
    };
    this.pipeline =
      options.pipeline ?? new CommandPipeline({ steps: { disabled: disabledStep(options.index.disabled) }, cogs: options.cogs, services: this.services, logger: options.logger });
    this.hooks = options.hooks ?? new InvokeHooks();
  }

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
      await this.options.catchUp?.();
      if (interaction?.isChatInputCommand?.()) await this.slash(interaction);
      else if (interaction?.isAutocomplete?.()) await answerAutocomplete(interaction, { ...this.options, allowed: (i, entry) => this.mayRun(i, entry) });
      else if (interaction?.isMessageComponent?.()) await this.options.components?.route(interaction);
    } catch (error) {
      this.options.logger.error('Dropped an interaction the runtime could not handle', { error });
    }
  }

  private async text(message: Message): Promise<void> {
    // Malformed or foreign events: no author, a bot (including ourselves), a webhook, no text.
    if (!message || !message.author || message.author.bot || message.webhookId || typeof message.content !== 'string') return;
    // Before the first read (the prefixes): what another process changed before this message is seen.
    await this.options.catchUp?.();
    const client = message.client;
    const match = matchPrefix(message.content, {
      prefixes: this.options.prefixesFor ? await this.options.prefixesFor(message.guildId ?? null) : this.options.prefixes,
      mentionPrefix: this.options.mentionPrefix,
      botId: client.user?.id ?? null,
    });
    if (!match) {
      this.options.passOn?.(message);
      return;
    }
    const shownPrefix = match.mention ? `@${client.user?.username ?? 'bot'} ` : match.prefix;
    const ran = await this.runTextLine(message, match.rest, shownPrefix, 0);
    if (ran) return;
    this.options.passOn?.(message);
    await this.unknownCommand(message, match.rest, shownPrefix);
  }

  /**
   * Resolves `line` (command words and arguments, no prefix) and runs it for the message's author, through
   * the whole pipeline; false when it names no command. `ctx.invoke` (aliases) comes here too, `depth` deep.
   */
  private async runTextLine(message: Message, line: string, shownPrefix: string, depth: number): Promise<boolean> {
    if (depth > MAX_INVOKE_DEPTH) throw new CheckFailure(`Commands that run other commands went ${MAX_INVOKE_DEPTH} deep: stopped there.`);
    const reader = new ArgumentReader(line);
    let resolved;
    try {
      resolved = this.options.index.resolveText(reader);
    } catch {
      return false; // a broken quote before any command name: not a command
    }
    if (!resolved) return false;
    const cog = this.options.cogs.get(resolved.cog);
    if (!cog) return false;
    // Backpressure: a command typed while its channel's (or the bot's) replies are at their bound is not run (context/backpressure.ts).
    // A command let in holds a slot for its first reply until it ends.
    const slot = depth === 0 ? this.services.replies?.admit(message.channelId) : undefined;
    if (slot === null) return true;
    const { command } = resolved;
    const ctx = new TextContext({ message, command, invokedAs: resolved.invokedAs, prefix: shownPrefix, config: cog.handle.config, logger: cog.handle.logger, cog: cog.handle, services: this.services, depth, ...(slot ? { replySlot: slot } : {}) });
    try {
      await runInvocation(
        { cog, ctx, ...this.handlerOf(cog, resolved), parse: () => (command.handler === null ? Promise.resolve({}) : parseTextOptions(command, reader, messageScope(message, cog.implementation.converters))) },
        this.deps(cog, ctx),
      );
    } finally {
      slot?.release();
    }
    return true;
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
    const ctx = new SlashContext({ interaction, command, member, config: cog.handle.config, logger: cog.handle.logger, cog: cog.handle, services: this.services });
    const autoDeferMs = this.options.autoDeferMs ?? 2500;
    const timer =
      autoDeferMs > 0
        ? setTimeout(() => void ctx.autoDefer().catch((error) => this.options.logger.warn(`Auto-defer of \`/${ctx.invokedAs}\` failed`, { error })), autoDeferMs)
        : undefined;
    try {
      await runInvocation({ cog, ctx, ...this.handlerOf(cog, entry), parse: () => parseSlashOptions(command, interaction, cog.implementation.converters) }, this.deps(cog, ctx));
    } finally {
      clearTimeout(timer);
    }
    // Never leave an interaction unanswered: a handler that said nothing gets a quiet acknowledgement.
    if (ctx.awaitingAnswer) {
      await safely(ctx, this.options.logger, () => ctx.systemReply({ content: 'Done.', ephemeral: true }));
    }
  }

  /**
   * Whether the user of an autocomplete interaction passes `entry`'s checks. No command runs yet, so they are
   * asked through a context that only answers questions (who, where); a check that tries to reply counts as no.
   */
  private mayRun(interaction: AutocompleteInteraction, entry: CommandEntry): Promise<boolean> {
    const member = interaction.inCachedGuild() ? interaction.member : null;
    const who = { client: interaction.client, author: interaction.user, member, guild: interaction.guild, channel: interaction.channel, kind: 'slash', prefix: '/' } as const;
    return this.pipeline.canRun(this.pipeline.contextFor(who, entry.command, entry.cog), entry.command, entry.cog);
  }

  /** The function that runs `entry`: its handler (the cog's, or one added at run time), or a group's help. */
  private handlerOf(cog: LoadedCog, entry: CommandEntry): { handler: RunnableHandler; thisArg: unknown } {
    const { command } = entry;
    if (command.handler === null) {
      return { handler: (ctx) => sendHelp(ctx, { command, cog: cog.name }), thisArg: undefined };
    }
    const handlers = (entry.handlers ?? cog.implementation.commands) as Record<string, unknown>;
    const handler = handlers[command.handler];
    if (typeof handler !== 'function') {
      return {
        handler: () => {
          throw new Error(`Handler ${command.handler} of cog ${cog.name} is not a function.`);
        },
        thisArg: undefined,
      };
    }
    return { handler: handler as RunnableHandler, thisArg: handlers };
  }

  private deps(cog: LoadedCog, ctx: RuntimeContext): InvocationDeps {
    const { errorLog, logger, limits, emit } = this.options;
    return {
      pipeline: this.pipeline,
      hooks: this.hooks,
      limits,
      errorLog,
      logger,
      onRun: () => emit?.('commandRun', { cog: cog.name, command: ctx.command, kind: ctx.kind }),
      onUnexpected: (info) => emit?.('commandError', info),
      onDenied: (refusal) =>
        emit?.('commandDenied', { cog: cog.name, command: ctx.command, kind: ctx.kind, userId: ctx.author.id, reason: refusal.message, step: refusal.step, identifier: refusal.identifier }),
      onDone: (outcome, ms) => emit?.('commandCompleted', { cog: cog.name, command: ctx.command, kind: ctx.kind, outcome, ms }),
    };
  }

  /** Unknown commands are silent, unless "did you mean" is on here and a runnable command is close. */
  private async unknownCommand(message: Message, rest: string, prefix: string): Promise<void> {
    const settings = this.options.settings;
    const typed = /^\S+/.exec(rest)?.[0];
    if (!settings || !typed || typed.length > 32) return;
    if (!(await settings.didYouMean(message.guildId))) return;
    const candidates: { name: string; value: CommandEntry }[] = [];
    for (const [cog, commands] of this.options.index.cogs()) {
      for (const command of commands) {
        if (command.kind === 'slash' || command.hidden) continue;
        for (const name of [command.name, ...command.aliases]) candidates.push({ name, value: { cog, command } });
      }
    }
    for (const entry of closeMatches(typed, candidates)) {
      const cog = this.options.cogs.get(entry.cog);
      if (!cog) continue;
      const ctx = new TextContext({ message, command: entry.command, invokedAs: typed, prefix, config: cog.handle.config, logger: cog.handle.logger, cog: cog.handle, services: this.services });
      if (!(await this.pipeline.canRun(ctx, entry.command, entry.cog))) continue;
      await safely(ctx, this.options.logger, () => ctx.systemReply(didYouMeanReply(typed, `${prefix}${entry.command.name}`)));
      return;
    }
  }
}
