import { describe, expect, it } from 'vitest';
import { allowedMentionsFor } from '../../runtime/context/mentions.js';
import { EmptyMessageError, toPayload, wantsEphemeral } from '../../runtime/context/payload.js';

describe('allowedMentionsFor', () => {
  it('pings nobody by default', () => {
    expect(allowedMentionsFor(undefined)).toEqual({ parse: [], repliedUser: false });
    expect(allowedMentionsFor({ everyone: false, roles: false, users: false, repliedUser: false })).toEqual({ parse: [], repliedUser: false });
  });

  it('turns on exactly what the command opts into', () => {
    expect(allowedMentionsFor({ everyone: true, roles: false, users: true, repliedUser: true })).toEqual({ parse: ['everyone', 'users'], repliedUser: true });
  });
});

describe('toPayload', () => {
  const none = { parse: [], repliedUser: false };
  it('wraps a string and always carries the allowed mentions', () => {
    expect(toPayload('hi @everyone', none)).toEqual({ content: 'hi @everyone', allowedMentions: none });
  });

  it('keeps embeds and files, drops empty parts, and never forwards ephemeral', () => {
    const payload = toPayload({ content: '', embeds: [{ title: 't' }], files: [], ephemeral: true }, none);
    expect(payload).toEqual({ embeds: [{ title: 't' }], allowedMentions: none });
    expect(wantsEphemeral({ content: 'x', ephemeral: true })).toBe(true);
    expect(wantsEphemeral('x')).toBe(false);
  });

  it('refuses an empty reply with a clear error', () => {
    expect(() => toPayload('', none)).toThrow(EmptyMessageError);
    expect(() => toPayload({}, none)).toThrow('A reply needs content, embeds or files.');
  });
});
