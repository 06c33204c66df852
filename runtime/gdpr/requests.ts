/**
 * End-user data requests: delete or export everything the loaded cogs keep about one user.
 *
 * Every loaded cog is asked at the same time. A cog handles requests when its manifest declares
 * `userData` (generated deletion and export code, `generated/cogs/<cog>/user-data.ts`) or its
 * implementation has `onDeleteUserData` / `onExportUserData` (data kept elsewhere); both run when both
 * exist. The result names the cogs that failed and the cogs that do not handle requests.
 *
 * Who asked — the requester kinds (Red-DiscordBot's `red_delete_data_for_user`):
 * - `discord_deleted_user`: Discord told the bot the account was deleted. Everything goes, the user id
 *   itself included, even where it is kept to stop abuse: it no longer belongs to anyone.
 * - `owner`: a bot owner asked. Delete it; where removing an id would be an operational hazard (an id on a
 *   blocklist, for instance) a cog may keep it, but must give the owner another way to remove it.
 * - `user_strict`: the user asked, and the owner made user requests strict. Delete all end-user data; only
 *   what is needed against abuse (ids and timestamps of interactions, such as a cooldown) may be kept.
 * - `user`: the user asked, and the owner let cogs keep what they need to work. Data essential to the
 *   cog's function may be kept; everything else goes.
 * Data declared in a manifest's `userData` is deleted for every kind; the kinds matter to a cog's own
 * `onDeleteUserData`, which decides what it keeps.
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import type { LoadedCog } from '../cogs/module.js';
import type { JobScheduler } from '../cogs/jobs.js';
import type { CogRegistry, DeletionRequester, UserDataModule } from '../cogs/module.js';
import type { CogSpec, JsonObject, JsonValue } from '../contract/spec.js';
import type { Config } from '../config/base.js';
import type { Logger } from '../logging.js';

export type { DeletionRequester };

/** The four requester kinds, in the order of the list above. */
export const REQUESTER_KINDS: readonly DeletionRequester[] = ['discord_deleted_user', 'owner', 'user_strict', 'user'];

/** A cog that failed a request, with the reason (the full error is logged). */
export interface CogFailure {
  cog: string;
  error: string;
}

export interface DeletionResult {
  userId: string;
  requester: DeletionRequester;
  /** Cogs that deleted what they keep. */
  deleted: string[];
  failed: CogFailure[];
  /** Loaded cogs that do not handle data requests. */
  notHandled: string[];
}

export interface ExportResult {
  userId: string;
  /** ISO time of the export. */
  exportedAt: string;
  /** Per cog: `declared` (from its manifest's userData) and/or `own` (from its onExportUserData). */
  cogs: Record<string, JsonObject>;
  failed: CogFailure[];
  notHandled: string[];
}

/** A request that cannot be made as asked (a bad user id, an unknown requester kind). */
export class DataRequestError extends CogsmithError {
  static override readonly code: ErrorCode = 'DATA_REQUEST';
}

export interface DataRequestsOptions {
  /** The loaded cogs, in load order. */
  loaded(): LoadedCog[];
  /** Every cog of the project (loaded or not), as the bot knows it now. */
  registry(): CogRegistry;
  /** Scheduled jobs: a cog's jobs that name the user are deleted and exported with its data. */
  jobs?: JobScheduler;
  /** The core namespace Config (global `dataRequests` settings). */
  settings(): Config;
  logger: Logger;
}

/** True when the string is a Discord id. */
export function isSnowflake(id: string): boolean {
  return typeof id === 'string' && /^\d{15,21}$/.test(id);
}

export class DataRequests {
  constructor(private readonly options: DataRequestsOptions) {}

  /** The data statements of the loaded cogs (`loaded`) or of every cog of the project (`all`). */
  statements(which: 'loaded' | 'all'): { cog: string; statement: string }[] {
    const specs: CogSpec[] = which === 'loaded' ? this.options.loaded().map((c) => c.spec) : Object.values(this.options.registry()).map((e) => e.spec);
    return specs.map((s) => ({ cog: s.name, statement: s.dataStatement })).sort((a, b) => (a.cog < b.cog ? -1 : 1));
  }

