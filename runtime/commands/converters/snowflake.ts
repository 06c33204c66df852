/** Snowflake options: a raw Discord id, taken from a bare id or from inside any mention. */
import type { OptionSpec } from '../../contract/spec.js';
import { Identifiers, UserInputError, shown } from '../errors.js';
import { label } from './label.js';

const SNOWFLAKE = /^(?:<(?:@[!&]?|#)(\d{15,21})>|(\d{15,21}))$/;
const MAX_SNOWFLAKE = (1n << 64n) - 1n;

/** A raw Discord id (a bare id or the id inside any mention), without asking Discord about it. */
export function convertSnowflake(option: OptionSpec, raw: string): string {
  const m = SNOWFLAKE.exec(raw.trim());
  const id = m ? (m[1] ?? m[2])! : null;
  if (!id || BigInt(id) > MAX_SNOWFLAKE) {
    throw new UserInputError(Identifiers.SnowflakeInvalid, `${label(option)} must be a Discord id (15 to 21 digits) or a mention, got ${shown(raw)}.`, { option: option.name, raw });
  }
  return id;
}
