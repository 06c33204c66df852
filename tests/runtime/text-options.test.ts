import { Client } from 'discord.js';
import { afterAll, describe, expect, it } from 'vitest';
import { UserInputError } from '../../runtime/commands/errors.js';
import { CommandConflictError, CommandIndex } from '../../runtime/commands/index-of-commands.js';
import { parseTextOptions } from '../../runtime/commands/text-options.js';
import { ArgumentReader } from '../../runtime/commands/tokenizer.js';
import { command, option } from './fixtures/specs.js';

// A real client that never logs in: conversions of primitive types only need it as scope.
const client = new Client({ intents: [] });
afterAll(() => client.destroy());
const scope = { client, guild: null };

const give = command('give', { options: [option('who', 'string'), option('amount', 'integer', { min: 1 })] });
const echo = command('echo', { options: [option('text', 'string', { rest: true })] });
const roll = command('roll', { options: [option('sides', 'integer', { required: false, default: 6 }), option('times', 'integer', { required: false })] });
const settings = command('settings', {
  handler: null,
  aliases: ['set'],
  subcommands: [command(['settings', 'prefix'], { options: [option('prefix', 'string')], aliases: ['p'] }), command(['settings', 'reset'])],
});
const slashOnly = command('sync', { kind: 'slash' });
const remind = command('remind', { options: [option('after', 'duration'), option('text', 'string', { rest: true })] });
const snooze = command('snooze', { options: [option('for', 'duration'), option('times', 'integer', { required: false })] });
const mute = command('mute', { options: [option('for', 'duration', { durationUnits: ['m', 'h'] })] });

function build(): CommandIndex {
  const index = new CommandIndex();
  index.add('demo', [give, echo, roll, settings, slashOnly, remind, snooze, mute]);
  return index;
}

async function parse(text: string) {
  const reader = new ArgumentReader(text);
  const resolved = build().resolveText(reader);
  if (!resolved) return null;
  return { ...resolved, options: await parseTextOptions(resolved.command, reader, scope) };
}

async function failure(text: string): Promise<UserInputError> {
  try {
    await parse(text);
  } catch (error) {
    if (error instanceof UserInputError) return error;
    throw error;
  }
  throw new Error('expected a UserInputError');
}

describe('text command resolution', () => {
  it('finds a command case-insensitively and reads its options in order', async () => {
    expect(await parse('GIVE "John Smith" 5')).toMatchObject({ cog: 'demo', invokedAs: 'GIVE', options: { who: 'John Smith', amount: 5 } });
  });

  it('descends into subcommands by words, aliases included', async () => {
    const result = await parse('set p ?');
    expect(result?.command.path).toEqual(['settings', 'prefix']);
    expect(result?.invokedAs).toBe('set p');
    expect(result?.options).toEqual({ prefix: '?' });
  });

  it('stops at a group when the next word is not a subcommand (the group then shows its help)', async () => {
    const result = build().resolveText(new ArgumentReader('settings nothing'));
    expect(result?.command.path).toEqual(['settings']);
    expect(result?.command.handler).toBeNull();
  });

  it('unknown commands, quoted names and slash-only commands resolve to nothing', async () => {
    expect(await parse('nope')).toBeNull();
    expect(await parse('"give" a 1')).toBeNull();
    expect(await parse('sync')).toBeNull();
    expect(await parse('')).toBeNull();
  });

  it('finds slash commands by path, text-only ones not at all', () => {
    const index = build();
    expect(index.findSlash(['settings', 'prefix'])?.command.handler).toBe('settings_prefix');
    expect(index.findSlash(['sync'])?.cog).toBe('demo');
    expect(index.findSlash(['nope'])).toBeUndefined();
  });

  it('refuses a second cog taking a name or alias, and adds nothing of it', () => {
    const index = build();
    expect(() => index.add('other', [command('fresh'), command('set')])).toThrow(CommandConflictError);
    expect(() => index.add('other', [command('fresh'), command('set')])).toThrow('the text command name `set` is already used by cog demo');
    expect(index.findSlash(['fresh'])).toBeUndefined();
    index.remove('demo');
    index.add('other', [command('set')]);
    expect(index.findSlash(['set'])?.cog).toBe('other');
  });
});

describe('text options', () => {
  it('a rest-of-line option takes the raw remainder, quotes and all', async () => {
    expect((await parse('echo  say "hi"   @everyone '))?.options).toEqual({ text: 'say "hi"   @everyone' });
  });

  it('applies defaults and leaves optional options without default undefined', async () => {
    const result = await parse('roll');
    expect(result?.options).toEqual({ sides: 6 });
    expect('times' in result!.options).toBe(false);
    expect((await parse('roll 20 2'))?.options).toEqual({ sides: 20, times: 2 });
  });

  it('a missing required option says which', async () => {
    const error = await failure('give bob');
    expect(error.identifier).toBe('missingArgument');
    expect(error.message).toBe('`amount` is required.');
    expect((await failure('echo   ')).message).toBe('`text` is required.');
  });

  it('a bad value gets the converter message', async () => {
    expect((await failure('give bob abc')).message).toBe('`amount` must be a whole number, got `abc`.');
  });

  it('too many arguments is an error naming the extra text', async () => {
    const error = await failure('give bob 5 extra words');
    expect(error.identifier).toBe('tooManyArguments');
    expect(error.message).toBe('Too many arguments: `extra words` was not expected.');
  });

  it('an unclosed quote in the arguments is reported', async () => {
    expect((await failure('give "bob 5')).identifier).toBe('unclosedQuote');
  });
});

describe('duration options over several words', () => {
  const DAY = 86_400_000;
  it('GIVEN `2 days` unquoted before a rest option THEN the duration takes both words and the rest the remainder', async () => {
    expect((await parse('remind 2 days take out the bins'))?.options).toEqual({ after: 2 * DAY, text: 'take out the bins' });
    expect((await parse('remind 1 week, 3 days and 4 hours call mum'))?.options).toEqual({ after: 10 * DAY + 4 * 3_600_000, text: 'call mum' });
    expect((await parse('remind 1h 30m tea'))?.options).toEqual({ after: 5_400_000, text: 'tea' });
  });

  it('GIVEN a duration followed by another option THEN a word that does not continue the duration is left for it; a trailing `and` too', async () => {
    expect((await parse('snooze 2 days 3'))?.options).toEqual({ for: 2 * DAY, times: 3 });
    expect((await parse('snooze 10m'))?.options).toEqual({ for: 600_000 });
    expect((await parse('remind 2 days and then some'))?.options).toEqual({ after: 2 * DAY, text: 'and then some' });
  });

  it('GIVEN a quoted duration THEN it is one word as before; GIVEN a number without a unit THEN the error is the number\'s', async () => {
    expect((await parse('remind "2 days" soon'))?.options).toEqual({ after: 2 * DAY, text: 'soon' });
    expect((await failure('remind 2 things')).message).toContain('got `2`');
  });

  it('GIVEN a unit the option does not allow THEN the whole duration is refused for its unit', async () => {
    expect((await failure('mute 2 days')).message).toBe('`for` cannot use days; use minutes, hours. Got `2 days`.');
  });
});
