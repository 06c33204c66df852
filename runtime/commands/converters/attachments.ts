/**
 * Attachment options by text. A file never comes from words: text-options.ts takes the message's
 * attachments in order before any word is read. A word reaches this converter only inside a union
 * (`type: [attachment, …]`), where it is refused so the next type can be tried.
 */
import type { OptionSpec } from '../../contract/spec.js';
import { Identifiers, UserInputError } from '../errors.js';
import { label } from './label.js';

/** Refuses a word given for an attachment, telling the user to attach the file. */
export function convertAttachment(option: OptionSpec): never {
  throw new UserInputError(Identifiers.MissingArgument, `${label(option)} is a file: attach it to the message.`, { option: option.name });
}
