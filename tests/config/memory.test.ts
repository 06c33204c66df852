/** The Config contract on the memory driver. */
import { MemoryDriver } from '../../runtime/config/index.js';
import { defineConfigContract } from './contract.js';

defineConfigContract('memory', async () => new MemoryDriver());
