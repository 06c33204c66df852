/**
 * Every option type end to end (the real discord.js client against the simulator, the generated `optionkit`
 * fixture cog): valid input by text and by slash gives the handler the same typed value; invalid input gets
 * its message by either route.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlashOptionValue } from '../../runtime/testing/interactions.js';
import { shape, slashReply, startOptionWorld, textReply, viaSlash, viaText, type OptionWorld } from './helpers.js';

let w: OptionWorld;
beforeAll(async () => {
  w = await startOptionWorld();
});
afterAll(async () => {
  await w?.h.stop();
});

const id = (kind: string, x: { id: string }) => `${kind}:${x.id}`;

/** GIVEN a text line and slash values for one command THEN both routes give `expected`. */
async function same(command: string, line: string, slash: Record<string, SlashOptionValue>, expected: (w: OptionWorld) => Record<string, unknown>) {
  const text = await viaText(w, `${command} ${line}`);
  const viaSlashRoute = await viaSlash(w, command, slash);
  expect(text.kind).toBe('text');
  expect(viaSlashRoute.kind).toBe('slash');
  expect(shape(text.options)).toEqual(expected(w));
  expect(shape(viaSlashRoute.options)).toEqual(expected(w));
}

describe('the same typed value by text and by slash', () => {
  it('string', () => same('str', 'hello', { value: 'hello' }, () => ({ value: 'hello' })));
  it('integer', () => same('int', '42', { value: 42 }, () => ({ value: 42 })));
  it('number', () => same('num', '2.5', { value: 2.5 }, () => ({ value: 2.5 })));
  it('boolean (yes/no words by text)', async () => {
    await same('bool', 'yes', { value: true }, () => ({ value: true }));
    await same('bool', 'off', { value: false }, () => ({ value: false }));
  });
  it('user by mention and by name', async () => {
    await same('usr', w.bob.mention, { value: w.bob }, () => ({ value: id('User', w.bob) }));
    await same('usr', 'BOB', { value: w.bob }, () => ({ value: id('User', w.bob) }));
  });
  it('member by id and by nickname', async () => {
    await same('mem', w.alice.id, { value: w.alice }, () => ({ value: id('GuildMember', w.alice) }));
    await same('mem', 'Ally', { value: w.alice }, () => ({ value: id('GuildMember', w.alice) }));
  });
  it('channel with allowed kinds: a text and a voice channel', async () => {
    await same('chan', w.guild.general.mention, { value: w.guild.general }, () => ({ value: id('TextChannel', w.guild.general) }));
    await same('chan', 'lounge', { value: w.guild.channel('lounge') }, () => ({ value: id('VoiceChannel', w.guild.channel('lounge')) }));
  });
  it('channel of any kind, including a category', () => same('anychan', 'info', { value: w.guild.channel('Info') }, () => ({ value: id('CategoryChannel', w.guild.channel('Info')) })));
  it('role by case-insensitive name', () => same('rol', 'mods', { value: w.guild.role('Mods') }, () => ({ value: id('Role', w.guild.role('Mods')) })));
  it('mentionable: a role, a member, a user outside the server', async () => {
    await same('ment', w.guild.role('Helpers').mention, { value: w.guild.role('Helpers') }, () => ({ value: id('Role', w.guild.role('Helpers')) }));
    await same('ment', w.bob.mention, { value: w.bob }, () => ({ value: id('GuildMember', w.bob) }));
    await same('ment', `<@${w.outsider.id}>`, { value: w.outsider }, () => ({ value: id('User', w.outsider) }));
  });
  it('emoji: unicode with a skin tone, and custom animated', async () => {
    await same('emo', '👍🏽', { value: '👍🏽' }, () => ({ value: { id: null, name: '👍🏽', animated: false, text: '👍🏽' } }));
    const custom = '<a:party:123456789012345678>';
    await same('emo', custom, { value: custom }, () => ({ value: { id: '123456789012345678', name: 'party', animated: true, text: custom } }));
  });
  it('attachment: the message attachment by text, the attachment option by slash', async () => {
    const text = await viaText(w, 'file', [{ filename: 'notes.txt', size: 12 }]);
    const slash = await viaSlash(w, 'file', { value: { attachment: { filename: 'notes.txt', size: 12 } } });
    expect(shape(text.options)).toEqual({ value: 'Attachment:notes.txt:12' });
    expect(shape(slash.options)).toEqual({ value: 'Attachment:notes.txt:12' });
  });
  it('a list of attachments (text only): every attachment of the message, in order', async () => {
    const text = await viaText(w, 'files', [{ filename: 'a.png', size: 1 }, { filename: 'b.png', size: 2 }]);
    expect(shape(text.options)).toEqual({ values: ['Attachment:a.png:1', 'Attachment:b.png:2'] });
  });
  it('duration in milliseconds, Red units (`mo` months, `m` minutes)', async () => {
    await same('dur', '1h30m', { value: '1h30m' }, () => ({ value: 5_400_000 }));
    await same('dur', '"1 week, 2 days and 3 hours"', { value: '1 week, 2 days and 3 hours' }, () => ({ value: (9 * 24 + 3) * 3_600_000 }));
    await same('dur', '2mo', { value: '2mo' }, () => ({ value: 60 * 86_400_000 }));
  });
  it('snowflake: a raw id or the id inside a mention, never looked up', async () => {
    await same('snow', '<@!123456789012345678>', { value: '123456789012345678' }, () => ({ value: '123456789012345678' }));
    const requestsBefore = w.h.sim.requests.filter((r) => r.route.includes('/users/')).length;
    await same('snow', '999999999999999999', { value: '999999999999999999' }, () => ({ value: '999999999999999999' }));
    expect(w.h.sim.requests.filter((r) => r.route.includes('/users/')).length).toBe(requestsBefore);
  });
  it('choice (shown as slash choices; text also accepts any case)', async () => {
    await same('pick', 'Green', { value: 'green' }, () => ({ value: 'green' }));
    const command = w.h.sim.registeredCommands().find((c) => c.name === 'pick')!;
    expect(command.options?.[0]).toMatchObject({ type: 3, choices: [{ name: 'red', value: 'red' }, { name: 'green', value: 'green' }, { name: 'blue', value: 'blue' }] });
  });
  it('union member-or-role: a role name, a member mention (slash: a mentionable option)', async () => {
    await same('who', 'Helpers', { value: w.guild.role('Helpers') }, () => ({ value: id('Role', w.guild.role('Helpers')) }));
    await same('who', w.alice.mention, { value: w.alice }, () => ({ value: id('GuildMember', w.alice) }));
    expect(w.h.sim.registeredCommands().find((c) => c.name === 'who')!.options?.[0]?.type).toBe(9);
  });
  it('union integer-or-string, tried in order (slash: a string option)', async () => {
    await same('idortext', '12', { value: '12' }, () => ({ value: 12 }));
    await same('idortext', 'twelve', { value: 'twelve' }, () => ({ value: 'twelve' }));
  });
  it('greedy list of members then rest of line; slash splits one string the same way', async () => {
    await same('many', `${w.alice.mention} bob because of reasons`, { members: `${w.alice.mention} bob`, reason: 'because of reasons' }, () => ({
      members: [id('GuildMember', w.alice), id('GuildMember', w.bob)],
      reason: 'because of reasons',
    }));
  });
  it('greedy list stops at its maximum; the next word goes to the next option', async () => {
    const text = await viaText(w, `many alice bob ${w.sam.id} ${w.samantha.id}`);
    expect(shape(text.options)).toEqual({ members: [id('GuildMember', w.alice), id('GuildMember', w.bob), id('GuildMember', w.sam)], reason: w.samantha.id });
  });
  it('list of integers with bounds', () => same('nums', '1 2 3', { values: '1 2 3' }, () => ({ values: [1, 2, 3] })));
  it('rest of line keeps quotes', () => same('say', 'hello "big" world', { text: 'hello "big" world' }, () => ({ text: 'hello "big" world' })));
  it('custom converter producing a typed object', () => same('paint', '#ff8800', { value: '#ff8800' }, () => ({ value: { r: 255, g: 136, b: 0 } })));
  it('custom converter on an optional option', () => same('shout', 'hey', { value: 'hey' }, () => ({ value: 'HEY' })));
  it('optional options: defaults (a duration default in ms) and absent ones', async () => {
    await same('defaults', '', {}, () => ({ count: 3, wait: 5_400_000 }));
    await same('defaults', '5 2h no', { count: 5, wait: '2h', flag: false }, () => ({ count: 5, wait: 7_200_000, flag: false }));
  });
});

