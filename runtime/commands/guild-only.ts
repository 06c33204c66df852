/**
 * The text route's half of guild-only commands: Discord already hides a guild-only slash command in DMs
 * (generator/model/guild-only.ts marks it), but a prefix command typed in a DM reaches the bot, so this
 * step refuses it there with a short answer. As a step of the pipeline it also hides the command from help in DMs.
 */
import { ALLOWED, refusal, type CheckStep } from './pipeline/steps.js';

export const GUILD_ONLY_MESSAGE = 'This command can only be used in a server.';

/** The `guildOnly` step: refuses a guild-only command outside a server. */
export const guildOnlyStep: CheckStep<'guildOnly'> = {
  name: 'guildOnly',
  run: (ctx, command) => (command.guildOnly && !ctx.guild ? refusal('guildOnly', 'guildOnly', GUILD_ONLY_MESSAGE) : ALLOWED),
};
