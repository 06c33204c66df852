/**
 * Normalizes manifest options into OptionSpec (unions, lists, channel kinds, duration bounds in
 * milliseconds, converters, autocomplete) and builds their slash JSON. How an option travels by slash is
 * decided by runtime/commands/option-shape.ts, which the runtime reads too, so both sides always agree.
 */
import { ApplicationCommandOptionType } from 'discord.js';
import type { OptionSpec, OptionType } from '../../runtime/contract/spec.js';
import { channelTypesOf } from '../../runtime/commands/channel-kinds.js';
import { formatDuration } from '../../runtime/support/duration.js';
import { slashTypeOf, typesOf } from '../../runtime/commands/option-shape.js';
import type { ManifestOptionType, OptionManifest } from '../manifest.js';
import { manifestDuration } from './duration.js';

/** Default bounds of a `list: true` option. */
export const DEFAULT_LIST = { min: 1, max: 25 } as const;

/** The option's types as the runtime knows them (`choice` is a string with choices). */
export function normalizedTypes(type: ManifestOptionType | ManifestOptionType[]): OptionType[] {
  return (Array.isArray(type) ? type : [type]).map((t) => (t === 'choice' ? 'string' : t));
}

/** A duration bound or default in milliseconds (the checks refused anything else before the model runs). */
function durationMs(value: unknown, key: string): number {
  const ms = manifestDuration(value, key);
  return typeof ms === 'number' ? ms : NaN;
}

/** Builds the normalized OptionSpec of a manifest option. */
export function buildOption(option: OptionManifest): OptionSpec {
  const types = normalizedTypes(option.type);
  const isDuration = types.length === 1 && types[0] === 'duration';
  const spec: OptionSpec = {
    name: option.name,
    description: option.description,
    type: types[0]!,
    required: option.required !== false,
    rest: option.rest === true,
  };
  if (types.length > 1) spec.union = types;
  if (option.default !== undefined) spec.default = isDuration ? durationMs(option.default, 'default') : option.default;
  if (option.choices) spec.choices = option.choices.map((c) => (typeof c === 'object' ? { name: c.name, value: c.value } : { name: String(c), value: c }));
  if (option.min !== undefined) spec.min = isDuration ? durationMs(option.min, 'min') : Number(option.min);
  if (option.max !== undefined) spec.max = isDuration ? durationMs(option.max, 'max') : Number(option.max);
  if (option.minLength !== undefined) spec.minLength = option.minLength;
  if (option.maxLength !== undefined) spec.maxLength = option.maxLength;
  if (option.channelKinds) spec.channelKinds = [...option.channelKinds];
  if (option.units) spec.durationUnits = [...option.units];
  if (option.list !== undefined && option.list !== false) {
    const list = option.list === true ? {} : option.list;
    spec.list = { min: list.min ?? DEFAULT_LIST.min, max: list.max ?? Math.max(DEFAULT_LIST.max, list.min ?? 1) };
  }
  if (option.converter !== undefined) spec.converter = option.converter;
  if (option.autocomplete === true) spec.autocomplete = true;
  return spec;
}

/** One option's part of a usage line: `<member>`, `[count=1]`, `<text...>`, `<targets>...`. */
export function usagePart(option: OptionSpec): string {
  const name = `${option.name}${option.rest ? '...' : ''}`;
  const more = option.list ? '...' : '';
  if (option.required) return `<${name}>${more}`;
  return option.default !== undefined ? `[${name}=${shownDefault(option)}]${more}` : `[${name}]${more}`;
}

function shownDefault(option: OptionSpec): string {
  return option.type === 'duration' && typeof option.default === 'number' ? formatDuration(option.default) : String(option.default);
}

/** What help says about an option's type and modifiers, e.g. `member or role, optional`. */
export function optionFacts(option: OptionSpec, converterDescription?: string): string {
  const facts: string[] = [option.converter ? (converterDescription ?? option.converter) : typesOf(option).join(' or ')];
  if (option.list) facts.push(`${option.list.min} to ${option.list.max} values`);
  if (!option.required) facts.push(option.default !== undefined ? `optional, default ${shownDefault(option)}` : 'optional');
  if (option.choices) facts.push(`one of ${option.choices.map((c) => c.name).join(', ')}`);
  if (option.channelKinds) facts.push(`${option.channelKinds.join('/')} channels`);
  if (option.durationUnits) facts.push(`units ${option.durationUnits.join(', ')}`);
  const duration = option.type === 'duration';
  if (option.min !== undefined) facts.push(`at least ${duration ? formatDuration(option.min) : option.min}`);
  if (option.max !== undefined) facts.push(`at most ${duration ? formatDuration(option.max) : option.max}`);
  if (option.minLength !== undefined) facts.push(`${option.minLength}+ characters`);
  if (option.maxLength !== undefined) facts.push(`up to ${option.maxLength} characters`);
  if (option.rest) facts.push('rest of the line');
  return facts.join(', ');
}

/** Discord's JSON for one option. Bounds and choices go to Discord only for native options. */
export function slashOptionJson(option: OptionSpec): Record<string, unknown> {
  const type = slashTypeOf(option);
  const out: Record<string, unknown> = { type, name: option.name, description: option.description, required: option.required };
  const nativeScalar = !option.list && !option.converter && !option.union && (option.type === 'string' || option.type === 'integer' || option.type === 'number');
  if (nativeScalar) {
    if (option.choices) out.choices = option.choices.map((c) => ({ name: c.name, value: c.value }));
    if (option.min !== undefined) out.min_value = option.min;
    if (option.max !== undefined) out.max_value = option.max;
    if (option.minLength !== undefined) out.min_length = option.minLength;
    if (option.maxLength !== undefined) out.max_length = option.maxLength;
  }
  if (type === ApplicationCommandOptionType.Channel && option.channelKinds) out.channel_types = channelTypesOf(option.channelKinds);
  if (option.autocomplete) out.autocomplete = true;
  return out;
}
