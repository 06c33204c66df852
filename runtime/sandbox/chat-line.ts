/**
 * What one line typed into the sandbox chat means: a message to say, a slash command, or one of the chat's
 * own `:commands`. Pure, so the chat's grammar is tested without a terminal.
 */

export type ChatLine =
  | { kind: 'empty' }
  | { kind: 'say'; text: string }
  | { kind: 'slash'; text: string }
  | { kind: 'help' }
  | { kind: 'who' }
  | { kind: 'channel'; name: string }
  | { kind: 'as'; name: string }
  | { kind: 'press'; message?: string; button: string }
  | { kind: 'pick'; message?: string; choice: string }
  | { kind: 'quit' }
  | { kind: 'unknown'; message: string };

/** The chat's own commands, as `:help` lists them. */
export const CHAT_HELP = [
  'Type a message to say it in the current channel, e.g. !ping',
  'Type /command name:value to run a slash command, e.g. /ping or /hello member:alice',
  '  (a value with spaces goes in quotes: opt:"two words"; members, channels and roles by name: alice, #random, @mods)',
  ':channel <name>   switch channel, e.g. :channel random',
  ':as <name>        speak as another member, e.g. :as alice (:as you to switch back)',
  ':who              list the channels, members and roles of the sandbox guild',
  ':press <button>   press a button of the latest message with buttons or menus, by number or label: :press 3, :press ▶',
  ':pick <choices>   choose in its menu by label or value: :pick Red (several, where the menu allows: :pick Red, Blue);',
  "                  members, roles and channels by name (:pick alice); with several menus, the menu's number first (:pick 2 Red)",
  "                  buttons and menus are shown numbered after their message's tag: m1: [1 ◀] [2 1/3 (disabled)] [3 ▶] [4 ✖];",
  '                  the tag names an earlier message (:press m1 3, :pick m1 2 Red); :press or :pick alone lists them',
  '                  (disabled ones cannot be used; a link button shows its URL and sends nothing to the bot)',
  ':help             show this help',
  ':quit             stop the bot and leave (Ctrl+D works too)',
  'Start a line with \\ to say it exactly as typed (e.g. \\/not-a-command).',
];

/** Parses one typed line. Leading and trailing spaces are ignored. */
export function parseChatLine(line: string): ChatLine {
  const text = line.trim();
  if (text === '') return { kind: 'empty' };
  if (text.startsWith('\\')) return { kind: 'say', text: text.slice(1) };
  if (text.startsWith('/')) return { kind: 'slash', text };
  if (!text.startsWith(':') || text === ':' || /^:\W/.test(text)) return { kind: 'say', text }; // ":)" is a message
  const [word = '', ...rest] = text.slice(1).split(/\s+/);
  const arg = rest.join(' ');
  switch (word.toLowerCase()) {
    case 'help':
    case 'h':
    case '?':
      return { kind: 'help' };
    case 'who':
      return { kind: 'who' };
    case 'channel':
    case 'c':
      return arg ? { kind: 'channel', name: arg } : { kind: 'unknown', message: ':channel needs a channel name, e.g. :channel random' };
    case 'as':
      return arg ? { kind: 'as', name: arg } : { kind: 'unknown', message: ':as needs a member name, e.g. :as alice' };
    case 'press':
    case 'pick': {
      // An optional message tag first (`m2`), then the button or the choices.
      const tagged = /^(m\d+)(?:\s+|$)(.*)$/is.exec(arg);
      const message = tagged ? tagged[1]!.toLowerCase() : undefined;
      const rest = tagged ? tagged[2]!.trim() : arg;
      const target = message ? { message } : {};
      return word.toLowerCase() === 'press' ? { kind: 'press', ...target, button: rest } : { kind: 'pick', ...target, choice: rest };
    }
    case 'quit':
    case 'q':
    case 'exit':
      return { kind: 'quit' };
    default:
      return { kind: 'unknown', message: `:${word} is not a chat command; type :help for the list` };
  }
}
