import { Client } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createCogConfig, releaseCogConfig } from '../../runtime/cogs/cog-config.js';
import { CogLoadError, CogManager } from '../../runtime/cogs/cog-manager.js';
import type { CogRegistry } from '../../runtime/cogs/module.js';
import { ErrorLog } from '../../runtime/commands/error-log.js';
import { CommandIndex } from '../../runtime/commands/index-of-commands.js';
import { Config, MemoryDriver } from '../../runtime/config/index.js';
import { createLogger, type LogRecord } from '../../runtime/logging.js';
import { demoImplementation, demoRegistry, demoSpec, type DemoJournal } from './fixtures/demo-cog.js';

const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.destroy();
  for (const config of Config.instances()) Config.release(config);
});

function setup(registry: CogRegistry) {
  // A real discord.js client, never logged in: the manager only attaches listeners to it.
  const client = new Client({ intents: [] });
  clients.push(client);
  const records: LogRecord[] = [];
  const index = new CommandIndex();
  const errorLog = new ErrorLog(10);
  const driver = new MemoryDriver();
  const manager = new CogManager({
    registry,
    client,
    index,
    errorLog,
    logger: createLogger('test', { sink: (r) => records.push(r), level: 'debug' }),
    configFor: (spec) => createCogConfig(spec, driver),
    releaseConfig: releaseCogConfig,
  });
  return { client, records, index, errorLog, manager };
}

describe('CogManager', () => {
  it('GIVEN a cog WHEN loaded and unloaded THEN setup, onLoad, onUnload run in order and commands come and go', async () => {
    const journal: DemoJournal = { events: [], kinds: [] };
    const { manager, index } = setup(demoRegistry(journal));
    const cog = await manager.load('demo');
    expect(journal.events).toEqual(['setup', 'onLoad']);
    expect(index.findSlash(['ping'])?.cog).toBe('demo');
    expect(manager.names()).toEqual(['demo']);
    expect(manager.slashCommands().map((c) => c.name)).toContain('ping');
    // The handle's config is the cog's Config with the manifest defaults registered.
    expect(cog.handle.config).toBeInstanceOf(Config);
    expect(await (cog.handle.config as any).global.greeting()).toBe('hello');
    await manager.unload('demo');
    expect(journal.events).toEqual(['setup', 'onLoad', 'onUnload']);
    expect(index.findSlash(['ping'])).toBeUndefined();
    expect(manager.slashCommands()).toEqual([]);
  });

  it('a listener receives its event, stops after unload, and its errors are recorded, never thrown', async () => {
    const journal: DemoJournal = { events: [], kinds: [] };
    const { manager, client, errorLog, records } = setup(demoRegistry(journal));
    await manager.load('demo');
    client.emit('guildMemberAdd', { user: { username: 'alice' } } as never);
    expect(journal.events).toContain('join:alice');
    // A malformed event makes the listener throw: logged with an id, nothing escapes.
    expect(() => client.emit('guildMemberAdd', {} as never)).not.toThrow();
    expect(errorLog.recent()).toHaveLength(1);
    const id = errorLog.recent()[0]!.id;
    expect(records.some((r) => r.level === 'error' && r.message.includes(id))).toBe(true);
    await manager.unload('demo');
    client.emit('guildMemberAdd', { user: { username: 'bob' } } as never);
    expect(journal.events).not.toContain('join:bob');
  });

  it('an unknown cog is an error listing the known ones', async () => {
    const { manager } = setup(demoRegistry());
    await expect(manager.load('nope')).rejects.toThrow('No cog named "nope" in the registry (known: demo).');
  });

  it('loading twice is refused', async () => {
    const { manager } = setup(demoRegistry());
    await manager.load('demo');
    await expect(manager.load('demo')).rejects.toThrow('Cog "demo" is already loaded.');
  });

  it('a missing handler is named, and nothing of the cog is registered', async () => {
    const journal: DemoJournal = { events: [], kinds: [] };
    const impl = demoImplementation(journal);
    delete (impl.commands as Record<string, unknown>).boom;
    const { manager, index } = setup({ demo: { spec: demoSpec(), load: async () => ({ default: impl }) } });
    await expect(manager.load('demo')).rejects.toThrow('the handler "boom" for command `boom` is missing from its handlers.');
    expect(journal.events).toEqual([]);
    expect(index.findSlash(['ping'])).toBeUndefined();
  });

  it('GIVEN onLoad fails THEN the cog is rolled back: no commands, no listeners, onUnload ran', async () => {
    const journal: DemoJournal = { events: [], kinds: [] };
    const impl = demoImplementation(journal);
    impl.onLoad = () => {
      throw new Error('no database');
    };
    const { manager, index, client } = setup({ demo: { spec: demoSpec(), load: async () => ({ default: impl }) } });
    const error = await manager.load('demo').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CogLoadError);
    expect((error as Error).message).toBe('Cog "demo": onLoad failed: no database');
    expect(journal.events).toEqual(['setup', 'onUnload']);
    expect(index.findSlash(['ping'])).toBeUndefined();
    expect(client.listenerCount('guildMemberAdd')).toBe(0);
    expect(manager.has('demo')).toBe(false);
  });

  it('a cog whose command names clash with a loaded cog is refused and its setup is undone', async () => {
    const journal: DemoJournal = { events: [], kinds: [] };
    const registry = { ...demoRegistry(undefined, 'demo'), ...demoRegistry(journal, 'copy') };
    const { manager } = setup(registry);
    await manager.load('demo');
    await expect(manager.load('copy')).rejects.toThrow('already used by cog demo');
    expect(journal.events).toEqual(['setup', 'onUnload']);
  });

  it('a handlers module that fails to import is reported with the cog name', async () => {
    const { manager } = setup({ demo: { spec: demoSpec(), load: async () => { throw new SyntaxError('Unexpected token'); } } });
    await expect(manager.load('demo')).rejects.toThrow('Cog "demo": importing its handlers failed: Unexpected token');
  });
});
