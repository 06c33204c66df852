/**
 * The part of `generated/cogs/<cog>/types.ts` about the cog's life beyond commands: one payload type per
 * job kind, `<Cog>JobPayloads`, the cog's handle `<Cog>Handle` (what hooks, listeners, tasks and jobs get,
 * and `ctx.cog`), and the task and job handler interfaces `handlers.ts` must provide.
 */
import { StructureKind, type StatementStructures } from 'ts-morph';
import type { CogModel } from '../model/index.js';
import { propertyName } from '../names.js';
import { formatDuration } from '../../runtime/support/duration.js';
import { docText } from './source.js';

/** Names of the generated lifecycle types of a cog. */
export function lifecycleTypeNames(model: CogModel) {
  const p = model.typePrefix;
  return { handle: `${p}Handle`, jobPayloads: `${p}JobPayloads`, tasks: `${p}TaskHandlers`, jobs: `${p}JobHandlers` };
}

/** The names `types.ts` imports from runtime/cogs/module.ts for these statements. */
export function lifecycleImports(model: CogModel): string[] {
  return ['CogHandle', ...(model.tasks.length > 0 ? ['TaskHandler'] : []), ...(model.jobs.length > 0 ? ['JobHandler'] : [])];
}

/**
 * The payload types and the handle: every cog has a handle, with no job kinds when it declares none.
 * Payloads are type literals, not interfaces: only an object type with an implicit index signature is a
 * JsonObject (what `CogHandle` requires of each payload).
 */
export function handleStatements(model: CogModel, configType: string): (string | StatementStructures)[] {
  const names = lifecycleTypeNames(model);
  const statements: (string | StatementStructures)[] = model.jobs.map((job) => {
    const users = job.spec.userFields.length > 0 ? ` User ids in ${job.spec.userFields.map((f) => `\`${f}\``).join(', ')}.` : '';
    const doc = `The payload of job \`${job.spec.name}\`${job.spec.description ? `: ${job.spec.description}` : '.'}${users}`;
    return typeLiteral(job.payloadType, doc, job.fields.map((f) => [f.key, f.tsType]));
  });
  statements.push(
    model.jobs.length === 0
      ? typeLiteral(names.jobPayloads, 'The manifest declares no jobs: `cog.jobs.schedule` accepts none.', [])
      : typeLiteral(names.jobPayloads, 'The payload of each job kind, by name: what `cog.jobs.schedule(at, name, payload)` accepts.', model.jobs.map((j) => [j.spec.name, j.payloadType])),
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: names.handle,
      type: `CogHandle<${configType}, ${names.jobPayloads}>`,
      docs: ['The cog\'s handle: what its hooks, listeners, tasks and jobs receive, and `ctx.cog` in its commands.'],
    },
  );
  return statements;
}

/** `export type Name = { key: type; ... };` one member per line (`Record<string, never>` when empty). */
function typeLiteral(name: string, doc: string, members: [string, string][]): string {
  const body = members.length === 0 ? 'Record<string, never>' : `{\n${members.map(([key, type]) => `  ${propertyName(key)}: ${type};`).join('\n')}\n}`;
  return `/** ${docText(doc)} */\nexport type ${name} = ${body};`;
}

/** The task and job handler interfaces (only for what the manifest declares). */
export function handlerStatements(model: CogModel): StatementStructures[] {
  const names = lifecycleTypeNames(model);
  const statements: StatementStructures[] = [];
  if (model.tasks.length > 0) {
    statements.push({
      kind: StructureKind.Interface,
      isExported: true,
      name: names.tasks,
      docs: ['The background tasks declared in the manifest, by name.'],
      properties: model.tasks.map((task) => ({
        name: propertyName(task.name),
        type: `TaskHandler<${names.handle}>`,
        docs: [docText(`${task.description ? `${task.description} ` : ''}${whenTaskRuns(task)}.`)],
      })),
    });
  }
  if (model.jobs.length > 0) {
    statements.push({
      kind: StructureKind.Interface,
      isExported: true,
      name: names.jobs,
      docs: ['The job kinds declared in the manifest, by name; a handler that returns normally removes its job.'],
      properties: model.jobs.map((job) => ({
        name: propertyName(job.spec.name),
        type: `JobHandler<${names.handle}, ${job.payloadType}>`,
        ...(job.spec.description ? { docs: [docText(job.spec.description)] } : {}),
      })),
    });
  }
  return statements;
}

/** The properties the `<Cog>Cog` type requires for tasks and jobs, e.g. `tasks: ModTaskHandlers`. */
export function requiredLifecycleMembers(model: CogModel): string[] {
  const names = lifecycleTypeNames(model);
  return [...(model.tasks.length > 0 ? [`tasks: ${names.tasks}`] : []), ...(model.jobs.length > 0 ? [`jobs: ${names.jobs}`] : [])];
}

function whenTaskRuns(task: CogModel['tasks'][number]): string {
  if (task.everyMs === undefined) return 'Runs once, after onLoad';
  return `Runs every ${formatDuration(task.everyMs)}${task.atStart ? ', and once after onLoad' : ''}`;
}
