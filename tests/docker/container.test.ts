/**
 * The container files (Dockerfile, .dockerignore, compose.yaml, docker/*.mjs). The image is built only where
 * a Docker daemon answers (skipped with the reason otherwise: the development machine has the client but no
 * daemon); everything else is tested without Docker: the Dockerfile's stages and instructions, the compose
 * file parsed with `yaml`, and the entrypoint and health probe run with plain Node against the project
 * compiled by tsc (as the image's build stage does) and the simulator.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { containerInstance, dataDir, metricsPort } from '../../docker/container.mjs';
import { Simulator } from '../../runtime/testing/simulator.js';
import { exitCode, ROOT, StartRuns, type Run } from '../helpers/npm-start.js';

interface Instruction { keyword: string; args: string; line: number }
interface Stage { from: string; name?: string; instructions: Instruction[] }

/** The Dockerfile as stages of instructions (comments dropped, `\` continuations joined). */
function dockerfileStages(text: string): Stage[] {
  const stages: Stage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim();
    const at = i + 1;
    if (line === '' || line.startsWith('#')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1).trim()} ${lines[++i]!.trim()}`;
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const instruction = { keyword: keyword.toUpperCase(), args, line: at };
    if (instruction.keyword === 'FROM') {
      const [, from = '', name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ from, name, instructions: [] });
    } else {
      if (stages.length === 0) throw new Error(`Dockerfile:${at}: ${keyword} before FROM`);
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const stages = dockerfileStages(dockerfile);
const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

describe('Dockerfile', () => {
  const [build, runtime] = stages;
  const of = (stage: Stage | undefined, keyword: string) => stage?.instructions.filter((i) => i.keyword === keyword) ?? [];

  it('GIVEN the Dockerfile THEN it has a build stage and a slim Node 20 runtime stage last', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(runtime!.from).toMatch(/^node:20[.\w-]*-slim$/);
    expect(build!.from).toMatch(/^node:20/);
  });

  it('GIVEN the build stage THEN it installs everything, checks generated/ and compiles', () => {
    const runs = of(build, 'RUN').map((i) => i.args).join(' && ');
    expect(runs).toMatch(/npm ci(?! --omit)/);
    expect(runs).toContain('npm run generate -- --check');
    expect(runs).toContain('npm run build');
  });

  it('GIVEN the runtime stage THEN it installs production dependencies only, copies the build, runs as a non-root user with a health check on /healthz', () => {
    expect(of(runtime, 'RUN').map((i) => i.args).join(' ')).toContain('npm ci --omit=dev');
    expect(of(runtime, 'COPY').map((i) => i.args)).toContain('--from=build /app/dist ./dist');
    const user = of(runtime, 'USER');
    expect(user.map((u) => u.args)).toEqual(['node']);
    const entrypoint = of(runtime, 'ENTRYPOINT')[0]!;
    expect(JSON.parse(entrypoint.args)).toEqual(['node', 'docker/entrypoint.mjs']);
    expect(user[0]!.line).toBeLessThan(entrypoint.line);
    const health = of(runtime, 'HEALTHCHECK')[0]!;
    expect(JSON.parse(health.args.slice(health.args.indexOf('CMD') + 3).trim())).toEqual(['node', 'docker/healthcheck.mjs']);
    expect(readFileSync(join(ROOT, 'docker/healthcheck.mjs'), 'utf8')).toContain('/healthz');
    expect(of(runtime, 'VOLUME')[0]?.args).toBe('["/data"]');
  });

  it('GIVEN every COPY from the build context THEN its source exists and .dockerignore does not leave it out; secrets and local data are left out', () => {
    for (const stage of stages) {
      for (const copy of of(stage, 'COPY').filter((c) => !c.args.startsWith('--from'))) {
        const sources = copy.args.split(/\s+/).slice(0, -1);
        for (const source of sources) {
          if (source === '.') continue;
          expect(existsSync(join(ROOT, source)), `Dockerfile:${copy.line} copies ${source}`).toBe(true);
          expect(ignored, `Dockerfile:${copy.line} copies ${source}`).not.toContain(source.replace(/\/$/, ''));
        }
      }
    }
    for (const kept of ['.env', 'node_modules', 'data', 'dist', '.git']) expect(ignored).toContain(kept);
  });
});

describe('compose.yaml', () => {
  const compose = parse(readFileSync(join(ROOT, 'compose.yaml'), 'utf8')) as {
    services: Record<string, { build?: string; image?: string; env_file?: string; environment?: Record<string, string>; volumes?: string[]; depends_on?: Record<string, { condition: string }>; healthcheck?: { test: string[] }; restart?: string }>;
    volumes: Record<string, unknown>;
  };

  it('GIVEN the compose file THEN it has the bot, built from this Dockerfile, and PostgreSQL with a health check the bot waits for', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['bot', 'db']);
    const { bot, db } = compose.services;
    expect(bot!.build).toBe('.');
    expect(db!.image).toMatch(/^postgres:\d+/);
    expect(db!.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(bot!.depends_on).toEqual({ db: { condition: 'service_healthy' } });
  });

  it('GIVEN the compose file THEN the bot reads its token from .env and its storage URL points at the db service with the db credentials', () => {
    const { bot, db } = compose.services;
    expect(bot!.env_file).toBe('.env');
    expect(JSON.stringify(compose)).not.toMatch(/DISCORD_TOKEN:/); // the token only in .env
    const url = new URL(bot!.environment!.COGSMITH_POSTGRES_URL!.replace(/\$\{[^}]+\}/, 'secret'));
    expect(url.protocol).toBe('postgres:');
    expect(url.hostname).toBe('db');
    expect(url.username).toBe(db!.environment!.POSTGRES_USER);
    expect(url.pathname).toBe(`/${db!.environment!.POSTGRES_DB}`);
    expect(bot!.environment!.COGSMITH_POSTGRES_URL).toContain('${POSTGRES_PASSWORD');
    expect(db!.environment!.POSTGRES_PASSWORD).toContain('${POSTGRES_PASSWORD');
  });

  it('GIVEN the compose file THEN data lives in named volumes: the bot at /data (the image volume), PostgreSQL at its data folder', () => {
    const { bot, db } = compose.services;
    expect(bot!.volumes).toEqual(['bot-data:/data']);
    expect(db!.volumes).toEqual(['db-data:/var/lib/postgresql/data']);
    expect(Object.keys(compose.volumes).sort()).toEqual(['bot-data', 'db-data']);
    expect(bot!.restart).toMatch(/^on-failure/); // 0 (shutdown) stays stopped; 26 restarts
  });
});

describe('the container settings (docker/container.mjs)', () => {
  it('GIVEN the project bot.config.yaml THEN metrics are on at the known port on every interface, data in /data, the cogs kept', () => {
    const result = parse(containerInstance(readFileSync(join(ROOT, 'bot.config.yaml'), 'utf8'), {})) as Record<string, any>;
    expect(result.metrics).toEqual({ port: 9090, host: '0.0.0.0' });
    expect(result.storage.path).toBe('/data');
    expect(result.cogs).toEqual((parse(readFileSync(join(ROOT, 'bot.config.yaml'), 'utf8')) as { cogs: string[] }).cogs);
  });

  it('GIVEN COGSMITH_POSTGRES_URL THEN the driver is postgres; GIVEN a port, a data folder and a relative log file THEN they are used', () => {
    const env = { COGSMITH_POSTGRES_URL: 'postgres://u:p@db/x', COGSMITH_METRICS_PORT: '9300', COGSMITH_DATA_DIR: '/srv/bot' };
    const result = parse(containerInstance('storage: { driver: json, path: data }\nmetrics: { port: 1, host: 10.0.0.2 }\nlogging: { file: { path: logs/bot.log } }\n', env)) as Record<string, any>;
    expect(result.storage).toEqual({ driver: 'postgres', path: '/srv/bot' });
    expect(result.metrics).toEqual({ port: 9300, host: '10.0.0.2' });
    expect(result.logging.file.path).toBe('/srv/bot/logs/bot.log');
    expect(metricsPort(env)).toBe(9300);
    expect(dataDir(env)).toBe('/srv/bot');
  });

  it('GIVEN a bad COGSMITH_METRICS_PORT THEN the error names the variable and the value', () => {
    expect(() => metricsPort({ COGSMITH_METRICS_PORT: 'http' })).toThrow('COGSMITH_METRICS_PORT must be a port number (1-65535), got "http".');
  });
});

/** A free TCP port on 127.0.0.1. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function probe(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'docker/healthcheck.mjs')], { env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('the entrypoint and health probe, run with plain Node on the compiled project', () => {
  const FAKE_TOKEN = `${Buffer.from('223456789012345678').toString('base64url')}.GhTk3a.${'q1W2e3'.repeat(6)}`;
  const runs = new StartRuns();
  let dir: string;
  let build: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cogsmith-container-'));
    build = join(dir, 'build');
    const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', build], { encoding: 'utf8' });
    if (tsc.status !== 0) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
    symlinkSync(join(ROOT, 'node_modules'), join(build, 'node_modules'), 'dir');
  }, 120_000);
  afterAll(async () => {
    await runs.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('GIVEN the entrypoint on the build against the simulator THEN the bot answers, /healthz is healthy on the metrics port, data is in the data folder, and SIGTERM exits 0', async () => {
    const sim = await Simulator.start({ token: FAKE_TOKEN });
    runs.defer(() => sim.stop());
    const guild = sim.createGuild({ name: 'Ops' });
    const alice = sim.createMember(guild, { username: 'alice' });
    const data = join(dir, 'data');
    const port = String(await freePort());
    const project = join(dir, 'bot.config.yaml');
    writeFileSync(project, 'cogs: [general]\nstorage: { driver: json, path: elsewhere }\n');
    const env = { COGSMITH_CONFIG: project, COGSMITH_DATA_DIR: data, COGSMITH_METRICS_PORT: port, DISCORD_TOKEN: FAKE_TOKEN, COGSMITH_DISCORD_API: sim.apiUrl, COGSMITH_LAUNCH: join(build, 'runtime/host/native-launch.js') };
    expect((await probe(env)).code).toBe(1); // nothing listens yet
    const run: Run = runs.startScript(join(ROOT, 'docker/entrypoint.mjs'), env);
    await run.waitFor(/Ready: logged in/);
    expect(run.output()).toContain(`Metrics: http://0.0.0.0:${port}/metrics`);
    const health = await probe(env);
    expect(health).toEqual({ code: 0, output: `http://127.0.0.1:${port}/healthz: ok\n` });
    await sim.say(guild.general, alice, '!ping');
    expect((await sim.waitForMessage()).content).toMatch(/^Pong!/);
    const written = join(data, '.cogsmith', 'bot.config.yaml');
    expect(statSync(written).mode & 0o777).toBe(0o600);
    expect(readFileSync(written, 'utf8')).not.toContain(FAKE_TOKEN);
    expect(existsSync(join(dir, 'elsewhere'))).toBe(false);
    run.child.kill('SIGTERM');
    expect(await exitCode(run)).toBe(0);
    expect(readdirSync(data).some((name) => name.startsWith('.cogsmith-config.lock'))).toBe(true); // the json driver's folder
  }, 120_000);

  it('GIVEN no build WHEN the entrypoint runs THEN it exits 1 saying to build', async () => {
    const run = runs.startScript(join(ROOT, 'docker/entrypoint.mjs'), { COGSMITH_DATA_DIR: join(dir, 'data2'), COGSMITH_LAUNCH: join(dir, 'missing.js') });
    expect(await exitCode(run)).toBe(1);
    expect(run.output()).toContain('missing.js is missing: build the project (npm run build) or set COGSMITH_LAUNCH.');
  });
});

