import { describe, expect, it } from 'vitest';
import { parseSlashLine, SlashLineError, tokenizeSlashLine } from '../../runtime/sandbox/slash-line.js';
import { ALICE, BOB, commands, directory, GENERAL, GUILD, MODS, RANDOM } from './fixtures.js';

const parse = (line: string) => parseSlashLine(line, commands, directory);
const failure = (line: string) => {
  try {
    parse(line);
  } catch (error) {
    expect(error).toBeInstanceOf(SlashLineError);
    return (error as Error).message;
  }
  throw new Error(`"${line}" parsed, a SlashLineError was expected`);
};

describe('tokenizeSlashLine', () => {
  it('GIVEN quotes and name: prefixes WHEN tokenized THEN quotes group words and names are noted', () => {
    expect(tokenizeSlashLine('give member:alice reason:"two words" plain "a:b" url:http://x')).toEqual([
      { text: 'give' },
      { text: 'alice', name: 'member' },
      { text: 'two words', name: 'reason' },
      { text: 'plain' },
      { text: 'a:b' },
      { text: 'http://x', name: 'url' },
    ]);
  });

  it('applies \\" and \\\\ escapes, keeps an empty quoted value, and refuses an unclosed quote', () => {
    expect(tokenizeSlashLine('say text:"he said \\"hi\\" \\\\o/" empty:""')).toEqual([
      { text: 'say' },
      { text: 'he said "hi" \\o/', name: 'text' },
      { text: '', name: 'empty' },
    ]);
    expect(() => tokenizeSlashLine('say text:"open')).toThrow('A double quote is not closed.');
  });
});

describe('parseSlashLine', () => {
  it('GIVEN a command without options WHEN parsed THEN it has no options', () => {
    expect(parse('/ping')).toEqual({ command: 'ping', options: {} });
  });

  it('converts members given by name, display name, @name, mention or id to their id', () => {
    for (const value of ['alice', 'Alice', '@alice', `<@${ALICE}>`, `<@!${ALICE}>`, ALICE]) {
      expect(parse(`/hello member:${value}`)).toEqual({ command: 'hello', options: { member: ALICE } });
    }
  });

  it('converts whole numbers, numbers, booleans, channels and roles by the option type', () => {
    expect(parse('/give member:bob amount:12 reason:"for the help"')).toEqual({ command: 'give', options: { member: BOB, amount: 12, reason: 'for the help' } });
    expect(parse('/toggle on:yes ratio:0.25')).toEqual({ command: 'toggle', options: { on: true, ratio: 0.25 } });
    expect(parse('/toggle on:off')).toEqual({ command: 'toggle', options: { on: false } });
    expect(parse('/where channel:#random').options).toEqual({ channel: RANDOM });
    expect(parse(`/where channel:<#${GENERAL}>`).options).toEqual({ channel: GENERAL });
    expect(parse('/rolename role:@mods').options).toEqual({ role: MODS });
    expect(parse('/rolename role:everyone').options).toEqual({ role: GUILD });
  });

  it('fills options in order from values without a name, and adds extra words to a last text option', () => {
    expect(parse('/hello alice')).toEqual({ command: 'hello', options: { member: ALICE } });
    expect(parse('/give bob 3 thanks a lot')).toEqual({ command: 'give', options: { member: BOB, amount: 3, reason: 'thanks a lot' } });
  });

  it('takes a choice by its shown name as well as by its value', () => {
    expect(parse('/color name:"Bright red"').options).toEqual({ name: 'red' });
    expect(parse('/color name:blue').options).toEqual({ name: 'blue' });
  });

  it('walks sub-command groups and sub-commands', () => {
    expect(parse('/settings prefix prefix:?')).toEqual({ command: 'settings prefix', options: { prefix: '?' } });
    expect(parse('/settings log channel channel:random')).toEqual({ command: 'settings log channel', options: { channel: RANDOM } });
  });

  it('WHEN the input is wrong THEN the message says what is wrong and what would work', () => {
    expect(failure('/nope')).toBe('The bot has no slash command /nope. Commands: /color, /give, /hello, /ping, /rolename, /settings, /toggle, /where.');
    expect(failure('/')).toMatch(/^Type a command after the slash/);
    expect(failure('/give member:alice amount:lots')).toBe('/give: "amount" must be a whole number, got "lots".');
    expect(failure('/give member:carol amount:1')).toBe('/give: "member" must be a member (you, alice, bob, cogsmith-bot), got "carol".');
    expect(failure('/give member:alice')).toBe('/give needs amount:<whole number>. Options: member:<member>, amount:<whole number>, reason:<text> (optional).');
    expect(failure('/hello friend:alice')).toBe('/hello has no option "friend". Options: member:<member> (optional).');
    expect(failure('/hello alice bob')).toBe('/hello: there is no option left for "bob". Options: member:<member> (optional).');
    expect(failure('/hello member:alice member:bob')).toBe('/hello: option "member" is given twice.');
    expect(failure('/toggle on:maybe')).toBe('/toggle: "on" must be yes or no (true/false), got "maybe".');
    expect(failure('/toggle on:yes ratio:x')).toBe('/toggle: "ratio" must be a number, got "x".');
    expect(failure('/where channel:#nowhere')).toBe('/where: "channel" must be a channel (#general, #random), got "#nowhere".');
    expect(failure('/rolename role:@admins')).toBe('/rolename: "role" must be a role (mods), got "@admins".');
    expect(failure('/settings')).toBe('/settings needs one of: prefix, log.');
    expect(failure('/settings colour')).toBe('/settings needs one of: prefix, log (got "colour").');
  });
});
