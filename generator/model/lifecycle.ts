/**
 * Normalizes a manifest's `tasks:`, `jobs:` and `dependsOn` into the runtime's TaskSpec, JobSpec and
 * `CogSpec.dependsOn`, and gives the type emitter each job's payload as TypeScript (config types, as
 * config fields have them).
 */
import type { CogSpec, JobSpec, TaskSpec } from '../../runtime/contract/spec.js';
import type { JobManifest, TaskManifest } from '../manifest.js';
import { pascalCase } from '../names.js';
import { tsTypeOf } from './config.js';
import { periodMsOf } from './duration.js';

/** The shortest `every` a task may have: a task running more often than once a second is almost certainly a mistake. */
export const MIN_TASK_PERIOD_MS = 1000;

/** How long an unload waits for a running task run when the manifest says nothing. */
export const DEFAULT_STOP_TIMEOUT_MS = 5000;

/** One job kind as the type emitter needs it. */
export interface JobModel {
  spec: JobSpec;
  /** e.g. `ModUnbanJobPayload`. */
  payloadType: string;
  /** The payload's fields with their TypeScript types, in manifest order. */
  fields: { key: string; tsType: string }[];
}

/** The TaskSpecs of a manifest's tasks (bad periods were reported by the checks, so the model is not built). */
export function buildTaskSpecs(tasks: readonly TaskManifest[]): TaskSpec[] {
  return tasks.map((task) => {
    const everyMs = periodMsOf(task.every, 'every');
    const spec: TaskSpec = {
      name: task.name,
      description: task.description ?? '',
      ...(everyMs !== undefined ? { everyMs } : {}),
      atStart: everyMs === undefined ? true : (task.atStart ?? false),
      stopTimeoutMs: periodMsOf(task.stopTimeout, 'stopTimeout') ?? DEFAULT_STOP_TIMEOUT_MS,
    };
    return spec;
  });
}

/** The job kinds of a manifest; `prefix` is the cog's PascalCase name. */
export function buildJobModels(jobs: readonly JobManifest[], prefix: string): JobModel[] {
  return jobs.map((job) => ({
    spec: { name: job.name, description: job.description ?? '', userFields: [...(job.userFields ?? [])] },
    payloadType: `${prefix}${pascalCase(job.name)}JobPayload`,
    fields: Object.entries(job.payload).map(([key, type]) => ({ key, tsType: tsTypeOf(type) })),
  }));
}

/**
 * The job kinds whose payloads name users, as prose (``remind` (`userId`)`), or undefined when none do. The
 * runtime removes such jobs on a data-deletion request for the user (from `JobSpec.userFields`).
 */
export function jobsNamingUsers(spec: Pick<CogSpec, 'jobs'>): string | undefined {
  const naming = (spec.jobs ?? []).filter((job) => job.userFields.length > 0);
  if (naming.length === 0) return undefined;
  return naming.map((job) => `\`${job.name}\` (${job.userFields.map((f) => `\`${f}\``).join(', ')})`).join(', ');
}
