/**
 * What was last synced, per application and scope, kept in Config under the runtime's own namespace
 * (`Core`, identifier 0, shared with the core settings; custom group `slashSync` keyed by application id,
 * then scope). Keyed by application id because one data folder may serve several applications (a test
 * bot and the real one).
 */
import { CogsmithError, type ErrorCode } from '../../contract/errors.js';
import { Config } from '../../config/base.js';
import { CORE_NAMESPACE } from '../../context/core-settings.js';
import type { ConfigDriver } from '../../drivers/types.js';
import type { SyncScope } from './snapshot.js';

/** The custom group holding one record per (application id, scope). */
export const SLASH_SYNC_GROUP = 'slashSync';

/** What was sent to one scope, last time it was sent successfully. */
export interface SyncRecord {
  hash: string;
  /** How many top-level commands it held. */
  count: number;
  /** ISO time of the overwrite. */
  syncedAt: string;
}

/** Thrown when the store cannot be used with this bot's driver. */
export class SlashSyncStoreError extends CogsmithError {
  static override readonly code: ErrorCode = 'SLASH_SYNC_STORE';
}

/** Records of synced scopes on one Config driver. */
export class SlashSyncStore {
  private constructor(private readonly config: Config) {}

  /**
   * Opens the store on `driver`. Config keeps one instance per namespace in the process; if another live
   * bot in this process holds it with another driver, the records would go to the wrong place, so this
   * refuses with a SlashSyncStoreError instead.
   */
  static open(driver: ConfigDriver): SlashSyncStore {
    const config = Config.getConf({ ...CORE_NAMESPACE, driver });
    if (config.driver !== driver) {
      throw new SlashSyncStoreError('the core Config namespace is held by another bot in this process with another driver');
    }
    config.initCustom(SLASH_SYNC_GROUP, 2);
    return new SlashSyncStore(config);
  }

  /** Every scope with a record for this application. */
  async recorded(applicationId: string): Promise<Map<SyncScope, SyncRecord>> {
    const tree = await this.config.custom(SLASH_SYNC_GROUP, applicationId).all();
    const records = new Map<SyncScope, SyncRecord>();
    for (const [scope, value] of Object.entries(tree)) {
      if (!isScope(scope) || !isRecord(value)) continue; // foreign or damaged entries count as "unknown"
      records.set(scope, { hash: value.hash, count: value.count, syncedAt: value.syncedAt });
    }
    return records;
  }

  /** Remembers what a scope now holds. */
  async record(applicationId: string, scope: SyncScope, record: SyncRecord): Promise<void> {
    await this.config.custom(SLASH_SYNC_GROUP, applicationId, scope).set({ ...record });
  }

  /** Forgets a scope (it was cleared, so nothing of ours is left there). */
  async forget(applicationId: string, scope: SyncScope): Promise<void> {
    await this.config.custom(SLASH_SYNC_GROUP, applicationId, scope).clear();
  }

  /** Runs `fn` holding this application's sync lock (across processes with the postgres driver). */
  exclusive<R>(applicationId: string, fn: () => Promise<R>): Promise<R> {
    return this.config.custom(SLASH_SYNC_GROUP, applicationId).getLock().runExclusive(fn);
  }

  /** Lets the Config go (the bot stopped); stored records stay. */
  close(): void {
    Config.release(this.config);
  }
}

function isScope(key: string): key is SyncScope {
  return key === 'global' || /^guild:\d+$/.test(key);
}

function isRecord(value: unknown): value is SyncRecord {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.hash === 'string' && typeof v.count === 'number' && typeof v.syncedAt === 'string';
}
