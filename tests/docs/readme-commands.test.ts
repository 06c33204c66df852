/**
 * Every command README.md shows, run as a new user would type it: commands are taken from the README itself
 * (lines of fenced `sh` blocks and inline code spans that start with npm, npx, node or docker, split at `&&`),
 * so a command added to the README is run here without anyone listing it. Each runs through `sh -c` in a
 * fresh copy of the project (node_modules linked, no data, no token in the environment) and must exit 0;
 * `npm start` and `npm run dev` get the sandbox chat's `!ping` on stdin and must answer it, then stop when
 * input ends. The commands that cannot run here are in SKIPPED, each with the reason and where it is tested.
 *
 * The tutorial's sample manifest error is checked the same way: the README's manifest with `min: two` must
 * make `npm run generate` print the error line the README shows.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/npm-start.js';

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** Commands a user cannot run here, with why and where the behaviour is tested instead. */
const SKIPPED: Record<string, string> = {
  'npm test': 'is this suite',
  'npm run bench': 'runs every benchmark for minutes; benchmarks print figures and never fail (bench/)',
  'DISCORD_TOKEN=... npm start': 'needs a real Discord token; the same start against the simulator: tests/core/exit-codes.test.ts, tests/sandbox/start.test.ts',
  'DISCORD_TOKEN=... npx cogsmith start demo': 'needs a real Discord token; an instance started against the simulator: tests/cli/cogsmith.test.ts',
  'npx cogsmith setup': 'asks its questions on a terminal; the prompts are driven in tests/cli/cogsmith.test.ts ("setup: interactive")',
  'npx cogsmith': 'the name of the command in a sentence, not a command to run',
  'npx cogsmith proxy --port 8080': 'runs until stopped (and port 8080 may be taken here); cogsmith proxy as a process: tests/scale/rest-proxy-start.test.ts, tests/scale/rest-limits-across-processes.test.ts',
  'npx cogsmith convert demo --to postgres --postgres-url postgres://bot:pw@db/bot': 'an example database URL; convert against a real PostgreSQL: tests/cli/cogsmith.test.ts',
};
/** A command written as a template (`[--name other]`, `…`, `N`) is a pattern to fill in, not a command to run. */
const TEMPLATE = /\[|…|\.\.\.|\bN\b/;
/** Prefixes of commands skipped as a family. */
const SKIPPED_PREFIXES: [string, string][] = [
  ['npm install', 'installs from the registry (and would replace the linked node_modules); the suite runs on the installed tree'],
  ['npm ci', 'reinstalls from the registry (and would remove the linked node_modules); the image build runs it (tests/docker)'],['docker ', 'needs a Docker daemon; the image is built in tests/docker/container.test.ts where one answers, the files are checked there without one']];
/** Commands that start the sandbox: they get `!ping` on stdin and must answer it. */
const SANDBOX = new Set(['npm start', 'npm run dev']);

/** The commands README.md shows, in order, each once. */
function readmeCommands(markdown: string): string[] {
  const found: string[] = [];
  const add = (text: string) => {
    for (const part of text.split('&&')) {
      const command = part.replace(/\s+#.*$/, '').trim();
      // A program and at least one argument: `node` alone (the image's user) is a name, not a command.
      if (/^(?:[A-Z_]+=\S+\s+)*(?:npm|npx|node|docker)\s+\S/.test(command) && !found.includes(command)) found.push(command);
    }
  };
  for (const [, lang, body] of markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```/gm)) {
    if (lang === 'sh' || lang === 'bash' || lang === 'shell') for (const line of body!.split('\n')) add(line);
  }
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '');
  // Code spans of any number of backticks (``a `b` c`` is one span), as Markdown reads them.
  for (const [, , span] of prose.matchAll(/(?<!`)(`+)(?!`)([^\n]+?)(?<!`)\1(?!`)/g)) add(span!.trim());
  return found;
}

