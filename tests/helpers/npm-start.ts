/**
 * `npm start` as a real process for tests: runtime/cli/start.ts through runtime/host/launch.mjs, as the npm
 * script runs it, with its output collected and a way to wait for a line; `cogsmith` runs bin/cogsmith.mjs
 * the same way. Every process and temporary
 * folder made through a `StartRuns` goes when its `cleanup` runs (call it in afterEach/afterAll).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const LAUNCH = join(ROOT, 'runtime', 'host', 'launch.mjs');
export const COGSMITH_BIN = join(ROOT, 'bin', 'cogsmith.mjs');
export const WAIT_MS = 60_000;
/** Variables of the test process that would change what `npm start` does; a run sets what it needs. */
const INHERITED_SETTINGS = ['DISCORD_TOKEN', 'COGSMITH_DISCORD_API', 'COGSMITH_POSTGRES_URL', 'COGSMITH_CONFIG', 'COGSMITH_SANDBOX_PORT', 'COGSMITH_LOG_LEVEL', 'COGSMITH_LOG_FORMAT', 'COGSMITH_LOG_FILE'];

export interface Run {
  child: ChildProcessWithoutNullStreams;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves when the output matches; rejects (with the output) when the process ends first or after WAIT_MS. */
  waitFor(match: RegExp): Promise<void>;
  exited: Promise<number | null>;
}

export class StartRuns {
  private readonly cleanups: (() => Promise<void> | void)[] = [];

  /** Kills what still runs and removes the temporary folders, newest first. */
  async cleanup(): Promise<void> {
    for (const cleanup of this.cleanups.splice(0).reverse()) await cleanup();
  }

  /** Something else to undo at cleanup (a simulator to stop). */
  defer(cleanup: () => Promise<void> | void): void {
    this.cleanups.push(cleanup);
  }

  /** A temporary folder with a bot.config.yaml (by default: json storage in the folder's `data`). */
  tempInstance(yaml?: (dir: string) => string): { dir: string; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'cogsmith-start-'));
    this.cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'bot.config.yaml');
    writeFileSync(file, yaml ? yaml(dir) : `storage:\n  driver: json\n  path: ${JSON.stringify(join(dir, 'data'))}\n`);
    return { dir, file };
  }

  /**
   * Starts `npm start` with `env` on top of this process's (without the settings listed above); `root`: the
   * project to run it in (default this repository), `node`: options for Node itself.
   */
  start(env: Record<string, string>, args: string[] = [], where: { root?: string; node?: string[] } = {}): Run {
    const root = where.root ?? ROOT;
    return this.spawn([...(where.node ?? []), join(root, 'runtime', 'host', 'launch.mjs'), 'runtime/cli/start.ts', ...args], env, root);
  }

  /** Starts another Node script of the project the same way (the container's entrypoint). */
  startScript(script: string, env: Record<string, string>, args: string[] = []): Run {
    return this.spawn([script, ...args], env, ROOT);
  }

  /** Runs `cogsmith <args>` (bin/cogsmith.mjs) in `cwd` with `env` on top, as `start` does. */
  cogsmith(env: Record<string, string>, args: string[], cwd: string = ROOT): Run {
    return this.spawn([COGSMITH_BIN, ...args], env, cwd);
  }

  private spawn(argv: string[], env: Record<string, string>, cwd: string): Run {
    const base = { ...process.env };
    for (const name of INHERITED_SETTINGS) delete base[name];
    const child = spawn(process.execPath, argv, { cwd, env: { ...base, ...env }, stdio: 'pipe' });
    let text = '';
    const listeners = new Set<() => void>();
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      for (const listener of listeners) listener();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    let ended = false;
    void exited.then(() => {
      ended = true;
      for (const listener of listeners) listener();
    });
    this.cleanups.push(async () => {
      if (!ended) {
        child.kill('SIGKILL');
        await exited;
      }
    });
    const waitFor = (match: RegExp) =>
      new Promise<void>((resolvePromise, reject) => {
        const timer = setTimeout(() => finish(new Error(`timed out waiting for ${match}; output:\n${text}`)), WAIT_MS);
        const check = () => {
          if (match.test(text)) finish();
          else if (ended) finish(new Error(`the process ended before ${match}; output:\n${text}`));
        };
        const finish = (error?: Error) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolvePromise();
        };
        listeners.add(check);
        check();
      });
    return { child, output: () => text, waitFor, exited };
  }
}

/** Resolves with the exit code, failing the test if the process has not ended within WAIT_MS. */
export async function exitCode(run: Run): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the process did not exit; output:\n${run.output()}`)), WAIT_MS);
  });
  try {
    return await Promise.race([run.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A TCP port nothing listens on now (for a server a started process will open). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}
