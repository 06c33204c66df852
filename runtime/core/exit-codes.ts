/**
 * The exit codes of `npm start` (runtime/cli/start.ts) and of the `cogsmith` command (runtime/cli/cogsmith.ts),
 * so a process manager (systemd, pm2, Docker's restart policy) can tell a wanted stop from a wanted restart
 * and from a problem a restart will not fix. Same numbers as Red-DiscordBot.
 *
 * | code | meaning |
 * |---|---|
 * | 0  | stopped on purpose (`shutdown`, Ctrl+C, SIGTERM), or the command did what it was asked: do not restart |
 * | 1  | could not start or failed: bad settings file, login refused, a command that failed |
 * | 2  | usage: an unknown command, option or a missing argument (`cogsmith`'s command-line parser) |
 * | 26 | `restart`: start the bot again |
 * | 78 | configuration error (`EX_CONFIG` of sysexits.h): an unknown instance, a bad instance name, a required setting missing with `--no-prompt`, no token where one is needed, an unreachable database, or Discord refusing the token or the intents (a fatal gateway close); fix the settings, restarting will not help |
 */
export const EXIT_CODES = { shutdown: 0, failure: 1, usage: 2, restart: 26, configuration: 78 } as const;

export type ExitKind = 'shutdown' | 'restart';
