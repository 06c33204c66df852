/**
 * The checks a typed value gets whichever route it came by: choices, number bounds, string lengths.
 * Text converters run them after parsing; slash options, which arrive typed, run only them.
 */
import type { OptionSpec } from '../../contract/spec.js';
import { Identifiers, UserInputError, shown } from '../errors.js';
import { label } from './label.js';

/**
 * Checks a string, integer or number against the option's choices, bounds and lengths. A string that
 * names a choice (case-insensitive) becomes that choice's value. Returns the value to use.
 */
export function checkValue(option: OptionSpec, value: string | number | boolean, raw: string = String(value)): string | number | boolean {
  if (option.choices && option.choices.length > 0) {
    const hit =
      option.choices.find((c) => c.value === value) ??
      (typeof value === 'string' ? option.choices.find((c) => c.name.toLowerCase() === value.toLowerCase() || String(c.value).toLowerCase() === value.toLowerCase()) : undefined);
    if (!hit) {
      const list = option.choices.map((c) => '`' + String(c.value) + '`').join(', ');
      throw new UserInputError(Identifiers.ChoiceInvalid, `${label(option)} must be one of ${list}, got ${shown(raw)}.`, {
        option: option.name,
        raw,
        choices: option.choices.map((c) => c.value),
      });
    }
    return hit.value;
  }
  if (typeof value === 'number') {
    if (option.min !== undefined && value < option.min) {
      throw new UserInputError(Identifiers.NumberTooSmall, `${label(option)} must be at least ${option.min}, got ${shown(raw)}.`, { option: option.name, raw, min: option.min });
    }
    if (option.max !== undefined && value > option.max) {
      throw new UserInputError(Identifiers.NumberTooLarge, `${label(option)} must be at most ${option.max}, got ${shown(raw)}.`, { option: option.name, raw, max: option.max });
    }
  }
  if (typeof value === 'string') {
    const length = [...value].length;
    if (option.minLength !== undefined && length < option.minLength) {
      throw new UserInputError(
        Identifiers.StringTooShort,
        `${label(option)} must be at least ${option.minLength} characters long, got ${length}.`,
        { option: option.name, raw, minLength: option.minLength, length },
      );
    }
    if (option.maxLength !== undefined && length > option.maxLength) {
      throw new UserInputError(
        Identifiers.StringTooLong,
        `${label(option)} must be at most ${option.maxLength} characters long, got ${length}.`,
        { option: option.name, raw, maxLength: option.maxLength, length },
      );
    }
  }
  return value;
}
