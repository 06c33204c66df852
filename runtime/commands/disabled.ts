/**
 * Commands turned off by bot code for the life of the process, everywhere or in one guild
 * (`bot.commands.disable`). What admins disable is stored in Config instead (permissions/access-settings.ts).
 * The dispatcher and help consult both. Disabling a group disables everything under it.
 */

const GLOBAL = '*';

/** Normalizes `'settings prefix'` or `['settings', 'prefix']` to the lowercase key `settings prefix`. */
export function pathKey(path: string | readonly string[]): string {
  const words = (typeof path === 'string' ? path.trim().split(/\s+/) : [...path]).map((w) => w.toLowerCase()).filter((w) => w.length > 0);
  if (words.length === 0) throw new TypeError('A command path needs at least one name.');
  return words.join(' ');
}

export interface DisableOptions {
  /** Only in this guild; everywhere when absent. */
  guildId?: string;
}

export class DisabledCommands {
  /** scope (`*` or a guild id) → disabled path keys. */
  private readonly byScope = new Map<string, Set<string>>();

  /** Turns `path` off (everywhere, or in `guildId`). */
  disable(path: string | readonly string[], options: DisableOptions = {}): void {
    const scope = options.guildId ?? GLOBAL;
    let set = this.byScope.get(scope);
    if (!set) this.byScope.set(scope, (set = new Set()));
    set.add(pathKey(path));
  }

  /** Turns `path` back on in that scope; returns false when it was not disabled there. */
  enable(path: string | readonly string[], options: DisableOptions = {}): boolean {
    const scope = options.guildId ?? GLOBAL;
    const set = this.byScope.get(scope);
    const removed = set?.delete(pathKey(path)) ?? false;
    if (set && set.size === 0) this.byScope.delete(scope);
    return removed;
  }

  /** True when `path` or a group above it is disabled everywhere or in `guildId`. */
  isDisabled(path: readonly string[], guildId?: string | null): boolean {
    const scopes = [this.byScope.get(GLOBAL), guildId ? this.byScope.get(guildId) : undefined].filter((s) => s !== undefined);
    if (scopes.length === 0) return false;
    const words = path.map((w) => w.toLowerCase());
    for (let n = 1; n <= words.length; n++) {
      const key = words.slice(0, n).join(' ');
      if (scopes.some((s) => s.has(key))) return true;
    }
    return false;
  }

  /** The disabled paths of one scope (`undefined`: the global ones). */
  list(guildId?: string): string[] {
    return [...(this.byScope.get(guildId ?? GLOBAL) ?? [])].sort();
  }
}
