/**
 * Runs the compiled bot with plain Node and the `native` module host, so `!reload` picks up rebuilt code:
 *
 *   node <build>/runtime/host/native-launch.js [start arguments...]
 *
 * The same arguments as `npm start` (runtime/cli/start.ts); the build's root is two folders up from here.
 */
import { fileURLToPath } from 'node:url';
import { main } from '../cli/start.js';
import { createNativeHost } from './native-host.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
await main(process.argv.slice(2), { modules: createNativeHost({ root }) });
