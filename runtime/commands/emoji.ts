/**
 * Emoji values: a custom emoji `<:name:id>` / `<a:name:id>` or one unicode emoji (with modifiers, ZWJ
 * sequences and flags). The same object comes from text and from slash (a string option parsed here).
 */

/** An emoji option's value. */
export interface EmojiValue {
  /** The custom emoji's id, null for a unicode emoji. */
  id: string | null;
  /** The custom emoji's name, or the unicode emoji itself. */
  name: string;
  animated: boolean;
  /** How to write it in a message: `<:name:id>`, `<a:name:id>` or the unicode text. */
  text: string;
}

const CUSTOM = /^<(a?):(\w{2,32}):(\d{15,21})>$/;
// `v` flag: RGI_Emoji matches whole emoji sequences (keycaps, flags, ZWJ families, skin tones).
const UNICODE = new RegExp('^\\p{RGI_Emoji}$', 'v');
// Variation selector 16 is optional in what people type; Discord accepts emoji with or without it.
const VS16 = '\uFE0F';

/** Parses one emoji, or returns null. */
export function parseEmoji(raw: string): EmojiValue | null {
  const text = raw.trim();
  const custom = CUSTOM.exec(text);
  if (custom) {
    const animated = custom[1] === 'a';
    return { id: custom[3]!, name: custom[2]!, animated, text: `<${animated ? 'a' : ''}:${custom[2]}:${custom[3]}>` };
  }
  if (text.length === 0 || text.length > 64) return null;
  if (UNICODE.test(text) || UNICODE.test(text + VS16)) return { id: null, name: text, animated: false, text };
  return null;
}
