/**
 * Waiting for the bot's answer to an autocomplete interaction (callback type 8 with choices).
 */
import type { SimEvents } from './core.js';
import type { SimInteraction } from './interactions.js';
import { waitUntil } from './waiters.js';

/** Resolves with the choices the bot suggested for `interaction`. */
export function waitForAutocomplete(
  events: SimEvents,
  live: () => SimInteraction,
  timeoutMs = 2000,
): Promise<{ name: string; value: string | number }[]> {
  return waitUntil(
    events,
    ['interactionResponse'],
    () => live().autocompleteChoices,
    timeoutMs,
    () => `no autocomplete answer to /${[live().commandName, ...live().subcommandPath].join(' ')} (callback type ${live().responseType ?? 'none'})`,
  );
}
