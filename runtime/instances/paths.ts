/**
 * Where instances live, per user (as Red-DiscordBot keeps its instances):
 *
 * | what | Linux (and any system with the variable set) | macOS | Windows |
 * |---|---|---|---|
 * | settings (`instances/<name>.json`, `instances/<name>.secrets.json`) | `$XDG_CONFIG_HOME/cogsmith`, else `~/.config/cogsmith` | `~/Library/Application Support/cogsmith` | `%APPDATA%\cogsmith` |
 * | data (`<name>/` and the shared `cogs/`) | `$XDG_DATA_HOME/cogsmith`, else `~/.local/share/cogsmith` | `~/Library/Application Support/cogsmith/data` | `%LOCALAPPDATA%\cogsmith` |
 *
 * Decision: XDG_CONFIG_HOME / XDG_DATA_HOME are honoured on every system when set (that is how the tests,
 * and anyone who wants instances elsewhere, move them); without them each system's usual place is used.
 *
 * An instance's data folder (`<data>/<name>/` unless setup was given another) holds `data/` (the Config
 * storage: the json driver's files, or `data/pglite/` for embedded PostgreSQL), `logs/` (the rotated log
 * file) and `cogs/` (the instance's own cogs); `<data>/cogs/` is shared by every instance.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = Record<string, string | undefined>;

const set = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

/** The folder of instance settings. */
export function configHome(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  const xdg = set(env.XDG_CONFIG_HOME);
  if (xdg) return join(xdg, 'cogsmith');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'cogsmith');
  if (platform === 'win32') return join(set(env.APPDATA) ?? join(homedir(), 'AppData', 'Roaming'), 'cogsmith');
  return join(homedir(), '.config', 'cogsmith');
}

/** The folder under which each instance gets its data folder by default, and the shared cogs folder. */
export function dataHome(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  const xdg = set(env.XDG_DATA_HOME);
  if (xdg) return join(xdg, 'cogsmith');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'cogsmith', 'data');
  if (platform === 'win32') return join(set(env.LOCALAPPDATA) ?? join(homedir(), 'AppData', 'Local'), 'cogsmith');
  return join(homedir(), '.local', 'share', 'cogsmith');
}

/** The folders inside an instance's data folder. */
export function instanceFolders(dataPath: string): { storage: string; logs: string; cogs: string } {
  return { storage: join(dataPath, 'data'), logs: join(dataPath, 'logs'), cogs: join(dataPath, 'cogs') };
}
