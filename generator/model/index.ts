/**
 * The one normalized model of all cogs: per cog the runtime's CogSpec (emitted as is) plus what the
 * type emitters need (handler keys, options interface names, the typed config tree).
 */
import type { CogSpec, CommandSpec, ListenerSpec, TaskSpec } from '../../runtime/contract/spec.js';
import type { LoadedManifest } from '../load.js';
import { optionsTypeName, pascalCase } from '../names.js';
import type { ProblemList } from '../problems.js';
import { buildCommandSpecs, buildSlashCommands } from './commands.js';
import { allGroups, buildConfigModel, buildConfigSpec, type ConfigModel } from './config.js';
import { applyChecks } from './checks.js';
import { buildJobModels, buildTaskSpecs, type JobModel } from './lifecycle.js';
import { applyPrivileges, buildUserDataSpec } from './privilege.js';

export interface CommandModel {
  spec: CommandSpec;
  /** e.g. `SettingsPrefixOptions`. */
  optionsType: string;
}

export interface CogModel {
  folder: string;
  /** Manifest file relative to the root. */
  source: string;
  /** PascalCase cog name, the prefix of its generated type names. */
  typePrefix: string;
  spec: CogSpec;
  /** Every command and subcommand, depth first. */
  commands: CommandModel[];
  listeners: ListenerSpec[];
  /** Background tasks (empty: none). */
  tasks: TaskSpec[];
  /** Job kinds with their payload types (empty: none). */
  jobs: JobModel[];
  config: ConfigModel;
}

/** Builds the model of every cog (sorted by name); name clashes in generated types go to `problems`. */
export function buildModel(cogs: readonly LoadedManifest[], problems: ProblemList): CogModel[] {
  return [...cogs]
    .sort((a, b) => (a.manifest.name < b.manifest.name ? -1 : 1))
    .map((cog) => {
      const { manifest } = cog;
      const typePrefix = pascalCase(manifest.name);
      const commandSpecs = buildCommandSpecs(manifest.commands ?? [], manifest.guildOnly);
      applyPrivileges(commandSpecs, manifest);
      applyChecks(commandSpecs, manifest);
      const listeners: ListenerSpec[] = (manifest.listeners ?? []).map((l) => ({ event: l.event, handler: l.handler, once: l.once ?? false }));
      const config = buildConfigModel(manifest.config, typePrefix);
      const seen = new Map<string, string>();
      for (const group of [...config.scopes.map((s) => s.group), ...config.custom.map((c) => c.group)].flatMap(allGroups)) {
        const other = seen.get(group.typeName);
        const label = group.at.join('.');
        if (other !== undefined) problems.error(cog.file, cog.locate, group.at, `config groups \`${other}\` and \`${label}\` would both generate \`${group.typeName}Group\`; rename one`, { key: true });
        else seen.set(group.typeName, label);
      }
      const spec: CogSpec = {
        name: manifest.name,
        identifier: manifest.identifier,
        description: manifest.description,
        dataStatement: manifest.dataStatement,
        source: cog.file,
        commands: commandSpecs,
        listeners,
        config: buildConfigSpec(manifest.config),
        slashCommands: buildSlashCommands(commandSpecs),
      };
      if (manifest.privilege) spec.privilege = manifest.privilege;
      const userData = buildUserDataSpec(manifest.userData);
      if (userData) spec.userData = userData;
      const tasks = buildTaskSpecs(manifest.tasks ?? []);
      const jobs = buildJobModels(manifest.jobs ?? [], typePrefix);
      if (tasks.length > 0) spec.tasks = tasks;
      if (jobs.length > 0) spec.jobs = jobs.map((j) => j.spec);
      if (manifest.dependsOn && manifest.dependsOn.length > 0) spec.dependsOn = [...manifest.dependsOn];
      if (manifest.converters && manifest.converters.length > 0) spec.converters = manifest.converters.map((c) => ({ name: c.name, description: c.description, produces: c.produces, ...(c.from ? { from: c.from } : {}) }));
      const flat = (list: CommandSpec[]): CommandSpec[] => list.flatMap((c) => [c, ...flat(c.subcommands)]);
      return {
        folder: cog.folder,
        source: cog.file,
        typePrefix,
        spec,
        commands: flat(commandSpecs).map((c) => ({ spec: c, optionsType: optionsTypeName(c.path) })),
        listeners,
        tasks,
        jobs,
        config,
      };
    });
}
