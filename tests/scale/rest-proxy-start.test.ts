/**
 * The REST proxy as a process: `npm start` with `discord.restProxy.port` starts `cogsmith proxy` as a child,
 * sends the bot's REST through it and stops it on exit; `cogsmith proxy` refuses bad flags naming them.
 * (Processes using a proxy run separately, `discord.restProxy.url`: rest-limits-across-processes.test.ts.)
 */
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../runtime/testing/simulator.js';
import { exitCode, freePort, StartRuns, WAIT_MS } from '../helpers/npm-start.js';

const runs = new StartRuns();
afterAll(() => runs.cleanup());

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('REST proxy processes', () => {
  it('GIVEN discord.restProxy.port WHEN npm start runs THEN it starts the proxy, the bot answers through it, the token is never printed, and the proxy stops with the bot', async () => {
    const sim = await Simulator.start();
    runs.defer(() => sim.stop());
    const guild = sim.createGuild();
    const alice = sim.createMember(guild, { username: 'alice' });
    const port = await freePort();
    const { file } = runs.tempInstance((dir) => `cogs: [general]\ndiscord:\n  restProxy: { port: ${port}, globalRequestsPerSecond: 40 }\nstorage:\n  driver: json\n  path: ${JSON.stringify(`${dir}/data`)}\n`);
    const run = runs.start({ COGSMITH_CONFIG: file, DISCORD_TOKEN: sim.token, COGSMITH_DISCORD_API: sim.apiUrl });
    await run.waitFor(/Ready: logged in/);
    expect(run.output()).toContain(`REST proxy listening on http://127.0.0.1:${port}, forwarding to ${sim.apiUrl} at most 40 requests/s per token`);
    expect(run.output()).toContain(`through the REST proxy at http://127.0.0.1:${port}`);

    const after = sim.requests.length;
    await sim.say(guild.general, alice, '!ping');
    expect((await sim.waitForMessage({ timeoutMs: WAIT_MS })).content).toMatch(/pong/i);
    const reply = sim.requests.slice(after).find((r) => r.route === 'POST /channels/:id/messages');
    expect(reply?.userAgent).toMatch(/@discordjs\/proxy\//);
    expect(sim.requests.every((r) => r.status !== 401)).toBe(true);

    run.child.kill('SIGTERM');
    expect(await exitCode(run)).toBe(0);
    expect(run.output()).not.toContain(sim.token);
    expect(await accepts(port)).toBe(false);
  }, 120_000);

  it('GIVEN a bad flag WHEN cogsmith proxy runs THEN it exits 78 naming the flag', async () => {
    for (const [args, message] of [
      [['--port', 'eighty'], /--port must be a port number \(0-65535\), got "eighty"/],
      [['--global-rps', '0'], /--global-rps must be a whole number of requests per second/],
      [['--api', 'discord'], /--api must be an http\(s\) URL/],
    ] as const) {
      const run = runs.cogsmith({}, ['proxy', ...args]);
      expect(await exitCode(run)).toBe(78);
      expect(run.output()).toMatch(message);
    }
  }, 120_000);
});
