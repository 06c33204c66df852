/** Options with `converter:`: the cog's own converter from handlers.ts, its refusals named for the option. */
import type { OptionSpec } from '../../contract/spec.js';
import { ConversionFailure, Identifiers, UserInputError } from '../errors.js';
import { label } from './label.js';
import type { ConversionScope } from './scope.js';

/** Runs the cog's converter; its ConversionFailure becomes a user-input error naming the option. */
export async function convertCustom(option: OptionSpec, raw: string, scope: ConversionScope): Promise<unknown> {
  const converter = scope.converters?.[option.converter!];
  if (typeof converter !== 'function') throw new Error(`The cog does not implement the converter \`${option.converter}\` that option \`${option.name}\` uses.`);
  if (!scope.user) throw new Error('A custom converter needs the invoking user in the conversion scope.');
  try {
    return await converter(raw, { client: scope.client, guild: scope.guild, user: scope.user, channelId: scope.channelId ?? null, route: scope.route ?? 'text' });
  } catch (error) {
    if (error instanceof UserInputError) throw error;
    if (!(error instanceof ConversionFailure)) throw error;
    throw new UserInputError(Identifiers.ConverterFailed, `${label(option)}: ${error.message}`, { option: option.name, raw, converter: option.converter });
  }
}
