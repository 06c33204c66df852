/**
 * The cog lifecycle's contract (runtime/README.md "Cog lifecycle"): each phase that throws undoes the
 * earlier ones and the error names the cog and the phase; dependencies order loads and guard unloads; a
 * reload that fails at any phase leaves the old version exactly as it was. Driven through CogManager with a
 * real (never logged in) discord.js client, as tests/runtime/cog-manager.test.ts does.
 */
import { Client } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createCogConfig, releaseCogConfig, reregisterCogConfig } from '../../runtime/cogs/cog-config.js';
import { CogDependencyError, CogLoadError, CogManager } from '../../runtime/cogs/cog-manager.js';
import type { CogModuleHost } from '../../runtime/cogs/module-host.js';
import type { CogImplementation, CogRegistry } from '../../runtime/cogs/module.js';
import type { CogSpec } from '../../runtime/contract/spec.js';
import { ErrorLog } from '../../runtime/commands/error-log.js';
import { CommandIndex } from '../../runtime/commands/index-of-commands.js';
import { Config, MemoryDriver } from '../../runtime/config/index.js';
import { createLogger } from '../../runtime/logging.js';
import { command } from './fixtures/specs.js';

const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.destroy();
  for (const config of Config.instances()) Config.release(config);
});

type Impl = CogImplementation<Record<string, unknown>, Record<string, unknown>, unknown>;

function spec(name: string, extra: Partial<CogSpec> = {}): CogSpec {
  return {
    name,
    identifier: 7000 + name.length,
    description: `${name} cog`,
    dataStatement: 'Stores nothing.',
    source: `cogs/${name}/cog.yaml`,
    commands: [command(`${name}cmd`, { kind: 'text' })],
    listeners: [{ event: 'guildMemberAdd', handler: 'joined', once: false }],
    config: { global: { mark: name }, custom: {} },
    slashCommands: [],
    ...extra,
  };
}

function impl(journal: string[], name: string, overrides: Partial<Impl> = {}): Impl {
  return {
    commands: { [`${name}cmd`]: () => undefined },
    listeners: { joined: () => journal.push(`${name}:joined`) },
    setup: () => void journal.push(`${name}:setup`),
    onLoad: () => void journal.push(`${name}:onLoad`),
    onUnload: (_cog, info) => void journal.push(`${name}:onUnload:${info.reason}`),
    ...overrides,
  };
}

/** A registry the test can change, served by a host that "reads from disk" (returns the current one). */
function changingHost(initial: CogRegistry): CogModuleHost & { registry: CogRegistry } {
  const host = { kind: 'test', reloadsCode: true, registry: initial, refresh: async () => host.registry };
  return host;
}

function setup(registry: CogRegistry, modules?: CogModuleHost) {
  const client = new Client({ intents: [] });
  clients.push(client);
  const index = new CommandIndex();
  const driver = new MemoryDriver();
  const manager = new CogManager({
    registry,
    modules,
    client,
    index,
    errorLog: new ErrorLog(10),
    logger: createLogger('test', { sink: () => undefined }),
    configFor: (s) => createCogConfig(s, driver),
    releaseConfig: releaseCogConfig,
    reregisterConfig: reregisterCogConfig,
  });
  return { manager, index, client };
}

const entry = (s: CogSpec, i: Impl | (() => never)) => ({ spec: s, load: async () => ({ default: typeof i === 'function' ? (i as () => never)() : i }) });

