/**
 * Pressing buttons and choosing in menus from the sandbox chat, in-process with the real simulator and Bot:
 * every page of a long help is reachable with `:press`, updates and private answers are shown as such,
 * what cannot be pressed or chosen is answered with what would work, and timestamps read as times.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../runtime/sandbox/session.js';
import { startSandbox } from './fixtures.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

async function start() {
  const started = await startSandbox({ cogs: ['showcase', 'controls', 'help'] });
  sandbox = started.sandbox;
  /**
   * Handles a line and returns what was printed for it once the bot went quiet (and, with `until`, once a
   * line matching it was printed: the bot's answer to a message can start after the chat looks quiet).
   */
  const run = async (line: string, until?: string | RegExp) => {
    const from = started.printed.length;
    await started.sandbox.handle(line);
    if (until !== undefined) await started.printedLine(until, from);
    await started.sandbox.settle({ quietMs: 200 });
    return started.printed.slice(from);
  };
  return { ...started, run };
}

const BUTTONS = /^ {4}m1: \[1 ◀\] \[2 (\d+)\/(\d+) \(disabled\)\] \[3 ▶\] \[4 ✖\]$/;

describe('sandbox chat: buttons', () => {
  it('GIVEN a help of several pages WHEN ▶ is pressed from the chat THEN each page is shown in turn, updated in place, until the last', async () => {
    const { sandbox: s, run } = await start();
    await s.bot.commandSettings.setHelp({ pageCharLimit: 200, maxPagesInGuild: 0 });
    const firstPage = await run('!help', BUTTONS);
    const [, first, count] = BUTTONS.exec(firstPage.at(-1)!)!;
    const pages = Number(count);
    expect([first, pages > 2]).toEqual(['1', true]);
    const texts = [firstPage.slice(1, -1).join('\n')];
    for (let page = 2; page <= pages; page++) {
      const lines = await run(':press ▶');
      expect(lines[0]).toBe('[#general] cogsmith-bot (reply to you, updated after you pressed ▶ on m1):');
      expect(lines.at(-1)).toBe(`    m1: [1 ◀] [2 ${page}/${pages} (disabled)] [3 ▶] [4 ✖]`);
      texts.push(lines.slice(1, -1).join('\n'));
    }
    // Every page is a different one, and together they cover every cog.
    expect(new Set(texts).size).toBe(pages);
    for (const cog of ['showcase', 'controls', 'help']) expect(texts.join('\n')).toContain(`┃ ${cog}: `);
    // Pressing by number does the same as by label: 3 is ▶, which wraps to the first page.
    expect((await run(':press 3')).at(-1)).toBe(`    m1: [1 ◀] [2 1/${pages} (disabled)] [3 ▶] [4 ✖]`);
    expect((await run(':press m1 ◀')).at(-1)).toBe(`    m1: [1 ◀] [2 ${pages}/${pages} (disabled)] [3 ▶] [4 ✖]`);
  });

  it('GIVEN buttons WHEN the chat presses what cannot be pressed, or nothing has buttons THEN it says so and what would work', async () => {
    const { sandbox: s, run, printedLine } = await start();
    expect(await run(':press 1')).toEqual(['» No message shown so far has buttons or menus to use.']);
    await s.bot.commandSettings.setHelp({ pageCharLimit: 200, maxPagesInGuild: 0 });
    await s.handle('!help');
    const [, , count] = BUTTONS.exec(await printedLine(BUTTONS))!;
    expect(await run(':press 2')).toEqual([`» Button 2 (1/${count}) of m1 is disabled, so it cannot be pressed.`]);
    expect(await run(':press 9')).toEqual([`» m1 has no button 9: it has 4 buttons: 1 ◀, 2 1/${count} (disabled), 3 ▶, 4 ✖.`]);
    expect(await run(':press ▲')).toEqual([`» m1 has no button "▲"; its buttons: 1 ◀, 2 1/${count} (disabled), 3 ▶, 4 ✖.`]);
    expect(await run(':press m5 1')).toEqual(['» There is no m5; messages with buttons or menus so far: m1.']);
    expect(await run(':press')).toEqual([`m1: [1 ◀] [2 1/${count} (disabled)] [3 ▶] [4 ✖]   (in #general)`, 'Press a button with :press <number or label>, choose in a menu with :pick <choices>.']);

    // Someone else may press too; the bot answers them privately, and the chat shows it as theirs alone.
    await run(':as alice');
    expect(await run(':press ▶')).toEqual(['[#general] cogsmith-bot (you pressed ▶ on m1, only you can see this): Only the person who ran the command can use these buttons.']);
    await run(':as you');

    // ✖ removes the buttons: the page stays, and there is nothing left to press.
    const stopped = await run(':press ✖', '    m1: no buttons or menus any more');
    expect([stopped[0], stopped.at(-1)]).toEqual(['[#general] cogsmith-bot (reply to you, updated after you pressed ✖ on m1):', '    m1: no buttons or menus any more']);
    expect(await run(':press 3')).toEqual(['» No message shown so far has buttons or menus to use.']);
    expect(await run(':press m1 3')).toEqual(['» m1 has no buttons or menus any more.']);
  });
});