// The image itself, only where a Docker daemon answers.
const docker = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
const dockerReason = docker.error ? `docker is not installed (${docker.error.message})` : docker.status !== 0 ? `no Docker daemon answers (${(docker.stderr || docker.stdout).trim().split('\n').at(-1)})` : '';
if (dockerReason) console.log(`Skipping the image build: ${dockerReason}.`);
describe.skipIf(Boolean(dockerReason))('the image', () => {
  it('GIVEN Docker WHEN the image is built THEN it runs as a non-root user and carries the health check', () => {
    const tag = `cogsmith-test:${process.pid}`;
    const built = spawnSync('docker', ['build', '-t', tag, ROOT], { encoding: 'utf8', stdio: 'pipe' });
    expect(built.status, built.stderr).toBe(0);
    try {
      const inspect = JSON.parse(spawnSync('docker', ['image', 'inspect', tag], { encoding: 'utf8' }).stdout) as [{ Config: { User: string; Healthcheck: { Test: string[] } } }];
      expect(inspect[0].Config.User).toBe('node');
      expect(inspect[0].Config.Healthcheck.Test).toEqual(['CMD', 'node', 'docker/healthcheck.mjs']);
    } finally {
      spawnSync('docker', ['image', 'rm', '-f', tag]);
    }
  }, 900_000);
});
