import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('useSimulator', () => {
  it('GIVEN a test that leaves a promise rejection unhandled THEN the run fails and names the rejection', () => {
    const root = fileURLToPath(new URL('./fixtures', import.meta.url));
    const vitest = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));
    const result = spawnSync(process.execPath, [vitest, 'run', '--root', root, '--config', `${root}/vitest.config.ts`, 'unhandled.spec.ts'], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: '1', NO_COLOR: '1' } });
    const output = `${result.stdout}\n${result.stderr}`;
    expect(result.status).not.toBe(0);
    expect(output).toContain('forgotten rejection');
  });
});
