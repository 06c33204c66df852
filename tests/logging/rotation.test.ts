/**
 * The log file on real files in a temporary folder: JSON lines, rotated by size, the configured number of
 * rotated files kept (`bot.log.1` newest … `bot.log.<keep>` oldest), nothing lost between the kept files,
 * and the same across a restart of the output on the same file.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { closeLogging, configureLogging, createLogger, registerSecret, resolveLoggingSettings } from '../../runtime/logging.js';
import { Capture, secretsIn, TOKEN } from './helpers.js';

const dirs: string[] = [];
afterEach(async () => {
  await closeLogging();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cogsmith-logs-'));
  dirs.push(dir);
  return dir;
}

/** Logs `count` numbered lines (about 200 bytes each) through a fresh output on `file`, then closes it. */
async function writeLines(file: string, from: number, count: number, keep: number): Promise<void> {
  const stdout = new Capture();
  configureLogging(resolveLoggingSettings({ format: 'json', file: { path: file, maxSize: '2K', keep } }, {}, { isTTY: false }), { stdout, stderr: stdout });
  const log = createLogger('cogsmith').child('bot');
  for (let n = from; n < from + count; n++) log.info(`line ${n}`, { n, padding: 'x'.repeat(120), token: TOKEN });
  await closeLogging();
}

/** The numbers of the lines in `name`, in order. */
function numbers(dir: string, name: string): number[] {
  return readFileSync(join(dir, name), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { n: number }).n);
}

describe('the log file', () => {
  it('GIVEN a 2K size and keep 3 THEN writing 20K leaves bot.log and exactly bot.log.1 to bot.log.3, the newest lines unbroken', async () => {
    registerSecret(TOKEN);
    const dir = tempDir();
    const file = join(dir, 'logs', 'bot.log'); // the folder is created
    await writeLines(file, 0, 100, 3);
    const folder = join(dir, 'logs');
    expect(readdirSync(folder).sort()).toEqual(['bot.log', 'bot.log.1', 'bot.log.2', 'bot.log.3']);
    for (const name of ['bot.log.1', 'bot.log.2', 'bot.log.3']) {
      // rotated as soon as it reached 2K: at most one line past it
      expect(statSync(join(folder, name)).size).toBeGreaterThanOrEqual(2048);
      expect(statSync(join(folder, name)).size).toBeLessThan(2048 + 400);
    }
    // oldest kept to newest: consecutive line numbers, ending with the last line written
    const kept = ['bot.log.3', 'bot.log.2', 'bot.log.1', 'bot.log'].flatMap((name) => numbers(folder, name));
    expect(kept.at(-1)).toBe(99);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 100 - kept.length + i));
    const all = readdirSync(folder).map((name) => readFileSync(join(folder, name), 'utf8')).join('');
    expect(secretsIn(all)).toEqual([]);
    expect(all).toContain('"token":"[redacted]"');
  });

  it('GIVEN the bot starts again on the same file THEN it appends and rotation still keeps the configured number', async () => {
    const dir = tempDir();
    const file = join(dir, 'bot.log');
    await writeLines(file, 0, 5, 2);
    expect(readdirSync(dir)).toEqual(['bot.log']);
    expect(numbers(dir, 'bot.log')).toEqual([0, 1, 2, 3, 4]);
    await writeLines(file, 5, 60, 2);
    expect(readdirSync(dir).sort()).toEqual(['bot.log', 'bot.log.1', 'bot.log.2']);
    const kept = ['bot.log.2', 'bot.log.1', 'bot.log'].flatMap((name) => numbers(dir, name));
    expect(kept.at(-1)).toBe(64);
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => 65 - kept.length + i));
  });

  it('GIVEN a log file folder that cannot be made THEN the error names the path', () => {
    const dir = tempDir();
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where the folder should be');
    const settings = resolveLoggingSettings({ format: 'json', file: { path: join(blocker, 'bot.log') } }, {}, { isTTY: false });
    expect(() => configureLogging(settings, { stdout: new Capture() })).toThrow(`logging.file.path: cannot create the folder ${blocker} for the log file`);
  });
});
