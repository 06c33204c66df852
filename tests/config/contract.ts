/**
 * The Config contract suite: every behaviour of runtime/config/README.md, written once and run against
 * every driver (memory.test.ts, json.test.ts, postgres.test.ts). Call it inside a test file:
 *
 *   defineConfigContract('json', async () => new JsonDriver({ path: dir }), async () => rm(dir, ...));
 */
import { describe } from 'vitest';
import type { ConfigDriver } from '../../runtime/drivers/types.js';
import { bulkContract } from './contract/bulk.js';
import { contractContext } from './contract/context.js';
import { declaredContract } from './contract/declared.js';
import { groupContract } from './contract/groups.js';
import { lockContract } from './contract/locks.js';
import { registrationContract } from './contract/registration.js';
import { valueContract } from './contract/values.js';

/** Defines the whole Config contract suite for one driver. `cleanup` runs after the driver is closed. */
export function defineConfigContract(
  name: string,
  makeDriver: () => Promise<ConfigDriver>,
  cleanup?: (driver: ConfigDriver) => Promise<void>,
): void {
  describe(`Config contract on the ${name} driver`, () => {
    const ctx = contractContext(name, makeDriver, cleanup);
    registrationContract(ctx);
    valueContract(ctx);
    groupContract(ctx);
    lockContract(ctx);
    bulkContract(ctx);
    declaredContract(ctx);
  });
}
