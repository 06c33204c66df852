/**
 * Opens the Config driver an instance asks for (`storage:` in bot.config.yaml). Drivers are imported on
 * demand so a bot on the json driver never loads the PostgreSQL client.
 */
import { join } from 'node:path';
import type { ConfigDriver } from '../drivers/types.js';
import type { InstanceConfig } from './config.js';

/** Creates the instance's driver (not yet opened: Config opens it on first use). */
export async function createStorageDriver(storage: InstanceConfig['storage']): Promise<ConfigDriver> {
  switch (storage.driver) {
    case 'memory': {
      const { MemoryDriver } = await import('../config/base.js');
      return new MemoryDriver();
    }
    case 'json': {
      const { JsonDriver } = await import('../config/base.js');
      return new JsonDriver({ path: storage.path });
    }
    case 'postgres': {
      const { PostgresDriver } = await import('../drivers/postgres/index.js');
      // Without a URL, an embedded PGlite keeps its files in the data folder so nothing is lost on restart.
      return storage.url ? new PostgresDriver({ url: storage.url }) : new PostgresDriver({ dataDir: join(storage.path, 'pglite') });
    }
    default: {
      const never: never = storage.driver;
      throw new Error(`Unknown storage driver ${String(never)}`);
    }
  }
}
