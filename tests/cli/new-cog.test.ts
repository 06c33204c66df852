/**
 * `cogsmith new cog` and `cogsmith generate` on a copy of the project (the command writes cogs/, generated/
 * and tests/cogs/, which must not change under the other tests): the new cog passes `generate --check` and
 * its own generated test; a manifest the generator refuses leaves nothing behind.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../runtime/core/exit-codes.js';
import { ROOT } from '../helpers/npm-start.js';

let copy: string;
beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'cogsmith-project-'));
  const skip = new Set(['node_modules', '.git', 'data', 'dist', '.cogsmith']);
  for (const entry of readdirSync(ROOT)) if (!skip.has(entry)) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

/** Runs `node <copy>/<script> ...args` in the copy. */
function inCopy(script: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(copy, script), ...args], { cwd: copy, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const cogsmith = (...args: string[]) => inCopy('bin/cogsmith.mjs', args);

describe('cogsmith new cog', () => {
  it('GIVEN a new name THEN the manifest, handlers and test it writes pass generate --check and the test itself', () => {
    const made = cogsmith('new', 'cog', 'greeter');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('New cog greeter: cogs/greeter/cog.yaml, cogs/greeter/handlers.ts, tests/cogs/greeter.test.ts.');
    for (const file of ['cogs/greeter/cog.yaml', 'cogs/greeter/handlers.ts', 'generated/cogs/greeter/index.ts', 'tests/cogs/greeter.test.ts']) expect(existsSync(join(copy, file))).toBe(true);
    const check = cogsmith('generate', '--check');
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/Generated files are up to date/);
    const test = inCopy('node_modules/vitest/vitest.mjs', ['run', 'tests/cogs/greeter.test.ts']);
    expect(test.code, test.stdout + test.stderr).toBe(0);
    expect(test.stdout).toMatch(/1 passed/);
  }, 240_000);

  it('GIVEN a command name another cog declares THEN the generator refuses it, exit 1, and nothing is added', () => {
    const refused = cogsmith('new', 'cog', 'ping');
    expect(refused.code).toBe(EXIT_CODES.failure);
    expect(refused.stderr).toContain('command `ping` is already declared by cog `general`');
    expect(refused.stderr).toContain('cogsmith: the generator refused the new cog ping; nothing was added');
    expect(existsSync(join(copy, 'cogs', 'ping'))).toBe(false);
    expect(cogsmith('generate', '--check').code).toBe(0);
  }, 120_000);

  it('GIVEN a bad or taken name THEN it exits 78 with the reason', () => {
    const bad = cogsmith('new', 'cog', 'Bad-Name');
    expect(bad.code).toBe(EXIT_CODES.configuration);
    expect(bad.stderr).toBe('cogsmith: invalid cog name "Bad-Name": lower case letters, digits and _, starting with a letter (at most 32)\n');
    const taken = cogsmith('new', 'cog', 'general');
    expect(taken.code).toBe(EXIT_CODES.configuration);
    expect(taken.stderr).toBe('cogsmith: cogs/general already exists\n');
  }, 120_000);
});
