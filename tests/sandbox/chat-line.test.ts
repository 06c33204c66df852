import { describe, expect, it } from 'vitest';
import { parseChatLine } from '../../runtime/sandbox/chat-line.js';
import { mentionsToNames, namesToMentions, resolveChannel, resolveMember, resolveRole } from '../../runtime/sandbox/directory.js';
import { ALICE, BOB, directory, GENERAL, GUILD, MODS, RANDOM } from './fixtures.js';

describe('parseChatLine', () => {
  it('tells messages, slash commands and chat commands apart', () => {
    expect(parseChatLine('  !ping ')).toEqual({ kind: 'say', text: '!ping' });
    expect(parseChatLine('/hello member:alice')).toEqual({ kind: 'slash', text: '/hello member:alice' });
    expect(parseChatLine('')).toEqual({ kind: 'empty' });
    expect(parseChatLine(':help')).toEqual({ kind: 'help' });
    expect(parseChatLine(':who')).toEqual({ kind: 'who' });
    expect(parseChatLine(':channel random')).toEqual({ kind: 'channel', name: 'random' });
    expect(parseChatLine(':as alice')).toEqual({ kind: 'as', name: 'alice' });
    expect(parseChatLine(':quit')).toEqual({ kind: 'quit' });
  });

  it('GIVEN :press and :pick WHEN parsed THEN an optional message tag comes first, then the button or the choices', () => {
    expect(parseChatLine(':press ▶')).toEqual({ kind: 'press', button: '▶' });
    expect(parseChatLine(':press M2 3')).toEqual({ kind: 'press', message: 'm2', button: '3' });
    expect(parseChatLine(':press')).toEqual({ kind: 'press', button: '' });
    expect(parseChatLine(':press m2')).toEqual({ kind: 'press', message: 'm2', button: '' });
    expect(parseChatLine(':pick 2 Red, "Light blue"')).toEqual({ kind: 'pick', choice: '2 Red, "Light blue"' });
    expect(parseChatLine(':pick m1 alice')).toEqual({ kind: 'pick', message: 'm1', choice: 'alice' });
    // A word that only starts like a tag is part of what is pressed.
    expect(parseChatLine(':press more')).toEqual({ kind: 'press', button: 'more' });
  });

  it('says smileys and escaped lines as typed', () => {
    expect(parseChatLine(':)')).toEqual({ kind: 'say', text: ':)' });
    expect(parseChatLine('\\/shrug')).toEqual({ kind: 'say', text: '/shrug' });
    expect(parseChatLine('\\:help')).toEqual({ kind: 'say', text: ':help' });
  });

  it('answers an unknown or incomplete chat command with what to type', () => {
    expect(parseChatLine(':dance')).toEqual({ kind: 'unknown', message: ':dance is not a chat command; type :help for the list' });
    expect(parseChatLine(':as')).toEqual({ kind: 'unknown', message: ':as needs a member name, e.g. :as alice' });
    expect(parseChatLine(':channel')).toEqual({ kind: 'unknown', message: ':channel needs a channel name, e.g. :channel random' });
  });
});

describe('directory', () => {
  it('resolves names, mentions and ids, and nothing else', () => {
    expect(resolveMember(directory, 'ALICE')).toBe(ALICE);
    expect(resolveMember(directory, 'nobody')).toBeUndefined();
    expect(resolveMember(directory, '999999999999999999')).toBeUndefined();
    expect(resolveChannel(directory, '#General')).toBe(GENERAL);
    expect(resolveRole(directory, '@everyone')).toBe(GUILD);
  });

  it('turns typed @name and #channel into mentions, leaving @everyone and unknown names as text', () => {
    expect(namesToMentions(directory, '!hello @alice in #random, @mods, @everyone, @carol, mail@bob.com')).toBe(
      `!hello <@${ALICE}> in <#${RANDOM}>, <@&${MODS}>, @everyone, @carol, mail@bob.com`,
    );
    expect(namesToMentions(directory, '(@bob.)')).toBe(`(<@${BOB}>.)`);
  });

  it('turns mentions back into names, and leaves unknown ids as they are', () => {
    expect(mentionsToNames(directory, `<@${ALICE}> <@!${BOB}> <#${GENERAL}> <@&${MODS}> <@123456789012345678>`)).toBe('@Alice @bob #general @mods <@123456789012345678>');
  });
});
