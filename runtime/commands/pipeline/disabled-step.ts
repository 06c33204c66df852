/**
 * The first step: commands and cogs that are off. A command (or a group above it) disabled at run time
 * (`bot.commands.disable`, this process only) or as stored (runtime/permissions/access-settings.ts, which
 * every process sharing the storage reads), then a cog stored as disabled. Off is off for everyone, owners
 * included, with Red's "That command is disabled.".
 */
import { DISABLED_MESSAGE } from '../check-failure.js';
import type { DisabledCommands } from '../disabled.js';
import { ALLOWED, refusal, type CheckStep } from './steps.js';

/** What is stored as disabled, bot-wide or in a guild. */
export interface StoredDisables {
  commandDisabled(path: readonly string[], guildId: string | null): Promise<boolean>;
  cogDisabled(cog: string, guildId: string | null): Promise<boolean>;
}

/** The `disabled` step over the run-time set and (when the bot has storage) what is stored. */
export function disabledStep(runtime: DisabledCommands, stored?: StoredDisables): CheckStep<'disabled'> {
  return {
    name: 'disabled',
    async run(ctx, command, cog) {
      const guildId = ctx.guild?.id ?? null;
      if (runtime.isDisabled(command.path, guildId) || (await stored?.commandDisabled(command.path, guildId))) return refusal('disabled', 'commandDisabled', DISABLED_MESSAGE);
      if (await stored?.cogDisabled(cog, guildId)) return refusal('disabled', 'cogDisabled', DISABLED_MESSAGE);
      return ALLOWED;
    },
  };
}
