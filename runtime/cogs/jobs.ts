/**
 * Scheduled jobs: work a cog wants done at a time (Red's tempban → unban), stored in Config under the
 * runtime's own namespace (`Core`, custom group `scheduledJobs`, keyed by cog, then job id), so they survive
 * restarts and work on every driver.
 *
 * Decisions:
 * - One scheduler per bot. It keeps the due times of the loaded cogs' jobs in memory and one timer on the
 *   bot's clock for the earliest; it re-reads storage when a cog loads, at start, and every `pollMs`
 *   (default one minute), so a job another process stored is seen within that time.
 * - A job fires at its time, or at start when it is overdue. Firing claims it first, under the job's
 *   Config lock (a PostgreSQL advisory lock when processes share a database): a job already claimed by a
 *   live process, or gone, is skipped. So several processes sharing PostgreSQL run each job once. A
 *   process that dies while running a job leaves a claim that expires after `leaseMs` (default 10 min);
 *   the job then runs again (at least once, never lost).
 * - The handler returning removes the job. A handler that throws is logged with an error id and retried
 *   after 1, 2, 4, 8 minutes; after the fifth failure the job is dropped with an error in the log.
 * - A job kind the cog no longer declares (its manifest dropped it) is dropped with a warning when due.
 * - A data-deletion request removes the jobs whose payload names the user in a field the manifest lists
 *   (`jobs: [{ userFields: [...] }]`); an export lists them.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Config } from '../config/base.js';
import { CORE_NAMESPACE } from '../context/core-settings.js';
import type { JobSpec, JsonObject, JsonValue } from '../contract/spec.js';
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import type { ConfigDriver } from '../drivers/types.js';
import { cloneJson, getAtPath, isPlainObject } from '../drivers/values.js';
import type { ErrorLog } from '../commands/error-log.js';
import type { Logger } from '../logging.js';
import type { TimerClock, TimerHandle } from '../support/clock.js';
import type { CogJobs, JobHandler, LoadedCog, ScheduledJob } from './module.js';

const GROUP = 'scheduledJobs';
const RETRY_MS = [60_000, 120_000, 240_000, 480_000];
const MAX_ATTEMPTS = RETRY_MS.length + 1;

/** A job that cannot be scheduled (unknown kind, bad time, payload not JSON). */
export class ScheduleError extends CogsmithError {
  static override readonly code: ErrorCode = 'SCHEDULE';
}

/** A job as stored. */
interface StoredJob {
  job: string;
  payload: JsonObject;
  dueAt: number;
  createdAt: number;
  attempts: number;
  /** Set while a process runs it: who, and until when the claim holds. */
  claim: { by: string; until: number } | null;
}

export interface JobSchedulerOptions {
  driver(): ConfigDriver | undefined;
  /** The loaded version of a cog (its handlers and spec), or undefined. */
  cog(name: string): LoadedCog | undefined;
  /** Names of the loaded cogs. */
  loaded(): string[];
  clock: TimerClock;
  errorLog: ErrorLog;
  logger: Logger;
  /** How often storage is re-read for jobs stored by other processes (ms). Default 60 000. */
  pollMs?: number;
  /** How long a claim holds while a job runs (ms). Default 600 000. */
  leaseMs?: number;
}

function isStoredJob(value: unknown): value is StoredJob {
  return isPlainObject(value) && typeof value.job === 'string' && typeof value.dueAt === 'number' && isPlainObject(value.payload);
}

const publicJob = (id: string, stored: StoredJob): ScheduledJob => ({ id, job: stored.job, payload: cloneJson(stored.payload), dueAt: stored.dueAt, createdAt: stored.createdAt });

export class JobScheduler {
  /** Due times of the loaded cogs' jobs: cog → id → dueAt. */
  private readonly due = new Map<string, Map<string, number>>();
  private readonly processId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: TimerHandle | undefined;
  private timerAt: number | null = null;
  private poller: TimerHandle | undefined;
  private running = false;
  private readonly inFlight = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private config: Config | undefined;

