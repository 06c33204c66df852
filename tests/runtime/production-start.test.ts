/**
 * The production start: `npm start` (runtime/host/launch.mjs) on a project built by `npm run build`, in a
 * copy of this project whose node_modules holds only what `npm ci --omit=dev` installs (the lock file's
 * production packages: no vite, typescript or generator tooling), as real processes
 * against the simulator. It runs the compiled build with plain Node, says so, answers, reloads rebuilt code,
 * and loads nothing of PostgreSQL, the simulator, the generator or a transformer (a module trace of the
 * process); a changed source makes it refuse (no transformer there) or, where vite is installed, fall back
 * to the sources with the reason.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../runtime/testing/simulator.js';
import type { GuildHandle, MemberHandle } from '../../runtime/testing/handles.js';
import { productionPackages } from '../helpers/lockfile.js';
import { exitCode, ROOT, StartRuns } from '../helpers/npm-start.js';

const TRACER = join(ROOT, 'tests/helpers/module-trace.mjs');
const PROJECT_PARTS = ['runtime', 'generated', 'cogs', 'generator', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
let dir: string;
/** The project with the production packages only, and the build made in `full`. */
let lean: string;
/** The same project with every package, built by `npm run build`. */
let full: string;
let sim: Simulator;
let guild: GuildHandle;
let owner: MemberHandle;
const runs = new StartRuns();

/** A copy of the project's sources; node_modules links the packages of this one that `keep` says. */
function copyProject(to: string, keep: (name: string) => boolean): void {
  mkdirSync(join(to, 'node_modules'), { recursive: true });
  for (const part of PROJECT_PARTS) cpSync(join(ROOT, part), join(to, part), { recursive: true });
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry.startsWith('.')) continue;
    // Scoped packages: a folder of their own holding each package.
    const names = entry.startsWith('@') ? readdirSync(join(ROOT, 'node_modules', entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names.filter(keep)) {
      mkdirSync(join(to, 'node_modules', name, '..'), { recursive: true });
      symlinkSync(join(ROOT, 'node_modules', name), join(to, 'node_modules', name));
    }
  }
}

function instance(root: string): string {
  const file = join(root, 'bot.config.yaml');
  writeFileSync(file, `cogs: [core, general]\nstorage:\n  driver: json\n  path: ${JSON.stringify(join(root, 'data'))}\n`);
  return file;
}

const env = (root: string) => ({ COGSMITH_CONFIG: instance(root), DISCORD_TOKEN: sim.token, COGSMITH_DISCORD_API: sim.apiUrl, COGSMITH_LOG_FORMAT: 'pretty' });

