/**
 * One writer per data folder, held by a lease that survives a host change.
 *
 * The lock is a file `.cogsmith-config.lock.<generation>` in the data folder; the highest generation
 * present is the lock (the plain `.cogsmith-config.lock` of older versions counts as generation 0). It
 * holds the owner's pid, host name, a random token and its lease timings.
 *
 * - Created whole: the content goes to a temp file first, which is then hard-linked to the lock's name.
 *   `link` fails when the name exists, so creating a generation is atomic and a reader never sees a
 *   half-written lock. (On a filesystem without hard links it falls back to an exclusive create.)
 * - Taken over atomically: a stale generation `n` is replaced by creating generation `n + 1`, never by
 *   deleting and recreating one name. However many processes judge `n` stale at the same moment, only one
 *   creates `n + 1`; the others find it there, judge it (it is fresh) and refuse. Nothing is ever deleted
 *   to make room, so a slow process can never remove the winner's lock. Older generations are removed by
 *   the winner afterwards, and a released lock is left in place marked `released` (so generations only
 *   grow) and is taken at once by the next process.
 * - Judged by a lease: the holder refreshes its lock file's mtime every `heartbeatMs` (default 5 s). A lock
 *   not refreshed for `leaseMs` (default 30 s) is stale, whatever host wrote it — so a bot restarted in a
 *   recreated container (same data volume, new host name) comes back on its own after one lease. On the
 *   same host the pid is checked too: a lock of a process that is no longer running is taken over at once.
 *   A lock from another host is watched for one lease (by this process's monotonic clock, so clocks of
 *   different hosts never need to agree): refreshed meanwhile, it is alive and open refuses; not, it is
 *   taken over, with a warning in the log.
 * - Lost locks: each heartbeat checks the lock is still this process's. If another process took it over
 *   (this one was stopped or blocked for longer than a lease), `lost` is set and the driver refuses every
 *   further write rather than write beside the new owner.
 */
import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { link, mkdir, open, readdir, realpath, rename, rm, utimes } from 'node:fs/promises';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import { DataFolderLockedError } from '../errors.js';
import type { Logger } from '../../logging.js';
import { writeSynced } from './durable.js';

export const LOCK_FILE = '.cogsmith-config.lock';
const LOCK_NAME = /^\.cogsmith-config\.lock(?:\.([0-9]{1,15}))?$/;

/** Lease timings of the folder lock (JsonDriver's `lock` option). */
export interface FolderLockOptions {
  /** A lock not refreshed for this long is stale, on any host. Default 30 000 ms. */
  leaseMs?: number;
  /** How often the holder refreshes its lock. Default 5 000 ms; must be well under `leaseMs`. */
  heartbeatMs?: number;
  /** The host name written into the lock and compared with others' (default: the OS host name). */
  hostname?: string;
}

export const DEFAULT_LEASE_MS = 30_000;
export const DEFAULT_HEARTBEAT_MS = 5_000;

interface LockContent {
  pid: number;
  hostname: string;
  startedAt: string;
  token?: string;
  leaseMs?: number;
  released?: boolean;
}

interface LockState {
  /** The parsed content, or undefined when it cannot be read as a lock. */
  content: LockContent | undefined;
  raw: string;
  mtimeNs: bigint;
  mtimeMs: number;
}

const heldInThisProcess = new Set<string>();

/** The file name of a generation. */
export function lockFileName(generation: number): string {
  return generation === 0 ? LOCK_FILE : `${LOCK_FILE}.${generation}`;
}

/** The generations present in the folder, lowest first. */
async function generations(folder: string): Promise<number[]> {
  const found: number[] = [];
  for (const name of await readdir(folder)) {
    const match = LOCK_NAME.exec(name);
    if (match) found.push(match[1] === undefined ? 0 : Number(match[1]));
  }
  return found.sort((a, b) => a - b);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads a lock file and its mtime through one handle; undefined when it does not exist. */
async function readLock(file: string): Promise<LockState | undefined> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const stat = await handle.stat({ bigint: true });
    const raw = await handle.readFile('utf8');
    let content: LockContent | undefined;
    try {
      const parsed = JSON.parse(raw) as Partial<LockContent>;
      if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string') content = parsed as LockContent;
    } catch {
      content = undefined;
    }
    return { content, raw, mtimeNs: stat.mtimeNs, mtimeMs: Number(stat.mtimeMs) };
  } finally {
    await handle.close();
  }
}

