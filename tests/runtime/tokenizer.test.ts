import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../runtime/commands/errors.js';
import { matchPrefix } from '../../runtime/commands/prefix.js';
import { ArgumentReader, splitWords } from '../../runtime/commands/tokenizer.js';

describe('splitWords (Red-like quoting)', () => {
  it('splits on any whitespace and ignores repeats', () => {
    expect(splitWords('  a  b\tc\nd ')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('returns nothing for empty or blank input', () => {
    expect(splitWords('')).toEqual([]);
    expect(splitWords('   ')).toEqual([]);
  });

  it('groups words inside double quotes', () => {
    expect(splitWords('give "John Smith" 5')).toEqual(['give', 'John Smith', '5']);
  });

  it('accepts typographic quotes as typed on phones', () => {
    expect(splitWords('“hello there” „guten tag“ «bonjour toi»')).toEqual(['hello there', 'guten tag', 'bonjour toi']);
  });

  it('keeps an empty quoted word', () => {
    expect(splitWords('"" x')).toEqual(['', 'x']);
  });

  it('unescapes quotes and backslashes inside and outside quotes', () => {
    expect(splitWords('"say \\"hi\\"" a\\"b c\\\\d')).toEqual(['say "hi"', 'a"b', 'c\\d']);
  });

  it('keeps other backslashes as typed (paths, emoticons)', () => {
    expect(splitWords('C:\\temp ¯\\_(ツ)_/¯')).toEqual(['C:\\temp', '¯\\_(ツ)_/¯']);
  });

  it('keeps a quote in the middle of a word and apostrophes', () => {
    expect(splitWords(`don't say a"b`)).toEqual([`don't`, 'say', 'a"b']);
  });

  it('handles unicode words and emoji', () => {
    expect(splitWords('héllo 日本語 "👍 ok"')).toEqual(['héllo', '日本語', '👍 ok']);
  });

  it('rejects an unclosed quote with a clear message', () => {
    try {
      splitWords('say "hello there');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UserInputError);
      expect((error as UserInputError).identifier).toBe('unclosedQuote');
      expect((error as UserInputError).message).toBe('Missing a closing quote after `"hello there`.');
    }
  });

  it('rejects text glued to a closing quote', () => {
    expect(() => splitWords('"a"b')).toThrow('Expected a space after the closing quote in `"a"b`.');
  });
});

describe('ArgumentReader.rest', () => {
  it('GIVEN some words read WHEN rest is taken THEN it is the raw remainder, quotes kept', () => {
    const reader = new ArgumentReader('echo   say "hi"  there  ');
    expect(reader.next()?.value).toBe('echo');
    expect(reader.rest()).toBe('say "hi"  there');
    expect(reader.done).toBe(true);
  });

  it('peek does not consume', () => {
    const reader = new ArgumentReader('a b');
    expect(reader.peek()?.value).toBe('a');
    expect(reader.next()?.value).toBe('a');
    expect(reader.next()?.value).toBe('b');
    expect(reader.next()).toBeNull();
  });
});

describe('matchPrefix', () => {
  const botId = '100000000000000001';
  it('takes the longest configured prefix first', () => {
    expect(matchPrefix('!!ping', { prefixes: ['!', '!!'], mentionPrefix: false, botId })).toEqual({ prefix: '!!', mention: false, rest: 'ping' });
    expect(matchPrefix('!ping', { prefixes: ['!', '!!'], mentionPrefix: false, botId })?.prefix).toBe('!');
  });

  it('accepts both mention forms as a prefix when enabled', () => {
    expect(matchPrefix(`<@${botId}> ping`, { prefixes: ['!'], mentionPrefix: true, botId })).toEqual({ prefix: `<@${botId}> `, mention: true, rest: 'ping' });
    expect(matchPrefix(`<@!${botId}>ping`, { prefixes: ['!'], mentionPrefix: true, botId })?.rest).toBe('ping');
  });

  it('ignores the mention when disabled, and other users mentions always', () => {
    expect(matchPrefix(`<@${botId}> ping`, { prefixes: ['!'], mentionPrefix: false, botId })).toBeNull();
    expect(matchPrefix('<@200000000000000002> ping', { prefixes: ['!'], mentionPrefix: true, botId })).toBeNull();
  });

  it('returns null for plain text', () => {
    expect(matchPrefix('hello !ping', { prefixes: ['!'], mentionPrefix: true, botId })).toBeNull();
  });
});
