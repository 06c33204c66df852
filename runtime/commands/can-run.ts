/**
 * Whether someone may run a command here: not disabled, and every registered check passes. The
 * dispatcher calls `ensure` before parsing arguments (like discord.py's `prepare`); help calls `canRun`
 * to hide what the user cannot run. Issue 5 (privilege levels, allow/deny rules) registers its checks here.
 */
import type { CommandSpec } from '../contract/spec.js';
import type { Context } from '../context/types.js';
import { CheckFailure, DisabledCommandError } from './check-failure.js';
import type { DisabledCommands } from './disabled.js';

/**
 * A check: resolves to true to allow. Returning false refuses silently; throwing `CheckFailure` with a
 * message refuses and tells the user. `command` may differ from `ctx.command` (help asks about others).
 */
export type CommandCheck = (ctx: Context, command: CommandSpec, cog: string) => boolean | Promise<boolean>;

export class CommandChecks {
  private readonly checks: CommandCheck[] = [];

  constructor(private readonly disabled: DisabledCommands) {}

  /** Adds a global check; returns a function that removes it. */
  add(check: CommandCheck): () => void {
    if (typeof check !== 'function') throw new TypeError('A command check must be a function.');
    this.checks.push(check);
    return () => {
      const i = this.checks.indexOf(check);
      if (i >= 0) this.checks.splice(i, 1);
    };
  }

  /** Throws DisabledCommandError or CheckFailure when `ctx`'s user may not run `command` here. */
  async ensure(ctx: Context, command: CommandSpec, cog: string): Promise<void> {
    if (this.disabled.isDisabled(command.path, ctx.guild?.id)) throw new DisabledCommandError(command.path);
    for (const check of [...this.checks]) {
      if (!(await check(ctx, command, cog))) throw new CheckFailure();
    }
  }

  /** True when `ctx`'s user could run `command` here (a check that throws anything counts as no). */
  async canRun(ctx: Context, command: CommandSpec, cog: string): Promise<boolean> {
    try {
      await this.ensure(ctx, command, cog);
      return true;
    } catch {
      return false;
    }
  }
}
