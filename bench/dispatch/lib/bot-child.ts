/**
 * The parent's handle on one bot process: spawns bot-process.ts under vite-node with an IPC channel, then
 * connects and disconnects a variant's bot in it, asks for its CPU time, and ends it. A child that fails or
 * exits rejects whatever is pending with the reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { ChildOp, ParentOp, type ChildMessage, type ConnectPayload, type ParentMessage } from './protocol.js';

const require = createRequire(import.meta.url);
const BOT_PROCESS = fileURLToPath(new URL('./bot-process.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** CPU time in microseconds, as process.cpuUsage() gives it. */
export interface CpuSample {
  userMicros: number;
  systemMicros: number;
}

/** A bot child process. */
export class BotChild {
  readonly #child: ChildProcess;
  readonly #waiting = new Map<string, { resolve: (m: ChildMessage) => void; reject: (e: Error) => void }>();
  #nextId = 0;
  #exit: Error | null = null;
  #failure: Error | null = null;
  readonly #exited: Promise<void>;

  /** Spawns the process (it waits for Connect). */
  constructor(readonly label: string) {
    // vite-node runs TypeScript directly; the child inherits stdout/stderr so its warnings are seen.
    // COGSMITH_BENCH_CPU_PROF=<dir>: each bot process writes a V8 CPU profile there (open it in a browser's devtools).
    const profileDir = process.env.COGSMITH_BENCH_CPU_PROF;
    const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${label}.cpuprofile`] : [];
    this.#child = spawn(process.execPath, [...profile, require.resolve('vite-node/cli'), BOT_PROCESS], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#child.on('message', (raw) => this.#receive(raw as ChildMessage));
    this.#exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => {
        this.#exit = new Error(`the ${label} bot process exited (${signal ?? `code ${code}`})`);
        this.#rejectAll(this.#exit);
        resolve();
      });
      this.#child.once('error', (error) => {
        this.#exit = new Error(`the ${label} bot process could not run: ${error.message}`);
        this.#rejectAll(this.#exit);
        resolve();
      });
    });
  }

  /** Why the child failed or ended, if it did (then its figures cannot be trusted). */
  get failure(): Error | null {
    return this.#failure ?? this.#exit;
  }

  /** Connects a fresh bot of the variant to the simulator; resolves with how long that took. */
  async connect(payload: Omit<ConnectPayload, 'op'>, timeoutMs = 60_000): Promise<number> {
    const answer = await this.#request('connected', { op: ParentOp.Connect, ...payload }, timeoutMs);
    return answer.op === ChildOp.Connected ? answer.connectMs : 0;
  }

  /** Disconnects the bot (the process stays, warm, for the next segment). */
  async disconnect(timeoutMs = 10_000): Promise<void> {
    await this.#request('disconnected', { op: ParentOp.Disconnect }, timeoutMs);
  }

  /** The child's CPU time so far. */
  async cpu(): Promise<CpuSample> {
    const id = this.#nextId++;
    const answer = await this.#request(`cpu:${id}`, { op: ParentOp.MeasureCpu, id }, 10_000);
    if (answer.op !== ChildOp.CpuUsage) throw new Error(`unexpected answer ${answer.op}`);
    return { userMicros: answer.userMicros, systemMicros: answer.systemMicros };
  }

  /** Asks the process to disconnect and exit, and waits; kills it (its own pid only) if it does not in time. */
  async exit(timeoutMs = 10_000): Promise<void> {
    if (this.#exit) return;
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    try {
      if (this.#child.connected) this.#child.send({ op: ParentOp.Exit } satisfies ParentMessage);
      else this.#child.kill('SIGKILL');
      await this.#exited;
    } finally {
      clearTimeout(timer);
    }
  }

  #request(key: string, message: ParentMessage, timeoutMs: number): Promise<ChildMessage> {
    const broken = this.failure;
    if (broken) return Promise.reject(broken);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting.delete(key);
        reject(new Error(`no answer from the ${this.label} bot process within ${timeoutMs} ms (${message.op})`));
      }, timeoutMs);
      this.#waiting.set(key, {
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.#child.send(message);
    });
  }

  #receive(message: ChildMessage): void {
    switch (message.op) {
      case ChildOp.Connected:
        return this.#settle('connected', message);
      case ChildOp.Disconnected:
        return this.#settle('disconnected', message);
      case ChildOp.CpuUsage:
        return this.#settle(`cpu:${message.id}`, message);
      case ChildOp.Failed:
        // Kept so a later request fails with the child's own reason rather than a time-out.
        this.#failure = new Error(message.message);
        return this.#rejectAll(this.#failure);
    }
  }

  #settle(key: string, message: ChildMessage): void {
    const waiter = this.#waiting.get(key);
    this.#waiting.delete(key);
    waiter?.resolve(message);
  }

  #rejectAll(error: Error): void {
    for (const waiter of this.#waiting.values()) waiter.reject(error);
    this.#waiting.clear();
  }
}
