/**
 * What help needs to know about the running bot, found from any Context through its client: the command
 * index, the cogs' descriptions, the check pipeline (to hide what the user cannot run) and the settings. The Bot
 * registers one per client; help reads nothing else.
 */
import type { Client } from 'discord.js';
import type { CommandSpec } from '../contract/spec.js';
import type { CommandSettings } from '../commands/command-settings.js';
import type { CommandIndex } from '../commands/index-of-commands.js';
import type { Context } from '../context/types.js';

export interface HelpSource {
  index: CommandIndex;
  /** The one-line description of a loaded cog. */
  cogDescription(cog: string): string | undefined;
  /** Whether the context's user may run `command` here: the check pipeline's answer (runtime/commands/pipeline). */
  canRun(ctx: Context, command: CommandSpec, cog: string): Promise<boolean>;
  settings: CommandSettings;
  /** The prefix shown for text commands when help is asked for with a slash command. */
  defaultPrefix(): string;
}

const sources = new WeakMap<Client, HelpSource>();

/** Makes `source` the help source of every context of `client`. */
export function registerHelpSource(client: Client, source: HelpSource): void {
  sources.set(client, source);
}

/** The help source of `client`; throws when the client does not belong to a Bot. */
export function helpSourceOf(client: Client): HelpSource {
  const source = sources.get(client);
  if (!source) throw new Error('Help is only available for commands run by a Bot (no help source for this client).');
  return source;
}