async function say(text: string): Promise<string> {
  const sent = await sim.say(guild.general, owner, text);
  return (await sim.waitForMessage({ channelId: guild.general, after: sent, from: 'bot', timeoutMs: 20_000 })).content;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cogsmith-prod-start-'));
  lean = join(dir, 'lean');
  full = join(dir, 'full');
  copyProject(full, () => true);
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: full, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}${built.stderr}`);
  const production = productionPackages(ROOT).topLevel;
  expect(production.has('discord.js') && !production.has('vite') && !production.has('typescript')).toBe(true);
  copyProject(lean, (name) => production.has(name));
  cpSync(join(full, 'dist'), join(lean, 'dist'), { recursive: true });
  sim = await Simulator.start();
  guild = sim.createGuild({ name: 'Production' });
  owner = sim.createMember(guild, { username: 'owner', user: sim.owner });
}, 180_000);

afterEach(() => runs.cleanup());

afterAll(async () => {
  await sim?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('npm start on the compiled build', () => {
  it('GIVEN a current build and only the production packages WHEN npm start runs with json storage THEN plain Node runs dist/, says so, answers and reloads rebuilt code, loading nothing of PostgreSQL, the simulator, the generator or a transformer', async () => {
    const trace = join(dir, 'modules.txt');
    const run = runs.start({ ...env(lean), COGSMITH_MODULE_TRACE: trace }, [], { root: lean, node: ['--import', TRACER] });
    await run.waitFor(/Ready: logged in/);
    expect(run.output()).toMatch(/Running the compiled build in dist\/ \(built \d{4}-\d\d-\d\dT[\d:.]+Z\)\./);
    expect(await say('!ping')).toMatch(/^Pong!/);
    const handlers = join(lean, 'dist/cogs/general/handlers.js');
    writeFileSync(handlers, readFileSync(handlers, 'utf8').replaceAll('Pong!', 'Pong from the rebuilt code!'));
    expect(await say('!reload general')).toBe('Reloaded: `general`.');
    expect(await say('!ping')).toMatch(/^Pong from the rebuilt code!/);
    run.child.kill('SIGTERM');
    expect(await exitCode(run)).toBe(0);

    const modules = readFileSync(trace, 'utf8').split('\n');
    // The trace works: it saw the compiled runtime and discord.js.
    expect(modules.some((url) => url.endsWith('/dist/runtime/bot.js'))).toBe(true);
    expect(modules.some((url) => url.includes('/node_modules/discord.js/'))).toBe(true);
    const unwanted = /\/node_modules\/(drizzle-orm|pg|pg-[a-z]+|@electric-sql|vite|rolldown|esbuild|typescript|ts-morph|handlebars|prom-client)\/|\/dist\/runtime\/(testing|sandbox|drivers\/postgres|dev)\/|\/dist\/generator\/|\.ts$/;
    expect(modules.filter((url) => unwanted.test(url))).toEqual([]);
  }, 120_000);

  it('GIVEN .env files in the project and the instance folder THEN the token and API come from them, a variable already set wins, and the project file wins over the instance folder', async () => {
    const instanceDir = mkdtempSync(join(dir, 'instance-'));
    const config = join(instanceDir, 'bot.config.yaml');
    writeFileSync(config, `cogs: [general]\nstorage:\n  driver: json\n  path: ${JSON.stringify(join(instanceDir, 'data'))}\n`);
    // Only the instance folder's .env has the token; the API comes from the environment over the .env's.
    writeFileSync(join(instanceDir, '.env'), `DISCORD_TOKEN=${sim.token}\nCOGSMITH_DISCORD_API=http://127.0.0.1:9/api\n`);
    const fromInstance = runs.start({ COGSMITH_CONFIG: config, COGSMITH_DISCORD_API: sim.apiUrl, COGSMITH_LOG_FORMAT: 'pretty' }, [], { root: lean });
    await fromInstance.waitFor(/Ready: logged in/);
    expect(fromInstance.output()).toContain(`connecting to the Discord API at ${sim.apiUrl} with the token from the DISCORD_TOKEN environment variable`);
    expect(fromInstance.output()).not.toContain(sim.token);
    expect(await say('!ping')).toMatch(/^Pong/);
    fromInstance.child.kill('SIGTERM');
    expect(await exitCode(fromInstance)).toBe(0);

    // The project's .env is read first, so its API wins over the instance folder's (no environment variable now).
    writeFileSync(join(lean, '.env'), `COGSMITH_DISCORD_API=${sim.apiUrl}\n`);
    try {
      const fromProject = runs.start({ COGSMITH_CONFIG: config, COGSMITH_LOG_FORMAT: 'pretty' }, [], { root: lean });
      await fromProject.waitFor(/Ready: logged in/);
      expect(fromProject.output()).toContain(`connecting to the Discord API at ${sim.apiUrl}`);
      fromProject.child.kill('SIGTERM');
      expect(await exitCode(fromProject)).toBe(0);
    } finally {
      rmSync(join(lean, '.env'));
    }
  }, 120_000);

  it('GIVEN a source touched without a change THEN the build is still current; GIVEN a source changed and no vite THEN npm start exits 1 naming the file and how to build', async () => {
    const bot = join(lean, 'runtime/bot.ts');
    const later = new Date(Date.now() + 60_000);
    utimesSync(bot, later, later);
    const touched = runs.start(env(lean), [], { root: lean });
    await touched.waitFor(/Ready: logged in/);
    expect(touched.output()).toContain('Running the compiled build in dist/');
    touched.child.kill('SIGTERM');
    expect(await exitCode(touched)).toBe(0);

    writeFileSync(bot, `${readFileSync(bot, 'utf8')}\n// changed after the build\n`);
    const stale = runs.start(env(lean), [], { root: lean });
    expect(await exitCode(stale)).toBe(1);
    expect(stale.output()).toMatch(/Cannot start runtime\/cli\/start\.ts: the build in dist\/ \(built [^)]+\) is out of date: runtime\/bot\.ts changed; `npm run build` updates it, and the TypeScript sources cannot run here because vite \(a dev dependency\) is not installed/);
    expect(stale.output()).toContain('npm ci && npm run build');
  }, 120_000);

  it('GIVEN vite installed and a source changed since the build WHEN npm start runs THEN it runs the sources through vite with a line saying why', async () => {
    const general = join(full, 'cogs/general/handlers.ts');
    writeFileSync(general, `${readFileSync(general, 'utf8')}\n// changed after the build\n`);
    const run = runs.start(env(full), [], { root: full });
    await run.waitFor(/Ready: logged in/);
    expect(run.output()).toMatch(/Running the TypeScript sources through vite: the build in dist\/ \(built [^)]+\) is out of date: cogs\/general\/handlers\.ts changed; `npm run build` updates it\./);
    expect(await say('!ping')).toMatch(/^Pong!/);
    run.child.kill('SIGTERM');
    expect(await exitCode(run)).toBe(0);
  }, 120_000);
});