describe('sandbox chat: menus and links', () => {
  it('GIVEN a message with menus and buttons WHEN the chat picks and presses THEN the update and the private answers are shown as such', async () => {
    const { run } = await start();
    expect(await run('!menu', /Off \(disabled\)/)).toEqual([
      '[#general] cogsmith-bot: Pick colours:',
      '    m1: [1 ▾ Colours: Red | Green | Blue (choose 1 to 2)]',
      '        [2 ▾ Who?: any of the members (choose one)]',
      '        [3 Whisper] [4 Docs → https://example.invalid/docs] [5 Off (disabled)]',
    ]);
    expect((await run(':pick 1 Red, blue'))[0]).toBe('[#general] cogsmith-bot (updated after you picked Red, Blue on m1): You picked red and blue.');
    expect((await run(':pick m1 1 green'))[0]).toBe('[#general] cogsmith-bot (updated after you picked Green on m1): You picked green.');
    expect(await run(':pick 2 alice')).toEqual(['[#general] cogsmith-bot (you picked alice on m1, only you can see this): You picked alice.']);
    expect(await run(':press Whisper')).toEqual(['[#general] cogsmith-bot (you pressed Whisper on m1, only you can see this): psst']);
  });

  it('GIVEN menus and a link WHEN the chat asks for what they cannot do THEN it says what was wrong and what would work', async () => {
    const { run } = await start();
    await run('!menu', /Off \(disabled\)/);
    expect(await run(':pick Red')).toEqual(['» m1 has 2 menus (1 Colours, 2 Who?): say which by its number, e.g. :pick m1 1 <choices>.']);
    expect(await run(':pick 1 purple')).toEqual(['» Menu 1 (Colours) of m1 has no option "purple"; its options: Red, Green, Blue.']);
    expect(await run(':pick 1 red green blue')).toEqual(['» Menu 1 (Colours) of m1 takes 1 to 2 choices, got 3.']);
    expect(await run(':pick 2 carol')).toEqual(['» Menu 2 (Who?) of m1 chooses members; there is no member "carol". Members: you, alice, bob.']);
    expect(await run(':pick 3 x')).toEqual(['» 3 on m1 is a button, not a menu: press it with :press m1 3.']);
    expect(await run(':press 1')).toEqual(['» 1 on m1 is a menu, not a button: choose in it with :pick m1 1 <choices>.']);
    expect(await run(':press Docs')).toEqual(['» Button 4 (Docs) of m1 is a link to https://example.invalid/docs: open it in a browser; a link sends nothing to the bot.']);
    expect(await run(':press 5')).toEqual(['» Button 5 (Off) of m1 is disabled, so it cannot be pressed.']);
  });
});

describe('sandbox chat: timestamps', () => {
  it('GIVEN a reply with Discord timestamps in its content and embed THEN they read as times relative to when they are printed', async () => {
    const { run } = await start();
    expect(await run('!when', /Last run/)).toEqual(['[#general] cogsmith-bot (reply to you): Next run in 1 hour.', '    ┃ Schedule', '    ┃ Last run: 5 minutes ago']);
  });
});
