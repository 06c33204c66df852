/**
 * The errors of handlers, listeners, tasks, jobs and components, kept for the owner's `traceback` under the
 * short id the user was shown — so an id can be looked up without searching the logs.
 *
 * Members cannot flush it (repeating an error, or producing many, must not push real errors out):
 * - **Grouped by fingerprint**: where it failed, the error's class and code, its message with numbers and
 *   quoted text taken out, and the first frames of its stack. A repeat is one entry with a count, its first
 *   and latest occurrence, and the ids of its recent occurrences (`idsPerGroup`), each still found by id.
 * - **A share per source**: an occurrence names the user and guild it came from (commands, components,
 *   listeners given a message or interaction). One user holds at most `perUser` entries and one guild
 *   `perGuild`. A new entry past a share, or past the capacity, drops the least recently seen entry of the
 *   user holding the most entries in that share (errors without a user — tasks, jobs — count as one
 *   holder), so whoever floods the log loses their own entries first and one real error of someone else
 *   stays.
 * - **Redacted when kept**: the error is stored as a redacted copy (logging/redact.ts: same class,
 *   message, stack, cause and fields with the token and database credentials replaced), so nothing read
 *   from here — `traceback` by text or slash included — can show a secret.
 */
import { createHash, randomBytes } from 'node:crypto';
import { redactValue } from '../logging/redact.js';

/** Who caused an error: the invoking user and the guild, when there are. */
export interface ErrorSource {
  userId?: string;
  guildId?: string;
}

export interface ErrorRecord {
  /** This occurrence's id (the one a user was shown). */
  id: string;
  /** What failed, e.g. `command ping` or `listener general.onMemberJoin`. */
  where: string;
  /** The error, redacted: a copy of the same class with secrets replaced. */
  error: unknown;
  /** When this occurrence happened (for an occurrence no longer kept in full: when it happened, with the latest one's error). */
  time: Date;
  /** The group's fingerprint (a short hash). */
  fingerprint: string;
  /** How many times this error happened while kept. */
  count: number;
  firstSeen: Date;
  lastSeen: Date;
  /** Who caused this occurrence, when known. */
  source?: ErrorSource;
}

export interface ErrorLogOptions {
  /** How many groups are kept (default 50). */
  capacity?: number;
  /** Groups one user may hold (default a tenth of the capacity, at least 1). */
  perUser?: number;
  /** Groups one guild may hold (default a quarter of the capacity, at least 1). */
  perGuild?: number;
  /** Occurrence ids a group remembers, newest kept (default 100). */
  idsPerGroup?: number;
  /** The time source (default Date.now). */
  now?: () => number;
}

/** Creates a short random id such as `3f9a0c1e`. */
export function newErrorId(): string {
  return randomBytes(4).toString('hex');
}

interface Occurrence {
  id: string;
  time: number;
  error: unknown;
  source?: ErrorSource;
}

interface Group {
  fingerprint: string;
  where: string;
  count: number;
  first: Occurrence;
  latest: Occurrence;
  /** Ids of recent occurrences and when they happened, oldest first. */
  ids: Map<string, { time: number; source?: ErrorSource }>;
  /** The user and guild whose share the group counts against (the first occurrence's). */
  owner: { user?: string; guild?: string };
}

const FRAMES = 3;

/** What stays the same when the same failure repeats with other input. */
export function normalizeMessage(message: string): string {
  return message
    .replace(/(["'`“”‘’])(?:(?!\1)[^\n])*\1/g, '$1…$1')
    .replace(/\b(?:0x)?[0-9a-f]{8,}\b/gi, '#')
    .replace(/\d+/g, '#')
    .slice(0, 300);
}

/** The fingerprint of an error where it happened: where + class + code + normalized message + top frames. */
export function fingerprintOf(where: string, error: unknown): string {
  const parts = [where];
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    parts.push(error.name, code === undefined ? '' : String(code), normalizeMessage(error.message));
    const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).slice(0, FRAMES);
    parts.push(...frames.map((f) => f.trim()));
  } else {
    parts.push(typeof error, normalizeMessage(String(error)));
  }
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 12);
}

/** The user and guild of a discord.js event's arguments: a message's author, an interaction's or member's user. */
export function sourceOfEvent(args: readonly unknown[]): ErrorSource | undefined {
  for (const arg of args) {
    if (!arg || typeof arg !== 'object') continue;
    const value = arg as { author?: { id?: unknown }; user?: { id?: unknown }; guildId?: unknown; guild?: { id?: unknown } | null };
    const userId = value.author?.id ?? value.user?.id;
    if (typeof userId !== 'string') continue;
    const guildId = typeof value.guildId === 'string' ? value.guildId : typeof value.guild?.id === 'string' ? value.guild.id : undefined;
    return guildId ? { userId, guildId } : { userId };
  }
  return undefined;
}

