/**
 * Checks of `tasks:` and `jobs:` beyond the schema: names are identifiers (each is a handler key) and
 * unique in the cog; periods parse and `every` is at least a second; a start-up task cannot opt out of
 * starting; payload types are complete, as config types; every `userFields` entry names a payload field
 * of type snowflake or string.
 */
import { didYouMean } from '../../runtime/support/did-you-mean.js';
import type { LoadedManifest } from '../load.js';
import type { ConfigTypeManifest, JobManifest, TaskManifest } from '../manifest.js';
import { pascalCase } from '../names.js';
import { manifestPeriod } from '../model/duration.js';
import { MIN_TASK_PERIOD_MS } from '../model/lifecycle.js';
import type { ProblemList, Report } from '../problems.js';
import { configKeyPattern } from '../schema.js';
import { checkType } from './config.js';

const IDENTIFIER = new RegExp(configKeyPattern);

/** Checks the tasks and jobs of every manifest. */
export function checkTasksAndJobs(cogs: readonly LoadedManifest[], problems: ProblemList): void {
  for (const cog of cogs) {
    const err: Report = (path, message, key = false) => problems.error(cog.file, cog.locate, path, message, { key });
    checkNames(cog.manifest.tasks ?? [], 'tasks', 'task', err);
    checkNames(cog.manifest.jobs ?? [], 'jobs', 'job', err);
    (cog.manifest.tasks ?? []).forEach((task, i) => checkTask(task, ['tasks', i], err));
    (cog.manifest.jobs ?? []).forEach((job, i) => checkJob(job, ['jobs', i], err));
    checkPayloadTypeNames(cog.manifest.jobs ?? [], err);
  }
}

// Each job's payload type is named after it (`<Cog><Job>JobPayload`): `un_ban` and `unBan` would share one.
function checkPayloadTypeNames(jobs: readonly JobManifest[], err: Report): void {
  const seen = new Map<string, string>();
  jobs.forEach(({ name }, i) => {
    const typeName = `${pascalCase(name)}JobPayload`;
    const other = seen.get(typeName);
    if (other !== undefined && other !== name) err(['jobs', i, 'name'], `jobs \`${other}\` and \`${name}\` would both generate the payload type \`…${typeName}\`; rename one`);
    else seen.set(typeName, name);
  });
}

function checkNames(entries: readonly { name: string }[], section: string, what: string, err: Report): void {
  const seen = new Set<string>();
  entries.forEach(({ name }, i) => {
    const at = [section, i, 'name'];
    if (!IDENTIFIER.test(name)) err(at, `${what} name \`${name}\` must be an identifier (letters, digits and \`_\`, not starting with a digit): it is the key of its handler in handlers.ts`);
    else if (seen.has(name)) err(at, `${what} \`${name}\` is declared twice in this cog`);
    seen.add(name);
  });
}

/** An unload waits this long at most for a running task: longer would hold reloads and shutdowns. */
const MAX_STOP_TIMEOUT_MS = 10 * 60_000;

function checkTask(task: TaskManifest, at: (string | number)[], err: Report): void {
  if (task.every !== undefined) {
    const everyMs = manifestPeriod(task.every, 'every');
    if (typeof everyMs !== 'number') err([...at, 'every'], everyMs.error);
    else if (everyMs < MIN_TASK_PERIOD_MS) err([...at, 'every'], `\`every\` must be at least 1 second, got ${JSON.stringify(task.every)}`);
  } else if (task.atStart === false) {
    err([...at, 'atStart'], `task \`${task.name}\` has no \`every\`, so it is a start-up task that runs once after onLoad: remove \`atStart: false\`, or give it an \`every\``);
  }
  if (task.stopTimeout !== undefined) {
    const stopMs = manifestPeriod(task.stopTimeout, 'stopTimeout');
    if (typeof stopMs !== 'number') err([...at, 'stopTimeout'], stopMs.error);
    else if (stopMs > MAX_STOP_TIMEOUT_MS) {
      err([...at, 'stopTimeout'], `\`stopTimeout\` must be at most 10 minutes (an unload, a reload and a shutdown wait that long for the task), got ${JSON.stringify(task.stopTimeout)}`);
    }
  }
}

function checkJob(job: JobManifest, at: (string | number)[], err: Report): void {
  for (const [field, type] of Object.entries(job.payload)) checkType(type, [...at, 'payload', field], err, { configApi: false });
  (job.userFields ?? []).forEach((path, i) => {
    const found = payloadField(job.payload, path);
    if ('error' in found) err([...at, 'userFields', i], `\`${path}\` is not a payload field of job \`${job.name}\`: ${found.error}`);
    else if (found.type !== 'snowflake' && found.type !== 'string') {
      err([...at, 'userFields', i], `\`${path}\` is of type \`${found.type}\`; userFields name payload fields of type \`snowflake\` or \`string\` that hold a user id`);
    }
  });
}

/** The payload field a dotted path names, through `object` fields; what is wrong otherwise (with a did-you-mean). */
function payloadField(payload: JobManifest['payload'], path: string): ConfigTypeManifest | { error: string } {
  let fields: Record<string, ConfigTypeManifest> = payload;
  const segments = path.split('.');
  for (const [i, segment] of segments.entries()) {
    const found = fields[segment];
    if (!found) {
      const guess = didYouMean(segment, Object.keys(fields));
      return { error: `${i === 0 ? 'the payload' : `\`${segments.slice(0, i).join('.')}\``} has no field \`${segment}\`${guess ? `; did you mean \`${guess}\`?` : ''}` };
    }
    if (i === segments.length - 1) return found;
    if (found.type !== 'object') return { error: `\`${segments.slice(0, i + 1).join('.')}\` is of type \`${found.type}\`, not an object with fields` };
    fields = found.fields ?? {};
  }
  return { error: 'the path is empty' };
}
