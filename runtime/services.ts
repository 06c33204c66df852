/**
 * The Bot's services that cog handlers reach through `ctx.client` (a Context carries no Bot): privilege
 * levels and data requests. The Bot attaches them to its client when it is built.
 */
import type { Client } from 'discord.js';
import type { DataRequests } from './gdpr/requests.js';
import type { Privileges } from './permissions/privileges.js';
import type { AuditLog } from './permissions/audit-log.js';
import type { AccessSettings } from './permissions/access-settings.js';
import type { RuleStore } from './permissions/rule-store.js';
import type { CommandCheck } from './commands/can-run.js';
import type { LoadedCog } from './cogs/module.js';
import type { CommandSpec } from './contract/spec.js';
import type { Context } from './context/types.js';

/**
 * The parts of the command pipeline that are not services of their own, so `permissions canrun` can run
 * every check, in the pipeline's order, for someone else (runtime/bot.ts builds the pipeline from these).
 */
export interface CommandPipeline {
  /** True when the command, or a group above it, is disabled bot-wide or in the guild. */
  commandDisabled(path: readonly string[], guildId: string | null): Promise<boolean>;
  /** The manifest checks exactly as the bot runs them (dmOnly, nsfw, roles, botPermissions, predicates, any/all). */
  manifestChecks: CommandCheck;
  /** A loaded cog: its spec and the Config its checks see. */
  cog(name: string): LoadedCog | undefined;
  /** Every check the dispatcher runs before a command (the same CommandChecks, with those added by `addCheck`): true to allow. */
  canRun(ctx: Context, command: CommandSpec, cog: string): Promise<boolean>;
}

export interface BotServices {
  privileges: Privileges;
  dataRequests: DataRequests;
  /** Who changed which access setting, when (runtime/permissions/audit-log.ts). */
  audit?: AuditLog;
  /** Allow/block lists, ignores, disabled commands and cogs (runtime/permissions/access-settings.ts). */
  access?: AccessSettings;
  /** Allow/deny permission rules (runtime/permissions/rule-store.ts). */
  rules?: RuleStore;
  /** The pipeline's own checks (runtime/bot.ts), for `permissions canrun`. */
  pipeline?: CommandPipeline;
}

const byClient = new WeakMap<Client, BotServices>();

/** Makes the services findable from the client (called by the Bot). */
export function attachServices(client: Client, services: BotServices): void {
  byClient.set(client, services);
}

/** The services of the Bot that owns this client; throws when the client belongs to no Bot. */
export function servicesOf(client: Client): BotServices {
  const services = byClient.get(client);
  if (!services) throw new Error('This client belongs to no Cogsmith Bot: privileges and data requests are not available.');
  return services;
}
