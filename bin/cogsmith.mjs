#!/usr/bin/env node
// The `cogsmith` command: runtime/cli/cogsmith.ts run by the project's launcher (runtime/host/launch.mjs),
// with this process's arguments. The working directory is kept, so paths on the command line mean what the
// user typed; the command finds the project (generated registry, cogs/, bot.config.yaml) from its own path.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.argv = [process.argv[0], join(root, 'runtime', 'host', 'launch.mjs'), join(root, 'runtime', 'cli', 'cogsmith.ts'), ...process.argv.slice(2)];
await import('../runtime/host/launch.mjs');
