/**
 * The `check` phase: a cog's handlers module must fit its spec before anything of it goes live — every
 * command, listener, check, task and job the manifest declares has its function, and the hooks that are
 * there are functions. Generated types catch this at compile time; this catches stale or hand-made code.
 */
import type { CommandSpec } from '../contract/spec.js';
import { predicateNames } from '../permissions/manifest-checks.js';
import { CogLoadError } from './errors.js';
import type { CogImplementation, CogRegistryEntry } from './module.js';

export type AnyImplementation = CogImplementation<Record<string, unknown>, Record<string, unknown>, unknown>;

export const HOOKS = ['setup', 'onLoad', 'onUnload', 'handOver', 'beforeInvoke', 'afterInvoke', 'onCommandError', 'onDeleteUserData', 'onExportUserData'] as const;

function* walkCommands(commands: readonly CommandSpec[]): Generator<CommandSpec> {
  for (const c of commands) {
    yield c;
    yield* walkCommands(c.subcommands);
  }
}

/** Throws a CogLoadError (phase `check`) naming the first thing `implementation` lacks. */
export function checkImplementation(entry: CogRegistryEntry, implementation: unknown): asserts implementation is AnyImplementation {
  const { spec } = entry;
  const fail = (why: string): never => {
    throw new CogLoadError(spec.name, `Cog "${spec.name}" (${spec.source}): ${why}`, { phase: 'check' });
  };
  if (typeof implementation !== 'object' || implementation === null) fail('its handlers module has no default export object.');
  const impl = implementation as AnyImplementation;
  const table = (key: 'commands' | 'listeners' | 'checks' | 'tasks' | 'jobs') => ((impl as unknown as Record<string, unknown>)[key] ?? {}) as Record<string, unknown>;
  const commands = table('commands');
  for (const command of walkCommands(spec.commands)) {
    if (command.handler !== null && typeof commands[command.handler] !== 'function') {
      fail(`the handler "${command.handler}" for command \`${command.path.join(' ')}\` is missing from its handlers.`);
    }
  }
  const listeners = table('listeners');
  for (const listener of spec.listeners) {
    if (typeof listeners[listener.handler] !== 'function') fail(`the listener "${listener.handler}" for event ${listener.event} is missing from its handlers.`);
  }
  const predicates = table('checks');
  for (const name of predicateNames(spec.commands)) {
    if (typeof predicates[name] !== 'function') fail(`the check "${name}" its manifest names is missing from its handlers (checks.${name}).`);
  }
  const tasks = table('tasks');
  for (const task of spec.tasks ?? []) {
    if (typeof tasks[task.name] !== 'function') fail(`the task "${task.name}" its manifest declares is missing from its handlers (tasks.${task.name}).`);
  }
  const jobs = table('jobs');
  for (const job of spec.jobs ?? []) {
    if (typeof jobs[job.name] !== 'function') fail(`the job "${job.name}" its manifest declares is missing from its handlers (jobs.${job.name}).`);
  }
  for (const hook of HOOKS) {
    if (impl[hook] !== undefined && typeof impl[hook] !== 'function') fail(`${hook} must be a function.`);
  }
}
