/**
 * The bot's access settings, kept in Config under the core namespace (`Core`, identifier 0):
 * - global: `allowlist` and `blocklist` (user ids), `disabledCommands` (command paths), `disabledCogs`;
 * - guild: `localAllowlist` and `localBlocklist` (user or role ids), `ignored`, `disabledCommands`, `disabledCogs`;
 * - channel: `ignored` (a channel, thread or category).
 *
 * What is stored is the authority, so processes sharing one storage agree: every command reads these
 * through the read cache and a DerivedCache (no I/O, recomputed only after a change here or an
 * invalidation from another process). The dispatcher's in-memory `DisabledCommands` is left to code
 * (`bot.commands.disable`), not to what admins disable.
 */
import type { Config } from '../config/base.js';
import { DerivedCache, deepFreeze } from '../config/derived.js';
import type { CommandSpec } from '../contract/spec.js';
import { pathKey } from '../commands/disabled.js';
import type { CommandIndex } from '../commands/index-of-commands.js';

/** A list of ids: bot-wide (users) or one guild's (users and roles). */
export type AccessListKind = 'allowlist' | 'blocklist';

const GLOBAL_FIELD: Record<AccessListKind, string> = { allowlist: 'allowlist', blocklist: 'blocklist' };
const LOCAL_FIELD: Record<AccessListKind, string> = { allowlist: 'localAllowlist', blocklist: 'localBlocklist' };
const SNOWFLAKE = /^\d{1,21}$/;

/** Where a list, an ignore or a disable applies: the whole bot, or one guild. */
export type AccessScope = { global: true } | { guild: string };

export class AccessSettings {
  private registered: Config | undefined;
  private readonly memo = new DerivedCache<unknown>(() => this.conf());

  /** `config` returns the core namespace Config (read lazily: the driver exists only once the bot started). */
  constructor(
    private readonly config: () => Config,
    private readonly commands?: CommandIndex,
  ) {}

  /** The cogs that have commands in the bot now (loaded cogs), lower case. */
  cogNames(): string[] {
    return [...(this.commands?.cogs().keys() ?? [])].map((n) => n.toLowerCase()).sort();
  }

  /** The command a user names (`mydata forgetme`, aliases allowed), only when every word named it; else undefined. */
  findCommand(words: string): { cog: string; command: CommandSpec } | undefined {
    const parts = words.trim().split(/\s+/).filter((w) => w.length > 0);
    const found = parts.length > 0 ? this.commands?.find(parts) : undefined;
    if (!found || found.consumed !== parts.length) return undefined;
    return { cog: found.cog, command: found.command };
  }

  // ---- allow and block lists ------------------------------------------------------------------------

  /** The ids on a list (global: users; guild: users and roles). */
  async list(kind: AccessListKind, scope: AccessScope): Promise<string[]> {
    const field = fieldOf(kind, scope);
    return [...(await this.derived(`${field}:${scopeKey(scope)}`, async () => ids(await this.group(scope).getAttr(field)())))];
  }

  /** Adds ids; returns those that were not there before. */
  async add(kind: AccessListKind, scope: AccessScope, add: readonly string[]): Promise<string[]> {
    add.forEach(checkId);
    let added: string[] = [];
    await this.group(scope).getAttr(fieldOf(kind, scope)).update((stored: unknown) => {
      const list = ids(stored);
      added = [...new Set(add)].filter((id) => !list.includes(id));
      return [...list, ...added];
    });
    return added;
  }

  /** Removes ids; returns those that were there. */
  async remove(kind: AccessListKind, scope: AccessScope, remove: readonly string[]): Promise<string[]> {
    let removed: string[] = [];
    await this.group(scope).getAttr(fieldOf(kind, scope)).update((stored: unknown) => {
      const list = ids(stored);
      removed = list.filter((id) => remove.includes(id));
      return list.filter((id) => !remove.includes(id));
    });
    return removed;
  }

  /** Empties a list; returns how many ids it held. */
  async clear(kind: AccessListKind, scope: AccessScope): Promise<number> {
    let count = 0;
    await this.group(scope).getAttr(fieldOf(kind, scope)).update((stored: unknown) => {
      count = ids(stored).length;
      return [];
    });
    return count;
  }

  /**
   * Takes a user id off the global lists and every guild's local lists (for a `discord_deleted_user` data
   * request: the account no longer exists). Returns how many lists held it.
   */
  async forgetUser(userId: string): Promise<number> {
    checkId(userId);
    let count = 0;
    for (const kind of ['allowlist', 'blocklist'] as const) {
      if ((await this.remove(kind, { global: true }, [userId])).length > 0) count++;
    }
    for (const [guildId, doc] of Object.entries(await this.conf().allGuilds())) {
      for (const kind of ['allowlist', 'blocklist'] as const) {
        const stored = (doc as Record<string, unknown> | null)?.[LOCAL_FIELD[kind]];
        if (!ids(stored).includes(userId)) continue;
        if ((await this.remove(kind, { guild: guildId }, [userId])).length > 0) count++;
      }
    }
    return count;
  }

  // ---- ignored guilds and channels ------------------------------------------------------------------

  /** Whether the bot ignores commands in this guild (admins and members who can manage the server pass). */
  async guildIgnored(guildId: string): Promise<boolean> {
    return this.derived(`ignored:guild:${guildId}`, async () => (await this.conf().guildFromId(guildId).getAttr('ignored')()) === true);
  }

  /** Whether this channel (or thread, or category) is ignored. */
  async channelIgnored(channelId: string): Promise<boolean> {
    return this.derived(`ignored:channel:${channelId}`, async () => (await this.conf().channel(channelId).getAttr('ignored')()) === true);
  }

