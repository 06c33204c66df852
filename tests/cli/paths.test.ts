/** Where instances live: the XDG variables when set (any system), else each system's usual place. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configHome, dataHome, instanceFolders } from '../../runtime/instances/paths.js';
import { InstanceSettingsError, validateInstanceName } from '../../runtime/instances/store.js';

describe('instance folders', () => {
  it('GIVEN XDG_CONFIG_HOME / XDG_DATA_HOME THEN they are used, on every system', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(configHome({ XDG_CONFIG_HOME: '/x/conf' }, platform)).toBe(join('/x/conf', 'cogsmith'));
      expect(dataHome({ XDG_DATA_HOME: '/x/data' }, platform)).toBe(join('/x/data', 'cogsmith'));
    }
  });

  it("GIVEN no XDG variables THEN Linux uses ~/.config and ~/.local/share, macOS Application Support, Windows APPDATA and LOCALAPPDATA", () => {
    expect(configHome({}, 'linux')).toBe(join(homedir(), '.config', 'cogsmith'));
    expect(dataHome({ XDG_DATA_HOME: '  ' }, 'linux')).toBe(join(homedir(), '.local', 'share', 'cogsmith'));
    expect(configHome({}, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'cogsmith'));
    expect(dataHome({}, 'darwin')).toBe(join(homedir(), 'Library', 'Application Support', 'cogsmith', 'data'));
    expect(configHome({ APPDATA: 'C:/Users/u/AppData/Roaming' }, 'win32')).toBe(join('C:/Users/u/AppData/Roaming', 'cogsmith'));
    expect(dataHome({ LOCALAPPDATA: 'C:/Users/u/AppData/Local' }, 'win32')).toBe(join('C:/Users/u/AppData/Local', 'cogsmith'));
    expect(instanceFolders('/d/demo')).toEqual({ storage: join('/d/demo', 'data'), logs: join('/d/demo', 'logs'), cogs: join('/d/demo', 'cogs') });
  });

  it("GIVEN instance names THEN Red's rule holds: A-z, digits, _ and -, not empty", () => {
    for (const good of ['demo', 'My_Bot-2', 'a', 'x'.repeat(64)]) expect(validateInstanceName(good)).toBe(good);
    for (const bad of ['', 'my bot', 'a/b', '..', 'ünï', 'x'.repeat(65)]) expect(() => validateInstanceName(bad)).toThrow(InstanceSettingsError);
    expect(() => validateInstanceName('')).toThrow('invalid instance name "": it is empty');
    expect(() => validateInstanceName('x'.repeat(65))).toThrow('it is longer than 64 characters');
  });
});
