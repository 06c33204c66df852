/**
 * `cogsmith proxy [--port 8080] [--host 127.0.0.1] [--api <url>] [--global-rps 50]`: runs the shared REST
 * rate limiter (runtime/rest-proxy/proxy.ts, @discordjs/proxy) as a process of its own, until Ctrl+C or
 * SIGTERM. Bots use it with `discord.restProxy.url` (or COGSMITH_REST_PROXY_URL). It needs no token: each
 * bot's requests carry their own, which the proxy forwards and never logs. A bad flag exits 78 naming it;
 * a port in use exits 1.
 */
import type { Command } from 'commander';
import { EXIT_CODES } from '../core/exit-codes.js';
import { createLogger } from '../logging.js';
import { DEFAULT_PROXY_PORT, DISCORD_GLOBAL_PER_SECOND } from '../rest-proxy/defaults.js';
import type { RestProxyOptions } from '../rest-proxy/proxy.js';
import { exitAfterLogs } from './start.js';

interface ProxyFlags {
  port: string;
  host: string;
  api?: string;
  globalRps: string;
}

/** Checks the flags; a problem is one line naming the flag. */
export function proxyOptions(flags: ProxyFlags): RestProxyOptions | string {
  if (!/^\d{1,5}$/.test(flags.port) || Number(flags.port) > 65535) return `--port must be a port number (0-65535), got "${flags.port}"`;
  if (!/^[1-9]\d*$/.test(flags.globalRps)) return `--global-rps must be a whole number of requests per second (1 or more), got "${flags.globalRps}"`;
  if (flags.api !== undefined && !/^https?:\/\/[^\s/]+/.test(flags.api)) return `--api must be an http(s) URL such as http://127.0.0.1:5555/api, got "${flags.api}"`;
  return {
    port: Number(flags.port),
    host: flags.host,
    globalRequestsPerSecond: Number(flags.globalRps),
    ...(flags.api ? { api: flags.api.replace(/\/+$/, '') } : {}),
  };
}

/** Starts the proxy and keeps the process for it; resolves once it listens (the signals end it). */
async function runProxy(flags: ProxyFlags, exit: (code: number) => void): Promise<void> {
  const options = proxyOptions(flags);
  if (typeof options === 'string') {
    process.stderr.write(`cogsmith: ${options}\n`);
    return exit(EXIT_CODES.configuration);
  }
  const logger = createLogger('rest-proxy');
  // Loaded here: the other `cogsmith` commands never import @discordjs/proxy.
  const { startRestProxy } = await import('../rest-proxy/proxy.js');
  let proxy;
  try {
    proxy = await startRestProxy({ ...options, logger });
  } catch (error) {
    process.stderr.write(`cogsmith: the REST proxy could not listen on ${options.host}:${options.port}: ${(error as Error).message}\n`);
    return exit(EXIT_CODES.failure);
  }
  logger.info(`REST proxy listening on ${proxy.url}, forwarding to ${options.api ?? 'Discord'} at most ${options.globalRequestsPerSecond} requests/s per token. Bots use it with discord.restProxy.url: ${proxy.url}`);
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(130);
      stopping = true;
      const stats = proxy.stats();
      logger.info(`Stopping the REST proxy (${signal}): ${stats.forwarded} requests forwarded for ${stats.tokens} token(s); waited ${stats.globalWaits} time(s) for the global limit, ${stats.routeWaits} for route buckets.`);
      void proxy.close().then(() => exitAfterLogs(EXIT_CODES.shutdown));
    });
  }
}

/** Adds `proxy` to the `cogsmith` program; the process stays up while the proxy runs. */
export function addProxyCommand(program: Command, exit: (code: number) => void): void {
  program
    .command('proxy')
    .description('Run the shared REST rate limiter (@discordjs/proxy) that bots reach with discord.restProxy.url')
    .option('--port <port>', `where to listen (0: a free one)`, String(DEFAULT_PROXY_PORT))
    .option('--host <host>', 'the address to listen on (0.0.0.0 for bots on other hosts)', '127.0.0.1')
    .option('--api <url>', "Discord's REST base without version (default Discord; a simulator's http://127.0.0.1:PORT/api)")
    .option('--global-rps <n>', 'the global limit held per bot token, requests per second', String(DISCORD_GLOBAL_PER_SECOND))
    .action((flags: ProxyFlags) => runProxy(flags, exit));
}
