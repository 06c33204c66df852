/**
 * User-input errors: failures caused by what someone typed. They are data (a stable identifier and a
 * context) so they can be tested and later localized; `message` is the English rendering shown to the user.
 */
import { CogsmithError, type ErrorCode } from '../contract/errors.js';

/** Stable identifiers of user-input failures. */
export const Identifiers = {
  MissingArgument: 'missingArgument',
  TooManyArguments: 'tooManyArguments',
  UnclosedQuote: 'unclosedQuote',
  ExpectedSpaceAfterQuote: 'expectedSpaceAfterQuote',
  IntegerInvalid: 'integerInvalid',
  IntegerUnsafe: 'integerUnsafe',
  NumberInvalid: 'numberInvalid',
  NumberTooSmall: 'numberTooSmall',
  NumberTooLarge: 'numberTooLarge',
  BooleanInvalid: 'booleanInvalid',
  StringTooShort: 'stringTooShort',
  StringTooLong: 'stringTooLong',
  ChoiceInvalid: 'choiceInvalid',
  UserNotFound: 'userNotFound',
  MemberNotFound: 'memberNotFound',
  Ambiguous: 'ambiguous',
  ChannelNotFound: 'channelNotFound',
  RoleNotFound: 'roleNotFound',
  GuildOnly: 'guildOnly',
  ChannelWrongKind: 'channelWrongKind',
  MentionableNotFound: 'mentionableNotFound',
  EmojiInvalid: 'emojiInvalid',
  DurationInvalid: 'durationInvalid',
  DurationUnitNotAllowed: 'durationUnitNotAllowed',
  DurationTooShort: 'durationTooShort',
  DurationTooLong: 'durationTooLong',
  SnowflakeInvalid: 'snowflakeInvalid',
  UnionNoMatch: 'unionNoMatch',
  ListTooShort: 'listTooShort',
  ListTooLong: 'listTooLong',
  ConverterFailed: 'converterFailed',
  /** A slash option arrived as another type than the manifest declares (an older registration, a malformed payload). */
  OptionTypeMismatch: 'optionTypeMismatch',
  AttachmentNotFound: 'attachmentNotFound',
} as const;

export type Identifier = (typeof Identifiers)[keyof typeof Identifiers];

/** A failure the user can fix by typing something else. Never logged as a bug. */
export class UserInputError extends CogsmithError {
  static override readonly code: ErrorCode = 'USER_INPUT';
  constructor(
    readonly identifier: Identifier,
    message: string,
    readonly context: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/**
 * Thrown by a cog's custom converter to reject input; the runtime turns it into a UserInputError
 * (`converterFailed`) that names the option, so converters need not know option names.
 */
export class ConversionFailure extends CogsmithError {
  static override readonly code: ErrorCode = 'CONVERSION_FAILURE';
}

const MAX_SHOWN = 80;

/** Renders user text inside backticks safely: no backticks to break out, long input shortened. */
export function shown(text: string): string {
  const flat = text.replace(/`/g, "'").replace(/\s+/g, ' ');
  const cut = [...flat];
  const short = cut.length > MAX_SHOWN ? cut.slice(0, MAX_SHOWN - 1).join('') + '…' : flat;
  return '`' + (short.length === 0 ? ' ' : short) + '`';
}
