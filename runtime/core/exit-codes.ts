/**
 * The exit codes of `npm start` (runtime/cli/start.ts), so a process manager (systemd, pm2, Docker's restart
 * policy) can tell a wanted stop from a wanted restart. Same numbers as Red-DiscordBot.
 *
 * | code | meaning |
 * |---|---|
 * | 0  | stopped on purpose (`shutdown`, Ctrl+C, SIGTERM): do not restart |
 * | 1  | could not start or failed: bad settings, login refused |
 * | 26 | `restart`: start the bot again |
 * | 78 | a configuration problem the bot cannot get past (Discord refused the token or the intents): fix the settings, then start it |
 */
export const EXIT_CODES = { shutdown: 0, failure: 1, restart: 26, configuration: 78 } as const;

export type ExitKind = 'shutdown' | 'restart';
