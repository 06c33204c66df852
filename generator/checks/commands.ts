/**
 * Command and listener checks the schema cannot express: Discord's naming rules, option order and count,
 * slash nesting depth, defaults against types, and names that clash within or across cogs.
 */
import { Events } from 'discord.js';
import { didYouMean } from '../../runtime/support/did-you-mean.js';
import type { LoadedManifest } from '../load.js';
import type { CommandManifest, ManifestCommandKind, OptionManifest, SubcommandManifest } from '../manifest.js';
import { handlerKey, SLASH_NAME, TEXT_NAME } from '../names.js';
import type { OptionType } from '../../runtime/contract/spec.js';
import { RUNTIME_EVENTS } from '../../runtime/contract/enums.js';
import { parseEmoji } from '../../runtime/commands/emoji.js';
import { manifestDuration } from '../model/duration.js';
import { normalizedTypes } from '../model/options.js';
import { checkOptionModifiers } from './options.js';
import { checkLimits } from './limits.js';
import type { ManifestPath, ProblemList, Report } from '../problems.js';

/** Events values that are not typed client events (`raw` carries untyped gateway packets). */
export const UNTYPED_EVENTS = ['raw'] as const;

/** discord.js client event names a listener may use: the `Events` values that `ClientEvents` types. */
export const CLIENT_EVENTS: readonly string[] = [...new Set(Object.values(Events) as string[])]
  .filter((e) => !(UNTYPED_EVENTS as readonly string[]).includes(e))
  .sort();

/** Every event a listener may name: discord.js client events and the runtime's own (RUNTIME_EVENTS). */
export const LISTENER_EVENTS: readonly string[] = [...CLIENT_EVENTS, ...RUNTIME_EVENTS];

const MAX_OPTIONS = 25;

interface Visit {
  command: CommandManifest | SubcommandManifest;
  names: string[];
  at: ManifestPath;
  kind: ManifestCommandKind;
}

/** Every command and subcommand of a manifest, depth first, with its name path and manifest path. */
export function walkCommands(manifest: { commands?: CommandManifest[] }): Visit[] {
  const out: Visit[] = [];
  const visit = (command: CommandManifest | SubcommandManifest, names: string[], at: ManifestPath, kind: ManifestCommandKind) => {
    out.push({ command, names, at, kind });
    (command.subcommands ?? []).forEach((sub, i) => visit(sub, [...names, sub.name], [...at, 'subcommands', i], kind));
  };
  (manifest.commands ?? []).forEach((command, i) => visit(command, [command.name], ['commands', i], command.kind));
  return out;
}