/** Creates `file` with `text` only if it does not exist, never visible half-written; false when it exists. */
async function createExclusive(file: string, text: string): Promise<boolean> {
  const temp = await writeSynced(file, text, undefined, randomUUID());
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'ENOENT') return false; // the temp file was cleaned away by the holder: judge again
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
    // No hard links here: an exclusive create (readers treat an unreadable lock as one to watch).
    try {
      const handle = await open(file, 'wx');
      try {
        await handle.writeFile(text);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return true;
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw again;
    }
  } finally {
    await rm(temp, { force: true });
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new TypeError(`JsonDriver lock.${name} must be a positive number of milliseconds; got ${String(value)}`);
  return value;
}

interface Settings {
  leaseMs: number;
  heartbeatMs: number;
  hostname: string;
}

/** The lock on one data folder, held (and refreshed) until `release()`. */
export class FolderLock {
  /** Set when another process took the lock over; the driver then refuses to write. */
  lost: DataFolderLockedError | undefined;
  private timer: NodeJS.Timeout | undefined;
  private released = false;

  private constructor(
    readonly folder: string,
    readonly generation: number,
    private readonly token: string,
    private readonly key: string,
    private readonly settings: Settings,
    private readonly logger: Logger,
  ) {}

  /** The lock file this lock holds. */
  get file(): string {
    return join(this.folder, lockFileName(this.generation));
  }

  /** Takes the folder's lock or throws DataFolderLockedError saying who holds it. */
  static async acquire(folder: string, logger: Logger, options: FolderLockOptions = {}): Promise<FolderLock> {
    const leaseMs = positive(options.leaseMs, DEFAULT_LEASE_MS, 'leaseMs');
    const heartbeatMs = positive(options.heartbeatMs, Math.min(DEFAULT_HEARTBEAT_MS, leaseMs / 4), 'heartbeatMs');
    if (heartbeatMs * 2 > leaseMs) throw new TypeError(`JsonDriver lock.heartbeatMs (${heartbeatMs}) must be at most half of lock.leaseMs (${leaseMs})`);
    const settings: Settings = { leaseMs, heartbeatMs, hostname: options.hostname ?? osHostname() };
    await mkdir(folder, { recursive: true });
    const key = await realpath(folder);
    if (heldInThisProcess.has(key)) {
      throw new DataFolderLockedError(
        `The config data folder ${folder} is already open by another JsonDriver in this process (pid ${process.pid}); close that driver first`,
      );
    }
    heldInThisProcess.add(key);
    try {
      for (let attempt = 0; attempt < 20; attempt++) {
        const present = await generations(folder);
        const current = present.at(-1);
        if (current !== undefined && !(await FolderLock.isFree(folder, current, settings, logger))) continue;
        const next = current === undefined ? 1 : current + 1;
        const token = randomUUID();
        const content: LockContent = { pid: process.pid, hostname: settings.hostname, startedAt: new Date().toISOString(), token, leaseMs };
        if (!(await createExclusive(join(folder, lockFileName(next)), JSON.stringify(content) + '\n'))) continue;
        const lock = new FolderLock(folder, next, token, key, settings, logger);
        // A process that judged an older generation long ago may create a lower one late: the highest wins.
        const after = await generations(folder);
        if (after.at(-1) !== next) {
          await rm(lock.file, { force: true });
          continue;
        }
        for (const older of after) if (older < next) await rm(join(folder, lockFileName(older)), { force: true });
        lock.schedule();
        return lock;
      }
    } catch (error) {
      heldInThisProcess.delete(key);
      throw error;
    }
    heldInThisProcess.delete(key);
    throw new DataFolderLockedError(`Could not take the lock of the config data folder ${folder}: its lock files keep changing`);
  }