describe('load: phases', () => {
  it.each([
    ['import', (j: string[]) => entry(spec('a'), () => { throw new SyntaxError('Unexpected token'); }), 'importing its handlers failed: Unexpected token', []],
    ['check', (j: string[]) => entry(spec('a'), impl(j, 'a', { commands: {} })), 'the handler "acmd" for command `acmd` is missing', []],
    ['setup', (j: string[]) => entry(spec('a'), impl(j, 'a', { setup: () => { throw new Error('no disk'); } })), 'setup failed: no disk', []],
    ['onLoad', (j: string[]) => entry(spec('a'), impl(j, 'a', { onLoad: () => { throw new Error('no db'); } })), 'onLoad failed: no db', ['a:setup', 'a:onUnload:unload']],
  ] as const)('GIVEN a cog that fails in %s THEN the error names the cog and the phase, and nothing of it stays attached', async (phase, make, message, journalAfter) => {
    const journal: string[] = [];
    const { manager, index, client } = setup({ a: make(journal) as never });
    const error = await manager.load('a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CogLoadError);
    expect(error).toMatchObject({ cog: 'a', phase, code: 'COG_LOAD' });
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toContain('"a"');
    expect(journal).toEqual(journalAfter);
    expect(manager.has('a')).toBe(false);
    expect(index.find(['acmd'])).toBeUndefined();
    expect(client.listenerCount('guildMemberAdd')).toBe(0);
  });

  it('GIVEN a cog whose command name is taken THEN the register phase fails and its setup is undone', async () => {
    const journal: string[] = [];
    const { manager } = setup({ a: entry(spec('a'), impl(journal, 'a')), b: entry(spec('b', { commands: [command('acmd', { kind: 'text' })] }), impl(journal, 'b', { commands: { acmd: () => undefined } })) });
    await manager.load('a');
    await expect(manager.load('b')).rejects.toMatchObject({ phase: 'register', message: expect.stringContaining('already used by cog a') });
    expect(journal).toEqual(['a:setup', 'a:onLoad', 'b:setup', 'b:onUnload:unload']);
  });

  it('GIVEN a cog unloaded and loaded again THEN it gets the same Config object, with its cache', async () => {
    const { manager } = setup({ a: entry(spec('a'), impl([], 'a')) });
    const first = (await manager.load('a')).handle.config;
    await manager.unload('a');
    const second = (await manager.load('a')).handle.config;
    expect(second).toBe(first);
  });
});

describe('dependencies', () => {
  const registry = (journal: string[]): CogRegistry => ({
    base: entry(spec('base'), impl(journal, 'base')),
    mid: entry(spec('mid', { dependsOn: ['base'] }), impl(journal, 'mid')),
    top: entry(spec('top', { dependsOn: ['mid'] }), impl(journal, 'top')),
  });

  it('GIVEN a cog that depends on others WHEN loaded THEN they load first, in order', async () => {
    const journal: string[] = [];
    const { manager } = setup(registry(journal));
    expect(manager.loadOrder(['top'])).toEqual(['base', 'mid', 'top']);
    await manager.load('top');
    expect(manager.names()).toEqual(['base', 'mid', 'top']);
    expect(journal.filter((e) => e.endsWith(':onLoad'))).toEqual(['base:onLoad', 'mid:onLoad', 'top:onLoad']);
  });

  it('GIVEN loaded dependents WHEN their dependency is unloaded THEN it is refused with their names; with cascade they go first', async () => {
    const journal: string[] = [];
    const { manager } = setup(registry(journal));
    await manager.load('top');
    const error = await manager.unload('base').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CogDependencyError);
    expect(error).toMatchObject({ code: 'COG_DEPENDENCY', dependents: ['mid', 'top'] });
    expect((error as Error).message).toBe('Cog "base" cannot be unloaded: mid, top depend on it. Unload them first, or unload with cascade.');
    expect(manager.names()).toEqual(['base', 'mid', 'top']);
    expect(await manager.unload('base', { cascade: true })).toEqual(['top', 'mid', 'base']);
    expect(journal.filter((e) => e.includes(':onUnload'))).toEqual(['top:onUnload:unload', 'mid:onUnload:unload', 'base:onUnload:unload']);
  });

  it('GIVEN a dependency circle or an unknown dependency THEN loading says so', async () => {
    const { manager } = setup({
      x: entry(spec('x', { dependsOn: ['y'] }), impl([], 'x')),
      y: entry(spec('y', { dependsOn: ['x'] }), impl([], 'y')),
      z: entry(spec('z', { dependsOn: ['ghost'] }), impl([], 'z')),
    });
    await expect(manager.load('x')).rejects.toThrow('Cogs depend on each other in a circle: x → y → x.');
    await expect(manager.load('z')).rejects.toThrow('Cog "z" depends on "ghost", which is not in the registry.');
    expect(manager.names()).toEqual([]);
  });

  it('GIVEN the bot stops THEN every cog unloads, dependents before what they depend on', async () => {
    const journal: string[] = [];
    const { manager } = setup(registry(journal));
    await manager.load('top');
    await manager.unloadAll();
    expect(journal.filter((e) => e.includes(':onUnload'))).toEqual(['top:onUnload:stop', 'mid:onUnload:stop', 'base:onUnload:stop']);
  });
});

