/**
 * The migration contract (contract.ts) on each driver: memory; json with real files (raw state: every
 * file's bytes); postgres on a real server when COGSMITH_TEST_POSTGRES_URL is set, else PGlite (raw state:
 * every row with its update time and row version).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { JsonDriver, MemoryDriver } from '../../runtime/config/index.js';
import { defineMigrationContract } from './contract.js';
import { adminQuery, cleanupDrivers, freshSchema, makeDriver, testUrl } from '../config/fixtures/pg-env.js';

defineMigrationContract(
  'memory',
  async () => {
    const driver = new MemoryDriver();
    return { driver, raw: async () => Promise.all((await driver.namespaces()).map((ns) => driver.exportNamespace(ns))) };
  },
  async () => undefined,
);

let folder: string | undefined;
defineMigrationContract(
  'json',
  async () => {
    const dir = (folder = await mkdtemp(join(tmpdir(), 'cogsmith-migrations-')));
    const driver = new JsonDriver({ path: dir });
    return {
      driver,
      raw: async () => {
        const names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
        return Promise.all(names.map(async (n) => [n, (await readFile(join(dir, n))).toString('base64')]));
      },
    };
  },
  async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  },
);

let pglite: PGlite | undefined;
defineMigrationContract(
  testUrl ? 'postgres (PostgreSQL)' : 'postgres (PGlite)',
  async () => {
    const schema = freshSchema('mig');
    if (!testUrl) pglite = new PGlite();
    const driver = makeDriver({ schema, ...(pglite ? { pglite } : {}) });
    const query = `select cog_name, identifier, scope, key_path, data::text as data, updated_at::text as updated_at, xmin::text as version
                   from "${schema}".config_documents order by cog_name, identifier, scope, key_path`;
    return { driver, raw: async () => (testUrl ? adminQuery(query) : (await pglite!.query(query)).rows) };
  },
  async () => {
    await cleanupDrivers();
    await pglite?.close();
  },
);
