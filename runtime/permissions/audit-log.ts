/**
 * The audit log: who changed which access setting, and when. Every change to allow/deny rules, allow and
 * block lists, ignored channels and guilds, disabled commands and the admin/mod roles is recorded here, so
 * admins can read back who did what (the `auditlog` command of the access cog).
 *
 * Kept in Config under the core namespace (`Core`, identifier 0): changes inside a guild in that guild's
 * `auditLog` list, bot-wide changes (global lists, global disables) in the global `auditLog` list. Each list
 * keeps the newest AUDIT_LOG_LIMIT entries, so it cannot grow without bound.
 */
import type { Client } from 'discord.js';
import { Config } from '../config/base.js';
import { CORE_NAMESPACE } from '../context/core-settings.js';
import type { ConfigDriver } from '../drivers/types.js';
import { servicesOf } from '../services.js';

/** How many entries each scope (the bot, each guild) keeps; older ones are dropped. */
export const AUDIT_LOG_LIMIT = 500;

/** What a caller records. */
export interface AuditInput {
  /** Who made the change (a user id). */
  actorId: string;
  /** The guild the change applies to; absent or null for a bot-wide change. */
  guildId?: string | null;
  /** A short stable name, e.g. `blocklist.add`, `adminrole.remove`, `rules.set`. */
  action: string;
  /** The change in words, e.g. "added user 123 to the blocklist". */
  detail: string;
}

/** One stored entry. */
export interface AuditEntry {
  /** When, in ms since 1970. */
  at: number;
  actorId: string;
  guildId: string | null;
  action: string;
  detail: string;
}

/** Which entries to read: one guild's (a guild id) or the bot-wide ones (null). */
export interface AuditQuery {
  guildId: string | null;
  /** At most this many, newest first (default: all kept). */
  limit?: number;
  /** Only entries whose action starts with this (e.g. `blocklist`). */
  actionPrefix?: string;
}

/** Where the log lives: the core namespace Config, a client (or Bot) whose services carry an AuditLog, or an AuditLog. */
export type AuditTarget = Config | AuditLog | Client | { audit: AuditLog };

const SNOWFLAKE = /^\d{1,21}$/;

/** The actor of an entry made by an account Discord reported deleted (see AuditLog.forgetUser). */
export const DELETED_ACTOR = 'deleted user';

/** A detail with `userId` taken out: a mention, the `member <name> (<id>)` the access cog writes, a bare id. */
function forgetInDetail(detail: string, userId: string): string {
  return detail
    .replace(new RegExp(`<@!?${userId}>`, 'g'), 'a deleted user')
    .replace(new RegExp(`member [^()\\n]*? \\(${userId}\\)`, 'g'), 'a deleted user')
    .replace(new RegExp(`(?<!\\d)${userId}(?!\\d)`, 'g'), 'a deleted user');
}

export class AuditLog {
  private registered: Config | undefined;

  /** `config` returns the core namespace Config (read lazily: the bot opens its driver only when it starts). */
  constructor(
    private readonly config: () => Config,
    private readonly now: () => number = Date.now,
  ) {}

  /** An audit log on a driver's core namespace (for code that has a driver but no bot). */
  static forDriver(driver: ConfigDriver, now?: () => number): AuditLog {
    return new AuditLog(() => Config.getConf({ ...CORE_NAMESPACE, driver }), now);
  }

  /** Appends one entry and returns it. Bad input is refused before anything is written. */
  async record(input: AuditInput): Promise<AuditEntry> {
    const entry = validate(input, this.now());
    await this.scope(entry.guildId).getAttr('auditLog').update((list: unknown) => {
      const kept = Array.isArray(list) ? (list as AuditEntry[]) : [];
      return [...kept, entry].slice(-AUDIT_LOG_LIMIT);
    });
    return entry;
  }

  /** The entries of one scope, newest first. */
  async read(query: AuditQuery): Promise<AuditEntry[]> {
    if (query.guildId !== null && !SNOWFLAKE.test(query.guildId)) throw new TypeError(`The audit log's guild id must be a Discord id, got ${JSON.stringify(query.guildId)}`);
    const stored = await this.scope(query.guildId).getAttr('auditLog')();
    const list = Array.isArray(stored) ? (stored as AuditEntry[]) : [];
    const matching = query.actionPrefix ? list.filter((e) => e.action.startsWith(query.actionPrefix!)) : list;
    const newestFirst = [...matching].reverse();
    return query.limit === undefined ? newestFirst : newestFirst.slice(0, Math.max(0, query.limit));
  }