describe('reload', () => {
  it('GIVEN a new version WHEN reloaded THEN it is swapped in, the old one is told it was replaced, and Config keeps its object with new defaults', async () => {
    const journal: string[] = [];
    const host = changingHost({ a: entry(spec('a'), impl(journal, 'a')) });
    const { manager, index, client } = setup(host.registry, host);
    const old = await manager.load('a');
    host.registry = { a: entry(spec('a', { config: { global: { mark: 'new', added: 1 }, custom: {} }, commands: [command('fresh', { kind: 'text' })] }), impl(journal, 'a', { commands: { fresh: () => undefined } })) };
    const outcome = await manager.reload('a');
    expect(outcome.previous).toBe(old);
    expect(outcome.cog.version).toBe(2);
    expect(outcome.cog.handle.config).toBe(old.handle.config);
    expect(await (outcome.cog.handle.config as Config).global.all()).toEqual({ mark: 'new', added: 1 });
    expect(index.find(['acmd'])).toBeUndefined();
    expect(index.find(['fresh'])?.cog).toBe('a');
    expect(client.listenerCount('guildMemberAdd')).toBe(1);
    expect(journal).toEqual(['a:setup', 'a:onLoad', 'a:setup', 'a:onLoad', 'a:onUnload:reload']);
    expect(old.handle.signal.aborted).toBe(true);
    expect(outcome.cog.handle.signal.aborted).toBe(false);
  });

  it.each([
    ['import', (j: string[]) => entry(spec('a'), () => { throw new SyntaxError('Unexpected token'); })],
    ['check', (j: string[]) => entry(spec('a'), impl(j, 'b', {}))],
    ['setup', (j: string[]) => entry(spec('a', { config: { global: { mark: 'broken' }, custom: {} } }), impl(j, 'a', { setup: () => { throw new Error('no disk'); } }))],
    ['swap', (j: string[]) => entry(spec('a', { commands: [command('othercmd', { kind: 'text' })] }), impl(j, 'a', { commands: { othercmd: () => undefined } }))],
    ['onLoad', (j: string[]) => entry(spec('a', { config: { global: { mark: 'broken' }, custom: {} } }), impl(j, 'a', { onLoad: () => { throw new Error('no db'); } }))],
  ] as const)('GIVEN a new version that fails in %s WHEN reloaded THEN the old version keeps running as it was', async (phase, make) => {
    const journal: string[] = [];
    const host = changingHost({
      a: entry(spec('a'), impl(journal, 'a', { onLoad: (cog) => void cog.commands.add({ name: 'alias1', handler: () => undefined }) })),
      other: entry(spec('other'), impl([], 'other')),
    });
    const { manager, index, client } = setup(host.registry, host);
    await manager.load('other');
    const old = await manager.load('a');
    host.registry = { ...host.registry, a: make(journal) as never };
    const error = await manager.reload('a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CogLoadError);
    expect(error).toMatchObject({ cog: 'a', phase });
    expect(manager.get('a')).toBe(old);
    expect(index.find(['acmd'])?.cog).toBe('a');
    expect(index.find(['alias1'])?.cog).toBe('a');
    expect(index.find(['othercmd'])?.cog).toBe('other');
    expect(client.listenerCount('guildMemberAdd')).toBe(2);
    expect(await (old.handle.config as Config).global.all()).toEqual({ mark: 'a' });
    expect(old.handle.signal.aborted).toBe(false);
    expect(journal).not.toContain('a:onUnload:reload');
    client.emit('guildMemberAdd', {} as never);
    expect(journal.filter((e) => e === 'a:joined')).toHaveLength(1);
  });

  it('GIVEN run-time commands WHEN the new version adds some again THEN those are taken over, and the others go once it is loaded', async () => {
    const add = (names: string[]) => impl([], 'a', { onLoad: (cog) => names.forEach((name) => cog.commands.add({ name, handler: () => undefined })) });
    const host = changingHost({ a: entry(spec('a'), add(['keep', 'drop'])) });
    const { manager, index } = setup(host.registry, host);
    await manager.load('a');
    const oldKeep = index.find(['keep'])!;
    host.registry = { a: entry(spec('a'), add(['keep', 'new'])) };
    const { cog } = await manager.reload('a');
    expect(index.find(['keep'])?.handlers).not.toBe(oldKeep.handlers);
    expect(index.find(['drop'])).toBeUndefined();
    expect(index.find(['new'])?.cog).toBe('a');
    expect(cog.handle.commands.names()).toEqual(['keep', 'new']);
    await manager.unload('a');
    expect(index.find(['keep'])).toBeUndefined();
    expect(index.find(['new'])).toBeUndefined();
  });

  it('GIVEN a taken run-time command name WHEN a cog adds it THEN it is refused with the owner of the name', async () => {
    const { manager } = setup({ a: entry(spec('a'), impl([], 'a')) });
    const cog = await manager.load('a');
    expect(() => cog.handle.commands.add({ name: 'acmd', handler: () => undefined })).toThrow('the text command name `acmd` is already used by cog a');
    expect(() => cog.handle.commands.add({ name: 'Bad Name', handler: () => undefined })).toThrow('the name must be 1 to 32 lowercase letters');
  });
});
