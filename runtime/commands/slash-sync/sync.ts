/**
 * Runs a sync: reads what was last synced, plans (plan.ts), sends one bulk overwrite per scope that
 * changed, and records each success. Syncs of one bot run one at a time, and across processes one at a
 * time per application when the driver's locks span processes (postgres), so two starts never interleave.
 */
import { Routes, type REST } from 'discord.js';
import type { Logger } from '../../logging.js';
import { desiredScopes, planSlashSync, type SyncModeOptions } from './plan.js';
import { scopeGuildId, type SlashCommandBody, type SyncScope } from './snapshot.js';
import type { SlashSyncStore, SyncRecord } from './store.js';

/** The outcome for one scope. */
export interface ScopeSyncResult {
  scope: SyncScope;
  action: 'unchanged' | 'overwritten' | 'cleared' | 'failed';
  /** Top-level commands the scope holds (or would hold, when failed). */
  count: number;
  /** Why it failed (Discord's error message). */
  error?: Error;
}

/** What one sync did. */
export interface SlashSyncReport {
  scopes: ScopeSyncResult[];
  /** How many bulk overwrites were sent (successful or not). */
  requests: number;
}

export interface SlashSyncerOptions {
  rest: Pick<REST, 'put'>;
  /** Null when no store could be opened: every managed scope is then sent and nothing is recorded. */
  store: SlashSyncStore | null;
  logger: Logger;
  /** Called after each successful overwrite (the Bot re-emits it as `slashCommandsSynced`). */
  onOverwrite?(commands: SlashCommandBody[], scope: SyncScope): void;
}

export class SlashSyncer {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SlashSyncerOptions) {}

  /** Brings every scope of `mode` to `commands`, sending only what changed. Never throws for a failed request: see the report. */
  sync(applicationId: string, commands: readonly SlashCommandBody[], mode: SyncModeOptions, flags: { force?: boolean } = {}): Promise<SlashSyncReport> {
    const run = this.queue.then(() => this.locked(applicationId, () => this.run(applicationId, commands, mode, flags)));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private locked<R>(applicationId: string, fn: () => Promise<R>): Promise<R> {
    return this.options.store ? this.options.store.exclusive(applicationId, fn) : fn();
  }

  private async run(applicationId: string, commands: readonly SlashCommandBody[], mode: SyncModeOptions, flags: { force?: boolean }): Promise<SlashSyncReport> {
    const { store, logger } = this.options;
    const recorded = store ? await store.recorded(applicationId) : new Map<SyncScope, SyncRecord>();
    const steps = planSlashSync(desiredScopes(commands, mode), recorded, { force: flags.force || !store });
    const report: SlashSyncReport = { scopes: [], requests: 0 };
    for (const step of steps) {
      if (step.action === 'unchanged') {
        report.scopes.push({ scope: step.scope, action: 'unchanged', count: step.count });
        continue;
      }
      report.requests += 1;
      const guildId = scopeGuildId(step.scope);
      const route = guildId === null ? Routes.applicationCommands(applicationId) : Routes.applicationGuildCommands(applicationId, guildId);
      try {
        // The generated JSON goes out as it is (no camelCase round trip through discord.js builders).
        await this.options.rest.put(route, { body: step.commands });
      } catch (error) {
        // The record stays as it was, so the next start tries again; the bot keeps running meanwhile.
        const reason = error instanceof Error ? error : new Error(String(error));
        logger.error(`Slash commands of ${describe(step.scope)} were not synced: ${reason.message}`, { error });
        report.scopes.push({ scope: step.scope, action: 'failed', count: step.commands.length, error: reason });
        continue;
      }
      if (step.action === 'overwrite') {
        await store?.record(applicationId, step.scope, { hash: step.hash, count: step.commands.length, syncedAt: new Date().toISOString() });
        logger.info(`Synced ${step.commands.length} slash command(s) to ${describe(step.scope)}`);
        report.scopes.push({ scope: step.scope, action: 'overwritten', count: step.commands.length });
      } else {
        await store?.forget(applicationId, step.scope);
        logger.info(`Cleared the slash commands of ${describe(step.scope)} (no longer synced there)`);
        report.scopes.push({ scope: step.scope, action: 'cleared', count: 0 });
      }
      this.options.onOverwrite?.(step.commands, step.scope);
    }
    const unchanged = report.scopes.filter((s) => s.action === 'unchanged').map((s) => describe(s.scope));
    if (unchanged.length > 0) logger.debug(`Slash commands unchanged in ${unchanged.join(', ')}: nothing sent`);
    return report;
  }
}

function describe(scope: SyncScope): string {
  const guildId = scopeGuildId(scope);
  return guildId === null ? 'the global scope' : `guild ${guildId}`;
}
