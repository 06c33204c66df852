/** Numeric options: `integer` (whole, within Number's safe range) and `number` (finite), both within bounds. */
import type { OptionSpec } from '../../contract/spec.js';
import { Identifiers, UserInputError, shown } from '../errors.js';
import { checkValue } from './check-value.js';
import { label } from './label.js';

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** Parses a whole number; rejects decimals, words and integers beyond Number's safe range. */
export function parseInteger(option: OptionSpec, raw: string): number {
  const text = raw.trim();
  if (!INTEGER.test(text)) {
    throw new UserInputError(Identifiers.IntegerInvalid, `${label(option)} must be a whole number, got ${shown(raw)}.`, { option: option.name, raw });
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value)) {
    throw new UserInputError(
      Identifiers.IntegerUnsafe,
      `${label(option)} must be a whole number between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}, got ${shown(raw)}.`,
      { option: option.name, raw },
    );
  }
  return checkValue(option, value === 0 ? 0 : value, raw) as number;
}

/** Parses a finite decimal number (no hex, no Infinity, no NaN). */
export function parseNumber(option: OptionSpec, raw: string): number {
  const text = raw.trim();
  const value = NUMBER.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value)) {
    throw new UserInputError(Identifiers.NumberInvalid, `${label(option)} must be a number, got ${shown(raw)}.`, { option: option.name, raw });
  }
  return checkValue(option, value === 0 ? 0 : value, raw) as number;
}
