/**
 * Instances in code: where they live (the XDG variables when set, on any system; else each system's usual
 * place), Red's name rule, and the InstanceConfig an instance runs with (the environment on top).
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configHome, dataHome, instanceFolders } from '../../runtime/instances/paths.js';
import { instanceConfigOf, InstanceSettingsError, validateInstanceName, type InstanceSettings } from '../../runtime/instances/store.js';

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

describe('the InstanceConfig of an instance', () => {
  const settings: InstanceSettings = { name: 'demo', dataPath: '/d/demo', backend: 'postgres', prefixes: ['?'], owners: ['123456789012345678'], cogs: ['core'], createdAt: '2026-01-01T00:00:00.000Z' };
  const stored = { token: 'stored.token.value', postgresUrl: 'postgres://bot:stored@db/one' };

  it('GIVEN stored secrets and no environment THEN it runs with them, its data and log file in its folder', () => {
    const config = instanceConfigOf(settings, stored, {}, '/c/demo.json');
    expect(config).toMatchObject({ prefixes: ['?'], owners: ['123456789012345678'], cogs: ['core'], source: '/c/demo.json' });
    expect(config.discord.token).toBe('stored.token.value');
    expect(config.storage).toEqual({ driver: 'postgres', path: join('/d/demo', 'data'), url: 'postgres://bot:stored@db/one' });
    expect(config.logging).toEqual({ file: { path: join('/d/demo', 'logs', 'cogsmith.log') } });
  });

  it('GIVEN stored metrics and logging settings THEN the InstanceConfig serves metrics there and logs at that level, the log file in the instance folder', () => {
    const config = instanceConfigOf({ ...settings, metrics: { port: 9464, host: '0.0.0.0' }, logging: { level: 'warn', file: { keep: 3 } } }, stored, {}, '/c/demo.json');
    expect(config.metrics).toEqual({ port: 9464, host: '0.0.0.0' });
    expect(config.logging).toEqual({ level: 'warn', file: { keep: 3, path: join('/d/demo', 'logs', 'cogsmith.log') } });
    expect(() => instanceConfigOf({ ...settings, metrics: { port: 70000 } }, stored, {}, '/c/demo.json')).toThrow(/metrics\.port|65535/);
  });

  it('GIVEN DISCORD_TOKEN, COGSMITH_DISCORD_API and COGSMITH_POSTGRES_URL THEN they win over what is stored', () => {
    const env = { DISCORD_TOKEN: 'env.token.value', COGSMITH_DISCORD_API: 'http://127.0.0.1:5555/api/', COGSMITH_POSTGRES_URL: 'postgres://bot:env@db/two' };
    const config = instanceConfigOf(settings, stored, env, '/c/demo.json');
    expect(config.discord.token).toBe('env.token.value');
    expect(config.discord.api).toBe('http://127.0.0.1:5555/api');
    expect(config.storage.url).toBe('postgres://bot:env@db/two');
  });
});
