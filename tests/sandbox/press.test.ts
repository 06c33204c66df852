/**
 * What `:press` and `:pick` act on, without a bot: the board's tags and "the latest" message, and how typed
 * buttons and choices become a custom id and values, or a message saying what would work.
 */
import type { APIMessage } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { buttonToPress, choicesToPick, ControlBoard, type BoardTarget } from '../../runtime/sandbox/press.js';
import { ALICE, BOT, directory, GENERAL, MODS, RANDOM } from './fixtures.js';

let ids = 0;
function message(components: unknown[], extra: Record<string, unknown> = {}): APIMessage {
  return { id: `20000000000000${String(++ids).padStart(4, '0')}`, channel_id: GENERAL, author: { id: BOT, username: 'cogsmith-bot' }, content: 'x', embeds: [], attachments: [], flags: 0, components, ...extra } as unknown as APIMessage;
}
const row = (...components: unknown[]) => ({ type: 1, components });
const button = (custom_id: string, label: string, extra: Record<string, unknown> = {}) => ({ type: 2, style: 1, custom_id, label, ...extra });
const target = (components: unknown[]): BoardTarget => ({ message: message(components), tag: 'm1' });

describe('ControlBoard', () => {
  it('GIVEN messages shown WHEN tagged THEN tags follow first appearance, and the latest is the one shown most recently that still has controls', () => {
    const board = new ControlBoard();
    const plain = message([]);
    const first = message([row(button('a', 'A'))]);
    const second = message([row(button('b', 'B'))]);
    expect([board.shown(plain), board.shown(first), board.shown(second)]).toEqual([undefined, 'm1', 'm2']);
    const live = new Map([first, second].map((m) => [m.id, m]));
    const everyone = () => true;
    expect(board.target(undefined, (id) => live.get(id), everyone).tag).toBe('m2');
    // Shown again (an update): it is the latest again, under the same tag.
    expect(board.shown(first)).toBe('m1');
    expect(board.target(undefined, (id) => live.get(id), everyone).tag).toBe('m1');
    // Its buttons removed: the latest is the other one; by tag it says why not.
    live.set(first.id, { ...first, components: [] });
    expect(board.target(undefined, (id) => live.get(id), everyone).tag).toBe('m2');
    expect(() => board.target('m1', (id) => live.get(id), everyone)).toThrow('m1 has no buttons or menus any more.');
    // What the speaker cannot see is skipped, and refused by tag.
    expect(() => board.target(undefined, (id) => live.get(id), (m) => m.id !== second.id)).toThrow('No message shown so far has buttons or menus to use.');
    expect(() => board.target('m2', (id) => live.get(id), () => false)).toThrow('You cannot see m2 as the member you speak as');
    live.delete(second.id);
    expect(() => board.target('m2', (id) => live.get(id), everyone)).toThrow('m2 was deleted.');
  });
});

describe('buttonToPress', () => {
  it('GIVEN a number or a label THEN the button is found; a word of a label works when no whole label matches', () => {
    const t = target([row(button('like', 'Like', { emoji: { name: '👍' } }), button('go', 'Go'), button('go2', 'Go on'))]);
    expect(buttonToPress(t, '2').customId).toBe('go');
    expect(buttonToPress(t, 'GO').customId).toBe('go');
    expect(buttonToPress(t, 'like').customId).toBe('like');
    expect(buttonToPress(t, '👍').customId).toBe('like');
    expect(buttonToPress(t, 'on').customId).toBe('go2');
  });

  it('GIVEN what cannot be pressed THEN the message says why', () => {
    const t = target([row(button('a', 'Same'), button('b', 'Same'), { type: 2, style: 6, sku_id: '1' }), row({ type: 3, custom_id: 'm', options: [] })]);
    expect(() => buttonToPress(t, 'same')).toThrow('Several buttons of m1 are labelled "same" (1, 2): press one by its number.');
    expect(() => buttonToPress(t, '3')).toThrow('Button 3 (button) of m1 is a purchase button; the sandbox cannot buy anything.');
    expect(() => buttonToPress(target([row({ type: 3, custom_id: 'm', options: [] })]), '1')).toThrow('m1 has no buttons; choose in its menu with :pick m1 <choices>.');
  });
});

describe('choicesToPick', () => {
  const colours = { type: 3, custom_id: 'colour', min_values: 1, max_values: 3, options: ['Red', 'Light blue', 'Green'].map((label) => ({ label, value: label.toLowerCase().replace(' ', '-') })) };

  it('GIVEN choices by label or value THEN commas separate them, one whole label needs no quotes, and words otherwise', () => {
    const t = target([row(colours)]);
    expect(choicesToPick(t, 'Light blue', directory).values).toEqual(['light-blue']);
    expect(choicesToPick(t, 'red, light-blue', directory)).toMatchObject({ values: ['red', 'light-blue'], shown: ['Red', 'Light blue'] });
    expect(choicesToPick(t, 'green "Light blue" red', directory).values).toEqual(['green', 'light-blue', 'red']);
    expect(() => choicesToPick(t, 'red, Red', directory)).toThrow('Menu 1 of m1: "Red" is chosen twice.');
    expect(() => choicesToPick(t, '', directory)).toThrow(':pick needs what to choose in Menu 1 of m1 (choose 1 to 3): Red, Light blue, Green.');
  });

  it('GIVEN user, role, mentionable and channel menus THEN names become ids, and unknown names are told with what exists', () => {
    const t = target([row({ type: 5, custom_id: 'u' }), row({ type: 6, custom_id: 'r' }), row({ type: 7, custom_id: 'm', max_values: 2 }), row({ type: 8, custom_id: 'c' })]);
    expect(choicesToPick(t, '1 alice', directory).values).toEqual([ALICE]);
    expect(choicesToPick(t, '2 @mods', directory).values).toEqual([MODS]);
    expect(choicesToPick(t, '3 alice mods', directory).values).toEqual([ALICE, MODS]);
    expect(choicesToPick(t, '4 #random', directory)).toMatchObject({ menu: { customId: 'c' }, values: [RANDOM] });
    expect(() => choicesToPick(t, '2 admins', directory)).toThrow('Menu 2 of m1 chooses roles; there is no role "admins". Roles: mods.');
    expect(() => choicesToPick(t, '3 nobody', directory)).toThrow('Menu 3 of m1 chooses members or roles; "nobody" is neither. Members: you, alice, bob; roles: mods.');
    expect(() => choicesToPick(t, '4 #nowhere', directory)).toThrow('Menu 4 of m1 chooses channels; there is no channel "#nowhere". Channels: #general, #random.');
  });

  it('GIVEN a disabled menu, or a message without menus THEN the message says what would work', () => {
    expect(() => choicesToPick(target([row({ ...colours, disabled: true })]), 'red', directory)).toThrow('Menu 1 of m1 is disabled, so nothing can be chosen in it.');
    expect(() => choicesToPick(target([row(button('a', 'A'))]), 'red', directory)).toThrow('m1 has no menu to choose in; press its buttons with :press m1 <button>.');
  });
});
