import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.js';
import type { CogSpec } from '../../runtime/contract/spec.js';
import { formatProblem } from '../../runtime/support/yaml-source.js';
import { tempProject, type TempProject } from './helpers/project.js';

const HEAD = 'name: timers\nidentifier: 12\ndescription: Timers.\ndataStatement: Keeps reminders until they are due.\n';

const TASKS_AND_JOBS = `${HEAD}tasks:
  - { name: sweep, description: Drops old entries., every: 1h30m }
  - { name: heartbeat, every: 30s, atStart: true, stopTimeout: 1m }
  - { name: warmUp }
jobs:
  - name: remind
    description: Sends a reminder.
    payload:
      userId: { type: snowflake }
      text: { type: string }
    userFields: [userId]
  - { name: expire, payload: { key: { type: string } } }
`;

let project: TempProject | undefined;
afterEach(() => {
  project?.cleanup();
  project = undefined;
});

async function generated(manifest: string): Promise<TempProject> {
  const p = tempProject();
  p.write('cogs/timers/cog.yaml', manifest);
  const result = await generate({ root: p.root });
  expect(result.errors).toEqual([]);
  return p;
}

// Each import gets its own URL: the module cache would otherwise serve an earlier test's file.
let imports = 0;
async function importFrom<T>(p: TempProject, path: string): Promise<T> {
  return (await import(`${pathToFileURL(p.path(path)).href}?v=${(imports += 1)}`)) as T;
}

describe('tasks and jobs in the spec', () => {
  it('GIVEN tasks THEN periods are milliseconds, a task without `every` runs at start, and the stop timeout defaults to 5s', async () => {
    project = await generated(TASKS_AND_JOBS);
    const { spec } = await importFrom<{ spec: CogSpec }>(project, 'generated/cogs/timers/spec.ts');
    expect(spec.tasks).toEqual([
      { name: 'sweep', description: 'Drops old entries.', everyMs: 5_400_000, atStart: false, stopTimeoutMs: 5000 },
      { name: 'heartbeat', description: '', everyMs: 30_000, atStart: true, stopTimeoutMs: 60_000 },
      { name: 'warmUp', description: '', atStart: true, stopTimeoutMs: 5000 },
    ]);
    expect(spec.jobs).toEqual([
      { name: 'remind', description: 'Sends a reminder.', userFields: ['userId'] },
      { name: 'expire', description: '', userFields: [] },
    ]);
  });

  it('GIVEN a cog without tasks, jobs or dependencies THEN its spec has none of those keys', async () => {
    project = await generated(HEAD);
    const { spec } = await importFrom<{ spec: CogSpec }>(project, 'generated/cogs/timers/spec.ts');
    expect(['tasks', 'jobs', 'dependsOn'].filter((key) => key in spec)).toEqual([]);
  });
});

describe('task and job stubs in handlers.ts', () => {
  it('GIVEN a new cog WHEN generating THEN handlers.ts has a stub per task and job that logs a warning and returns', async () => {
    project = await generated(TASKS_AND_JOBS);
    const handlers = (await importFrom<{ default: { tasks: Record<string, (cog: unknown, run: unknown) => Promise<unknown>>; jobs: Record<string, (cog: unknown, job: unknown) => Promise<unknown>> } }>(project, 'cogs/timers/handlers.ts')).default;
    expect(Object.keys(handlers.tasks)).toEqual(['sweep', 'heartbeat', 'warmUp']);
    expect(Object.keys(handlers.jobs)).toEqual(['remind', 'expire']);
    const warnings: string[] = [];
    const cog = { logger: { warn: (message: string) => void warnings.push(message) } };

    expect(await handlers.tasks.sweep!(cog, { signal: new AbortController().signal, dueAt: 0, count: 0 })).toBeUndefined();
    expect(await handlers.jobs.remind!(cog, { id: 'j1', job: 'remind', payload: { userId: '1', text: 'hi' }, dueAt: 0, createdAt: 0 })).toBeUndefined();

    expect(warnings).toEqual([
      'task `sweep` is not implemented yet (stub `tasks.sweep` in cogs/timers/handlers.ts)',
      'job `remind` is not implemented yet (stub `jobs.remind` in cogs/timers/handlers.ts)',
    ]);
  });

  it('GIVEN implemented tasks WHEN a task and a job are added THEN only their stubs are added and every written body is kept', async () => {
    project = await generated(`${HEAD}tasks:\n  - { name: sweep, every: 10m }\n`);
    const implemented = project.read('cogs/timers/handlers.ts').replace(/sweep: async \(cog, _run\) => \{[\s\S]*?\n {4}\},/, "sweep: async (cog) => {\n      cog.logger.info('swept'); // mine\n    },");
    project.write('cogs/timers/handlers.ts', implemented);
    project.write('cogs/timers/cog.yaml', `${HEAD}tasks:\n  - { name: sweep, every: 10m }\n  - { name: warmUp }\njobs:\n  - { name: expire, payload: {} }\n`);

    const result = await generate({ root: project.root });

    expect(result.stubs).toEqual(['timers.warmUp', 'timers.expire']);
    const after = project.read('cogs/timers/handlers.ts');
    expect(after).toContain("sweep: async (cog) => {\n      cog.logger.info('swept'); // mine\n    },\n    warmUp: async (cog, _run) => {");
    expect(after).toContain("  jobs: {\n    expire: async (cog, _job) => {\n      cog.logger.warn('job `expire` is not implemented yet");
    expect(after.startsWith(implemented.slice(0, implemented.indexOf("// mine")))).toBe(true);
  });

  it('GIVEN a task handler whose task left the manifest WHEN generating THEN it is reported and left in place', async () => {
    project = await generated(`${HEAD}tasks:\n  - { name: sweep, every: 10m }\n  - { name: gone }\n`);
    project.write('cogs/timers/cog.yaml', `${HEAD}tasks:\n  - { name: sweep, every: 10m }\n`);
    const before = project.read('cogs/timers/handlers.ts');

    const result = await generate({ root: project.root });

    expect(result.warnings.map(formatProblem)).toEqual([
      'cogs/timers/handlers.ts:13:5 task `gone` has no task in the manifest (left in place; delete it or add the task back)',
    ]);
    expect(project.read('cogs/timers/handlers.ts')).toBe(before);
  });
});
