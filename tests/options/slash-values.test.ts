/**
 * Slash option values are checked against the type and bounds the manifest declares, whatever the payload
 * says: an integer option takes a safe whole number within its bounds (not `"999"`, `5.5`, `true` or `{}`),
 * a number a finite one, a boolean a boolean, a string text within its lengths and choices; users, members,
 * roles, channels, mentionables and attachments must have come resolved, and roles and channels must be
 * the interaction guild's (a role of another guild of the bot, or of none, is refused and never enters the
 * guild's cache). Every refusal is bad input with the usage; nothing is logged as an error.
 */
import { ApplicationCommandOptionType as T } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlashOptionValue } from '../../runtime/testing/slash-option-payloads.js';
import { shape, slashReply, startOptionWorld, viaSlash, type OptionWorld } from './helpers.js';

let w: OptionWorld;
beforeAll(async () => {
  w = await startOptionWorld({ elsewhere: true });
});
afterAll(async () => {
  await w?.h.stop();
});

const FORGED = '123456789012345678';

/** GIVEN `/command` with one raw value THEN the private answer contains `message` and the usage, and no error was logged. */
async function refused(command: string, value: SlashOptionValue, message: string, option = 'value') {
  const errors = w.h.bot.errors.recent().length;
  const reply = await slashReply(w, command, { [option]: value });
  expect(reply.ephemeral).toBe(true);
  expect(reply.content).toContain(message);
  expect(reply.content).toContain(`\nUsage: \`/${command} <${option}>\``);
  expect(w.h.bot.errors.recent()).toHaveLength(errors);
}

describe('integer, number, boolean and string values', () => {
  it('GIVEN /int (1–100) with "999", 5.5, true or {} THEN each is refused as not a whole number; 999 and 0 break the bounds', async () => {
    for (const [value, shown] of [['999', '"999"'], [5.5, '5.5'], [true, 'true'], [{}, '{}']] as const) {
      await refused('int', { wire: { type: T.Integer, value } }, `\`value\` must be a whole number, got \`${shown}\`.`);
    }
    await refused('int', { wire: { type: T.Integer, value: 999 } }, '`value` must be at most 100, got `999`.');
    await refused('int', { wire: { type: T.Integer, value: 0 } }, '`value` must be at least 1, got `0`.');
    await refused('int', { wire: { type: T.Integer, value: 2 ** 53 } }, '`value` must be a whole number between');
    expect(shape((await viaSlash(w, 'int', { value: { wire: { type: T.Integer, value: 100 } } })).options)).toEqual({ value: 100 });
  });

  it('GIVEN /num (-1.5–1000) with "2.5" or null THEN it must be a number; 5000 is above the bound', async () => {
    await refused('num', { wire: { type: T.Number, value: '2.5' } }, '`value` must be a number, got `"2.5"`.');
    await refused('num', { wire: { type: T.Number, value: null } }, '`value` must be a number, got `null`.');
    await refused('num', { wire: { type: T.Number, value: 5000 } }, '`value` must be at most 1000, got `5000`.');
  });

  it('GIVEN /bool with "true" or 1 THEN it must be yes or no', async () => {
    await refused('bool', { wire: { type: T.Boolean, value: 'true' } }, '`value` must be yes or no, got `"true"`.');
    await refused('bool', { wire: { type: T.Boolean, value: 1 } }, '`value` must be yes or no, got `1`.');
  });

  it('GIVEN /str (2–10 characters) with 5, one character or eleven THEN text and its lengths are enforced; /pick takes only its choices', async () => {
    await refused('str', { wire: { type: T.String, value: 5 } }, '`value` must be a text, got `5`.');
    await refused('str', { wire: { type: T.String, value: 'x' } }, '`value` must be at least 2 characters long, got 1.');
    await refused('str', { wire: { type: T.String, value: 'x'.repeat(11) } }, '`value` must be at most 10 characters long, got 11.');
    await refused('pick', { wire: { type: T.String, value: 'pink' } }, '`value` must be one of `red`, `green`, `blue`, got `pink`.');
  });
});

