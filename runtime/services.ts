/**
 * The Bot's services that cog handlers reach through `ctx.client` (a Context carries no Bot): privilege
 * levels, data requests, the access settings, rules and audit log, and the check pipeline. The Bot attaches
 * them to its client when it is built.
 */
import type { Client } from 'discord.js';
import type { DataRequests } from './gdpr/requests.js';
import type { Privileges } from './permissions/privileges.js';
import type { AuditLog } from './permissions/audit-log.js';
import type { AccessSettings } from './permissions/access-settings.js';
import type { RuleStore } from './permissions/rule-store.js';
import type { CommandPipeline } from './commands/pipeline/pipeline.js';
import type { LoadedCog } from './cogs/module.js';
import type { ComponentRouter } from './context/components/router.js';

export interface BotServices {
  privileges: Privileges;
  dataRequests: DataRequests;
  /** Who changed which access setting, when (runtime/permissions/audit-log.ts). */
  audit?: AuditLog;
  /** Allow/block lists, ignores, disabled commands and cogs (runtime/permissions/access-settings.ts). */
  access?: AccessSettings;
  /** Allow/deny permission rules (runtime/permissions/rule-store.ts). */
  rules?: RuleStore;
  /** The check pipeline every command passes (runtime/commands/pipeline), for `permissions canrun`. */
  pipeline?: CommandPipeline;
  /** The loaded cogs (their specs). */
  cogs?: { get(name: string): LoadedCog | undefined };
  /** Button and select-menu routing: a cog registers its handlers and opens sessions here (runtime/README.md "Components"). */
  components: ComponentRouter;
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
