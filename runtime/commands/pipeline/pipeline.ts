/**
 * The check pipeline every command passes before its options are parsed (like discord.py's `prepare`):
 * its named steps run in the one order of `CHECK_STEPS` and the first refusal is the answer. The
 * dispatcher (text and slash), autocomplete's "may run" filter, help and `permissions canrun` all ask
 * this one object; runtime/wiring.ts gives it the steps.
 */
import type { LoadedCog } from '../../cogs/module.js';
import type { CommandSpec } from '../../contract/spec.js';
import { CheckContext, type CheckSubject } from '../../context/check-context.js';
import type { ContextServices } from '../../context/services.js';
import type { Context } from '../../context/types.js';
import type { Logger } from '../../logging.js';
import { CheckFailure, CheckStepError, failureOf } from '../check-failure.js';
import { ALLOWED, CHECK_STEPS, refusal, type CheckStep, type CheckStepName, type CheckVerdict, type CommandCheck } from './steps.js';

/** The steps the runtime supplies, by name (`bot` is the pipeline's own: the checks added with `addCheck`). */
export type PipelineSteps = { readonly [S in Exclude<CheckStepName, 'bot'>]?: CheckStep<S> };

export interface CommandPipelineOptions {
  /** A step left out is not run (a bare dispatcher has only `disabled`); the order is always CHECK_STEPS'. */
  steps: PipelineSteps;
  /** The loaded cogs: a context made for checks sees its command's cog Config. */
  cogs: { get(name: string): LoadedCog | undefined };
  /** What contexts need from the runtime (embed settings). */
  services?: ContextServices;
  /** The logger of contexts whose cog is not loaded. */
  logger: Logger;
}

export class CommandPipeline {
  private readonly added: CommandCheck[] = [];
  private readonly order: readonly CheckStep[];

  constructor(private readonly options: CommandPipelineOptions) {
    const bot: CheckStep<'bot'> = { name: 'bot', run: (ctx, command, cog) => this.runAdded(ctx, command, cog) };
    this.order = CHECK_STEPS.flatMap((name): CheckStep[] => (name === 'bot' ? [bot] : options.steps[name] ? [options.steps[name] as CheckStep] : []));
  }

  /** The names of the steps this pipeline runs, in order. */
  get steps(): CheckStepName[] {
    return this.order.map((step) => step.name);
  }

  /** Adds a check to the last step (see CommandCheck); returns a function that removes it. */
  addCheck(check: CommandCheck): () => void {
    if (typeof check !== 'function') throw new TypeError('A command check must be a function.');
    this.added.push(check);
    return () => {
      const i = this.added.indexOf(check);
      if (i >= 0) this.added.splice(i, 1);
    };
  }

  /**
   * Allowed, or the first step's refusal for `ctx`'s user running `command` of `cog` here. A step that throws
   * anything else is wrapped in a CheckStepError naming the step (its `cause` is what it threw).
   */
  async evaluate(ctx: Context, command: CommandSpec, cog: string): Promise<CheckVerdict> {
    for (const step of this.order) {
      let verdict: CheckVerdict;
      try {
        verdict = await step.run(ctx, command, cog);
      } catch (error) {
        throw new CheckStepError(step.name, command.path, error);
      }
      if (!verdict.allowed) return verdict;
    }
    return ALLOWED;
  }

  /**
   * For a run: throws the CheckFailure the error boundary answers (it carries the refusal), or what a step
   * threw as it was thrown (the boundary logs it as any unexpected error).
   */
  async ensure(ctx: Context, command: CommandSpec, cog: string): Promise<void> {
    let verdict: CheckVerdict;
    try {
      verdict = await this.evaluate(ctx, command, cog);
    } catch (error) {
      throw error instanceof CheckStepError ? error.cause : error;
    }
    if (!verdict.allowed) throw failureOf(verdict, command);
  }

  /** True when `ctx`'s user could run `command` here (a step that cannot be evaluated counts as no). */
  async canRun(ctx: Context, command: CommandSpec, cog: string): Promise<boolean> {
    try {
      return (await this.evaluate(ctx, command, cog)).allowed;
    } catch {
      return false;
    }
  }

  /** A context to evaluate `command` of `cog` for `who` (runtime/context/check-context.ts): it reads, never answers. */
  contextFor(who: CheckSubject, command: CommandSpec, cog: string): Context {
    const loaded = this.options.cogs.get(cog);
    return new CheckContext({
      ...pick(who),
      command,
      config: loaded?.handle.config ?? null,
      cog: loaded?.handle,
      logger: loaded?.handle.logger ?? this.options.logger,
      services: this.options.services,
    });
  }

  /** The `bot` step: every added check in turn; false refuses silently, a thrown CheckFailure says its message. */
  private async runAdded(ctx: Context, command: CommandSpec, cog: string): Promise<CheckVerdict<'bot'>> {
    for (const check of [...this.added]) {
      try {
        if (!(await check(ctx, command, cog))) return refusal('bot', 'botCheck', null);
      } catch (error) {
        if (error instanceof CheckFailure) return refusal('bot', 'botCheck', error.silent ? null : error.message);
        throw error;
      }
    }
    return ALLOWED;
  }
}

/** Only the subject's own fields (a real Context passed as the subject brings its methods too). */
function pick(who: CheckSubject): CheckSubject {
  const { client, author, member, guild, channel, kind, prefix } = who;
  return { client, author, member, guild, channel, kind, prefix };
}
