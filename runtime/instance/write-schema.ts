/**
 * Writes runtime/instance/bot.config.schema.json from schema.ts, for editors (bot.config.yaml points at it).
 * Run: npx vite-node runtime/instance/write-schema.ts   (a test fails when the file is stale)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { schemaFileText } from './schema.js';

writeFileSync(fileURLToPath(new URL('./bot.config.schema.json', import.meta.url)), schemaFileText());
