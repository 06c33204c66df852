/**
 * A slash option as it came over the wire, read by the type the manifest declares and nothing else.
 * Discord checks types, bounds and choices against the registration it holds, which can be older than the
 * manifest (a client that has not reloaded since the command changed), and a payload can be malformed, so
 * the runtime trusts neither: the option's wire type must be the one option-shape.ts gives it, and its
 * value must be of that type (text, a safe whole number, a finite number, a boolean, an id). Anything
 * else is bad input, told to the user as the text route tells it, never a handler crash.
 */
import { ApplicationCommandOptionType, type CommandInteractionOption } from 'discord.js';
import type { OptionSpec } from '../contract/spec.js';
import { describeTypes } from './converters/index.js';
import { Identifiers, UserInputError, shown, type Identifier } from './errors.js';
import { slashTypeOf, typesOf } from './option-shape.js';

/** What each wire type is, as the user reads it after "got". */
const WIRE_NAMES: Partial<Record<ApplicationCommandOptionType, string>> = {
  [ApplicationCommandOptionType.String]: 'text',
  [ApplicationCommandOptionType.Integer]: 'a whole number',
  [ApplicationCommandOptionType.Number]: 'a number',
  [ApplicationCommandOptionType.Boolean]: 'a yes/no choice',
  [ApplicationCommandOptionType.User]: 'a user',
  [ApplicationCommandOptionType.Channel]: 'a channel',
  [ApplicationCommandOptionType.Role]: 'a role',
  [ApplicationCommandOptionType.Mentionable]: 'a user or role',
  [ApplicationCommandOptionType.Attachment]: 'a file',
};

const SNOWFLAKE = /^\d{15,21}$/;
const label = (option: OptionSpec) => '`' + option.name + '`';

/** A wire value shown to the user: text in quotes (so `"5"` and `5` differ), anything else as JSON. */
function rendered(value: unknown): string {
  if (typeof value === 'number') return shown(String(value));
  return shown(JSON.stringify(value) ?? String(value));
}

/** What the option expects, as in "`x` must be …". */
function expected(option: OptionSpec): string {
  return option.list ? 'a list of values separated by spaces' : describeTypes(typesOf(option));
}

/** Throws unless the option arrived as the wire type the manifest gives it. */
export function checkWireType(option: OptionSpec, raw: CommandInteractionOption): void {
  const wanted = slashTypeOf(option);
  if (raw.type === wanted) return;
  const what = raw.user?.username ?? raw.channel?.name ?? raw.role?.name ?? raw.attachment?.name ?? raw.value;
  const got = WIRE_NAMES[raw.type] ?? `an option of type ${Number(raw.type)}`;
  throw new UserInputError(
    Identifiers.OptionTypeMismatch,
    `${label(option)} must be ${expected(option)}, got ${got} (${typeof what === 'string' ? shown(what) : rendered(what)}). Your Discord app may be showing an older version of this command: reload it (Ctrl+R) and try again.`,
    { option: option.name, expected: wanted, got: raw.type },
  );
}

function refuse(option: OptionSpec, identifier: Identifier, what: string, value: unknown): never {
  throw new UserInputError(identifier, `${label(option)} must be ${what}, got ${rendered(value)}.`, { option: option.name, raw: value });
}

/** The value of a string option (its wire type already checked). */
export function wireString(option: OptionSpec, raw: CommandInteractionOption): string {
  if (typeof raw.value !== 'string') refuse(option, Identifiers.OptionTypeMismatch, 'a text', raw.value);
  return raw.value;
}

/** The value of an integer option: a whole number within Number's safe range. */
export function wireInteger(option: OptionSpec, raw: CommandInteractionOption): number {
  const { value } = raw;
  if (typeof value !== 'number' || !Number.isInteger(value)) refuse(option, Identifiers.IntegerInvalid, 'a whole number', value);
  if (!Number.isSafeInteger(value)) refuse(option, Identifiers.IntegerUnsafe, `a whole number between ${Number.MIN_SAFE_INTEGER} and ${Number.MAX_SAFE_INTEGER}`, value);
  return value === 0 ? 0 : value;
}

/** The value of a number option: finite. */
export function wireNumber(option: OptionSpec, raw: CommandInteractionOption): number {
  const { value } = raw;
  if (typeof value !== 'number' || !Number.isFinite(value)) refuse(option, Identifiers.NumberInvalid, 'a number', value);
  return value === 0 ? 0 : value;
}

/** The value of a boolean option. */
export function wireBoolean(option: OptionSpec, raw: CommandInteractionOption): boolean {
  if (typeof raw.value !== 'boolean') refuse(option, Identifiers.BooleanInvalid, 'yes or no', raw.value);
  return raw.value;
}

/**
 * The id an entity option (user, channel, role, mentionable, attachment) names, once its resolved entity
 * is known to be there: `found` false (nothing resolved under the id) throws `notFound`'s message.
 */
export function wireEntityId(option: OptionSpec, raw: CommandInteractionOption, found: boolean, notFound: { identifier: Identifier; what: string }): string {
  const { value } = raw;
  const id = typeof value === 'string' && SNOWFLAKE.test(value) ? value : null;
  if (id === null) refuse(option, notFound.identifier, notFound.what, value);
  if (!found) {
    throw new UserInputError(notFound.identifier, `${label(option)} must be ${notFound.what}; ${shown(id)} is not one.`, {
      option: option.name,
      raw: id,
    });
  }
  return id;
}
