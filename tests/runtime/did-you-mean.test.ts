import { describe, expect, it } from 'vitest';
import { closeMatches, didYouMean, editDistance } from '../../runtime/support/did-you-mean.js';

describe('did you mean (one rule for commands, manifests and bot.config.yaml)', () => {
  const names = ['greet', 'grant', 'ping', 'config'].map((name) => ({ name, value: name }));

  it('GIVEN two words THEN the edit distance counts inserts, deletes and substitutions', () => {
    expect(editDistance('gret', 'greet')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('GIVEN candidates THEN close names come first and far ones are left out, ignoring case', () => {
    expect(closeMatches('gret', names)).toEqual(['greet']);
    expect(closeMatches('GRANT', names)).toEqual(['grant']);
    expect(closeMatches('pong', names)).toEqual(['ping']);
    expect(closeMatches('zzzz', names)).toEqual([]);
    expect(closeMatches('grent', names)).toEqual(['greet', 'grant']);
  });

  it('GIVEN a name far from every candidate THEN there is no suggestion', () => {
    expect(didYouMean('zzzzzz', ['name', 'identifier'])).toBeUndefined();
    expect(didYouMean('identifer', ['name', 'identifier'])).toBe('identifier');
    expect(didYouMean('anything', [])).toBeUndefined();
  });
});
