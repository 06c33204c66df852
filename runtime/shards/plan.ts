/**
 * Whether `npm start` / `cogsmith start` runs the bot in this process or as a supervisor of processes
 * (runtime/shards/supervisor.ts), decided from the instance settings before anything connects.
 *
 * - A supervisor runs when `discord.processes` > 1, when `discord.shardIds` is set on PostgreSQL (pinned
 *   shards take leases so automatic hosts never run them), or when `discord.leases` is set (a standby
 *   host with one process). Otherwise the bot runs here, every shard (or the pinned ones) in this process.
 * - **Several processes need PostgreSQL with a URL**: the json driver is single-writer (its folder lock
 *   refuses a second process) and an embedded PGlite is one process's too. Asking for more is refused here
 *   with ShardPlanError (exit 78), before the gateway or the storage is touched.
 * - A process started by a supervisor (SHARDING_MANAGER in its environment, set by discord.js's
 *   ShardingManager) always runs its range here.
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import type { InstanceConfig } from '../instance/config.js';

/** The settings ask for processes the storage cannot serve. */
export class ShardPlanError extends CogsmithError {
  static override readonly code: ErrorCode = 'INSTANCE_CONFIG';
}

/** `here`: run the bot in this process; `supervisor`: run processes holding leases. Throws ShardPlanError. */
export function processPlan(instance: InstanceConfig, env: Record<string, string | undefined> = process.env): 'here' | 'supervisor' {
  if (env.SHARDING_MANAGER) return 'here';
  const { processes = 1, shardIds, leases } = instance.discord;
  const postgres = instance.storage.driver === 'postgres';
  const wanted = processes > 1 || (shardIds !== undefined && postgres) || leases !== undefined;
  if (!wanted) return 'here';
  const asked = processes > 1 ? `--processes ${processes} (discord.processes)` : shardIds ? '--shard-ids (discord.shardIds) on PostgreSQL' : 'discord.leases';
  if (!postgres) {
    throw new ShardPlanError(
      `${asked} needs PostgreSQL storage: the ${instance.storage.driver} driver keeps one process's data (a single writer), so several processes would lose each other's writes. ` +
        'Set storage.driver: postgres with storage.url (an existing instance\'s data moves with "cogsmith convert <instance> --to postgres").',
    );
  }
  if (!instance.storage.url) {
    throw new ShardPlanError(`${asked} needs a PostgreSQL server (storage.url or COGSMITH_POSTGRES_URL): the embedded PGlite used without a URL serves one process only.`);
  }
  return 'supervisor';
}
