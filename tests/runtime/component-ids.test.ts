/** Custom ids of routed components: namespaces, the 100-character limit, and splitting at the longest known namespace. */
import { describe, expect, it } from 'vitest';
import { checkNamespace, ComponentIdError, customId, newSessionId, splitCustomId } from '../../runtime/context/components/custom-id.js';

describe('component custom ids', () => {
  it('GIVEN namespaces THEN words of letters, digits, _ and - joined by : pass and anything else is refused by code', () => {
    for (const ok of ['shop', 'economy:shop', 'cogsmith:page', 'a_b-c:9']) expect(checkNamespace(ok)).toBe(ok);
    for (const bad of ['', 'shop:', ':shop', 'sh op', 'shop::buy', 'x'.repeat(41)]) {
      expect(() => checkNamespace(bad), bad).toThrow(ComponentIdError);
    }
    expect(() => checkNamespace('bad ns')).toThrow(expect.objectContaining({ code: 'COMPONENT_ID' }));
  });

  it('GIVEN parts THEN they are joined with : and an id longer than Discord allows, or a part with :, is refused', () => {
    expect(customId('shop:buy', ['apple', '3'])).toBe('shop:buy:apple:3');
    expect(() => customId('shop', ['a:b'])).toThrow(/contain no `:`/);
    expect(() => customId('shop', [''])).toThrow(ComponentIdError);
    expect(() => customId('shop', ['x'.repeat(96)])).toThrow(/longer than Discord's 100 characters/);
    expect(customId('shop', ['x'.repeat(95)])).toHaveLength(100);
  });

  it('GIVEN known namespaces THEN an id splits at the longest one, with the parts after it', () => {
    const known = new Set(['shop', 'shop:buy']);
    expect(splitCustomId('shop:buy:apple', (n) => known.has(n))).toEqual({ namespace: 'shop:buy', parts: ['apple'] });
    expect(splitCustomId('shop:sell:apple', (n) => known.has(n))).toEqual({ namespace: 'shop', parts: ['sell', 'apple'] });
    expect(splitCustomId('shop', (n) => known.has(n))).toEqual({ namespace: 'shop', parts: [] });
    expect(splitCustomId('other:thing', (n) => known.has(n))).toBeNull();
  });

  it('GIVEN many session ids THEN they are 8 custom-id-safe characters and do not repeat', () => {
    const ids = new Set(Array.from({ length: 1000 }, newSessionId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{8}$/);
  });
});