  /**
   * For a `discord_deleted_user` data request: every entry (bot-wide and in every guild) made by the user gets
   * the actor DELETED_ACTOR, and the user's id (a mention, `member <name> (<id>)`, a bare id) in a detail
   * becomes "a deleted user". Returns how many entries changed. Other entries are left as they were.
   */
  async forgetUser(userId: string): Promise<number> {
    if (!SNOWFLAKE.test(userId)) throw new TypeError(`Expected a Discord user id, got ${JSON.stringify(userId)}`);
    let total = 0;
    const scrubScope = async (attr: ReturnType<ReturnType<AuditLog['scope']>['getAttr']>) => {
      let changed = 0; // per call: an update may run its function again
      await attr.update((list: unknown) => {
        changed = 0;
        if (!Array.isArray(list)) return list;
        return (list as AuditEntry[]).map((entry) => {
          const actorId = entry.actorId === userId ? DELETED_ACTOR : entry.actorId;
          const detail = typeof entry.detail === 'string' ? forgetInDetail(entry.detail, userId) : entry.detail;
          if (actorId === entry.actorId && detail === entry.detail) return entry;
          changed++;
          return { ...entry, actorId, detail };
        });
      });
      total += changed;
    };
    await scrubScope(this.scope(null).getAttr('auditLog'));
    for (const [guildId, doc] of Object.entries(await this.conf().allGuilds())) {
      const list = (doc as { auditLog?: unknown } | null)?.auditLog;
      if (Array.isArray(list) && JSON.stringify(list).includes(userId)) await scrubScope(this.scope(guildId).getAttr('auditLog'));
    }
    return total;
  }

  private conf(): Config {
    // The bot hands out a new core Config after a restart (new driver), so register on each new one.
    const config = this.config();
    if (this.registered !== config) {
      config.registerGlobal({ auditLog: [] });
      config.registerGuild({ auditLog: [] });
      this.registered = config;
    }
    return config;
  }

  private scope(guildId: string | null) {
    return guildId === null ? this.conf().global : this.conf().guildFromId(guildId);
  }
}

function validate(input: AuditInput, at: number): AuditEntry {
  const where = 'An audit log entry';
  if (typeof input !== 'object' || input === null) throw new TypeError(`${where} must be an object`);
  if (typeof input.actorId !== 'string' || !SNOWFLAKE.test(input.actorId)) throw new TypeError(`${where} needs actorId, a Discord user id; got ${JSON.stringify(input.actorId)}`);
  const guildId = input.guildId ?? null;
  if (guildId !== null && (typeof guildId !== 'string' || !SNOWFLAKE.test(guildId))) throw new TypeError(`${where} has guildId ${JSON.stringify(guildId)}, not a Discord id`);
  if (typeof input.action !== 'string' || !/^[a-z][a-z0-9_.-]{0,63}$/i.test(input.action)) throw new TypeError(`${where} needs action, a short name like "blocklist.add"; got ${JSON.stringify(input.action)}`);
  if (typeof input.detail !== 'string' || input.detail.trim().length === 0) throw new TypeError(`${where} needs detail, the change in words`);
  return { at, actorId: input.actorId, guildId, action: input.action, detail: input.detail.slice(0, 1000) };
}

/** Finds the AuditLog of a target (a Config builds one on the spot). */
export function auditLogOf(target: AuditTarget): AuditLog {
  if (target instanceof AuditLog) return target;
  if (target instanceof Config) return new AuditLog(() => target);
  if ('audit' in target && target.audit instanceof AuditLog) return target.audit;
  const audit = servicesOf(target as Client).audit;
  if (!audit) throw new Error('This Bot has no audit log.');
  return audit;
}

/** Records one change in the audit log: `recordAudit(ctx.client, { actorId, guildId, action, detail })`. */
export function recordAudit(target: AuditTarget, input: AuditInput): Promise<AuditEntry> {
  return auditLogOf(target).record(input);
}

/** Reads one scope's audit log, newest first. */
export function readAudit(target: AuditTarget, query: AuditQuery): Promise<AuditEntry[]> {
  return auditLogOf(target).read(query);
}

/** One entry as a line for Discord: `<t:…:f> <@actor> blocklist.add: added user 123`. */
export function formatAuditEntry(entry: AuditEntry): string {
  const actor = SNOWFLAKE.test(entry.actorId) ? `<@${entry.actorId}>` : 'a deleted user';
  return `<t:${Math.floor(entry.at / 1000)}:f> ${actor} \`${entry.action}\`: ${entry.detail}`;
}
