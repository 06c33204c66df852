/**
 * A slash option that arrives as another type than the manifest declares (a client still holding an older
 * registration of the command) is bad input: every option type × every other wire type is answered
 * privately like the text route ("`value` must be a whole number, …" plus the usage line), the handler does
 * not run, and nothing is logged as an error. Real discord.js client against the simulator, `optionkit` cog.
 */
import { ApplicationCommandOptionType as T } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireOption } from '../../runtime/testing/slash-option-payloads.js';
import { spec } from './fixture/generated/cogs/optionkit/spec.js';
import { slashReply, startOptionWorld, type OptionWorld } from './helpers.js';

let w: OptionWorld;
beforeAll(async () => {
  w = await startOptionWorld();
});
afterAll(async () => {
  await w?.h.stop();
});

/** One value of each wire type, with its resolved data where it names something. */
const samples = (w: OptionWorld): Record<number, WireOption> => ({
  [T.String]: { wire: { type: T.String, value: '5' } },
  [T.Integer]: { wire: { type: T.Integer, value: 5 } },
  [T.Boolean]: { wire: { type: T.Boolean, value: true } },
  [T.User]: { wire: { type: T.User, resolves: w.bob } },
  [T.Channel]: { wire: { type: T.Channel, resolves: w.guild.general } },
  [T.Role]: { wire: { type: T.Role, resolves: w.guild.role('Mods') } },
  [T.Mentionable]: { wire: { type: T.Mentionable, resolves: w.bob } },
  [T.Number]: { wire: { type: T.Number, value: 2.5 } },
  [T.Attachment]: { wire: { type: T.Attachment, resolves: { attachment: { filename: 'notes.txt', size: 3 } } } },
});

/** Each command of the fixture with one option: the wire type it is registered with, and what its message says it must be. */
const table: [command: string, option: string, wire: T, mustBe: string][] = [
  ['str', 'value', T.String, 'a text'],
  ['int', 'value', T.Integer, 'a whole number'],
  ['num', 'value', T.Number, 'a number'],
  ['bool', 'value', T.Boolean, 'yes or no'],
  ['usr', 'value', T.User, 'a user'],
  ['mem', 'value', T.User, 'a member'],
  ['chan', 'value', T.Channel, 'a channel'],
  ['rol', 'value', T.Role, 'a role'],
  ['ment', 'value', T.Mentionable, 'a member, role or user'],
  ['file', 'value', T.Attachment, 'an attachment'],
  ['who', 'value', T.Mentionable, 'a member or a role'],
  ['emo', 'value', T.String, 'an emoji'],
  ['dur', 'value', T.String, 'a duration'],
  ['snow', 'value', T.String, 'an id'],
  ['pick', 'value', T.String, 'a text'],
  ['paint', 'value', T.String, 'a text'],
  ['nums', 'values', T.String, 'a list of values separated by spaces'],
];
const WIRE_TYPES = [T.String, T.Integer, T.Boolean, T.User, T.Channel, T.Role, T.Mentionable, T.Number, T.Attachment];
const cases = table.flatMap(([command, option, registered, mustBe]) => WIRE_TYPES.filter((t) => t !== registered).map((wire) => ({ command, option, registered, wire, mustBe })));

describe('a slash option of the wrong wire type', () => {
  it(`covers every option type × every other wire type (${cases.length} cases)`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(27);
    expect(new Set(table.map(([, , registered]) => registered))).toEqual(new Set(WIRE_TYPES));
  });

  it.each(cases.map((c) => [`/${c.command}`, T[c.wire], c] as const))('GIVEN %s sent as %s THEN it is bad input answered privately with the usage, and no error is logged', async (_c, _w, c) => {
    const errorsBefore = w.h.bot.errors.recent().length;
    const logErrorsBefore = w.h.logs.filter((r) => r.level === 'error').length;
    const usage = spec.commands.find((x) => x.name === c.command)!.usage;
    const reply = await slashReply(w, c.command, { [c.option]: samples(w)[c.wire]! });
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain(`\`${c.option}\` must be ${c.mustBe}, got `);
    expect(reply.content).toContain('older version of this command');
    expect(reply.content).toContain(`\nUsage: \`/${usage}\``);
    expect(w.h.bot.errors.recent()).toHaveLength(errorsBefore);
    expect(w.h.logs.filter((r) => r.level === 'error')).toHaveLength(logErrorsBefore);
  });
});
