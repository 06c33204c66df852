#!/usr/bin/env node
/**
 * The container's entrypoint (Dockerfile ENTRYPOINT): writes the container's instance settings (see
 * container.mjs: metrics on a known port, data in the volume, postgres when COGSMITH_POSTGRES_URL is set),
 * then runs the bot in this same process, so it is PID 1's signal handling (SIGTERM: stop cleanly, exit 0)
 * and its exit codes (0, 1, 26, 78: runtime/core/exit-codes.ts) that Docker sees.
 *
 *   node docker/entrypoint.mjs [start arguments...]
 *
 * Settings read from COGSMITH_CONFIG (default: bot.config.yaml beside the image's app). The bot's launcher
 * is COGSMITH_LAUNCH (default: the build's dist/runtime/host/native-launch.js, plain Node on compiled code).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { containerInstance, dataDir } from './container.mjs';

const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(process.env.COGSMITH_CONFIG?.trim() || join(app, 'bot.config.yaml'));
const launcher = resolve(process.env.COGSMITH_LAUNCH?.trim() || join(app, 'dist', 'runtime', 'host', 'native-launch.js'));

let settings;
try {
  settings = containerInstance(existsSync(source) ? readFileSync(source, 'utf8') : '', process.env);
} catch (error) {
  process.stderr.write(`The container settings have a problem (${source}): ${error.message}\n`);
  process.exit(78);
}
if (!existsSync(launcher)) {
  process.stderr.write(`The bot's launcher ${launcher} is missing: build the project (npm run build) or set COGSMITH_LAUNCH.\n`);
  process.exit(1);
}
const target = join(dataDir(process.env), '.cogsmith', 'bot.config.yaml');
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, settings, { mode: 0o600 });
process.env.COGSMITH_CONFIG = target;
process.argv = [process.argv[0], launcher, ...process.argv.slice(2)];
await import(pathToFileURL(launcher).href);
