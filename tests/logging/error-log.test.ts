/**
 * The error log `traceback` reads (runtime/commands/error-log.ts): grouped by fingerprint with a count,
 * a share per user and per guild so one member cannot push other errors out, ids still found, and errors
 * kept redacted.
 */
import { describe, expect, it } from 'vitest';
import { ErrorLog, fingerprintOf, normalizeMessage, sourceOfEvent } from '../../runtime/commands/error-log.js';
import { registerSecret } from '../../runtime/logging.js';
import { DATABASE_URL, PASSWORD, secretsIn, TOKEN } from './helpers.js';

const alice = { userId: '100000000000000011', guildId: '100000000000000001' };
const mallory = { userId: '100000000000000066', guildId: '100000000000000001' };

/** An error made at one place in the code (one stack), as a handler throwing it each time would make it. */
function thrownAtOnePlace(message: string, Kind: ErrorConstructor = Error): Error {
  return errorsAtOnePlace([message], Kind)[0]!;
}

function errorsAtOnePlace(messages: string[], Kind: ErrorConstructor = Error): Error[] {
  return messages.map((message) => new Kind(message));
}

/** A distinct word for `n` (digits would be taken out of the fingerprint): a, b, …, z, ba, bb, … */
const word = (n: number) => [...n.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');

/** A clock the test moves. */
function clock(start = 1_800_000_000_000) {
  let now = start;
  return { now: () => now, tick: (ms = 1000) => (now += ms) };
}

describe('grouping by fingerprint', () => {
  it('GIVEN the same failure with other numbers and quoted input THEN one entry with a count, the first and latest kept, every id found', () => {
    const time = clock();
    const log = new ErrorLog({ capacity: 10, now: time.now });
    const ids: string[] = [];
    for (let n = 0; n < 30; n++) {
      ids.push(log.record('command echo', thrownAtOnePlace(`Invalid Form Body: content of ${2001 + n} characters in "${'x'.repeat(n)}"`), mallory).id);
      time.tick();
    }
    expect(new Set(ids).size).toBe(30);
    expect(log.recent()).toHaveLength(1);
    const [latest] = log.recent();
    expect(latest).toMatchObject({ id: ids[29], where: 'command echo', count: 30 });
    expect(latest!.firstSeen.getTime()).toBe(1_800_000_000_000);
    expect(latest!.lastSeen.getTime()).toBe(1_800_000_029_000);
    expect((log.get(ids[0]!)!.error as Error).message).toBe('Invalid Form Body: content of 2001 characters in ""');
    expect(log.get(ids[0]!)!.time.getTime()).toBe(1_800_000_000_000);
    // an occurrence in between: found, with its own time and the latest error's text
    expect(log.get(ids[10]!)).toMatchObject({ id: ids[10], count: 30, source: mallory });
    expect(log.get(ids[10]!)!.time.getTime()).toBe(1_800_000_010_000);
  });

  it('GIVEN different places, classes, codes or messages THEN different fingerprints', () => {
    const base = fingerprintOf('command a', thrownAtOnePlace('no item apple'));
    expect(fingerprintOf('command a', thrownAtOnePlace('no item apple'))).toBe(base);
    expect(fingerprintOf('command b', thrownAtOnePlace('no item apple'))).not.toBe(base);
    expect(fingerprintOf('command a', thrownAtOnePlace('no item pear'))).not.toBe(base);
    expect(fingerprintOf('command a', thrownAtOnePlace('no item apple', TypeError))).not.toBe(base);
    // the same message thrown from elsewhere in the code is another failure
    expect(fingerprintOf('command a', new Error('no item apple'))).not.toBe(base);
    expect(fingerprintOf('command a', Object.assign(thrownAtOnePlace('x'), { code: 50035 }))).not.toBe(fingerprintOf('command a', Object.assign(thrownAtOnePlace('x'), { code: 10008 })));
    expect(normalizeMessage('user 123456789012345678 said "hi there" and `rm` at 0xdeadbeef00')).toBe('user # said "…" and `…` at #');
  });

  it('GIVEN a long run THEN the group remembers its first id and the newest ones, idsPerGroup in all', () => {
    const log = new ErrorLog({ capacity: 5, idsPerGroup: 3 });
    const ids = Array.from({ length: 6 }, () => log.record('task t', thrownAtOnePlace('same')).id);
    expect(ids.map((id) => log.get(id) !== undefined)).toEqual([true, false, false, false, true, true]);
  });
});

describe('a share per source', () => {
  it('GIVEN a member producing many distinct errors THEN they hold at most their share, and the errors of others stay', () => {
    const log = new ErrorLog({ capacity: 50 });
    expect([log.perUser, log.perGuild]).toEqual([5, 12]);
    const real = log.record('command shop buy', new Error('the shop database is down'), alice);
    const task = log.record('task economy.payday', new Error('payday failed'));
    for (const error of errorsAtOnePlace(Array.from({ length: 200 }, (_, i) => `no such thing: ${word(i)}`))) log.record('command fail', error, mallory);
    const kept = log.recent();
    expect(kept.filter((r) => r.source?.userId === mallory.userId)).toHaveLength(5);
    expect(log.get(real.id)).toMatchObject({ where: 'command shop buy', count: 1 });
    expect(log.get(task.id)).toMatchObject({ where: 'task economy.payday' });
    // mallory's newest are the ones kept
    expect(kept.filter((r) => r.source?.userId === mallory.userId).map((r) => (r.error as Error).message)).toEqual(
      [199, 198, 197, 196, 195].map((n) => `no such thing: ${word(n)}`),
    );
  });

  it('GIVEN many members of one guild THEN that guild holds at most its share; another guild\'s errors stay', () => {
    const log = new ErrorLog({ capacity: 20, perUser: 2, perGuild: 5 });
    const elsewhere = log.record('command x', new Error('real elsewhere'), { userId: '3', guildId: '900' });
    for (let member = 0; member < 10; member++) {
      for (const error of errorsAtOnePlace([0, 1, 2].map((i) => `member ${word(member)} thing ${word(i)}`))) log.record('command fail', error, { userId: `5${member}`, guildId: '800' });
    }
    expect(log.recent().filter((r) => r.source?.guildId === '800')).toHaveLength(5);
    expect(log.get(elsewhere.id)).toBeDefined();
  });

  it('GIVEN the log full of one entry per source THEN the least recently seen goes; a repeat keeps an entry fresh', () => {
    const log = new ErrorLog({ capacity: 3 });
    const a = log.record('command a', thrownAtOnePlace('a'), { userId: '1' });
    const b = log.record('command b', thrownAtOnePlace('b'), { userId: '2' });
    log.record('command c', thrownAtOnePlace('c'), { userId: '3' });
    log.record('command a', thrownAtOnePlace('a'), { userId: '4' }); // a seen again
    log.record('command d', thrownAtOnePlace('d'), { userId: '5' });
    expect(log.get(a.id)).toBeDefined();
    expect(log.get(b.id)).toBeUndefined();
    expect(log.recent().map((r) => r.where)).toEqual(['command d', 'command a', 'command c']);
  });

  it('GIVEN the log full THEN the largest holder loses its least recently seen entry, not the oldest of all', () => {
    const log = new ErrorLog({ capacity: 4, perUser: 4, perGuild: 4 });
    const real = log.record('command real', thrownAtOnePlace('real'), { userId: '1' });
    const [x, y, z, w] = errorsAtOnePlace(['x', 'y', 'z', 'w']).map((error) => log.record('command fail', error, { userId: '2' }));
    expect(log.get(real.id)).toBeDefined();
    expect([x, y, z, w].map((r) => log.get(r!.id) !== undefined)).toEqual([false, true, true, true]);
  });
});

describe('redaction', () => {
  it('GIVEN an error with the token and the database password THEN the log keeps a redacted copy of the same class', () => {
    registerSecret(TOKEN);
    registerSecret(DATABASE_URL);
    class ShopError extends Error {
      override name = 'ShopError';
      readonly code = 'E_SHOP';
    }
    const error = new ShopError(`cannot log in with ${TOKEN}`, { cause: new Error(`no connection to ${DATABASE_URL} (${PASSWORD})`) });
    const record = new ErrorLog().record('command shop', error, alice);
    const kept = record.error as ShopError;
    expect(kept).toBeInstanceOf(ShopError);
    expect(kept).toMatchObject({ name: 'ShopError', code: 'E_SHOP', message: 'cannot log in with [redacted]' });
    expect(kept.stack).toContain('ShopError: cannot log in with [redacted]');
    expect((kept.cause as Error).message).toBe('no connection to postgres://cogsmith:[redacted]@db.internal:5432/bot ([redacted])');
    expect(secretsIn(`${kept.stack} ${(kept.cause as Error).stack}`)).toEqual([]);
    expect(error.message).toContain(TOKEN); // the thrower's error is untouched
  });
});

describe('sourceOfEvent', () => {
  it('GIVEN a message, an interaction or a member THEN its user and guild', () => {
    expect(sourceOfEvent([{ author: { id: '1' }, guildId: '2' }])).toEqual({ userId: '1', guildId: '2' });
    expect(sourceOfEvent(['x', { user: { id: '3' }, guild: { id: '4' } }])).toEqual({ userId: '3', guildId: '4' });
    expect(sourceOfEvent([{ author: { id: '5' }, guildId: null }])).toEqual({ userId: '5' });
    expect(sourceOfEvent([{ id: '6' }, 7])).toBeUndefined();
  });
});
