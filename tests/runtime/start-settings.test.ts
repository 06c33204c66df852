/**
 * The instance file's `logging:` and `metrics:` blocks as an admin uses them: `npm start` (runtime/cli/start.ts
 * through runtime/host/launch.mjs, a real process) in Discord mode against a simulator started here. The
 * log file gets JSON lines at the configured level, the metrics endpoint answers on the configured port
 * and counts the command that was run, and SIGTERM still exits 0.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../runtime/testing/simulator.js';
import { exitCode, freePort, StartRuns, WAIT_MS } from '../helpers/npm-start.js';

const FAKE_TOKEN = `${Buffer.from('223456789012345679').toString('base64url')}.GhTk3a.${'q1W2e3'.repeat(6)}`;

const runs = new StartRuns();
afterAll(() => runs.cleanup());

describe('npm start with logging and metrics settings', () => {
  it('GIVEN logging (levels per logger, a file) and metrics (a port) in bot.config.yaml THEN the file has JSON lines, /healthz, /readyz and /metrics answer, a command is counted', async () => {
    const sim = await Simulator.start({ token: FAKE_TOKEN });
    runs.defer(() => sim.stop());
    const guild = sim.createGuild({ name: 'Ops' });
    const alice = sim.createMember(guild, { username: 'alice' });
    const port = await freePort();
    const { dir, file } = runs.tempInstance((folder) =>
      [
        'cogs: [general]',
        'storage:',
        '  driver: json',
        `  path: ${JSON.stringify(join(folder, 'data'))}`,
        'logging:',
        '  level: info',
        '  loggers: { "cogsmith:bot": warn }',
        '  format: json',
        '  file: { path: logs/bot.log, keep: 2 }',
        `metrics: { port: ${port} }`,
        '',
      ].join('\n'),
    );
    const run = runs.start({ COGSMITH_CONFIG: file, DISCORD_TOKEN: FAKE_TOKEN, COGSMITH_DISCORD_API: sim.apiUrl });
    await run.waitFor(/Ready: logged in/);

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

    run.child.kill('SIGTERM');
    expect(await exitCode(run)).toBe(0);
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
