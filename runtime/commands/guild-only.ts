/**
 * The text route's half of guild-only commands: Discord already hides a guild-only slash command in DMs
 * (generator/model/guild-only.ts marks it), but a prefix command typed in a DM reaches the bot, so this
 * check refuses it there with a short answer. As a check it also hides the command from help in DMs.
 */
import type { CommandSpec } from '../contract/spec.js';
import type { Context } from '../context/types.js';
import { CheckFailure } from './check-failure.js';

export const GUILD_ONLY_MESSAGE = 'This command can only be used in a server.';

/** A command check: refuses a guild-only command outside a server. */
export function guildOnlyCheck(ctx: Pick<Context, 'guild'>, command: Pick<CommandSpec, 'guildOnly'>): boolean {
  if (command.guildOnly && !ctx.guild) throw new CheckFailure(GUILD_ONLY_MESSAGE);
  return true;
}
