/**
 * Turns the words after a text command into the handler's typed options object, in declaration order.
 * A rest-of-line option takes the remaining raw text; leftover words are an error, not silently dropped.
 */
import type { CommandSpec, OptionSpec } from '../cogs/spec.js';
import { convertText, type ConversionScope } from './converters.js';
import { Identifiers, UserInputError, shown } from './errors.js';
import type { ArgumentReader } from './tokenizer.js';

function missing(option: OptionSpec): UserInputError {
  return new UserInputError(Identifiers.MissingArgument, `\`${option.name}\` is required.`, { option: option.name });
}

/** Value of an option that was left out: its default, or undefined. */
export function absentValue(option: OptionSpec): unknown {
  return option.default;
}

/** Reads and converts every option of `command` from `reader`. Throws UserInputError on bad input. */
export async function parseTextOptions(command: CommandSpec, reader: ArgumentReader, scope: ConversionScope): Promise<Record<string, unknown>> {
  const options: Record<string, unknown> = {};
  for (const option of command.options) {
    let raw: string | null;
    if (option.rest) {
      const text = reader.rest();
      raw = text.length > 0 ? text : null;
    } else {
      raw = reader.next()?.value ?? null;
    }
    if (raw === null) {
      if (option.required) throw missing(option);
      const value = absentValue(option);
      if (value !== undefined) options[option.name] = value;
      continue;
    }
    options[option.name] = await convertText(option, raw, scope);
  }
  if (!reader.done) {
    const extra = reader.rest();
    throw new UserInputError(Identifiers.TooManyArguments, `Too many arguments: ${shown(extra)} was not expected.`, { extra });
  }
  return options;
}