function skipReason(command: string): string | undefined {
  return (
    SKIPPED[command] ??
    SKIPPED_PREFIXES.find(([prefix]) => command.startsWith(prefix))?.[1] ??
    (TEMPLATE.test(command) ? 'a template with placeholders to fill in; the command itself is run in its own tests' : undefined)
  );
}

let project: string;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'cogsmith-readme-'));
  const skip = new Set(['node_modules', '.git', 'data', 'dist', '.cogsmith', 'tmp', 'logs']);
  cpSync(ROOT, project, { recursive: true, filter: (source) => !skip.has(relative(ROOT, source).split('/')[0]!) });
  symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'dir');
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Runs a command as typed (sh -c) in the project copy; resolves with its exit code and output. */
function sh(command: string, input = ''): Promise<{ code: number | null; output: string }> {
  const env = { ...process.env };
  for (const name of Object.keys(env)) if (name === 'DISCORD_TOKEN' || name.startsWith('COGSMITH_') || name.startsWith('npm_') || name === 'VITEST' || name.startsWith('VITEST_')) delete env[name];
  // A home of its own, so `cogsmith` instances (and `~/backups`) land in the copy, not the user's folders.
  const home = join(project, '.home');
  Object.assign(env, { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local', 'share') });
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', command], { cwd: project, env, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`\`${command}\` did not end within 120 s; output:\n${output}`));
    }, 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
    child.stdin.end(input);
  });
}

const commands = readmeCommands(README);

describe('the commands README.md shows', () => {
  it('GIVEN the README THEN the commands found include the set-up, generate, migrations and start commands', () => {
    for (const expected of ['npm install', 'npm start', 'npm test', 'npm run dev', 'npm run generate', 'npm run generate -- --check', 'npm run migrations -- status']) {
      expect(commands).toContain(expected);
    }
    expect(readmeCommands('```sh\nnpm ci && npm start   # note\n```\nthen `npm run x -- --y`, the user `node` and ``not `npm` this``\n')).toEqual(['npm ci', 'npm start', 'npm run x -- --y']);
  });

  for (const command of commands) {
    const reason = skipReason(command);
    if (reason) {
      // Skipped on purpose: the reason (from SKIPPED, SKIPPED_PREFIXES or TEMPLATE above) is in the title.
      it.skip(`${command} (skipped: ${reason})`, () => undefined);
      continue;
    }
    it(`GIVEN a fresh copy of the project WHEN \`${command}\` runs THEN it exits 0${SANDBOX.has(command) ? ' and the sandbox answers !ping' : ''}`, async () => {
      const { code, output } = await sh(command, SANDBOX.has(command) ? '!ping\n' : '');
      expect(code, output).toBe(0);
      if (SANDBOX.has(command)) expect(output).toMatch(/cogsmith-bot \(reply to you\): Pong!/);
    }, 150_000);
  }
});

describe('the tutorial (README "Five minutes")', () => {
  it('GIVEN the README manifest with `min: two` WHEN npm run generate runs THEN it prints the error line the README shows and writes nothing', async () => {
    const manifest = /create `cogs\/dice\/cog\.yaml`:\n\n```yaml\n([\s\S]*?)```/.exec(README.replace(/^ {3}/gm, ''))?.[1];
    expect(manifest, 'the tutorial manifest').toBeDefined();
    const shown = /``(cogs\/dice\/cog\.yaml:\d+:\d+ [^\n]+?)``/.exec(README)?.[1];
    expect(shown, 'the sample error in the README').toBeDefined();
    expect(README).toContain('had you written `min: two`');
    mkdirSync(join(project, 'cogs/dice'), { recursive: true });
    writeFileSync(join(project, 'cogs/dice/cog.yaml'), manifest!.replace('min: 2\n', 'min: two\n'));
    try {
      const { code, output } = await sh('npm run generate');
      expect(code).toBe(1);
      expect(output.split('\n')).toContain(shown);
      expect(output).toContain('nothing was written');
    } finally {
      rmSync(join(project, 'cogs/dice'), { recursive: true, force: true });
    }
  }, 150_000);
});