export class ErrorLog {
  readonly capacity: number;
  readonly perUser: number;
  readonly perGuild: number;
  private readonly idsPerGroup: number;
  private readonly now: () => number;
  /** By fingerprint, least recently seen first (a repeat moves its group to the end). */
  private readonly groups = new Map<string, Group>();
  private readonly byId = new Map<string, Group>();

  constructor(options: number | ErrorLogOptions = {}) {
    const o = typeof options === 'number' ? { capacity: options } : options;
    this.capacity = Math.max(1, o.capacity ?? 50);
    this.perUser = Math.max(1, o.perUser ?? Math.floor(this.capacity / 10));
    this.perGuild = Math.max(1, o.perGuild ?? Math.floor(this.capacity / 4));
    this.idsPerGroup = Math.max(1, o.idsPerGroup ?? 100);
    this.now = o.now ?? Date.now;
  }

  /** Stores an occurrence (redacted) and returns its record. */
  record(where: string, error: unknown, source?: ErrorSource): ErrorRecord {
    const occurrence: Occurrence = { id: this.freshId(), time: this.now(), error: redactValue(error), ...(source ? { source } : {}) };
    const fingerprint = fingerprintOf(where, error);
    let group = this.groups.get(fingerprint);
    if (group) {
      this.groups.delete(fingerprint);
      group.count += 1;
      group.latest = occurrence;
    } else {
      group = { fingerprint, where, count: 1, first: occurrence, latest: occurrence, ids: new Map(), owner: { user: source?.userId, guild: source?.guildId } };
      this.makeRoomFor(group.owner);
    }
    this.groups.set(fingerprint, group);
    group.ids.set(occurrence.id, { time: occurrence.time, ...(source ? { source } : {}) });
    this.byId.set(occurrence.id, group);
    // The oldest ids go first; the first occurrence's stays (it is shown in full).
    for (const old of group.ids.keys()) {
      if (group.ids.size <= this.idsPerGroup) break;
      if (old === group.first.id) continue;
      group.ids.delete(old);
      this.byId.delete(old);
    }
    return this.view(group, occurrence.id);
  }

  /** The occurrence with this id, if its group is still kept. */
  get(id: string): ErrorRecord | undefined {
    const group = this.byId.get(id);
    return group ? this.view(group, id) : undefined;
  }

  /** The kept errors, most recently seen first: each group as its latest occurrence. */
  recent(limit = this.capacity): ErrorRecord[] {
    return [...this.groups.values()].reverse().slice(0, limit).map((g) => this.view(g, g.latest.id));
  }

  private view(group: Group, id: string): ErrorRecord {
    const occurrence = id === group.first.id ? group.first : id === group.latest.id ? group.latest : undefined;
    const known = group.ids.get(id);
    const time = occurrence?.time ?? known?.time ?? group.latest.time;
    const source = occurrence?.source ?? known?.source;
    return {
      id,
      where: group.where,
      error: (occurrence ?? group.latest).error,
      time: new Date(time),
      fingerprint: group.fingerprint,
      count: group.count,
      firstSeen: new Date(group.first.time),
      lastSeen: new Date(group.latest.time),
      ...(source ? { source } : {}),
    };
  }

  /** Frees a place for a new group of `owner`: its user's share, its guild's, then the whole log's capacity. */
  private makeRoomFor(owner: Group['owner']): void {
    if (owner.user !== undefined) this.evict((g) => g.owner.user === owner.user, this.perUser);
    if (owner.guild !== undefined) this.evict((g) => g.owner.guild === owner.guild, this.perGuild);
    this.evict(() => true, this.capacity);
  }

  /**
   * While `share` or more groups match, drops one: the least recently seen group of the user holding the
   * most of them (errors without a user count as one holder), so a flood costs its sender first.
   */
  private evict(matches: (group: Group) => boolean, share: number): void {
    for (;;) {
      const held = [...this.groups.values()].filter(matches);
      if (held.length < share) return;
      // least recently seen first; the holders in the order of their least recently seen group
      const byHolder = new Map<string, Group[]>();
      for (const group of held) {
        const key = group.owner.user ?? '';
        const list = byHolder.get(key);
        if (list) list.push(group);
        else byHolder.set(key, [group]);
      }
      let largest: Group[] = [];
      for (const list of byHolder.values()) if (list.length > largest.length) largest = list;
      this.drop(largest[0]!);
    }
  }

  private drop(group: Group): void {
    this.groups.delete(group.fingerprint);
    for (const id of group.ids.keys()) this.byId.delete(id);
  }

  private freshId(): string {
    let id = newErrorId();
    while (this.byId.has(id)) id = newErrorId();
    return id;
  }
}
