/**
 * Gateway closes that no reconnect can cure. Discord closes the connection with one of these codes when the
 * bot's own settings are wrong (a reset token, an intent the developer portal does not grant, a shard count
 * Discord refuses); discord.js then stops reconnecting for good. A bot left running after one is offline
 * while its process looks healthy, so the Bot ends instead with a `BotFatalError` naming the fix, and
 * `npm start` exits with `EXIT_CODES.configuration` (78), which a process manager must not restart blindly.
 *
 * Decision: 4012 (invalid API version) is fatal too, but it is the runtime's fault, not the settings': its
 * message says to update the project. A token Discord's REST API refuses before any gateway connection
 * (discord.js's `TokenInvalid` at login) is reported as 4004 is: the same cause, the same fix.
 */
import { GatewayCloseCodes } from 'discord.js';
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import { EXIT_CODES } from '../core/exit-codes.js';

/** What each fatal close code means and what fixes it, as one line. */
export const FATAL_CLOSE_CODES: ReadonlyMap<number, { name: string; fix: string }> = new Map([
  [GatewayCloseCodes.AuthenticationFailed, { name: 'authentication failed', fix: 'the token is wrong: reset it in the developer portal (Bot page) and set DISCORD_TOKEN (or discord.token) to the new one' }],
  [GatewayCloseCodes.DisallowedIntents, { name: 'disallowed intents', fix: 'enable the Message Content (and Server Members) intent in the developer portal (Bot page, Privileged Gateway Intents), or remove them from discord.intents' }],
  [GatewayCloseCodes.InvalidIntents, { name: 'invalid intents', fix: 'discord.intents holds an intent Discord does not know: use names of GatewayIntentBits' }],
  [GatewayCloseCodes.InvalidShard, { name: 'invalid shard', fix: 'discord.shards is wrong for this bot: use `auto` or a count Discord accepts' }],
  [GatewayCloseCodes.ShardingRequired, { name: 'sharding required', fix: 'the bot is in too many servers for one connection: set discord.shards to `auto`' }],
  [GatewayCloseCodes.InvalidAPIVersion, { name: 'invalid API version', fix: 'this version of the runtime speaks a gateway version Discord no longer accepts: update the project' }],
]);

/** Discord closed the gateway with a code no reconnect cures; the bot is stopped. `message` is one line naming the fix. */
export class BotFatalError extends CogsmithError {
  static override readonly code: ErrorCode = 'BOT_FATAL';
  /** The process exit code for this failure (78: a configuration problem). */
  readonly exitCode = EXIT_CODES.configuration;

  constructor(
    /** The gateway close code (4004, 4014, ...). */
    readonly closeCode: number,
    /** The shard whose connection was closed. */
    readonly shardId: number,
    options?: ErrorOptions,
  ) {
    const known = FATAL_CLOSE_CODES.get(closeCode);
    super(`Discord closed the connection (${closeCode} ${known?.name ?? 'fatal close'}${shardId ? `, shard ${shardId}` : ''}): ${known?.fix ?? 'see the close code in the Discord documentation'}.`, options);
  }
}

/** True when discord.js will not reconnect after this close code. */
export function isFatalCloseCode(code: number): boolean {
  return FATAL_CLOSE_CODES.has(code);
}

/** A login failure that is really a fatal close (a refused token), as a BotFatalError; undefined otherwise. */
export function fatalLoginError(error: unknown): BotFatalError | undefined {
  if (error instanceof BotFatalError) return error;
  if (error && typeof error === 'object' && (error as { code?: unknown }).code === 'TokenInvalid') {
    return new BotFatalError(GatewayCloseCodes.AuthenticationFailed, 0, { cause: error });
  }
  return undefined;
}
