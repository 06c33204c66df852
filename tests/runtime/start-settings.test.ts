/**
 * The instance file's `logging:` and `metrics:` blocks as an admin uses them: `npm start` (runtime/cli/start.ts
 * through runtime/host/launch.mjs, a real process) in Discord mode against a simulator started here. The
 * log file gets JSON lines at the configured level, the metrics endpoint answers on the configured port
 * and counts the command that was run, and SIGTERM still exits 0.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../runtime/testing/simulator.js';

const ROOT = resolve(import.meta.dirname, '../..');
const LAUNCH = join(ROOT, 'runtime', 'host', 'launch.mjs');
const WAIT_MS = 60_000;
const FAKE_TOKEN = `${Buffer.from('223456789012345679').toString('base64url')}.GhTk3a.${'q1W2e3'.repeat(6)}`;

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

describe('npm start with logging and metrics settings', () => {
  it('GIVEN logging (levels per logger, a file) and metrics (a port) in bot.config.yaml THEN the file has JSON lines, /healthz, /readyz and /metrics answer, a command is counted', async () => {
    const sim = await Simulator.start({ token: FAKE_TOKEN });
    cleanups.push(() => sim.stop());
    const guild = sim.createGuild({ name: 'Ops' });
    const alice = sim.createMember(guild, { username: 'alice' });
    const dir = mkdtempSync(join(tmpdir(), 'cogsmith-settings-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const port = await freePort();
    const file = join(dir, 'bot.config.yaml');
    writeFileSync(
      file,
      [
        'cogs: [general]',
        'storage:',
        '  driver: json',
        `  path: ${JSON.stringify(join(dir, 'data'))}`,
        'logging:',
        '  level: info',
        '  loggers: { "cogsmith:bot": warn }',
        '  format: json',
        '  file: { path: logs/bot.log, keep: 2 }',
        `metrics: { port: ${port} }`,
        '',
      ].join('\n'),
    );
    const env: NodeJS.ProcessEnv = { ...process.env, COGSMITH_CONFIG: file, DISCORD_TOKEN: FAKE_TOKEN, COGSMITH_DISCORD_API: sim.apiUrl };
    for (const name of ['COGSMITH_POSTGRES_URL', 'COGSMITH_LOG_LEVEL', 'COGSMITH_LOG_FORMAT', 'COGSMITH_LOG_FILE']) delete env[name];
    const child = spawn(process.execPath, [LAUNCH, 'runtime/cli/start.ts'], { cwd: ROOT, env, stdio: 'pipe' });
    let text = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    cleanups.push(async () => {
      if (child.exitCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    });
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`not ready in time; output:\n${text}`)), WAIT_MS);
      const onData = (chunk: Buffer) => {
        text += chunk.toString('utf8');
        if (/Ready: logged in/.test(text)) {
          clearTimeout(timer);
          ready();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then(() => fail(new Error(`exited before ready; output:\n${text}`)));
    });

    const get = async (path: string) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`);
      return { status: response.status, text: await response.text() };
    };
    expect(await get('/healthz')).toEqual({ status: 200, text: 'ok\n' });
    expect(await get('/readyz')).toEqual({ status: 200, text: 'ready\n' });
    await sim.say(guild.general, alice, '!ping');
    expect((await sim.waitForMessage({ timeoutMs: WAIT_MS })).content).toMatch(/pong/i);
    const metrics = (await get('/metrics')).text;
    expect(metrics).toMatch(/^cogsmith_commands_total\{cog="general",command="ping",kind="text",outcome="ok"\} 1$/m);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const log = join(dir, 'logs', 'bot.log');
    expect(existsSync(log)).toBe(true);
    const lines = readFileSync(log, "utf8").trim().split('\n').map((line) => JSON.parse(line) as { level: number; msg: string });
    // `cogsmith:bot` at warn: its info lines ("Logged in as", "Loaded cog") stay out, the rest keep info.
    expect(lines.filter((l) => (l as { logger?: string }).logger?.startsWith('cogsmith:bot')).filter((l) => l.level < 40)).toEqual([]);
    expect(lines.some((l) => /^Ready: logged in/.test(l.msg))).toBe(true);
    expect(lines.some((l) => /Metrics: http:\/\/127\.0\.0\.1:\d+\/metrics/.test(l.msg))).toBe(true);
    expect(readFileSync(log, 'utf8')).not.toContain(FAKE_TOKEN);
  });
});
