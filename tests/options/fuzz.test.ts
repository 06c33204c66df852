/**
 * Fuzz: 10,000 random text inputs (quotes, unicode, mentions, huge numbers, empty) through the tokenizer and
 * every converter of the `optionkit` fixture (every option type, unions, lists, rest, custom converters),
 * with the real discord.js client's caches and REST against the simulator. No input may throw anything
 * but a UserInputError with a known identifier and a message. Seeded: FUZZ_SEED=<n> replays a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandSpec } from '../../runtime/contract/spec.js';
import { Identifiers, UserInputError } from '../../runtime/commands/errors.js';
import { parseTextOptions } from '../../runtime/commands/text-options.js';
import { ArgumentReader } from '../../runtime/commands/tokenizer.js';
import handlers from './fixture/cogs/optionkit/handlers.js';
import { spec } from './fixture/generated/cogs/optionkit/spec.js';
import { startOptionWorld, type OptionWorld } from './helpers.js';
import { prng } from '../helpers/prng.js';

const RUNS = 10_000;
const KNOWN = new Set<string>(Object.values(Identifiers));

let w: OptionWorld;
beforeAll(async () => {
  w = await startOptionWorld();
});
afterAll(async () => {
  await w?.h.stop();
});

function pieces(w: OptionWorld): string[] {
  const ids = [w.alice.id, w.bob.id, w.outsider.id, w.guild.general.id, w.guild.role('Mods').id, '123456789012345678', '99999999999999999999', '18446744073709551616'];
  return [
    '', ' ', '  ', '\t', '\n', '"', '""', '"a b"', '“quoted”', '«x»', '「y」', '\\', '\\"', '"unclosed', 'a"b', '"x"y', "'", '`',
    '😀', '👍🏽', '👨‍👩‍👧', '🇫🇷', '❤️', 'é', 'e\u0301', '\u200b', '\u202e', '\uD800', '\uDC00', 'Ω', '名前', 'ａｌｉｃｅ',
    ...ids.flatMap((id) => [id, `<@${id}>`, `<@!${id}>`, `<@&${id}>`, `<#${id}>`, `<:e:${id}>`, `<a:e:${id}>`]),
    '<@', '<@123>', '<#>', '<:e:>', '@everyone', '@here', '<@&>',
    '0', '-0', '1', '-1', '42', '101', '4.5', '1e308', '1e999', '-1e999', '0x10', 'NaN', 'Infinity', '9'.repeat(40), '9'.repeat(400), '.5', '5.', '+7',
    '1h30m', '2 days', '1mo', '30s', '99999999999999y', '1h1h', '10', 'm', '1 week, 2 days and 3 hours', '1.5h', '500ms', '0.5ms', '1.0005s', '9.999999999999999y',
    'yes', 'no', 'ON', 'maybe', 'red', 'GREEN', 'pink', '#ff8800', 'ff8800', 'zzz',
    'alice', 'Ally', 'ALICE', 'Sam', 'sam', 'samantha', 'bob', 'outsider', 'mods', 'Mods', 'Helpers', 'general', 'lounge', 'Info', 'nobody', 'x'.repeat(300),
  ];
}

function randomInput(rand: () => number, words: string[]): string {
  const count = Math.floor(rand() * 7);
  let out = '';
  for (let i = 0; i < count; i++) {
    const roll = rand();
    if (roll < 0.8) out += words[Math.floor(rand() * words.length)]!;
    else if (roll < 0.95) out += String.fromCodePoint(Math.floor(rand() * 0x2ffff));
    else out += String.fromCharCode(Math.floor(rand() * 0xffff));
    out += rand() < 0.85 ? ' ' : '';
  }
  return out;
}

describe('fuzz', () => {
  it(`GIVEN ${RUNS} random inputs to every command THEN each converts or fails with a user-input error`, async () => {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
    const rand = prng(seed);
    const client = w.h.bot.client;
    const guild = client.guilds.cache.get(w.guild.id)!;
    const user = client.users.cache.get(w.alice.id)!;
    const commands = spec.commands.filter((c): c is CommandSpec => c.kind !== 'slash');
    const words = pieces(w);
    const outcomes = new Map<string, number>();
    let converted = 0;
    for (let run = 0; run < RUNS; run++) {
      const command = commands[Math.floor(rand() * commands.length)]!;
      const input = randomInput(rand, words);
      try {
        const scope = { client, guild: rand() < 0.9 ? guild : null, user, channelId: w.guild.general.id, route: 'text' as const, attachments: [], converters: handlers.converters };
        await parseTextOptions(command, new ArgumentReader(input), scope);
        converted += 1;
      } catch (error) {
        const ok = error instanceof UserInputError && KNOWN.has(error.identifier) && typeof error.message === 'string' && error.message.length > 0;
        if (!ok) {
          const detail = `seed ${seed}, run ${run}: \`${command.name}\` with ${JSON.stringify(input)} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
          console.error(`FUZZ FAILURE (replay with FUZZ_SEED=${seed}) ${detail}`);
          expect.fail(detail);
        }
        outcomes.set(error.identifier, (outcomes.get(error.identifier) ?? 0) + 1);
      }
    }
    console.log(`fuzz seed ${seed}: ${converted} converted, failures by identifier ${JSON.stringify(Object.fromEntries([...outcomes].sort((a, b) => b[1] - a[1])))}`);
    // The corpus reaches both outcomes broadly, so the run says something about the converters.
    expect(converted).toBeGreaterThan(RUNS / 50);
    expect(outcomes.size).toBeGreaterThan(10);
  }, 120_000);
});
