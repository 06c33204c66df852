/**
 * Turns the words after a text command into the handler's typed options object, in declaration order.
 * A rest-of-line option takes the remaining raw text; a list takes words greedily while they convert
 * (as Red's Greedy); attachment options take the message's attachments in order; leftover words are an
 * error, not silently dropped.
 */
import type { Message } from 'discord.js';
import type { Converter } from '../cogs/module.js';
import type { CommandSpec, OptionSpec } from '../contract/spec.js';
import { convertText } from './converters/index.js';
import type { ConversionScope } from './converters/scope.js';
import { Identifiers, UserInputError, shown } from './errors.js';
import { ArgumentReader } from './tokenizer.js';
import { parseDuration } from '../support/duration.js';

function missing(option: OptionSpec): UserInputError {
  const hint = option.type === 'attachment' ? ' Attach a file to the message.' : '';
  return new UserInputError(Identifiers.MissingArgument, `\`${option.name}\` is required.${hint}`, { option: option.name });
}

/** The conversion scope of a message: its author, channel, attachments, and the cog's custom converters. */
export function messageScope(message: Message, converters?: Readonly<Record<string, Converter<unknown>>>): ConversionScope {
  return {
    client: message.client,
    guild: message.guild,
    user: message.author,
    channelId: message.channelId,
    route: 'text',
    attachments: [...message.attachments.values()],
    ...(converters ? { converters } : {}),
  };
}

/** Value of an option that was left out: its default, or undefined. */
export function absentValue(option: OptionSpec): unknown {
  return option.default;
}

/** Reads and converts every option of `command` from `reader`. Throws UserInputError on bad input. */
export async function parseTextOptions(command: CommandSpec, reader: ArgumentReader, scope: ConversionScope): Promise<Record<string, unknown>> {
  const options: Record<string, unknown> = {};
  const attachments = [...(scope.attachments ?? [])];
  for (const option of command.options) {
    if (option.type === 'attachment' && !option.union) {
      const taken = option.list ? attachments.splice(0, option.list.max) : attachments.splice(0, 1);
      if (taken.length === 0) {
        if (option.required) throw missing(option);
        continue;
      }
      if (option.list) checkCount(option, taken.length);
      options[option.name] = option.list ? taken : taken[0];
      continue;
    }
    if (option.list) {
      const values = await readGreedy(option, reader, scope);
      if (values.length === 0) {
        if (option.required) throw missing(option);
        const value = absentValue(option);
        if (value !== undefined) options[option.name] = value;
        continue;
      }
      options[option.name] = values;
      continue;
    }
    let raw: string | null;
    if (option.rest) {
      const text = reader.rest();
      raw = text.length > 0 ? text : null;
    } else if (option.type === 'duration' && !option.union) {
      raw = readDurationWords(reader);
    } else {
      raw = reader.next()?.value ?? null;
    }
    if (raw === null) {
      if (option.required) throw missing(option);
      const value = absentValue(option);
      if (value !== undefined) options[option.name] = value;
      continue;
    }
    options[option.name] = await convertText(option, raw, scope);
  }
  if (!reader.done) {
    const extra = reader.rest();
    throw new UserInputError(Identifiers.TooManyArguments, `Too many arguments: ${shown(extra)} was not expected.`, { extra });
  }
  return options;
}

/** How many words after the first a duration may span (`1 week, 3 days and 4 hours` is seven). */
const DURATION_WORDS = 12;

/**
 * A duration option's text, unquoted over several words: `2 days` and `1 week, 3 days and 4 hours` work as
 * `2d` does, so `!remind 2 days take out the bins` reads `2 days`, then the rest. The option takes the
 * longest run of unquoted words (at most DURATION_WORDS more) that reads as a duration and does not end in
 * a connector (`and`, `,`); when no run does, the first word alone, whose error then says what is wrong. A
 * quoted word is taken as it is. Units the option does not allow still count for the extent, so `2 days`
 * where only hours are allowed is refused as "cannot use days", not as a number without a unit.
 */
function readDurationWords(reader: ArgumentReader): string | null {
  const first = reader.next();
  if (!first) return null;
  if (first.quoted) return first.value;
  let best = { text: first.value, position: reader.save() };
  for (let i = 0; i < DURATION_WORDS; i++) {
    const word = reader.next();
    if (!word || word.quoted) break;
    const text = reader.text.slice(first.start, word.end);
    if (!/(?:\band|,)$/i.test(text) && typeof parseDuration(text) === 'number') best = { text, position: reader.save() };
  }
  reader.restore(best.position);
  return best.text;
}

/**
 * Greedy list: converts words until one does not convert (it is left for the next option) or `max` is
 * reached. Fewer than `min` values is an error; when a word stopped the list, its own error says why.
 */
async function readGreedy(option: OptionSpec, reader: ArgumentReader, scope: ConversionScope): Promise<unknown[]> {
  const { max } = option.list!;
  const values: unknown[] = [];
  let stoppedBy: UserInputError | null = null;
  while (values.length < max) {
    const word = reader.peek();
    if (!word) break;
    try {
      values.push(await convertText(option, word.value, scope));
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      stoppedBy = error;
      break;
    }
    reader.next();
  }
  if (values.length === 0) {
    if (stoppedBy && option.required) throw stoppedBy;
    return [];
  }
  checkCount(option, values.length, stoppedBy);
  return values;
}

/** Slash route of a list: every word of the one string must convert; the count must be within bounds. */
export async function parseListString(option: OptionSpec, text: string, scope: ConversionScope): Promise<unknown[]> {
  const reader = new ArgumentReader(text);
  const values: unknown[] = [];
  for (let word = reader.next(); word; word = reader.next()) {
    values.push(await convertText(option, word.value, scope));
    if (values.length > option.list!.max) break;
  }
  checkCount(option, values.length);
  return values;
}

function checkCount(option: OptionSpec, count: number, stoppedBy: UserInputError | null = null): void {
  const { min, max } = option.list!;
  if (count === 0 && !option.required) return;
  if (count < min) {
    if (stoppedBy) throw stoppedBy;
    throw new UserInputError(Identifiers.ListTooShort, `\`${option.name}\` needs at least ${min} value${min === 1 ? '' : 's'}, got ${count}.`, { option: option.name, min, count });
  }
  if (count > max) {
    throw new UserInputError(Identifiers.ListTooLong, `\`${option.name}\` takes at most ${max} value${max === 1 ? '' : 's'}, got more.`, { option: option.name, max, count });
  }
}