  constructor(private readonly options: JobSchedulerOptions) {}

  /** Starts firing jobs (the bot is ready): reads what is stored for the loaded cogs. */
  async start(): Promise<void> {
    this.running = true;
    await this.rescan();
    this.schedulePoll();
  }

  /** Stops firing; running jobs are signalled and awaited (they keep their claim, so another process waits for the lease). */
  async stop(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    this.poller?.cancel();
    this.timer = this.poller = undefined;
    this.timerAt = null;
    for (const { controller } of this.inFlight.values()) controller.abort(new Error('The bot is stopping.'));
    await Promise.all([...this.inFlight.values()].map((f) => f.done));
    this.due.clear();
    if (this.config) Config.release(this.config);
    this.config = undefined;
  }

  /** A cog was loaded or reloaded: read its jobs (overdue ones fire now). */
  async cogLoaded(cog: string): Promise<void> {
    if (this.running) await this.rescan([cog]);
  }

  /** A cog was unloaded: its jobs stay stored but stop firing here. */
  cogUnloaded(cog: string): void {
    this.due.delete(cog);
    this.arm();
  }

  /** The `cog.jobs` of a cog handle. */
  jobsOf(cog: string, specs: () => readonly JobSpec[]): CogJobs {
    return {
      schedule: (at, job, payload) => this.schedule(cog, specs(), at, job, payload) as never,
      list: (job) => this.list(cog, job) as never,
      cancel: (id) => this.cancel(cog, id),
    };
  }

  /** Jobs stored for `cog` and not yet run, soonest first. */
  async list(cog: string, job?: string): Promise<ScheduledJob[]> {
    const stored = await this.storedOf(cog);
    return Object.entries(stored)
      .filter(([, s]) => job === undefined || s.job === job)
      .map(([id, s]) => publicJob(id, s))
      .sort((a, b) => a.dueAt - b.dueAt || a.createdAt - b.createdAt);
  }

  /** How many jobs of the loaded cogs are known here, and the timers armed (for debuginfo and leak tests). */
  stats(): { jobs: number; timers: number; running: number } {
    let jobs = 0;
    for (const m of this.due.values()) jobs += m.size;
    return { jobs, timers: (this.timer ? 1 : 0) + (this.poller ? 1 : 0), running: this.inFlight.size };
  }