/** Checks the commands and listeners of every manifest; cross-cog clashes are reported at the later cog. */
export function checkCommands(cogs: readonly LoadedManifest[], problems: ProblemList): void {
  const topLevel = new Map<string, { cog: string; where: string }>();
  for (const cog of cogs) {
    const { file, locate, manifest } = cog;
    const err = (path: ManifestPath, message: string, key = false) => problems.error(file, locate, path, message, { key });
    const keys = new Map<string, string>();
    for (const visit of walkCommands(manifest)) {
      const { command, names, at, kind } = visit;
      const slash = kind !== 'text';
      const depth = names.length;
      const label = names.join(' ');
      const hasSubs = (command.subcommands ?? []).length > 0;

      const pattern = slash ? SLASH_NAME : TEXT_NAME;
      if (!pattern.test(command.name)) {
        err([...at, 'name'], `${slash ? 'slash' : 'text'} command name \`${command.name}\` is refused${slash ? ' by Discord' : ''}: use 1–32 lowercase letters, digits, \`-\` or \`_\``);
      }
      if (slash && depth > 3) {
        err([...at, 'name'], `\`${label}\` is nested too deep for a slash command: Discord allows command → group → subcommand (two levels below the command)`);
      }
      if (hasSubs && slash && (command.options ?? []).length > 0) {
        err([...at, 'options'], `\`${label}\` has subcommands, so it cannot take options of its own as a slash command`);
      }
      if (command.invokable !== undefined && (slash || !hasSubs)) {
        err([...at, 'invokable'], slash ? '`invokable` applies to text groups only: a slash group cannot run by itself' : '`invokable` applies to groups (commands with subcommands)', true);
      }
      if (kind === 'slash' && (command.aliases ?? []).length > 0) {
        err([...at, 'aliases'], 'aliases apply to text and hybrid commands only', true);
      }

      // Sibling names (and aliases) must be unique; top-level ones across cogs too.
      const siblings = depth === 1 ? manifest.commands ?? [] : parentOf(manifest.commands ?? [], names).subcommands ?? [];
      const index = Number(at[at.length - 1]);
      const earlier = siblings.slice(0, index).flatMap((s) => [s.name, ...(s.aliases ?? [])]);
      for (const [j, name] of [command.name, ...(command.aliases ?? [])].entries()) {
        const path = j === 0 ? [...at, 'name'] : [...at, 'aliases', j - 1];
        if (earlier.includes(name)) err(path, `\`${[...names.slice(0, -1), name].join(' ')}\` is declared twice in this cog`);
        else if (depth === 1) {
          const other = topLevel.get(name);
          if (other && other.cog !== cog.folder) err(path, `command \`${name}\` is already declared by cog \`${other.cog}\` (${other.where})`);
        }
      }

      const runsHandler = !hasSubs || command.invokable === true;
      if (runsHandler) {
        const key = handlerKey(names);
        const clash = keys.get(key);
        if (clash !== undefined) err([...at, 'name'], `\`${label}\` and \`${clash}\` both get the handler key \`${key}\`; rename one`);
        else keys.set(key, label);
      }
      checkOptions(command.options ?? [], at, label, slash, err, (manifest.converters ?? []).map((c) => c.name));
      checkLimits(command, at, err);
    }
    for (const [i, command] of (manifest.commands ?? []).entries()) {
      for (const name of [command.name, ...(command.aliases ?? [])]) {
        if (!topLevel.has(name)) {
          const pos = locate(['commands', i, 'name']);
          topLevel.set(name, { cog: cog.folder, where: `${file}:${pos.line}:${pos.col}` });
        }
      }
    }
    checkListeners(cog, problems);
  }
}

function parentOf(commands: readonly SubcommandManifest[], names: readonly string[]): SubcommandManifest {
  let current: SubcommandManifest | undefined;
  let list = commands;
  for (const name of names.slice(0, -1)) {
    current = list.find((c) => c.name === name);
    list = current?.subcommands ?? [];
  }
  return current!;
}

