/**
 * What Discord cannot express for slash (and hybrid) commands beyond names and depth (commands.ts):
 * more than 25 subcommands or groups under one node, and more than 100 top-level chat commands in one
 * scope. Text commands have no such limits, so text-only commands are never refused here.
 */
import type { LoadedManifest } from '../load.js';
import type { ProblemList } from '../problems.js';
import { walkCommands } from './commands.js';

/** Discord's limit of subcommands and groups under one command or group. */
export const MAX_SLASH_SUBCOMMANDS = 25;
/** Discord's limit of chat-input commands per scope (global, or one guild). */
export const MAX_SLASH_COMMANDS = 100;

/** Reports slash shapes Discord refuses, at the first entry over the limit. */
export function checkSlashShape(cogs: readonly LoadedManifest[], problems: ProblemList): void {
  let topLevel = 0;
  for (const { file, locate, manifest } of cogs) {
    for (const { command, names, at, kind } of walkCommands(manifest)) {
      if (kind === 'text') continue;
      const subs = command.subcommands ?? [];
      if (subs.length > MAX_SLASH_SUBCOMMANDS) {
        problems.error(
          file,
          locate,
          [...at, 'subcommands', MAX_SLASH_SUBCOMMANDS],
          `\`${names.join(' ')}\` has ${subs.length} subcommands; Discord allows at most ${MAX_SLASH_SUBCOMMANDS} under one slash command or group (make it \`kind: text\`, or split it into groups)`,
        );
      }
      if (names.length === 1 && ++topLevel === MAX_SLASH_COMMANDS + 1) {
        problems.error(file, locate, [...at, 'name'], `\`${names[0]}\` is slash command number ${MAX_SLASH_COMMANDS + 1}; Discord allows at most ${MAX_SLASH_COMMANDS} per bot (make some \`kind: text\`, or group them)`);
      }
    }
  }
}
