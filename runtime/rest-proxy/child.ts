/**
 * `discord.restProxy.port`: `npm start` and `cogsmith start` run `cogsmith proxy` as a child process on that
 * port and send the bot's REST through it; it stops with the bot.
 *
 * Decisions:
 * - The child is the real `cogsmith proxy` (bin/cogsmith.mjs), so a started proxy and one run separately are
 *   the same program; its log lines go to the bot's output. It is given no token (it forwards the bot's).
 * - Once it listens, COGSMITH_REST_PROXY_URL is set in this process's environment: processes this one starts
 *   (a supervisor's workers) inherit it, use this proxy, and start none of their own (runtime/instance/config.ts).
 * - A proxy that dies under a running bot is not restarted here: the bot's REST would have nowhere to go, so
 *   the caller stops the bot (exit 1) and the process manager restarts both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import type { InstanceConfig } from '../instance/config.js';
import type { Logger } from '../logging.js';
import { DISCORD_GLOBAL_PER_SECOND } from './defaults.js';
import { projectRoot } from '../support/project-root.js';

/** How long the child has to listen. */
const START_TIMEOUT_MS = 30_000;

export interface ProxyChild {
  /** Where the bot's REST goes, e.g. http://127.0.0.1:8080. */
  readonly url: string;
  /** Resolves with the exit code when the child ends (for whatever reason). */
  readonly exited: Promise<number | null>;
  /** Stops the child (SIGTERM, then SIGKILL after 5 s). */
  stop(): Promise<void>;
}

/**
 * When the instance asks for a proxy started with the bot (`discord.restProxy.port`), starts it, points the
 * instance at it (`restProxy: { url }`) and resolves with it; otherwise resolves with undefined. Throws when
 * it does not listen within 30 s.
 */
export async function startConfiguredProxy(instance: InstanceConfig, logger: Logger): Promise<ProxyChild | undefined> {
  const settings = instance.discord.restProxy;
  if (!settings || settings.url !== undefined || settings.port === undefined) return undefined;
  const host = settings.host ?? '127.0.0.1';
  const port = settings.port === 0 ? await freePort(host) : settings.port;
  const args = ['proxy', '--port', String(port), '--host', host, '--global-rps', String(settings.globalRequestsPerSecond ?? DISCORD_GLOBAL_PER_SECOND)];
  if (instance.discord.api) args.push('--api', instance.discord.api);
  const env = { ...process.env };
  delete env.COGSMITH_REST_PROXY_URL;
  const child = spawn(process.execPath, [join(projectRoot(import.meta.dirname), 'bin', 'cogsmith.mjs'), ...args], { stdio: ['ignore', 'inherit', 'inherit'], env });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // However this process ends (an exit on any path), the proxy goes with it.
  const orphanGuard = () => void (child.exitCode === null && child.kill('SIGTERM'));
  process.once('exit', orphanGuard);
  void exited.then(() => process.off('exit', orphanGuard));
  // A wildcard address is reached on the loopback from here.
  const reach = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${reach.includes(':') ? `[${reach}]` : reach}:${port}`;
  try {
    await untilListening(reach, port, exited);
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }
  logger.info(`REST proxy started (process ${child.pid}) at ${url}: the bot's REST goes through it.`);
  process.env.COGSMITH_REST_PROXY_URL = url;
  instance.discord.restProxy = { url };
  return { url, exited, stop: () => stopChild(child, exited) };
}

/** Resolves once something accepts connections on host:port; rejects if the child exits first or after the timeout. */
async function untilListening(host: string, port: number, exited: Promise<number | null>): Promise<void> {
  let ended: number | null | undefined;
  void exited.then((code) => (ended = code));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (ended !== undefined) throw new Error(`the REST proxy exited (code ${ended}) before listening on ${host}:${port}`);
    if (await accepts(host, port)) return;
    if (Date.now() > deadline) throw new Error(`the REST proxy did not listen on ${host}:${port} within ${START_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
