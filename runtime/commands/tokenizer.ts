/**
 * Splits the text after a command into words the way Red / discord.py users expect: whitespace separates
 * words, double quotes (and typographic quotes) group words, a backslash escapes a quote or a backslash.
 * The reader is lazy so a rest-of-line option can take the remaining raw text untouched.
 */
import { Identifiers, UserInputError, shown } from './errors.js';

/** Opening quote → the closing quotes accepted for it. Single quotes are left alone (apostrophes). */
const QUOTES: Record<string, string[]> = {
  '"': ['"'],
  '“': ['”', '“', '"'],
  '„': ['“', '”', '"'],
  '‟': ['”', '"'],
  '«': ['»'],
  '‹': ['›'],
  '「': ['」'],
  '『': ['』'],
  '〝': ['〞'],
};

const ESCAPABLE = new Set(['\\', ...Object.keys(QUOTES), ...Object.values(QUOTES).flat()]);

/** One word read from the input, with where it was in the raw text. */
export interface Word {
  value: string;
  start: number;
  end: number;
  quoted: boolean;
}

const isSpace = (ch: string) => /\s/u.test(ch);

/** Reads words one at a time from `text`. */
export class ArgumentReader {
  private index = 0;

  constructor(readonly text: string) {}

  /** True when only whitespace is left. */
  get done(): boolean {
    this.skipSpace();
    return this.index >= this.text.length;
  }

  /** The raw text from the current position to the end, trimmed (quotes and escapes kept). */
  rest(): string {
    this.skipSpace();
    const raw = this.text.slice(this.index).trim();
    this.index = this.text.length;
    return raw;
  }

  /** Where the reader is, for `restore` (a lookahead of several words). */
  save(): number {
    return this.index;
  }

  /** Goes back to a position `save` returned. */
  restore(position: number): void {
    this.index = position;
  }

  /** Reads the next word without consuming it. */
  peek(): Word | null {
    const saved = this.index;
    try {
      return this.next();
    } finally {
      this.index = saved;
    }
  }

  /** Reads the next word, or null at the end. Throws a UserInputError for an unclosed quote. */
  next(): Word | null {
    this.skipSpace();
    const text = this.text;
    if (this.index >= text.length) return null;
    const start = this.index;
    const first = text[start]!;
    const closers = QUOTES[first];
    let value = '';
    if (closers) {
      let i = start + 1;
      while (i < text.length) {
        const ch = text[i]!;
        if (ch === '\\' && i + 1 < text.length && ESCAPABLE.has(text[i + 1]!)) {
          value += text[i + 1];
          i += 2;
          continue;
        }
        if (closers.includes(ch)) {
          const after = text[i + 1];
          if (after !== undefined && !isSpace(after)) {
            throw new UserInputError(
              Identifiers.ExpectedSpaceAfterQuote,
              `Expected a space after the closing quote in ${shown(text.slice(start, i + 2))}.`,
              { text: text.slice(start, i + 2) },
            );
          }
          this.index = i + 1;
          return { value, start, end: i + 1, quoted: true };
        }
        value += ch;
        i += 1;
      }
      throw new UserInputError(
        Identifiers.UnclosedQuote,
        `Missing a closing quote after ${shown(text.slice(start))}.`,
        { text: text.slice(start) },
      );
    }
    let i = start;
    while (i < text.length && !isSpace(text[i]!)) {
      const ch = text[i]!;
      if (ch === '\\' && i + 1 < text.length && ESCAPABLE.has(text[i + 1]!)) {
        value += text[i + 1];
        i += 2;
        continue;
      }
      value += ch;
      i += 1;
    }
    this.index = i;
    return { value, start, end: i, quoted: false };
  }

  private skipSpace(): void {
    while (this.index < this.text.length && isSpace(this.text[this.index]!)) this.index += 1;
  }
}

/** Splits a whole string into word values (convenience for tests and simple callers). */
export function splitWords(text: string): string[] {
  const reader = new ArgumentReader(text);
  const out: string[] = [];
  for (let word = reader.next(); word; word = reader.next()) out.push(word.value);
  return out;
}
