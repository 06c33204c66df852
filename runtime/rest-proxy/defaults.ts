/**
 * What a bot and `cogsmith proxy` agree on without loading the proxy (@discordjs/proxy stays out of a bot
 * that does not use it, and out of every other `cogsmith` command).
 */

/** Discord's global limit, requests per second per token (and @discordjs/rest's default). */
export const DISCORD_GLOBAL_PER_SECOND = 50;
/** `cogsmith proxy`'s port when none is given (as discord.js's proxy container). */
export const DEFAULT_PROXY_PORT = 8080;

/** The REST base a bot's discord.js takes (`rest.api`) for a proxy's URL: the URL with `/api` (which @discordjs/proxy strips). */
export function proxyApiUrl(url: string): string {
  const base = url.replace(/\/+$/, '');
  return /\/api$/.test(base) ? base : `${base}/api`;
}
