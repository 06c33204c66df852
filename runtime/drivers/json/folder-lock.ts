/**
 * One writer per data folder. A lock file holds the owner's pid; a second process (or a second driver in
 * the same process) refuses to start. A lock left by a process that is no longer running is taken over,
 * with a warning in the log.
 */
import { hostname } from 'node:os';
import { mkdir, open, readFile, realpath, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFolderLockedError } from '../errors.js';
import type { Logger } from '../../logging.js';

export const LOCK_FILE = '.cogsmith-config.lock';

interface LockContent {
  pid: number;
  hostname: string;
  startedAt: string;
}

const heldInThisProcess = new Set<string>();

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readLock(file: string): Promise<LockContent | undefined> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LockContent>;
    if (typeof parsed.pid === 'number' && typeof parsed.hostname === 'string') return parsed as LockContent;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
  }
  return undefined;
}

/** The lock on one data folder, held until `release()`. */
export class FolderLock {
  private constructor(readonly file: string, private readonly key: string) {}

  /** Takes the folder's lock or throws DataFolderLockedError saying who holds it. */
  static async acquire(folder: string, logger: Logger): Promise<FolderLock> {
    await mkdir(folder, { recursive: true });
    const key = await realpath(folder);
    const file = join(folder, LOCK_FILE);
    if (heldInThisProcess.has(key)) {
      throw new DataFolderLockedError(
        `The config data folder ${folder} is already open by another JsonDriver in this process (pid ${process.pid}); close that driver first`,
      );
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      const content: LockContent = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
      try {
        const handle = await open(file, 'wx');
        try {
          await handle.writeFile(JSON.stringify(content) + '\n');
          await handle.sync();
        } finally {
          await handle.close();
        }
        heldInThisProcess.add(key);
        return new FolderLock(file, key);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      let owner: LockContent | undefined;
      try {
        owner = await readLock(file);
      } catch {
        continue; // removed meanwhile: try again
      }
      if (!owner) {
        throw new DataFolderLockedError(
          `The config data folder ${folder} has a lock file that cannot be read (${file}). If no other Cogsmith process uses this folder, delete the lock file and start again`,
        );
      }
      const sameHost = owner.hostname === hostname();
      if (!sameHost || (owner.pid !== process.pid && isRunning(owner.pid))) {
        throw new DataFolderLockedError(
          `The config data folder ${folder} is in use by process ${owner.pid}${sameHost ? '' : ` on host ${owner.hostname}`} (lock file ${file}, since ${owner.startedAt}). Two processes must not write one data folder: stop the other process or use another data folder`,
        );
      }
      logger.warn(`Taking over the stale lock ${file} of process ${owner.pid}, which is no longer running`, { folder, stalePid: owner.pid });
      await rm(file, { force: true });
    }
    throw new DataFolderLockedError(`Could not take the lock of the config data folder ${folder} (${file}): it keeps changing`);
  }

  /** Removes the lock file if it is still ours. */
  async release(): Promise<void> {
    heldInThisProcess.delete(this.key);
    try {
      const owner = await readLock(this.file);
      if (owner && owner.pid === process.pid && owner.hostname === hostname()) await rm(this.file, { force: true });
    } catch {
      // Already gone.
    }
  }
}
