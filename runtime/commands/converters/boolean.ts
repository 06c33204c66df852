/** Boolean options, with the words Red accepts for yes and no. */
import type { OptionSpec } from '../../contract/spec.js';
import { Identifiers, UserInputError, shown } from '../errors.js';
import { label } from './label.js';

const TRUE_WORDS = new Set(['yes', 'y', 'true', 't', '1', 'on', 'enable', 'enabled']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'f', '0', 'off', 'disable', 'disabled']);

/** Parses yes/no, true/false, on/off, enable/disable, 1/0 (any case). */
export function parseBoolean(option: OptionSpec, raw: string): boolean {
  const word = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  throw new UserInputError(
    Identifiers.BooleanInvalid,
    `${label(option)} must be yes or no (or true/false, on/off, enable/disable, 1/0), got ${shown(raw)}.`,
    { option: option.name, raw },
  );
}
