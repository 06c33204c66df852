/**
 * Durable file replacement: the new content goes to a temp file which is fsynced and renamed over the
 * old one, and the folder is fsynced so the rename itself survives a crash. The previous version is
 * kept beside it as `<file>.bak` (a hard link to the old inode, so keeping it costs no copy).
 */
import { constants } from 'node:fs';
import { copyFile, link, open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Counters of what the json driver did to the disk (tests and benchmarks read them). */
export interface DurabilityStats {
  /** Whole-file writes (one per coalesced batch). */
  flushes: number;
  /** fsync calls (files and folders). */
  fsyncs: number;
  bytesWritten: number;
}

/** fsyncs a folder so renames in it are durable. Windows cannot open folders for this; it is skipped there. */
export async function syncFolder(folder: string, stats?: DurabilityStats): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, constants.O_RDONLY);
  try {
    await handle.sync();
    if (stats) stats.fsyncs++;
  } finally {
    await handle.close();
  }
}

/**
 * Writes `text` to a temp file beside `file` and fsyncs it; returns the temp file's path. If anything
 * fails (a full disk, a file-size limit) the temp file is removed before the error is rethrown.
 */
export async function writeSynced(file: string, text: string, stats?: DurabilityStats, unique: string = String(process.pid)): Promise<string> {
  const temp = `${file}.${unique}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
      if (stats) stats.fsyncs++;
    } finally {
      await handle.close();
    }
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  return temp;
}

/** Makes `<file>.bak` the current content of `file` (which must exist), without a window where it is missing. */
async function keepBackup(file: string, backup: string, stats?: DurabilityStats): Promise<void> {
  const temp = `${backup}.tmp`;
  await rm(temp, { force: true });
  try {
    try {
      await link(file, temp);
    } catch {
      // Some filesystems have no hard links: copy (and fsync) instead.
      await copyFile(file, temp);
      const handle = await open(temp, 'r+');
      try {
        await handle.sync();
        if (stats) stats.fsyncs++;
      } finally {
        await handle.close();
      }
    }
    await rename(temp, backup);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Puts `backup` (the previous version) back in place of `file`; without one, removes `file`. */
async function restore(file: string, backup: string | undefined): Promise<void> {
  if (!backup) {
    await rm(file, { force: true });
    return;
  }
  const temp = `${file}.restore.tmp`;
  await rm(temp, { force: true });
  try {
    await link(backup, temp);
  } catch {
    await copyFile(backup, temp);
  }
  await rename(temp, file);
}

/**
 * Replaces `file` with `text` durably: temp file + fsync + (backup of the old version) + atomic rename +
 * fsync of the folder. When this resolves the new content survives a crash or power loss. When it
 * rejects, `file` holds its previous content (or, if it had none, does not exist) and no temp file is left.
 */
export async function replaceFileDurably(file: string, text: string, options: { backup?: string; stats?: DurabilityStats } = {}): Promise<void> {
  const temp = await writeSynced(file, text, options.stats);
  try {
    if (options.backup) await keepBackup(file, options.backup, options.stats);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  try {
    await syncFolder(dirname(file), options.stats);
  } catch (error) {
    // The new content is in place but not known to be durable: put the previous version back, so a
    // rejected write has changed nothing on disk either.
    await restore(file, options.backup).catch(() => undefined);
    throw error;
  }
  if (options.stats) {
    options.stats.flushes++;
    options.stats.bytesWritten += Buffer.byteLength(text);
  }
}
