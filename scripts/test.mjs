#!/usr/bin/env node
// The whole check behind `npm test`: type-check, generated/ up to date, then the vitest suite.
// It ends with one line `N passed, N failed, N skipped` that CI reads (CI cannot read vitest's own summary).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = (name) => join('node_modules', '.bin', name);
const passthrough = process.argv.slice(2);
let stageFailures = 0;

function stage(title, command, args) {
  console.log(`\n== ${title} ==`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    stageFailures += 1;
    console.log(`== ${title}: FAILED (exit ${result.status ?? result.signal}) ==`);
  }
}

if (passthrough.length === 0) {
  stage('type-check', bin('tsc'), ['-p', 'tsconfig.json']);
  stage('generated/ is up to date', process.execPath, ['runtime/host/launch.mjs', '--source', 'generator/cli.ts', '--check']);
}

const outDir = mkdtempSync(join(tmpdir(), 'cogsmith-vitest-'));
const outFile = join(outDir, 'results.json');
console.log('\n== test suite ==');
const run = spawnSync(
  bin('vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${outFile}`, ...passthrough],
  { stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(outFile)) {
  const results = JSON.parse(readFileSync(outFile, 'utf8'));
  passed = results.numPassedTests ?? 0;
  failed = results.numFailedTests ?? 0;
  skipped = (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
  // A file that fails to load (syntax error, failed hook) has no tests to count but is still a failure.
  const brokenFiles = (results.testResults ?? []).filter(
    (file) => file.status === 'failed' && (file.assertionResults ?? []).every((t) => t.status !== 'failed'),
  ).length;
  failed += brokenFiles;
} else {
  failed += 1;
}
rmSync(outDir, { recursive: true, force: true });
if (run.status !== 0 && failed === 0) failed += 1; // e.g. an unhandled rejection fails the run without failing a test
failed += stageFailures;

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
