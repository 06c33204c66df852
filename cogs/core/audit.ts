/**
 * Where the core cog records its changes (admin and mod roles, prefixes): the bot's audit log when it has one
 * (runtime/permissions/audit-log.ts), else the same log kept directly in the core namespace Config. One place,
 * so changing where it goes is a one-line change.
 */
import type { Client } from 'discord.js';
import { recordAudit, type AuditInput } from '../../runtime/permissions/audit-log.js';
import { coreServicesOf } from '../../runtime/core/services.js';
import { servicesOf } from '../../runtime/services.js';

/** Records one change made by a core command. */
export async function audit(client: Client, input: AuditInput): Promise<void> {
  const log = servicesOf(client).audit;
  if (log) {
    await recordAudit(log, input);
    return;
  }
  const settings = coreServicesOf(client).settings();
  if (!settings) throw new Error('The audit log needs storage: the bot has not started.');
  await recordAudit(settings.config, input);
}
