/**
 * Autocomplete end to end: the simulator sends APPLICATION_COMMAND_AUTOCOMPLETE (type 4) interactions, the
 * runtime asks the cog's suggester and answers with choices (callback 8), keeping only what Discord accepts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Simulator } from '../../runtime/testing/simulator.js';
import { startOptionWorld, type OptionWorld } from './helpers.js';

let w: OptionWorld;
beforeAll(async () => {
  w = await startOptionWorld();
});
afterAll(async () => {
  await w?.h.stop();
});

describe('autocomplete', () => {
  it('GIVEN options marked autocomplete THEN the slash JSON says so', () => {
    const roll = w.h.sim.registeredCommands().find((c) => c.name === 'roll')!;
    expect(roll.options).toMatchObject([
      { name: 'fruit', type: 3, autocomplete: true },
      { name: 'sides', type: 4, autocomplete: true },
    ]);
  });

  it('GIVEN a user typing `ap` into a string option THEN the suggester filters and the bot answers with choices', async () => {
    const interaction = await w.h.sim.autocomplete(w.guild.general, w.alice, 'roll', { fruit: 'ap' }, 'fruit');
    expect(interaction.payload.type).toBe(4);
    expect(await w.h.sim.waitForAutocomplete(interaction)).toEqual([
      { name: 'apple', value: 'apple' },
      { name: 'apricot', value: 'apricot' },
    ]);
  });

  it('GIVEN an integer option THEN wrongly typed suggestions are dropped, labels kept, and the other filled options are passed', async () => {
    const interaction = await w.h.sim.autocomplete(w.guild.general, w.alice, 'roll', { fruit: 'cherry', sides: '4' }, 'sides');
    expect(await w.h.sim.waitForAutocomplete(interaction)).toEqual([
      { name: '4', value: 4 },
      { name: '40', value: 40 },
      { name: 'fruit is cherry', value: 6 },
    ]);
  });

  it('GIVEN a suggester that throws THEN the user gets no choices and the error is logged', async () => {
    const interaction = await w.h.sim.autocomplete(w.guild.general, w.alice, 'roll', { fruit: 'x', sides: 'boom' }, 'sides');
    expect(await w.h.sim.waitForAutocomplete(interaction)).toEqual([]);
    expect(w.h.logs.some((r) => r.level === 'error' && r.message.includes('Autocomplete of `/roll` option `sides` failed'))).toBe(true);
  });

  it('GIVEN an autocomplete interaction THEN the bot answers with exactly one callback of type 8', async () => {
    const interaction = await w.h.sim.autocomplete(w.guild.general, w.alice, 'roll', { fruit: 'b' }, 'fruit');
    await w.h.sim.waitForAutocomplete(interaction);
    const callbacks = w.h.sim.requests.filter((r) => r.route.includes('callback') && r.path.includes(interaction.id));
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0]!.body).toMatchObject({ type: 8, data: { choices: [{ name: 'banana', value: 'banana' }, { name: 'blueberry', value: 'blueberry' }] } });
  });

  it('GIVEN a user the checks refuse (blocklisted, or the command disabled here) THEN they get no choices; allowed again, they do', async () => {
    const suggest = async () => w.h.sim.waitForAutocomplete(await w.h.sim.autocomplete(w.guild.general, w.alice, 'roll', { fruit: 'ap' }, 'fruit'));
    const apples = [
      { name: 'apple', value: 'apple' },
      { name: 'apricot', value: 'apricot' },
    ];
    await w.h.bot.access.add('blocklist', { global: true }, [w.alice.id]);
    expect(await suggest()).toEqual([]);
    await w.h.bot.access.remove('blocklist', { global: true }, [w.alice.id]);
    expect(await suggest()).toEqual(apples);
    w.h.bot.commands.disable(['roll'], { guildId: w.guild.id });
    expect(await suggest()).toEqual([]);
    w.h.bot.commands.enable(['roll'], { guildId: w.guild.id });
    expect(await suggest()).toEqual(apples);
  });
});

describe('simulator: autocomplete interactions', () => {
  it('GIVEN an autocomplete interaction THEN a message reply is refused and a choices answer is recorded', async () => {
    const sim = await Simulator.start();
    try {
      const guild = sim.createGuild({ name: 'Bare' });
      const member = sim.createMember(guild, { username: 'typist' });
      const interaction = await sim.autocomplete(guild.general, member, 'anything', { query: 'ab' }, 'query', { check: false });
      expect(interaction.payload).toMatchObject({ type: 4, data: { name: 'anything', options: [{ name: 'query', value: 'ab', focused: true }] } });
      const post = (body: unknown) =>
        fetch(`${sim.apiUrl}/interactions/${interaction.id}/${interaction.token}/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const refused = await post({ type: 4, data: { content: 'hi' } });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(await refused.json())).toContain('not valid for an autocomplete interaction');
      expect((await post({ type: 8, data: { choices: [{ name: 'abc', value: 'abc' }] } })).status).toBeLessThan(300);
      expect(await sim.waitForAutocomplete(interaction)).toEqual([{ name: 'abc', value: 'abc' }]);
    } finally {
      await sim.stop();
    }
  });
});