function checkOptions(options: readonly OptionManifest[], at: ManifestPath, label: string, slash: boolean, err: Report, converters: readonly string[] = []): void {
  if (options.length > MAX_OPTIONS) {
    err([...at, 'options', MAX_OPTIONS], `\`${label}\` has ${options.length} options; Discord allows at most ${MAX_OPTIONS}`);
  }
  let firstOptional: string | undefined;
  const seen = new Set<string>();
  options.forEach((option, i) => {
    const path = [...at, 'options', i];
    const optional = option.required === false;
    // Unions and `choice` are checked by checkOptionModifiers; the rules below see the first type, `choice` as string.
    const type = normalizedTypes(option.type)[0]!;
    checkOptionModifiers(option, path, { slash, converters }, err);
    if (!SLASH_NAME.test(option.name)) {
      err([...path, 'name'], `option name \`${option.name}\` is refused${slash ? ' by Discord' : ''}: use 1–32 lowercase letters, digits, \`-\` or \`_\``);
    }
    if (seen.has(option.name)) err([...path, 'name'], `option \`${option.name}\` is declared twice in \`${label}\``);
    seen.add(option.name);
    if (!optional && firstOptional !== undefined) {
      err([...path, 'name'], `required option \`${option.name}\` comes after optional option \`${firstOptional}\`; required options go first`);
    }
    if (optional) firstOptional ??= option.name;
    if (option.default !== undefined && !optional) {
      err([...path, 'default'], `option \`${option.name}\` has a default, so it is optional: add \`required: false\``, true);
    }
    const numeric = type === 'integer' || type === 'number';
    // A duration's default is checked with its units and bounds (options.ts), with the manifest's hint for bare numbers.
    if (option.default !== undefined && type !== 'duration' && !matchesOptionType(option.default, type)) {
      err([...path, 'default'], `default ${JSON.stringify(option.default)} does not match type \`${type}\``);
    }
    if (option.choices !== undefined) {
      if (!numeric && type !== 'string') err([...path, 'choices'], `choices apply to string, integer and number options, not \`${type}\``, true);
      option.choices.forEach((choice, j) => {
        const value = typeof choice === 'object' ? choice.value : choice;
        if (!matchesOptionType(value, type)) {
          err([...path, 'choices', j], `choice ${JSON.stringify(value)} does not match type \`${type}\``);
        }
      });
      const values = option.choices.map((c) => (typeof c === 'object' ? c.value : c));
      if (option.default !== undefined && !values.includes(option.default as string | number)) {
        err([...path, 'default'], `default ${JSON.stringify(option.default)} is not one of the choices`);
      }
    }
    for (const bound of ['min', 'max'] as const) {
      if (option[bound] !== undefined && !numeric && type !== 'duration') err([...path, bound], `\`${bound}\` applies to integer, number and duration options`, true);
      else if (typeof option[bound] === 'string' && type !== 'duration') err([...path, bound], `\`${bound}\` must be a number, got ${JSON.stringify(option[bound])}`);
    }
    for (const bound of ['minLength', 'maxLength'] as const) {
      if (option[bound] !== undefined && type !== 'string') err([...path, bound], `\`${bound}\` applies to string options`, true);
    }
    if (numeric && typeof option.min === 'number' && typeof option.max === 'number' && option.min > option.max) err([...path, 'max'], '`max` is below `min`');
    if (option.minLength !== undefined && option.maxLength !== undefined && option.minLength > option.maxLength) {
      err([...path, 'maxLength'], '`maxLength` is below `minLength`');
    }
    if (option.rest === true) {
      if (type !== 'string') err([...path, 'rest'], '`rest` applies to string options only', true);
      else if (i !== options.length - 1) err([...path, 'rest'], '`rest` applies to the last option only', true);
    }
  });
}

function matchesOptionType(value: unknown, type: OptionType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'duration':
      return typeof manifestDuration(value, 'default') === 'number';
    case 'snowflake':
      return typeof value === 'string' && /^\d{15,21}$/.test(value);
    case 'emoji':
      return typeof value === 'string' && parseEmoji(value) !== null;
    default:
      // Discord entities have no literal default.
      return false;
  }
}

function checkListeners(cog: LoadedManifest, problems: ProblemList): void {
  const seen = new Set<string>();
  (cog.manifest.listeners ?? []).forEach((listener, i) => {
    const at = ['listeners', i];
    if (!LISTENER_EVENTS.includes(listener.event)) {
      const guess = didYouMean(listener.event, LISTENER_EVENTS);
      problems.error(cog.file, cog.locate, [...at, 'event'], `\`${listener.event}\` is not a discord.js client event or a runtime event (${RUNTIME_EVENTS.map((e) => `\`${e}\``).join(', ')})${guess ? `; did you mean \`${guess}\`?` : ''}`);
    }
    if (seen.has(listener.handler)) {
      problems.error(cog.file, cog.locate, [...at, 'handler'], `listener handler \`${listener.handler}\` is declared twice`);
    }
    seen.add(listener.handler);
  });
}
