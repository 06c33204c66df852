/**
 * Writes runtime/instance/bot.config.schema.json from schema.ts, for editors (bot.config.yaml points at it),
 * and bot.config.validate.ts, the validator the loader runs (compiled ahead of time).
 * Run: npx vite-node runtime/instance/write-schema.ts   (a test fails when either file is stale)
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { schemaFileText, validatorFileText } from './schema.js';

writeFileSync(fileURLToPath(new URL('./bot.config.schema.json', import.meta.url)), schemaFileText());
writeFileSync(fileURLToPath(new URL('./bot.config.validate.ts', import.meta.url)), validatorFileText());
