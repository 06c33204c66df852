/**
 * Answers APPLICATION_COMMAND_AUTOCOMPLETE interactions: finds the command and the focused option, asks
 * the cog's suggester, and responds with at most 25 valid choices. A missing suggester or one that throws
 * answers with no choices (and the error is logged), so the user's picker never hangs. Someone the
 * command's checks refuse (a blocked user, too low a privilege, a denying rule) gets no choices either, and
 * the suggester is not asked: suggestions can show data, so they pass the same checks as the command.
 */
import type { AutocompleteInteraction } from 'discord.js';
import type { LoadedCog } from '../cogs/module.js';
import type { Suggestion } from '../cogs/module.js';
import type { OptionSpec } from '../contract/spec.js';
import type { Logger } from '../logging.js';
import type { CommandEntry, CommandIndex } from './index-of-commands.js';
import { slashPath } from './slash-options.js';

const MAX_CHOICES = 25;
const MAX_TEXT = 100;

export interface AutocompleteDeps {
  index: Pick<CommandIndex, 'findSlash'>;
  cogs: { get(name: string): LoadedCog | undefined };
  logger: Logger;
  /** Whether the user may run the command (its checks); without it everyone may. */
  allowed?(interaction: AutocompleteInteraction, entry: CommandEntry): Promise<boolean>;
}

/** Responds to one autocomplete interaction; never throws for a cog's mistake. */
export async function answerAutocomplete(interaction: AutocompleteInteraction, deps: AutocompleteDeps): Promise<void> {
  const choices = await suggestionsFor(interaction, deps);
  await interaction.respond(choices);
}

async function suggestionsFor(interaction: AutocompleteInteraction, deps: AutocompleteDeps): Promise<{ name: string; value: string | number }[]> {
  const entry = deps.index.findSlash(slashPath(interaction));
  const cog = entry ? deps.cogs.get(entry.cog) : undefined;
  if (!entry || !cog || entry.command.handler === null) return [];
  const focused = interaction.options.getFocused(true);
  const option = entry.command.options.find((o) => o.name === focused.name && o.autocomplete);
  const suggester = option ? cog.implementation.autocomplete?.[entry.command.handler]?.[option.name] : undefined;
  if (!option || typeof suggester !== 'function') return [];
  if (deps.allowed && !(await deps.allowed(interaction, entry))) return [];
  const filled: Record<string, unknown> = {};
  for (const o of interaction.options.data.flatMap((d) => (d.options ? d.options.flatMap((x) => x.options ?? [x]) : [d]))) {
    if (o.name !== focused.name && o.value !== undefined) filled[o.name] = o.value;
  }
  try {
    const given = await suggester(String(focused.value), {
      client: interaction.client,
      guild: interaction.guild,
      user: interaction.user,
      channelId: interaction.channelId,
      route: 'autocomplete',
      options: filled,
    });
    return normalize(option, Array.isArray(given) ? given : []);
  } catch (error) {
    deps.logger.error(`Autocomplete of \`/${entry.command.path.join(' ')}\` option \`${option.name}\` failed`, { error });
    return [];
  }
}

/** Keeps the suggestions Discord accepts for the option's type: right value type, labels cut to 100, at most 25. */
export function normalize(option: OptionSpec, given: readonly Suggestion[]): { name: string; value: string | number }[] {
  const out: { name: string; value: string | number }[] = [];
  for (const item of given) {
    const choice = typeof item === 'object' && item !== null ? item : { name: String(item), value: item };
    const { value } = choice;
    const ok =
      option.type === 'string'
        ? typeof value === 'string' && value.length <= MAX_TEXT
        : typeof value === 'number' && Number.isFinite(value) && (option.type !== 'integer' || Number.isSafeInteger(value));
    if (!ok) continue;
    const name = [...String(choice.name)].slice(0, MAX_TEXT).join('') || String(value);
    out.push({ name, value });
    if (out.length === MAX_CHOICES) break;
  }
  return out;
}
