/** The Config contract on the json driver (real files in a temp folder). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonDriver } from '../../runtime/config/index.js';
import { defineConfigContract } from './contract.js';

let folder: string | undefined;

defineConfigContract(
  'json',
  async () => {
    folder = await mkdtemp(join(tmpdir(), 'cogsmith-json-contract-'));
    return new JsonDriver({ path: folder });
  },
  async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  },
);
