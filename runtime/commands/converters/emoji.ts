/**
 * Emoji options: one custom or unicode emoji, as an `EmojiValue`. The parsing stays in
 * runtime/commands/emoji.ts, outside this folder, because other layers use it too: the generator checks
 * manifest emoji with it, generated cog types import `EmojiValue` from there, and runtime/index.ts exports it.
 */
import type { OptionSpec } from '../../contract/spec.js';
import { parseEmoji, type EmojiValue } from '../emoji.js';
import { Identifiers, UserInputError, shown } from '../errors.js';
import { label } from './label.js';

/** A custom or unicode emoji. */
export function convertEmoji(option: OptionSpec, raw: string): EmojiValue {
  const emoji = parseEmoji(raw);
  if (!emoji) {
    throw new UserInputError(Identifiers.EmojiInvalid, `${label(option)} must be one emoji (a unicode emoji or a custom one like \`<:name:id>\`), got ${shown(raw)}.`, {
      option: option.name,
      raw,
    });
  }
  return emoji;
}