  /** Removes the user's jobs from the loaded cogs (or those given) whose job kinds name users; returns how many went, per cog. */
  async forgetUser(userId: string, cogs?: readonly string[]): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const [cog, jobs] of await this.jobsNaming(userId, cogs)) {
      for (const { id } of jobs) await this.storeFor().custom(GROUP, cog, id).clear();
      for (const { id } of jobs) this.due.get(cog)?.delete(id);
      out[cog] = jobs.length;
    }
    this.arm();
    return out;
  }

  /** The user's jobs in a cog (for data exports). */
  async exportUser(cog: string, userId: string): Promise<JsonValue[]> {
    const jobs = (await this.jobsNaming(userId, [cog])).get(cog) ?? [];
    return jobs.map((j) => ({ id: j.id, job: j.job, payload: j.payload, dueAt: new Date(j.dueAt).toISOString() }));
  }

  /** True when the loaded version of `cog` declares job kinds that name users. */
  namesUsers(cog: string): boolean {
    return (this.options.cog(cog)?.spec.jobs ?? []).some((j) => j.userFields.length > 0);
  }

  private async jobsNaming(userId: string, cogs: readonly string[] = this.options.loaded()): Promise<Map<string, ScheduledJob[]>> {
    const out = new Map<string, ScheduledJob[]>();
    for (const cog of cogs) {
      const specs = new Map((this.options.cog(cog)?.spec.jobs ?? []).map((j) => [j.name, j]));
      if (![...specs.values()].some((j) => j.userFields.length > 0)) continue;
      const stored = await this.storedOf(cog);
      const naming = Object.entries(stored).filter(([, s]) => (specs.get(s.job)?.userFields ?? []).some((field) => getAtPath(s.payload, field.split('.')) === userId));
      if (naming.length > 0) out.set(cog, naming.map(([id, s]) => publicJob(id, s)));
    }
    return out;
  }

  private async schedule(cog: string, specs: readonly JobSpec[], at: Date | number, job: string, payload: JsonObject): Promise<ScheduledJob> {
    const fail = (why: string): never => {
      throw new ScheduleError(`Cog ${cog} cannot schedule ${JSON.stringify(job)}: ${why}`);
    };
    if (!specs.some((s) => s.name === job)) fail(`it declares no such job kind (declared: ${specs.map((s) => s.name).join(', ') || 'none'}; add it under \`jobs:\` in the manifest).`);
    const dueAt = at instanceof Date ? at.getTime() : at;
    if (typeof dueAt !== 'number' || !Number.isFinite(dueAt)) fail('`at` must be a Date or a time in ms since 1970.');
    if (!isPlainObject(payload)) fail('the payload must be a plain object.');
    const id = randomUUID();
    const stored: StoredJob = { job, payload, dueAt, createdAt: this.options.clock.now(), attempts: 0, claim: null };
    // Config validates the payload as JSON (and names the path when it is not).
    await this.storeFor().custom(GROUP, cog, id).set(stored as unknown as JsonObject);
    if (this.options.cog(cog)) this.remember(cog, id, dueAt);
    return publicJob(id, stored);
  }

  private async cancel(cog: string, id: string): Promise<boolean> {
    const group = this.storeFor().custom(GROUP, cog, id);
    const existed = await group.getLock().runExclusive(async () => {
      const stored = await group.all();
      if (!isStoredJob(stored)) return false;
      await group.clear();
      return true;
    });
    this.due.get(cog)?.delete(id);
    this.arm();
    return existed;
  }

  private storeFor(): Config {
    if (this.config) return this.config;
    const driver = this.options.driver();
    if (!driver) throw new ScheduleError('Scheduled jobs need storage: the bot has not started.');
    const config = Config.getConf({ ...CORE_NAMESPACE, driver });
    config.initCustom(GROUP, 2);
    this.config = config;
    return config;
  }

  private async storedOf(cog: string): Promise<Record<string, StoredJob>> {
    const tree = (await this.storeFor().custom(GROUP, cog).all()) as Record<string, unknown>;
    const out: Record<string, StoredJob> = {};
    for (const [id, value] of Object.entries(tree ?? {})) if (isStoredJob(value)) out[id] = value;
    return out;
  }

  private async rescan(cogs = this.options.loaded()): Promise<void> {
    for (const cog of cogs) {
      if (!this.options.cog(cog)) continue;
      const ids = new Map<string, number>();
      for (const [id, stored] of Object.entries(await this.storedOf(cog))) ids.set(id, stored.dueAt);
      this.due.set(cog, ids);
    }
    this.arm();
  }

  private remember(cog: string, id: string, dueAt: number): void {
    let ids = this.due.get(cog);
    if (!ids) this.due.set(cog, (ids = new Map()));
    ids.set(id, dueAt);
    this.arm();
  }

  private schedulePoll(): void {
    if (!this.running) return;
    this.poller = this.options.clock.setTimer(this.options.pollMs ?? 60_000, () => {
      this.poller = undefined;
      void this.rescan()
        .catch((error) => this.options.logger.warn('Reading scheduled jobs failed; trying again at the next poll', { error }))
        .finally(() => this.schedulePoll());
    });
  }

  /** One timer, for the earliest due job not already running here. */
  private arm(): void {
    if (!this.running) return;
    let next: number | null = null;
    for (const [cog, ids] of this.due) for (const [id, at] of ids) if (!this.inFlight.has(`${cog}/${id}`) && (next === null || at < next)) next = at;
    if (next === this.timerAt) return;
    this.timer?.cancel();
    this.timer = undefined;
    this.timerAt = next;
    if (next === null) return;
    this.timer = this.options.clock.setTimer(next - this.options.clock.now(), () => {
      this.timer = undefined;
      this.timerAt = null;
      void this.fireDue();
    });
  }

  private async fireDue(): Promise<void> {
    const now = this.options.clock.now();
    const due: [string, string][] = [];
    for (const [cog, ids] of this.due) for (const [id, at] of ids) if (at <= now && !this.inFlight.has(`${cog}/${id}`)) due.push([cog, id]);
    for (const [cog, id] of due) this.fire(cog, id);
    this.arm();
  }

  private fire(cog: string, id: string): void {
    const key = `${cog}/${id}`;
    const controller = new AbortController();
    const done = this.runJob(cog, id, controller.signal)
      .catch((error) => this.options.logger.error(`Scheduled job ${key} could not be run`, { error }))
      .finally(() => {
        this.inFlight.delete(key);
        this.arm();
      });
    this.inFlight.set(key, { controller, done });
  }

  private async runJob(cog: string, id: string, signal: AbortSignal): Promise<void> {
    const { clock, logger, errorLog } = this.options;
    const group = this.storeFor().custom(GROUP, cog, id);
    const leaseMs = this.options.leaseMs ?? 600_000;
    // Claim it: another process may have run it, be running it, or it may have been cancelled.
    const claimed = await group.getLock().runExclusive(async () => {
      const stored = await group.all();
      if (!isStoredJob(stored)) return null;
      const now = clock.now();
      if (stored.dueAt > now) return { later: stored.dueAt, job: undefined };
      if (stored.claim && stored.claim.until > now && stored.claim.by !== this.processId) return null;
      const mine: StoredJob = { ...stored, claim: { by: this.processId, until: now + leaseMs } };
      await group.set(mine as unknown as JsonObject);
      return { later: undefined, job: mine };
    });
    if (claimed === null) {
      this.due.get(cog)?.delete(id);
      return;
    }
    if (claimed.later !== undefined) {
      this.remember(cog, id, claimed.later);
      return;
    }
    const stored = claimed.job!;
    const version = this.options.cog(cog);
    const handler = (version?.implementation.jobs as Record<string, JobHandler> | undefined)?.[stored.job];
    if (!version || typeof handler !== 'function') {
      if (version) {
        logger.warn(`Scheduled job ${cog}.${stored.job} (${id}) dropped: the cog no longer declares that job kind.`);
        await group.clear();
        this.due.get(cog)?.delete(id);
      } else await group.set({ ...stored, claim: null } as unknown as JsonObject); // unloaded meanwhile: leave it for later
      return;
    }
    try {
      await handler.call(version.implementation.jobs, version.handle, { ...publicJob(id, stored), signal });
      await group.clear();
      this.due.get(cog)?.delete(id);
    } catch (error) {
      const attempts = stored.attempts + 1;
      const record = errorLog.record(`scheduled job ${cog}.${stored.job}`, error);
      if (attempts >= MAX_ATTEMPTS) {
        logger.error(`Scheduled job ${cog}.${stored.job} (${id}) failed ${attempts} times (error id ${record.id}): dropped`, { error });
        await group.clear();
        this.due.get(cog)?.delete(id);
        return;
      }
      const retryAt = clock.now() + RETRY_MS[attempts - 1]!;
      logger.error(`Scheduled job ${cog}.${stored.job} (${id}) failed (error id ${record.id}); retrying at ${new Date(retryAt).toISOString()}`, { error });
      await group.set({ ...stored, attempts, dueAt: retryAt, claim: null } as unknown as JsonObject);
      this.remember(cog, id, retryAt);
    }
  }
}
