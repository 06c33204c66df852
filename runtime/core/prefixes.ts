/**
 * Command prefixes kept in Config under the core namespace: a global list (the owner's `set prefix`; until it
 * is set, the instance's `prefixes`) and per guild a list (`set serverprefix`) that replaces the global one
 * in that guild. The dispatcher asks for every message, so each answer is reused until the core namespace
 * changes — here, or in another process sharing the database (DerivedCache: its invalidations count too).
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';
import { Config } from '../config/base.js';
import { DerivedCache, deepFreeze } from '../config/derived.js';
import type { ConfigDriver } from '../drivers/types.js';
import { CORE_NAMESPACE } from '../context/core-settings.js';

/** Longest prefix accepted (Red's limit for server prefixes). */
export const MAX_PREFIX_LENGTH = 25;
/** Most prefixes per scope. */
export const MAX_PREFIXES = 10;

/** A prefix that cannot be used; the message says which and why. */
export class PrefixError extends CogsmithError {
  static override readonly code: ErrorCode = 'PREFIX';
}

/** Checks prefixes: 1–25 characters, no `/` (slash commands own it), no leading space, no duplicates; throws PrefixError. */
export function validatePrefixes(prefixes: readonly string[]): string[] {
  if (prefixes.length === 0) throw new PrefixError('Give at least one prefix.');
  if (prefixes.length > MAX_PREFIXES) throw new PrefixError(`At most ${MAX_PREFIXES} prefixes, got ${prefixes.length}.`);
  const seen = new Set<string>();
  for (const prefix of prefixes) {
    const shown = `\`${prefix.slice(0, 30).replace(/`/g, "'")}\``;
    if (prefix.length < 1 || prefix.length > MAX_PREFIX_LENGTH) throw new PrefixError(`The prefix ${shown} must be 1 to ${MAX_PREFIX_LENGTH} characters long.`);
    if (prefix.startsWith('/')) throw new PrefixError(`The prefix ${shown} cannot start with \`/\`: Discord uses it for slash commands.`);
    if (/^\s/.test(prefix)) throw new PrefixError(`The prefix ${shown} cannot start with a space.`);
    if (seen.has(prefix)) throw new PrefixError(`The prefix ${shown} is given twice.`);
    seen.add(prefix);
  }
  // Longest first, so `!!` is tried before `!` (the matcher sorts too; stored sorted, shown sorted).
  return [...prefixes].sort((a, b) => b.length - a.length);
}

export class PrefixStore {
  private readonly config: Config;
  private readonly memo: DerivedCache<readonly string[]>;

  /** `defaults` are the instance's prefixes, used until the owner sets global ones. */
  constructor(driver: ConfigDriver, private readonly defaults: readonly string[]) {
    this.config = Config.getConf({ ...CORE_NAMESPACE, driver });
    this.config.registerGlobal({ prefixes: null });
    this.config.registerGuild({ prefixes: null });
    this.memo = new DerivedCache(() => this.config);
  }

  /** The prefixes that apply in a guild (its own, else the global ones), or in DMs (null). */
  async forGuild(guildId: string | null): Promise<readonly string[]> {
    if (guildId) {
      const own = await this.guildPrefixes(guildId);
      if (own.length > 0) return own;
    }
    return this.globalPrefixes();
  }

  /** The global prefixes (the instance's until set). */
  async globalPrefixes(): Promise<readonly string[]> {
    return this.memo.get('global', async () => {
      const stored = (await this.config.global.getAttr('prefixes')()) as string[] | null;
      return deepFreeze(stored && stored.length > 0 ? stored : [...this.defaults]);
    });
  }

  /** The guild's own prefixes; empty when it uses the global ones. */
  async guildPrefixes(guildId: string): Promise<readonly string[]> {
    return this.memo.get(guildId, async () => deepFreeze(((await this.config.guildFromId(guildId).getAttr('prefixes')()) as string[] | null) ?? []));
  }

  /** Sets the global prefixes (validated); returns them longest first. */
  async setGlobal(prefixes: readonly string[]): Promise<string[]> {
    const valid = validatePrefixes(prefixes);
    await this.config.global.getAttr('prefixes').set(valid);
    return valid;
  }

  /** Sets a guild's prefixes (validated), or with an empty list goes back to the global ones. */
  async setGuild(guildId: string, prefixes: readonly string[]): Promise<string[]> {
    const valid = prefixes.length === 0 ? [] : validatePrefixes(prefixes);
    await this.config.guildFromId(guildId).getAttr('prefixes').set(valid.length === 0 ? null : valid);
    return valid;
  }
}
