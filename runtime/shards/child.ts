/**
 * One process of a supervisor (runtime/shards/supervisor.ts), started by discord.js's ShardingManager
 * through the launcher: it runs the bot on the shard range the manager gave it (SHARDS, SHARD_COUNT, read by
 * discord.js's Client) with the instance settings the supervisor passed in COGSMITH_SHARD_INSTANCE (the
 * token comes in DISCORD_TOKEN, as the manager sets it).
 *
 * It exits (code 1) as soon as its IPC channel to the supervisor closes: a supervisor killed with its host
 * must not leave processes behind that keep answering on shards another host takes over.
 */
import { registerSecret } from '../logging.js';
import { createLogger } from '../logging.js';
import type { InstanceConfig } from '../instance/config.js';
import { EXIT_CODES } from '../core/exit-codes.js';
import { runInstance, setUpLogging, type EntryContext } from '../cli/start.js';
import { INSTANCE_ENV } from './supervisor.js';
import { shardRangeText } from './layout.js';

/** Run by runtime/host/launch.mjs in each process the supervisor forks. */
export async function main(_argv: readonly string[], context: EntryContext = {}): Promise<void> {
  process.on('disconnect', () => {
    process.stderr.write(`Shard process ${process.pid}: the supervisor went away; exiting.\n`);
    process.exit(EXIT_CODES.failure);
  });
  setUpLogging();
  const text = process.env[INSTANCE_ENV];
  if (!text || !process.send) {
    process.stderr.write(`runtime/shards/child.ts runs only under a cogsmith supervisor (${INSTANCE_ENV} and an IPC channel are missing).\n`);
    process.exit(EXIT_CODES.usage);
  }
  const instance = JSON.parse(text) as InstanceConfig;
  const token = process.env.DISCORD_TOKEN;
  if (token) instance.discord.token = token;
  registerSecret(token);
  registerSecret(instance.storage.url);
  const ids = JSON.parse(process.env.SHARDS ?? '[]') as number[];
  createLogger('shards').info(`Process ${process.pid} of group ${process.env.COGSMITH_SHARD_GROUP}: shards ${shardRangeText(ids)} of ${process.env.SHARD_COUNT}.`);
  await runInstance(instance, {}, context);
}
