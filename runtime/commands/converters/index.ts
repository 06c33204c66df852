/**
 * Text converters: the one table from option type to converter, and `convertText`, which runs it.
 * Text input is converted from the raw word; slash input arrives typed from Discord and only goes through
 * the same checks (check-value.ts, channels.ts), so both routes hand the handler the same values and the
 * same messages. Each converter file holds one type or family and imports only the shared helpers
 * (label.ts, lookup.ts, check-value.ts, scope.ts); only this table imports the converters.
 */
import type { OptionSpec } from '../../contract/spec.js';
import type { OptionType } from '../../contract/enums.js';
import { Identifiers, UserInputError, shown } from '../errors.js';
import { typesOf } from '../option-shape.js';
import { convertAttachment } from './attachments.js';
import { parseBoolean } from './boolean.js';
import { convertChannel } from './channels.js';
import { convertCustom } from './custom.js';
import { convertDuration } from './duration.js';
import { convertEmoji } from './emoji.js';
import { label } from './label.js';
import { convertMember, convertMentionable, convertRole, convertUser } from './mentionables.js';
import { parseInteger, parseNumber } from './numbers.js';
import type { ConversionScope } from './scope.js';
import { convertSnowflake } from './snowflake.js';
import { convertString } from './text.js';

/** One option type's text converter, and how a message names a value of that type. */
interface TypeConverter {
  convert: (option: OptionSpec, raw: string, scope: ConversionScope) => unknown;
  /** `a whole number`, for "must be a member or a whole number". */
  article: string;
}

/** Every option type's converter; a type missing here (or one that is not an option type) does not compile. */
const CONVERTERS = {
  string: { convert: convertString, article: 'a text' },
  integer: { convert: parseInteger, article: 'a whole number' },
  number: { convert: parseNumber, article: 'a number' },
  boolean: { convert: parseBoolean, article: 'yes or no' },
  user: { convert: convertUser, article: 'a user' },
  member: { convert: convertMember, article: 'a member' },
  channel: { convert: convertChannel, article: 'a channel' },
  role: { convert: convertRole, article: 'a role' },
  mentionable: { convert: convertMentionable, article: 'a member, role or user' },
  emoji: { convert: convertEmoji, article: 'an emoji' },
  attachment: { convert: convertAttachment, article: 'an attachment' },
  duration: { convert: convertDuration, article: 'a duration' },
  snowflake: { convert: convertSnowflake, article: 'an id' },
} as const satisfies Record<OptionType, TypeConverter>;

/** Converts raw text as one given type. */
export async function convertAs(option: OptionSpec, type: OptionType, raw: string, scope: ConversionScope): Promise<unknown> {
  // A spec built by hand (run-time commands) is not type-checked against OPTION_TYPES.
  const entry: TypeConverter | undefined = CONVERTERS[type];
  if (!entry) throw new Error(`Unknown option type ${String(type)}`);
  return entry.convert(option, raw, scope);
}

/**
 * Converts one raw text word (or rest of line) to the option's value: through the cog's custom converter
 * when it names one, else each type of a union in order (the first that converts wins).
 */
export async function convertText(option: OptionSpec, raw: string, scope: ConversionScope): Promise<unknown> {
  if (option.converter !== undefined) return convertCustom(option, raw, scope);
  const types = typesOf(option);
  if (types.length === 1) return convertAs(option, types[0]!, raw, scope);
  const failures: UserInputError[] = [];
  for (const type of types) {
    try {
      return await convertAs(option, type, raw, scope);
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      // A name that is ambiguous for one type is not silently taken as another.
      if (error.identifier === Identifiers.Ambiguous) throw error;
      failures.push(error);
    }
  }
  throw new UserInputError(Identifiers.UnionNoMatch, `${label(option)} must be ${describeTypes(types)}; ${shown(raw)} is none of these.`, {
    option: option.name,
    raw,
    types,
    failures: failures.map((f) => f.identifier),
  });
}

/** `a member or a role` for messages. */
export function describeTypes(types: readonly OptionType[]): string {
  const words = types.map((t) => CONVERTERS[t].article);
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
