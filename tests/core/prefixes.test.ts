/** Prefix validation and storage (runtime/core/prefixes.ts) on a real Config over the memory driver. */
import { afterAll, describe, expect, it } from 'vitest';
import { Config, storeFor } from '../../runtime/config/index.js';
import { CORE_NAMESPACE } from '../../runtime/context/core-settings.js';
import { MAX_PREFIXES, PrefixError, PrefixStore, validatePrefixes } from '../../runtime/core/prefixes.js';
import { MemoryDriver } from '../../runtime/drivers/memory.js';

const driver = new MemoryDriver();
afterAll(async () => {
  for (const config of Config.instances()) if (config.cogName === CORE_NAMESPACE.cogName) Config.release(config);
  await driver.close();
});

describe('validatePrefixes', () => {
  it('GIVEN valid prefixes THEN they come back longest first', () => {
    expect(validatePrefixes(['!', '!!', 'bot '])).toEqual(['bot ', '!!', '!']);
  });

  it.each([
    [[], 'Give at least one prefix.'],
    [['/'], 'The prefix `/` cannot start with `/`: Discord uses it for slash commands.'],
    [[' x'], 'The prefix ` x` cannot start with a space.'],
    [['x'.repeat(26)], `The prefix \`${'x'.repeat(26)}\` must be 1 to 25 characters long.`],
    [[''], 'The prefix `` must be 1 to 25 characters long.'],
    [['!', '!'], 'The prefix `!` is given twice.'],
    [Array.from({ length: MAX_PREFIXES + 1 }, (_, i) => `p${i}`), `At most ${MAX_PREFIXES} prefixes, got ${MAX_PREFIXES + 1}.`],
  ])('GIVEN %j THEN it is refused with a message saying why', (prefixes, message) => {
    expect(() => validatePrefixes(prefixes)).toThrow(new PrefixError(message));
  });
});

describe('PrefixStore', () => {
  it('GIVEN nothing stored THEN the instance prefixes apply; a guild set overrides only there and survives a new store', async () => {
    const store = new PrefixStore(driver, ['!']);
    expect(await store.forGuild(null)).toEqual(['!']);
    await store.setGlobal(['?']);
    await store.setGuild('111111111111111111', ['$', '$$']);
    expect(await store.forGuild('111111111111111111')).toEqual(['$$', '$']);
    expect(await store.forGuild('222222222222222222')).toEqual(['?']);
    await expect(store.setGuild('111111111111111111', ['/x'])).rejects.toThrow(PrefixError);
    const again = new PrefixStore(driver, ['!']);
    expect(await again.forGuild('111111111111111111')).toEqual(['$$', '$']);
    expect(await again.forGuild(null)).toEqual(['?']);
    await again.setGuild('111111111111111111', []);
    expect(await again.forGuild('111111111111111111')).toEqual(['?']);
  });

  it('GIVEN another process changes a guild\'s prefixes and the driver announces it THEN the next message uses the new ones', async () => {
    const store = new PrefixStore(driver, ['!']);
    const guild = '333333333333333333';
    await store.setGuild(guild, ['$']);
    expect(await store.forGuild(guild)).toEqual(['$']);
    // What a second shard does: write the database directly, then PostgreSQL's NOTIFY reaches this process.
    const namespace = { cogName: CORE_NAMESPACE.cogName, identifier: String(CORE_NAMESPACE.identifier) };
    await driver.set(namespace, { scope: 'GUILD', keyCount: 1, primaryKeys: [guild], path: ['prefixes'] }, ['%']);
    expect(await store.forGuild(guild)).toEqual(['$']); // nothing announced yet: the cache still holds the old value
    storeFor(driver).invalidate({ namespace, scope: 'GUILD', primaryKeys: [guild] });
    expect(await store.forGuild(guild)).toEqual(['%']);
  });
});
