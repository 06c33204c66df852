/**
 * Crash safety of the json driver: a child process writes continuously (each write awaited, printing the
 * keys it had acknowledged) and is killed with SIGKILL at random moments, 20 times over one data folder.
 * After each kill the file still parses and holds every acknowledged write; the next child takes over
 * the dead one's stale lock.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const viteNode = join(require.resolve('vite-node/package.json'), '..', 'dist', 'cli.mjs');
const fixture = fileURLToPath(new URL('./fixtures/json-writer.ts', import.meta.url));
const KILLS = 20;

interface Run {
  acknowledged: string[];
  exit: Promise<void>;
}

function startWriter(folder: string, run: number, children: Set<ChildProcess>, onReady: () => void): Run {
  const child = spawn(process.execPath, [viteNode, fixture, folder, String(run)], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  const acknowledged: string[] = [];
  let buffer = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const line of lines) {
      if (line === 'ready') onReady();
      else if (line.startsWith('ack ')) acknowledged.push(line.slice(4));
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = new Promise<void>((resolve, reject) => {
    child.on('exit', (code, signal) => {
      children.delete(child);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`writer exited on its own (code ${code}, signal ${signal}): ${stderr}`));
    });
  });
  return { acknowledged, exit };
}

describe('json driver crash safety', () => {
  const children = new Set<ChildProcess>();
  let folder: string | undefined;
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it(`GIVEN a writer killed with SIGKILL at random moments, ${KILLS} times THEN the file always parses and holds every acknowledged write`, async () => {
    folder = await mkdtemp(join(tmpdir(), 'cogsmith-json-crash-'));
    const file = join(folder, 'CrashTest.1.json');
    const everAcknowledged = new Map<string, number>();
    let killedMidStream = 0;
    for (let run = 0; run < KILLS; run++) {
      let ready!: () => void;
      const isReady = new Promise<void>((r) => (ready = r));
      const writer = startWriter(folder, run, children, ready);
      await Promise.race([isReady, writer.exit]);
      // Kill after a random 20–200 ms of writing: mid-flush, between flushes, mid-rename.
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 180));
      const child = [...children][0]!;
      child.kill('SIGKILL');
      await writer.exit;
      if (writer.acknowledged.length > 0) killedMidStream++;
      for (const key of writer.acknowledged) everAcknowledged.set(key, Number(key.split('-')[2]));

      // THEN the file parses and every write acknowledged so far (this run and earlier ones) is there.
      const stored = JSON.parse(await readFile(file, 'utf8')) as { data: { GUILD: Record<string, Record<string, number>> } };
      const guilds = stored.data.GUILD;
      const missing: string[] = [];
      for (const [key, value] of everAcknowledged) {
        const lane = key.split('-')[1]!;
        if (guilds[lane]?.[key] !== value) missing.push(key);
      }
      expect(missing, `run ${run}: acknowledged writes lost`).toEqual([]);
    }
    console.info(`crash test: ${KILLS} kills, ${everAcknowledged.size} acknowledged writes checked, ${killedMidStream} kills mid-stream`);
    // The test is only meaningful if writers were acknowledged before being killed.
    expect(killedMidStream).toBeGreaterThan(KILLS / 2);
    expect(everAcknowledged.size).toBeGreaterThan(KILLS * 4);
  }, 60_000);
});