describe('users, members, roles, channels, mentionables and attachments', () => {
  it('GIVEN /rol with a role of another guild of the bot THEN it is not a role of this server', async () => {
    const outsiders = w.elsewhere!.role('Outsiders');
    await refused('rol', { wire: { type: T.Role, resolves: outsiders } }, `\`value\` must be a role of this server; \`${outsiders.id}\` is not one.`);
    expect(w.h.bot.client.guilds.cache.get(w.guild.id)!.roles.cache.has(outsiders.id)).toBe(false);
  });

  it('GIVEN /rol with a role of no guild of the bot THEN it is refused and does not enter the guild role cache', async () => {
    const forged = { id: FORGED, name: 'Forged', color: 0, hoist: false, position: 1, permissions: '8', managed: false, mentionable: true, flags: 0 };
    await refused('rol', { wire: { type: T.Role, value: FORGED, resolved: { roles: { [FORGED]: forged } } } }, `\`value\` must be a role of this server; \`${FORGED}\` is not one.`);
    expect(w.h.bot.client.guilds.cache.get(w.guild.id)!.roles.cache.has(FORGED)).toBe(false);
    await refused('ment', { wire: { type: T.Mentionable, value: FORGED, resolved: { roles: { [FORGED]: forged } } } }, `\`value\` must be a member, role or user; \`${FORGED}\` is not one.`);
  });

  it('GIVEN /chan with a channel of another guild, or one the bot has never seen THEN it is not a channel of this server', async () => {
    await refused('anychan', { wire: { type: T.Channel, resolves: w.elsewhere!.channel('away') } }, '`value` must be a channel of this server; `');
    const unseen = { id: FORGED, type: 0, name: 'unseen', permissions: '0' };
    await refused('anychan', { wire: { type: T.Channel, value: FORGED, resolved: { channels: { [FORGED]: unseen } } } }, '`value` must be a channel of this server');
    expect(w.h.bot.client.channels.cache.has(FORGED)).toBe(false);
  });

  it('GIVEN /usr, /mem or /file naming an id that came without its resolved data, or a value that is no id THEN each is refused', async () => {
    await refused('usr', { wire: { type: T.User, value: FORGED } }, `\`value\` must be a user; \`${FORGED}\` is not one.`);
    await refused('usr', { wire: { type: T.User, value: 42 } }, '`value` must be a user, got `42`.');
    await refused('mem', { wire: { type: T.User, value: FORGED } }, `\`value\` must be a member; \`${FORGED}\` is not one.`);
    await refused('file', { wire: { type: T.Attachment, value: FORGED } }, `\`value\` must be a file; \`${FORGED}\` is not one.`);
  });

  it('GIVEN /mem whose resolved member came without its user THEN the bot refuses it instead of failing to read the interaction', async () => {
    const member = { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 };
    await refused('mem', { wire: { type: T.User, value: FORGED, resolved: { members: { [FORGED]: member } } } }, `\`value\` must be a member; \`${FORGED}\` is not one.`);
    expect(w.h.sim.internalErrors).toEqual([]);
  });

  it('GIVEN the real entities of this guild as wire options THEN they still convert as before', async () => {
    expect(shape((await viaSlash(w, 'rol', { value: { wire: { type: T.Role, resolves: w.guild.role('Mods') } } })).options)).toEqual({ value: `Role:${w.guild.role('Mods').id}` });
    expect(shape((await viaSlash(w, 'anychan', { value: { wire: { type: T.Channel, resolves: w.guild.general } } })).options)).toEqual({ value: `TextChannel:${w.guild.general.id}` });
    expect(shape((await viaSlash(w, 'mem', { value: { wire: { type: T.User, resolves: w.bob } } })).options)).toEqual({ value: `GuildMember:${w.bob.id}` });
  });
});
