/**
 * Where every failure of a command ends: first the cog's own `onCommandError` (returning true means
 * handled), then the global answer: bad input → what was wrong and the usage; a failed check → its
 * message, or silence (text) / a short private note (slash, which must be answered); anything else →
 * logged with an id kept for the owner's `traceback`, and a short apology naming the id.
 */
import type { LoadedCog } from '../cogs/module.js';
import type { CommandSpec } from '../contract/spec.js';
import type { SlashContext } from '../context/slash-context.js';
import type { TextContext } from '../context/text-context.js';
import type { Logger } from '../logging.js';
import { CheckFailure } from './check-failure.js';
import type { ErrorLog, ErrorRecord, ErrorSource } from './error-log.js';
import { UserInputError } from './errors.js';

/** The runtime's contexts: the Context interface plus replies that never ping. */
export type RuntimeContext = TextContext | SlashContext;

/** Slash interactions must be answered: what a silent check failure says there, privately. */
export const SLASH_CHECK_REFUSED = 'You cannot use this command here.';

/** Text for a handler error; the id lets an owner find the stack trace. */
export function errorReply(command: CommandSpec, id: string): string {
  return `Something went wrong running \`${command.path.join(' ')}\` (error id \`${id}\`).`;
}

export interface ErrorBoundaryOptions {
  errorLog: ErrorLog;
  logger: Logger;
  onUnexpected?(info: { cog: string; command: CommandSpec; record: ErrorRecord }): void;
}

/** Who ran the command: the share of the error log its errors count against. */
export function errorSourceOf(ctx: { author: { id: string }; guild: { id: string } | null }): ErrorSource {
  return ctx.guild ? { userId: ctx.author.id, guildId: ctx.guild.id } : { userId: ctx.author.id };
}

/** Handles one command failure; never throws (a failure to answer is only logged). */
export async function handleCommandError(ctx: RuntimeContext, cog: LoadedCog, error: unknown, options: ErrorBoundaryOptions): Promise<void> {
  const { command } = ctx;
  const where = `command ${command.path.join(' ')}`;
  const cogHandler = cog.implementation.onCommandError;
  if (typeof cogHandler === 'function') {
    try {
      if ((await cogHandler.call(cog.implementation, ctx, error)) === true) return;
    } catch (inner) {
      // A broken error handler must not hide the original error: log it, then answer as usual.
      const record = options.errorLog.record(`onCommandError of cog ${cog.name} (${where})`, inner, errorSourceOf(ctx));
      cog.handle.logger.error(`The error handler of cog ${cog.name} failed (error id ${record.id})`, { error: inner });
    }
  }
  await safely(ctx, options.logger, () => answer(ctx, cog, error, options));
}

async function answer(ctx: RuntimeContext, cog: LoadedCog, error: unknown, options: ErrorBoundaryOptions): Promise<void> {
  const { command } = ctx;
  if (error instanceof UserInputError) {
    // The same answer by either route (slash uses `/`): what was wrong, then the usage; private for slash.
    const content = `${error.message}\nUsage: \`${ctx.prefix}${command.usage}\``;
    await ctx.systemReply(ctx.kind === 'text' ? content : { content, ephemeral: true });
    return;
  }
  if (error instanceof CheckFailure) {
    if (ctx.kind === 'slash') await ctx.systemReply({ content: error.silent ? SLASH_CHECK_REFUSED : error.message, ephemeral: true });
    else if (!error.silent) await ctx.systemReply(error.message);
    return;
  }
  const record = options.errorLog.record(`command ${command.path.join(' ')}`, error, errorSourceOf(ctx));
  cog.handle.logger.error(`Error in command ${command.path.join(' ')} (error id ${record.id})`, { error, kind: ctx.kind });
  options.onUnexpected?.({ cog: cog.name, command, record });
  await ctx.systemReply({ content: errorReply(command, record.id), ephemeral: true });
}

/** Sends something to the user; a failure to send (deleted channel, lost permission) is only logged. */
export async function safely(ctx: RuntimeContext, logger: Logger, send: () => Promise<void>): Promise<void> {
  try {
    await send();
  } catch (error) {
    logger.warn(`Could not answer \`${ctx.command.path.join(' ')}\``, { error });
  }
}
