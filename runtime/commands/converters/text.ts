/**
 * Text options: a `string` (lengths) and a manifest's `choice`, which the generator normalizes to a
 * `string` with `choices` (a choice named case-insensitively becomes its value).
 */
import type { OptionSpec } from '../../contract/spec.js';
import { checkValue } from './check-value.js';

/** The raw text itself, checked against the option's choices and lengths. */
export function convertString(option: OptionSpec, raw: string): string {
  return checkValue(option, raw, raw) as string;
}
