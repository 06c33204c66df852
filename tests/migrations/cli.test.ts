/**
 * `npm run migrations -- status | run [--dry-run]` on a temporary project folder (its own bot.config.yaml
 * with json storage in a temp data folder): in process over a registry with hand-written migrations, and
 * the real entry as a child process (usage errors exit 2; it opens the storage npm start would).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMigrationsCli } from '../../runtime/cli/migrations.js';
import type { CogRegistry } from '../../runtime/cogs/module.js';
import { JsonDriver } from '../../runtime/config/index.js';
import type { Migration } from '../../runtime/contract/migrations.js';
import { demoRegistry } from '../runtime/fixtures/demo-cog.js';
import { migration } from './fixtures/migration.js';

const ROOT = resolve(import.meta.dirname, '../..');
const folders: string[] = [];
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

const demo = { cogName: 'demo', identifier: '424242' };
const rename = migration({ number: 1, name: 'rename-count', steps: [{ kind: 'move', target: { scope: 'member' }, from: ['count'], to: ['points'] }] });
const defaults = migration({ number: 2, name: 'new-greeting', steps: [{ kind: 'rewriteDefault', target: { scope: 'global' }, path: ['greeting'], from: 'hello', to: 'hi' }] });

/** A project folder: bot.config.yaml with json storage in ./data, seeded with v0 data of the demo cog. */
async function project(): Promise<{ dir: string; data: string; config: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cogsmith-migrations-cli-'));
  folders.push(dir);
  const config = join(dir, 'bot.config.yaml');
  writeFileSync(config, 'storage:\n  driver: json\n  path: data\n');
  const driver = new JsonDriver({ path: join(dir, 'data') });
  await driver.set(demo, { scope: 'GLOBAL', keyCount: 0, primaryKeys: [], path: [] }, { greeting: 'hello' });
  for (const user of ['1', '2', '3']) await driver.set(demo, { scope: 'MEMBER', keyCount: 2, primaryKeys: ['9', user], path: [] }, { count: Number(user) });
  await driver.close();
  return { dir, data: join(dir, 'data'), config };
}

function registryWith(migrations: Migration[]): CogRegistry {
  const registry = demoRegistry();
  return { demo: { ...registry.demo!, migrations: async () => ({ migrations }) } };
}

async function cli(argv: string[], registry: CogRegistry): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runMigrationsCli(argv, async () => registry, { out: (l) => out.push(l), err: (l) => err.push(l) }, {});
  return { code, out: out.join('\n'), err: err.join('\n') };
}

// The folder lock's own files (dot files) change with every open; the data files must not.
const files = (dir: string) => readdirSync(dir).filter((n) => !n.startsWith('.')).sort().map((n) => [n, readFileSync(join(dir, n), 'base64')]);
const stored = (dir: string) => JSON.parse(readFileSync(join(dir, 'demo.424242.json'), 'utf8')).data;

describe('npm run migrations', () => {
  it('GIVEN pending migrations WHEN status, run --dry-run, run THEN status lists them, the dry run prints each step with its documents and writes nothing, run applies them once', async () => {
    const p = await project();
    const registry = registryWith([rename, defaults]);
    const status = await cli(['status', '--config', p.config], registry);
    expect(status).toMatchObject({ code: 0, err: '' });
    expect(status.out).toContain(`Storage: json (${p.data})`);
    expect(status.out).toContain('demo: schema version 0, 0 applied migrations, 2 pending\n  pending  0001_rename-count\n  pending  0002_new-greeting');

    const before = files(p.data);
    const dry = await cli(['run', '--dry-run', '--config', p.config], registry);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain([
      'demo: would apply 2 migrations (schema version 0 → 2)',
      '  0001_rename-count',
      '    move member count → points: 3 documents',
      '  0002_new-greeting',
      '    rewrite global greeting "hello" → "hi" (old default): 1 document',
      'Dry run: nothing was written.',
    ].join('\n'));
    expect(files(p.data)).toEqual(before);

    const run = await cli(['run', '--config', p.config], registry);
    expect(run.code).toBe(0);
    expect(run.out).toContain('demo: applied 2 migrations (schema version 0 → 2)');
    expect(stored(p.data).MEMBER).toEqual({ 9: { 1: { points: 1 }, 2: { points: 2 }, 3: { points: 3 } } });
    expect(stored(p.data).GLOBAL).toEqual({ greeting: 'hi' });

    const after = await cli(['status', '--config', p.config], registry);
    expect(after.out).toMatch(/demo: schema version 2, 2 applied migrations, 0 pending\n {2}applied {2}0001_rename-count {2}\d{4}-\d\d-\d\dT[\d:.]+Z\n {2}applied {2}0002_new-greeting/);
    const applied = files(p.data);
    expect((await cli(['run', '--config', p.config], registry)).out).toContain('demo: up to date (schema version 2)');
    expect(files(p.data)).toEqual(applied);
  });

  it('GIVEN a failing migration or edited history WHEN run THEN it exits 1 with the migration and cause, and the files are unchanged', async () => {
    const p = await project();
    const failing = migration({ number: 2, name: 'split', steps: [{ kind: 'up', reason: 'split' }], up() { throw new Error('cannot split "hello"'); } });
    const before = files(p.data);
    const run = await cli(['run', '--config', p.config], registryWith([rename, failing]));
    expect(run.code).toBe(1);
    expect(run.err).toContain('Cog "demo": migration 0002_split failed: cannot split "hello". Nothing was written');
    expect(files(p.data)).toEqual(before);

    expect((await cli(['run', '--config', p.config], registryWith([rename]))).code).toBe(0);
    const edited = registryWith([{ ...rename, id: 'changed' }]);
    const status = await cli(['status', '--config', p.config], edited);
    expect(status.code).toBe(1);
    expect(status.err).toContain('history was edited');
    expect((await cli(['run', '--config', p.config], edited)).code).toBe(1);
  });

  it('GIVEN bad arguments WHEN the real entry runs THEN it exits 2 with the usage; status on a project folder exits 0', async () => {
    const p = await project();
    const launch = (args: string[]) => spawnSync(process.execPath, [join(ROOT, 'runtime/host/launch.mjs'), 'runtime/cli/migrations.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, COGSMITH_CONFIG: p.config } });
    for (const args of [['migrate'], ['status', '--dry-run']]) {
      const result = launch(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('usage: migrations status');
    }
    const status = launch(['status']);
    expect(status.stderr).toBe('');
    expect(status.status).toBe(0);
    expect(status.stdout).toContain(`Storage: json (${p.data})`);
    expect(status.stdout).toContain('core: no migrations');
  }, 60_000);
});