describe('a duration option and a duration config field agree: both are milliseconds', () => {
  it('GIVEN the config default `1h30m` in the manifest THEN it reads as the number a user typing `1h30m` gives the option, and storing the option keeps it', async () => {
    // `remind` stores its duration option in the guild field `remindAfter` (manifest default `1h30m`) and reports both.
    const unset = await viaText(w, 'remind');
    expect(unset.options).toEqual({ after: undefined, stored: 5_400_000 });
    const typed = await viaText(w, 'dur 1h30m');
    expect(typed.options.value).toBe(unset.options.stored);
    const optionDefault = await viaText(w, 'defaults');
    expect(optionDefault.options.wait).toBe(unset.options.stored);

    expect((await viaText(w, 'remind 45m')).options).toEqual({ after: 2_700_000, stored: 2_700_000 });
    expect((await viaSlash(w, 'remind', { after: '1.5d' })).options).toEqual({ after: 129_600_000, stored: 129_600_000 });
    expect((await viaText(w, 'remind')).options).toEqual({ after: undefined, stored: 129_600_000 });
  });
});

describe('invalid input gets its message', () => {
  const both = async (command: string, line: string, slash: Record<string, SlashOptionValue>, message: string) => {
    const text = await textReply(w, `${command} ${line}`);
    expect(text).toContain(message);
    const reply = await slashReply(w, command, slash);
    expect(reply.content).toContain(message);
    expect(reply.ephemeral).toBe(true);
  };
  it('string too short (text; slash bounds are Discord-side and re-checked)', async () => {
    expect(await textReply(w, 'str x')).toContain('`value` must be at least 2 characters long, got 1.');
  });
  it('integer: not whole, above max', async () => {
    expect(await textReply(w, 'int 4.5')).toContain('`value` must be a whole number, got `4.5`.');
    expect(await textReply(w, 'int 101')).toContain('`value` must be at most 100, got `101`.');
  });
  it('number', async () => expect(await textReply(w, 'num 1e999')).toContain('`value` must be a number, got `1e999`.'));
  it('boolean', async () => expect(await textReply(w, 'bool maybe')).toContain('`value` must be yes or no'));
  it('user', async () => expect(await textReply(w, 'usr nobody')).toContain('no user matches `nobody`'));
  it('member: an ambiguous name; a user outside the server by slash', async () => {
    const text = await textReply(w, 'mem Sam');
    expect(text).toContain('`value` matches several');
    expect(text).toContain('Use a mention or an id.');
    expect((await slashReply(w, 'mem', { value: w.outsider })).content).toContain('`value` must be a member of this server; outsider is not one.');
  });
  it('channel of a kind not allowed', async () => {
    expect(await textReply(w, 'chan Info')).toContain('`value` must be a text or voice channel; `Info` is a category channel.');
  });
  it('role', async () => expect(await textReply(w, 'rol admins')).toContain('no role matches `admins`'));
  it('mentionable: nothing matches; a name of both a member and a role', async () => {
    expect(await textReply(w, 'ment nobody')).toContain('`value` must be a member, a role or a user');
    expect(await textReply(w, 'ment bob')).toContain('`value` matches a member and a role: `bob`. Use a mention or an id.');
  });
  it('emoji', () => both('emo', 'abc', { value: 'abc' }, '`value` must be one emoji'));
  it('attachment missing', async () => expect(await textReply(w, 'file')).toContain('`value` is required. Attach a file to the message.'));
  it('duration: no unit, a unit not allowed, too long', async () => {
    await both('dur', '10', { value: '10' }, 'a number needs a unit');
    await both('dur', '30s', { value: '30s' }, '`value` cannot use seconds; use minutes, hours, days, weeks, months.');
    await both('dur', '100d', { value: '100d' }, '`value` must be at most 3 months, got `100d`.');
  });
  it('snowflake', () => both('snow', 'abc', { value: 'abc' }, '`value` must be a Discord id (15 to 21 digits) or a mention, got `abc`.'));
  it('choice', async () => expect(await textReply(w, 'pick pink')).toContain('`value` must be one of `red`, `green`, `blue`, got `pink`.'));
  it('union: nothing matches; a user who is neither member nor role by slash', async () => {
    expect(await textReply(w, 'who nobody')).toContain('`value` must be a member or a role; `nobody` is none of these.');
    expect((await slashReply(w, 'who', { value: w.outsider })).content).toContain('`value` must be a member or a role; outsider is none of these.');
  });
  it('list: a bad word by slash, too many values, out of bounds', async () => {
    expect((await slashReply(w, 'nums', { values: '1 2 x' })).content).toContain('`values` must be a whole number, got `x`.');
    expect(await textReply(w, 'nums 1 2 x')).toContain('Too many arguments: `x` was not expected.');
    expect(await textReply(w, 'nums 10')).toContain('`values` must be at most 9, got `10`.');
    expect((await slashReply(w, 'many', { members: 'alice bob alice bob' })).content).toContain('`members` takes at most 3 values');
    expect(await textReply(w, 'many nobody')).toContain('no member matches `nobody`');
  });
  it('custom converter failure names the option', () => both('paint', 'zzz', { value: 'zzz' }, '`value`: `zzz` is not a colour name or a hex code like #ff8800.'));
  it('a missing required option', async () => expect(await textReply(w, 'str')).toContain('`value` is required.'));
});

describe('slash JSON uses native types where they exist', () => {
  it('maps each option to its Discord type, channel kinds to channel_types, bounds to Discord bounds', () => {
    const byName = new Map(w.h.sim.registeredCommands().map((c) => [c.name, c.options?.[0] as Record<string, unknown> | undefined]));
    expect(byName.get('usr')?.type).toBe(6);
    expect(byName.get('mem')?.type).toBe(6);
    expect(byName.get('chan')).toMatchObject({ type: 7, channel_types: [0, 2] });
    expect(byName.get('rol')?.type).toBe(8);
    expect(byName.get('ment')?.type).toBe(9);
    expect(byName.get('file')?.type).toBe(11);
    expect(byName.get('int')).toMatchObject({ type: 4, min_value: 1, max_value: 100 });
    expect(byName.get('str')).toMatchObject({ type: 3, min_length: 2, max_length: 10 });
    for (const name of ['emo', 'dur', 'snow', 'idortext', 'nums', 'paint']) expect(byName.get(name)?.type, name).toBe(3);
    expect(byName.get('nums')).not.toHaveProperty('min_value');
  });
});