  /**
   * Whether generation `generation` may be superseded now: released, or stale. Throws DataFolderLockedError
   * when it is alive; false when it changed meanwhile (judge again).
   */
  private static async isFree(folder: string, generation: number, settings: Settings, logger: Logger): Promise<boolean> {
    const file = join(folder, lockFileName(generation));
    const first = await readLock(file);
    if (!first) return false;
    const owner = first.content;
    if (owner?.released) return true;
    const leaseMs = Math.max(settings.leaseMs, typeof owner?.leaseMs === 'number' && owner.leaseMs > 0 ? owner.leaseMs : 0);
    const inUse = (state: LockState) => {
      const who = state.content ?? owner;
      const ago = Math.max(0, Math.round((Date.now() - state.mtimeMs) / 1000));
      return new DataFolderLockedError(
        `The config data folder ${folder} is in use by process ${who?.pid ?? '(unknown)'}${who && who.hostname !== settings.hostname ? ` on host ${who.hostname}` : ''} (lock file ${file}, since ${who?.startedAt ?? 'unknown'}, refreshed ${ago} s ago). Two processes must not write one data folder: stop the other process or use another data folder; to run the bot in several processes (shards across processes or hosts), use the PostgreSQL driver (storage.driver: postgres; "cogsmith convert <instance> --to postgres" moves the data)`,
      );
    };
    if (owner && owner.hostname === settings.hostname) {
      if (owner.pid === process.pid || !isRunning(owner.pid)) {
        logger.warn(`Taking over the stale lock ${file} of process ${owner.pid}, which is no longer running`, { folder, stalePid: owner.pid });
        return true;
      }
      // Same host, same clock: the age of the last refresh says whether the process still holds it. A lock
      // of an older version (no token) is never refreshed: its running process still holds it.
      if (owner.token === undefined || Date.now() - first.mtimeMs <= leaseMs) throw inUse(first);
      logger.warn(`Taking over the stale lock ${file} of process ${owner.pid}: it was not refreshed for ${leaseMs} ms`, { folder, stalePid: owner.pid });
      return true;
    }
    // Another host (or a lock that cannot be read): watch it for one lease.
    logger.info(`The config data folder ${folder} has a lock of ${owner ? `process ${owner.pid} on host ${owner.hostname}` : 'unknown content'} (${file}); waiting up to ${leaseMs} ms to see whether it is still refreshed`, { folder });
    const poll = Math.max(20, Math.min(1_000, leaseMs / 20));
    const until = performance.now() + leaseMs;
    while (performance.now() < until) {
      await sleep(poll);
      const now = await readLock(file);
      if (!now) return false;
      if (now.mtimeNs !== first.mtimeNs || now.raw !== first.raw) {
        if (now.content?.released) return true;
        throw inUse(now);
      }
      if ((await generations(folder)).at(-1) !== generation) return false;
    }
    logger.warn(
      `Taking over the stale lock ${file}${owner ? ` of process ${owner.pid} on host ${owner.hostname}` : ''}: it was not refreshed for ${leaseMs} ms`,
      { folder, stalePid: owner?.pid },
    );
    return true;
  }

  private schedule(): void {
    if (this.released || this.lost) return;
    this.timer = setTimeout(() => void this.beat().finally(() => this.schedule()), this.settings.heartbeatMs);
    this.timer.unref();
  }

  /** Refreshes the lock, or notices that another process has taken it over. */
  private async beat(): Promise<void> {
    try {
      const mine = await readLock(this.file);
      const highest = (await generations(this.folder)).at(-1);
      if (this.released) return;
      if (!mine || mine.content?.token !== this.token || highest !== this.generation) {
        const by = highest === undefined ? undefined : await readLock(join(this.folder, lockFileName(highest))).catch(() => undefined);
        const who = by?.content && !by.content.released ? ` by process ${by.content.pid} on host ${by.content.hostname}` : '';
        this.lost = new DataFolderLockedError(
          `The lock of the config data folder ${this.folder} was taken over${who} (this process did not refresh it for longer than its lease); this driver refuses further writes. Restart the bot once the other process has stopped`,
        );
        this.logger.error(this.lost.message, { folder: this.folder });
        return;
      }
      const now = new Date();
      await utimes(this.file, now, now);
    } catch (error) {
      this.logger.warn(`Could not refresh the lock of the config data folder ${this.folder}`, { folder: this.folder, error: String(error) });
    }
  }

  /** Stops refreshing and marks the lock released if it is still ours. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    if (this.timer) clearTimeout(this.timer);
    heldInThisProcess.delete(this.key);
    try {
      const mine = await readLock(this.file);
      if (!mine || mine.content?.token !== this.token) return;
      const released: LockContent = { pid: process.pid, hostname: this.settings.hostname, startedAt: mine.content.startedAt, released: true };
      const temp = await writeSynced(this.file, JSON.stringify(released) + '\n');
      try {
        await rename(temp, this.file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    } catch (error) {
      this.logger.warn(`Could not release the lock of the config data folder ${this.folder}`, { folder: this.folder, error: String(error) });
    }
  }
}
