/**
 * Checks of the option modifiers added with the full option set: unions, `choice`, channel kinds, duration
 * units and bounds, greedy lists, custom converters and autocomplete; and the cog's converter declarations.
 */
import type { LoadedManifest } from '../load.js';
import type { OptionManifest } from '../manifest.js';
import { normalizedTypes } from '../model/options.js';
import type { ManifestPath, ProblemList, Report } from '../problems.js';
import { manifestDuration } from '../model/duration.js';

const MAX_LIST = 100;

/** Checks one option's modifiers against its type. */
export function checkOptionModifiers(option: OptionManifest, path: ManifestPath, where: { slash: boolean; converters: readonly string[] }, err: Report): void {
  const declared = Array.isArray(option.type) ? option.type : [option.type];
  const types = normalizedTypes(option.type);
  const union = declared.length > 1;
  const has = (t: string) => types.includes(t as never);

  if (union) {
    for (const t of declared) {
      if (t === 'attachment' || t === 'choice') err([...path, 'type'], `\`${t}\` cannot be part of a union`);
    }
    const stringAt = declared.indexOf('string');
    if (stringAt >= 0 && stringAt !== declared.length - 1) err([...path, 'type'], '`string` accepts any text, so in a union it must come last');
    for (const key of ['default', 'choices', 'converter', 'autocomplete', 'min', 'max', 'minLength', 'maxLength'] as const) {
      if (option[key] !== undefined) err([...path, key], `\`${key}\` does not apply to a union`, true);
    }
  }
  if (declared[0] === 'choice' && !union && option.choices === undefined) err([...path, 'type'], '`choice` needs `choices`');
  if (option.channelKinds !== undefined && !has('channel')) err([...path, 'channelKinds'], '`channelKinds` applies to channel options', true);
  if (option.units !== undefined && !has('duration')) err([...path, 'units'], '`units` applies to duration options', true);

  if (has('duration') && !union) {
    const bounds: Partial<Record<'min' | 'max', number>> = {};
    for (const bound of ['min', 'max'] as const) {
      const value = option[bound];
      if (value === undefined) continue;
      const ms = manifestDuration(value, bound);
      if (typeof ms !== 'number') err([...path, bound], ms.error);
      else bounds[bound] = ms;
    }
    if (bounds.min !== undefined && bounds.max !== undefined && bounds.min > bounds.max) err([...path, 'max'], '`max` is below `min`');
    if (option.default !== undefined) {
      const ms = manifestDuration(option.default, 'default', option.units);
      if (typeof ms !== 'number') err([...path, 'default'], ms.error);
    }
  }

  if (option.list !== undefined && option.list !== false) {
    if (typeof option.list === 'object') {
      const { min = 1, max } = option.list;
      if (max !== undefined && max < min) err([...path, 'list', 'max'], '`list.max` is below `list.min`');
      if (max !== undefined && max > MAX_LIST) err([...path, 'list', 'max'], `a list takes at most ${MAX_LIST} values`);
    }
    if (option.rest === true) err([...path, 'rest'], '`rest` and `list` do not go together: a list already takes the remaining words', true);
    for (const key of ['default', 'choices', 'autocomplete'] as const) {
      if (option[key] !== undefined) err([...path, key], `\`${key}\` does not apply to a list`, true);
    }
    if (has('attachment') && where.slash) err([...path, 'list'], 'a slash option holds one attachment: declare several attachment options instead of a list', true);
  }

  if (option.converter !== undefined) {
    if (!where.converters.includes(option.converter)) {
      const known = where.converters.length > 0 ? where.converters.map((c) => `\`${c}\``).join(', ') : 'none';
      err([...path, 'converter'], `converter \`${option.converter}\` is not declared in \`converters\` (declared: ${known})`);
    }
    if (union || declared[0] !== 'string') err([...path, 'type'], 'an option with a `converter` has `type: string` (the converter receives the text)');
    for (const key of ['choices', 'minLength', 'maxLength', 'autocomplete'] as const) {
      if (option[key] !== undefined) err([...path, key], `\`${key}\` does not apply to an option with a converter`, true);
    }
  }

  if (option.autocomplete === true) {
    if (!where.slash) err([...path, 'autocomplete'], '`autocomplete` applies to slash and hybrid commands', true);
    if (union || !['string', 'integer', 'number'].includes(declared[0]!)) err([...path, 'autocomplete'], '`autocomplete` applies to string, integer and number options', true);
    if (option.choices !== undefined) err([...path, 'autocomplete'], '`autocomplete` and `choices` do not go together (Discord refuses both)', true);
  }

  if (has('attachment') && option.rest === true) err([...path, 'rest'], '`rest` applies to string options only', true);
}

/** Checks a cog's converter declarations: unique names, `from` with a type name, and use by some option. */
export function checkConverters(cogs: readonly LoadedManifest[], problems: ProblemList): void {
  for (const cog of cogs) {
    const converters = cog.manifest.converters ?? [];
    const used = new Set<string>();
    const visit = (commands: readonly { options?: OptionManifest[]; subcommands?: { options?: OptionManifest[]; subcommands?: unknown[] }[] }[]): void => {
      for (const command of commands) {
        for (const option of command.options ?? []) if (option.converter) used.add(option.converter);
        visit((command.subcommands ?? []) as never);
      }
    };
    visit(cog.manifest.commands ?? []);
    const seen = new Set<string>();
    converters.forEach((converter, i) => {
      const at = ['converters', i];
      if (seen.has(converter.name)) problems.error(cog.file, cog.locate, [...at, 'name'], `converter \`${converter.name}\` is declared twice`);
      seen.add(converter.name);
      if (converter.from !== undefined && !/^[A-Za-z_$][\w$]*$/.test(converter.produces)) {
        problems.error(cog.file, cog.locate, [...at, 'produces'], 'with `from`, `produces` is the name of a type that module exports');
      }
      if (!used.has(converter.name)) problems.warn(cog.file, cog.locate, [...at, 'name'], `converter \`${converter.name}\` is not used by any option`);
    });
  }
}
