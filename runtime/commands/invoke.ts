/**
 * One command run, in discord.py's order: the check pipeline (pipeline/steps.ts) → argument parsing →
 * cooldowns and max concurrency (a refusal says why) → global before-hooks → the cog's `beforeInvoke` → handler → the cog's `afterInvoke` → global
 * after-hooks. After-hooks run whenever the handler started, even when it threw. Every failure goes to
 * the error boundary; nothing escapes.
 */
import type { LoadedCog } from '../cogs/module.js';
import type { Context } from '../context/types.js';
import { CheckFailure } from './check-failure.js';
import { UserInputError } from './errors.js';
import type { CommandPipeline } from './pipeline/pipeline.js';
import type { Refusal } from './pipeline/steps.js';
import { errorSourceOf, handleCommandError, safely, type ErrorBoundaryOptions, type RuntimeContext } from './error-boundary.js';
import type { InvokeHooks } from './hooks.js';
import type { CommandLimits } from './limits.js';

/** A handler as the runtime calls it. */
export type RunnableHandler = (ctx: Context, options: Record<string, unknown>) => unknown;

export interface InvocationDeps extends ErrorBoundaryOptions {
  pipeline: Pick<CommandPipeline, 'ensure'>;
  hooks: InvokeHooks;
  /** Cooldowns and max concurrency (H-cooldowns' limits.ts); without it commands run unlimited. */
  limits?: CommandLimits;
  /** Called once the handler is about to run (after checks, parsing and before-hooks). */
  onRun?(): void;
  /** Called when the pipeline refused the invocation (before the error boundary answers, or stays silent). */
  onDenied?(refusal: Refusal): void;
  /** Called once per invocation when it is over, with how it ended and how long it took (ms, from the checks on). */
  onDone?(outcome: InvocationOutcome, ms: number): void;
}

/**
 * How an invocation ended: `ok` (the handler returned), `refused` (a check said no), `badInput` (the
 * arguments did not convert), `limited` (a cooldown or max concurrency), `failed` (the handler or a hook threw).
 */
export type InvocationOutcome = 'ok' | 'refused' | 'badInput' | 'limited' | 'failed';

export interface Invocation {
  cog: LoadedCog;
  ctx: RuntimeContext;
  handler: RunnableHandler;
  /** `this` for the handler (the cog's `commands` object). */
  thisArg: unknown;
  /** Converts the arguments; throws UserInputError on bad input. */
  parse(): Promise<Record<string, unknown>>;
}

/** Runs one invocation through checks, hooks and the handler; never throws. */
export async function runInvocation(inv: Invocation, deps: InvocationDeps): Promise<void> {
  const started = performance.now();
  const outcome = await invoke(inv, deps);
  deps.onDone?.(outcome, performance.now() - started);
}

async function invoke(inv: Invocation, deps: InvocationDeps): Promise<InvocationOutcome> {
  const { cog, ctx } = inv;
  try {
    try {
      await deps.pipeline.ensure(ctx, ctx.command, cog.name);
    } catch (error) {
      if (error instanceof CheckFailure && error.refusal) deps.onDenied?.(error.refusal);
      throw error;
    }
    const options = await inv.parse();
    const admission = deps.limits ? await deps.limits.enter(cog.name, ctx.command, ctx) : null;
    if (admission && !admission.admitted) {
      await safely(ctx, deps.logger, () => ctx.systemReply({ content: admission.message, ephemeral: true }));
      return 'limited';
    }
    try {
      await hooked(inv, deps, options);
    } finally {
      if (admission?.admitted) admission.release();
    }
    return 'ok';
  } catch (error) {
    await handleCommandError(ctx, cog, error, deps);
    return error instanceof CheckFailure ? 'refused' : error instanceof UserInputError ? 'badInput' : 'failed';
  }
}

/** Before-hooks, handler, after-hooks. */
async function hooked(inv: Invocation, deps: InvocationDeps, options: Record<string, unknown>): Promise<void> {
  const { cog, ctx } = inv;
  for (const hook of deps.hooks.beforeHooks()) await hook(ctx);
  const impl = cog.implementation;
  if (typeof impl.beforeInvoke === 'function') await impl.beforeInvoke.call(impl, ctx);
  deps.onRun?.();
  let failed = false;
  try {
    await inv.handler.call(inv.thisArg, ctx, options);
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    await runAfterHooks(inv, deps, failed);
  }
}

/**
 * Runs every after-hook even if one throws. When the handler failed, its error is the one reported and
 * after-hook errors are only logged; otherwise the first after-hook error is thrown to the boundary.
 */
async function runAfterHooks(inv: Invocation, deps: InvocationDeps, handlerFailed: boolean): Promise<void> {
  const impl = inv.cog.implementation;
  const hooks = [
    ...(typeof impl.afterInvoke === 'function' ? [(ctx: Context) => impl.afterInvoke!.call(impl, ctx)] : []),
    ...deps.hooks.afterHooks(),
  ];
  let first: { error: unknown } | undefined;
  for (const hook of hooks) {
    try {
      await hook(inv.ctx);
    } catch (error) {
      if (handlerFailed || first) {
        const record = deps.errorLog.record(`after-invoke hook of command ${inv.ctx.command.path.join(' ')}`, error, errorSourceOf(inv.ctx));
        deps.logger.error(`An after-invoke hook failed (error id ${record.id})`, { error });
      } else first = { error };
    }
  }
  if (first) throw first.error;
}