  /** Ignores or stops ignoring a guild; returns false when it already was so. */
  async setGuildIgnored(guildId: string, ignored: boolean): Promise<boolean> {
    checkId(guildId);
    const value = this.conf().guildFromId(guildId).getAttr('ignored');
    if (((await value()) === true) === ignored) return false;
    await value.set(ignored);
    return true;
  }

  /** Ignores or stops ignoring a channel; returns false when it already was so. */
  async setChannelIgnored(channelId: string, ignored: boolean): Promise<boolean> {
    checkId(channelId);
    const value = this.conf().channel(channelId).getAttr('ignored');
    if (((await value()) === true) === ignored) return false;
    await value.set(ignored);
    return true;
  }

  // ---- disabled commands and cogs -------------------------------------------------------------------

  /** Disables a command (and its subcommands) in a scope; false when it already was. */
  async disableCommand(path: string | readonly string[], scope: AccessScope): Promise<boolean> {
    const key = pathKey(path);
    return this.editList(scope, 'disabledCommands', (list) => (list.includes(key) ? list : [...list, key]));
  }

  /** Enables a command again in a scope; false when it was not disabled there. */
  async enableCommand(path: string | readonly string[], scope: AccessScope): Promise<boolean> {
    const key = pathKey(path);
    return this.editList(scope, 'disabledCommands', (list) => list.filter((k) => k !== key));
  }

  /** The disabled command paths of a scope, sorted. */
  async disabledCommands(scope: AccessScope): Promise<string[]> {
    return ids(await this.group(scope).getAttr('disabledCommands')(), false).sort();
  }

  /**
   * Whether the command (or a group above it) is disabled bot-wide or in the guild, as stored: the
   * authority when several processes share the storage (each also mirrors its own changes into the
   * dispatcher's in-memory set at once).
   */
  async commandDisabled(path: readonly string[], guildId: string | null): Promise<boolean> {
    const keys = path.map((_, i) => pathKey(path.slice(0, i + 1)));
    const disabledIn = (scope: AccessScope) => this.derived(`disabledCommands:${scopeKey(scope)}`, async () => ids(await this.group(scope).getAttr('disabledCommands')(), false));
    const global = await disabledIn({ global: true });
    if (keys.some((k) => global.includes(k))) return true;
    if (guildId === null) return false;
    const local = await disabledIn({ guild: guildId });
    return keys.some((k) => local.includes(k));
  }

  /** Disables a whole cog in a scope; false when it already was. */
  async disableCog(cog: string, scope: AccessScope): Promise<boolean> {
    const name = cog.toLowerCase();
    return this.editList(scope, 'disabledCogs', (list) => (list.includes(name) ? list : [...list, name]));
  }

  /** Enables a cog again in a scope; false when it was not disabled there. */
  async enableCog(cog: string, scope: AccessScope): Promise<boolean> {
    const name = cog.toLowerCase();
    return this.editList(scope, 'disabledCogs', (list) => list.filter((c) => c !== name));
  }

  /** The disabled cogs of a scope, sorted. */
  async disabledCogs(scope: AccessScope): Promise<string[]> {
    return [...(await this.derived(`disabledCogs:${scopeKey(scope)}`, async () => ids(await this.group(scope).getAttr('disabledCogs')(), false).sort()))];
  }

  /** Whether a cog is disabled bot-wide or in the guild (null: a DM, only the bot-wide setting counts). */
  async cogDisabled(cog: string, guildId: string | null): Promise<boolean> {
    const name = cog.toLowerCase();
    if ((await this.disabledCogs({ global: true })).includes(name)) return true;
    return guildId !== null && (await this.disabledCogs({ guild: guildId })).includes(name);
  }

  // ---- internals ------------------------------------------------------------------------------------

  /**
   * A setting as last read, reused until the core namespace changes (every command reads these; see
   * DerivedCache). The value is frozen: callers get copies of lists.
   */
  private derived<T>(key: string, compute: () => Promise<T>): Promise<T> {
    return this.memo.get(key, async () => deepFreeze(await compute())) as Promise<T>;
  }

  private conf(): Config {
    const config = this.config();
    // The bot hands out a new core Config after a restart (new driver), so register on each new one.
    if (this.registered !== config) {
      config.registerGlobal({ allowlist: [], blocklist: [], disabledCommands: [], disabledCogs: [] });
      config.registerGuild({ localAllowlist: [], localBlocklist: [], ignored: false, disabledCommands: [], disabledCogs: [] });
      config.registerChannel({ ignored: false });
      this.registered = config;
    }
    return config;
  }

  private group(scope: AccessScope) {
    if ('global' in scope) return this.conf().global;
    checkId(scope.guild);
    return this.conf().guildFromId(scope.guild);
  }

  private async editList(scope: AccessScope, field: string, edit: (list: string[]) => string[]): Promise<boolean> {
    let changed = false;
    await this.group(scope).getAttr(field).update((stored: unknown) => {
      const before = ids(stored, false);
      const after = edit(before);
      changed = after.length !== before.length;
      return after;
    });
    return changed;
  }
}

function scopeKey(scope: AccessScope): string {
  return 'global' in scope ? 'global' : scope.guild;
}

function fieldOf(kind: AccessListKind, scope: AccessScope): string {
  return 'global' in scope ? GLOBAL_FIELD[kind] : LOCAL_FIELD[kind];
}

function ids(stored: unknown, snowflakes = true): string[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter((id): id is string => typeof id === 'string' && (!snowflakes || SNOWFLAKE.test(id)));
}

function checkId(id: string): void {
  if (typeof id !== 'string' || !SNOWFLAKE.test(id)) throw new TypeError(`Expected a Discord id (digits), got ${JSON.stringify(id)}`);
}