  /** Asks every loaded cog, concurrently, to delete what it keeps about the user. */
  async deleteForUser(userId: string, requester: DeletionRequester): Promise<DeletionResult> {
    checkUserId(userId);
    if (!REQUESTER_KINDS.includes(requester)) throw new DataRequestError(`Unknown requester kind ${JSON.stringify(requester)}; one of ${REQUESTER_KINDS.join(', ')}`);
    const result: DeletionResult = { userId, requester, deleted: [], failed: [], notHandled: [] };
    const cogs = this.options.loaded();
    const outcomes = await Promise.allSettled(
      cogs.map(async (cog) => {
        const generated = this.generated(cog);
        const own = cog.implementation.onDeleteUserData;
        const jobs = this.options.jobs?.namesUsers(cog.name) ? this.options.jobs : undefined;
        if (!generated && typeof own !== 'function' && !jobs) return false;
        if (generated) await generated.deleteUserData(cog.handle.config as never, userId, requester);
        if (jobs) await jobs.forgetUser(userId, [cog.name]);
        if (typeof own === 'function') await own.call(cog.implementation, cog.handle, { userId, requester });
        return true;
      }),
    );
    outcomes.forEach((outcome, i) => this.tally(cogs[i]!.name, outcome, result.deleted, result, 'delete'));
    this.options.logger.info(`Data deletion for a user (${requester}): ${result.deleted.length} cog(s) deleted, ${result.failed.length} failed, ${result.notHandled.length} do not handle it`);
    return result;
  }

  /** Asks every loaded cog, concurrently, for what it keeps about the user. */
  async exportForUser(userId: string): Promise<ExportResult> {
    checkUserId(userId);
    const result: ExportResult = { userId, exportedAt: new Date().toISOString(), cogs: {}, failed: [], notHandled: [] };
    const cogs = this.options.loaded();
    const outcomes = await Promise.allSettled(
      cogs.map(async (cog): Promise<JsonObject | false> => {
        const generated = this.generated(cog);
        const own = cog.implementation.onExportUserData;
        const jobs = this.options.jobs?.namesUsers(cog.name) ? this.options.jobs : undefined;
        if (!generated && typeof own !== 'function' && !jobs) return false;
        const data: JsonObject = {};
        if (generated) data.declared = await generated.exportUserData(cog.handle.config as never, userId);
        if (jobs) data.scheduledJobs = await jobs.exportUser(cog.name, userId);
        if (typeof own === 'function') data.own = ((await own.call(cog.implementation, cog.handle, userId)) ?? null) as JsonValue;
        return data;
      }),
    );
    const exported: string[] = [];
    outcomes.forEach((outcome, i) => {
      const name = cogs[i]!.name;
      this.tally(name, outcome, exported, result, 'export');
      if (outcome.status === 'fulfilled' && outcome.value !== false) result.cogs[name] = outcome.value;
    });
    return result;
  }

  /** Whether users may ask for their own data to be deleted (default yes). */
  async allowUserRequests(): Promise<boolean> {
    return (await this.options.settings().global.dataRequests.allowUserRequests()) !== false;
  }

  async setAllowUserRequests(allowed: boolean): Promise<void> {
    await this.options.settings().global.dataRequests.allowUserRequests.set(allowed);
  }

  /** Whether user requests are strict (`user_strict`) rather than `user` (default strict, as in Red). */
  async userRequestsAreStrict(): Promise<boolean> {
    return (await this.options.settings().global.dataRequests.userRequestsAreStrict()) !== false;
  }

  async setUserRequestsAreStrict(strict: boolean): Promise<void> {
    await this.options.settings().global.dataRequests.userRequestsAreStrict.set(strict);
  }

  /** The requester kind a user's own request gets under the current strictness. */
  async userRequester(): Promise<'user' | 'user_strict'> {
    return (await this.userRequestsAreStrict()) ? 'user_strict' : 'user';
  }

  private generated(cog: LoadedCog): UserDataModule | undefined {
    return cog.userData;
  }

  private tally(name: string, outcome: PromiseSettledResult<unknown>, done: string[], into: { failed: CogFailure[]; notHandled: string[] }, what: string): void {
    if (outcome.status === 'rejected') {
      const reason = outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
      into.failed.push({ cog: name, error: reason });
      this.options.logger.error(`Cog ${name} failed a data ${what} request`, { error: outcome.reason });
    } else if (outcome.value === false) into.notHandled.push(name);
    else done.push(name);
  }
}

function checkUserId(userId: string): void {
  if (!isSnowflake(userId)) throw new DataRequestError(`A user id is a Discord id (15 to 21 digits), got ${JSON.stringify(userId)}`);
}
