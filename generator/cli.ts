/**
 * `npm run generate` writes generated/ (and new handler stubs, and the README reference);
 * `npm run generate -- --check` writes nothing and exits 1 when anything is stale.
 * Manifest errors print as `file:line:col message` and exit 1 with nothing written.
 */
import { formatProblem } from '../runtime/support/yaml-source.js';
import { generate } from './generate.js';

const args = process.argv.slice(2);
const check = args.includes('--check');
const unknown = args.filter((a) => a !== '--check');
if (unknown.length > 0) {
  process.stderr.write(`unknown argument${unknown.length > 1 ? 's' : ''}: ${unknown.join(' ')}\nusage: generate [--check]\n`);
  process.exit(2);
}

const result = await generate({ root: process.cwd(), check });
for (const warning of result.warnings) process.stderr.write(`${formatProblem({ ...warning, message: `warning: ${warning.message}` })}\n`);
if (result.errors.length > 0) {
  for (const error of result.errors) process.stderr.write(`${formatProblem(error)}\n`);
  process.stderr.write(`${result.errors.length} error${result.errors.length === 1 ? '' : 's'}; nothing was written.\n`);
  process.exit(1);
}
if (check) {
  if (result.stale.length > 0) {
    for (const path of result.stale) process.stderr.write(`stale: ${path}\n`);
    for (const drift of result.drift) {
      const what = drift.migration ? `run \`npm run generate\` to write ${drift.migration}` : 'run `npm run generate` to update the snapshot';
      process.stderr.write(`config of cog ${drift.cog} differs from ${drift.snapshot}: ${drift.changes.join('; ')} (${what})\n`);
    }
    process.stderr.write('Generated files are out of date: run `npm run generate`.\n');
    process.exit(1);
  }
  process.stdout.write(`Generated files are up to date (${result.unchanged.length} files).\n`);
} else {
  for (const path of result.written) process.stdout.write(`wrote ${path}\n`);
  for (const path of result.deleted) process.stdout.write(`deleted ${path}\n`);
  for (const stub of result.stubs) process.stdout.write(`stub added: ${stub}\n`);
  for (const migration of result.migrations.filter((m) => m.up.length > 0)) {
    process.stdout.write(`migration stub needs its up: ${migration.file} (${migration.up.join('; ')}); the cog does not load until it is written\n`);
  }
  process.stdout.write(`${result.written.length} written, ${result.deleted.length} deleted, ${result.unchanged.length} unchanged, ${result.warnings.length} warnings.\n`);
}
