/**
 * Scheduled jobs in one bot: stored in Config, fired at their time on the injected clock (a ManualClock:
 * the tests never sleep for the schedule), listed and cancelled, retried after a failure, and removed (or
 * exported) by a data request for the user their payload names.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CogJobs } from '../../runtime/cogs/module.js';
import { ManualClock, startTestBot, type TestBot } from '../../runtime/testing/index.js';
import { reminderRegistry, type ReminderJournal } from './fixtures/reminder-cog.js';

const ALICE = '912345678901234567';
const BOB = '912345678901234568';
const MIN = 60_000;

let t: TestBot;
let clock: ManualClock;
let journal: ReminderJournal;
let jobs: CogJobs;

beforeEach(async () => {
  clock = new ManualClock();
  journal = { runs: [], failNext: 0 };
  t = await startTestBot(reminderRegistry(journal), { bot: { clock } });
  jobs = t.bot.cogs.get('reminder')!.handle.jobs;
});
afterEach(() => t.stop());

describe('scheduled jobs', () => {
  it('GIVEN a job for in 10 minutes THEN it fires once at that time, with its payload, and is gone afterwards', async () => {
    const job = await jobs.schedule(clock.now() + 10 * MIN, 'remind', { userId: ALICE, text: 'tea' });
    expect(await jobs.list()).toEqual([job]);
    await clock.advance(9 * MIN);
    expect(journal.runs).toEqual([]);
    await clock.advance(MIN);
    await until(() => journal.runs.length === 1);
    expect(journal.runs).toEqual([{ text: 'tea', at: job.dueAt }]);
    await until(async () => (await jobs.list()).length === 0);
    await clock.advance(60 * MIN);
    expect(journal.runs).toHaveLength(1);
  });

  it('GIVEN several jobs THEN they fire in time order, and list shows the soonest first', async () => {
    await jobs.schedule(new Date(clock.now() + 3 * MIN), 'remind', { userId: ALICE, text: 'three' });
    await jobs.schedule(clock.now() + MIN, 'remind', { userId: ALICE, text: 'one' });
    await jobs.schedule(clock.now() + 2 * MIN, 'remind', { userId: BOB, text: 'two' });
    expect((await jobs.list()).map((j) => j.payload.text)).toEqual(['one', 'two', 'three']);
    for (let i = 0; i < 3; i++) await clock.advance(MIN);
    await until(() => journal.runs.length === 3);
    expect(journal.runs.map((r) => r.text)).toEqual(['one', 'two', 'three']);
  });

  it('GIVEN a cancelled job THEN it never fires; cancelling again says there was none', async () => {
    const job = await jobs.schedule(clock.now() + MIN, 'remind', { userId: ALICE, text: 'nope' });
    expect(await jobs.cancel(job.id)).toBe(true);
    expect(await jobs.cancel(job.id)).toBe(false);
    await clock.advance(5 * MIN);
    expect(journal.runs).toEqual([]);
  });

  it('GIVEN a job in the past THEN it fires at once', async () => {
    await jobs.schedule(clock.now() - MIN, 'remind', { userId: ALICE, text: 'late' });
    await clock.advance(0);
    await until(() => journal.runs.length === 1);
  });

  it('GIVEN a handler that throws THEN the job is retried a minute later, with the error kept for traceback', async () => {
    journal.failNext = 1;
    await jobs.schedule(clock.now() + MIN, 'remind', { userId: ALICE, text: 'again' });
    await clock.advance(MIN);
    await until(() => t.bot.errors.recent().some((r) => r.where === 'scheduled job reminder.remind'));
    expect(journal.runs).toEqual([]);
    expect(await jobs.list()).toHaveLength(1);
    await clock.advance(MIN);
    await until(() => journal.runs.length === 1);
  });

  it('GIVEN a job kind the manifest does not declare, or a payload that is not JSON THEN schedule refuses and names it', async () => {
    await expect(jobs.schedule(clock.now(), 'unban' as never, { userId: ALICE })).rejects.toThrow('Cog reminder cannot schedule "unban": it declares no such job kind (declared: remind;');
    await expect(jobs.schedule(clock.now(), 'remind', { userId: ALICE, when: new Date() } as never)).rejects.toThrow(/must be JSON.*when/);
    await expect(jobs.schedule(Number.NaN, 'remind', { userId: ALICE, text: 'x' })).rejects.toThrow('`at` must be a Date or a time in ms since 1970.');
    expect(await jobs.list()).toEqual([]);
  });

  it('GIVEN jobs naming two users WHEN one asks for their data to be deleted THEN only their jobs go; an export lists them', async () => {
    await jobs.schedule(clock.now() + MIN, 'remind', { userId: ALICE, text: 'alice' });
    await jobs.schedule(clock.now() + MIN, 'remind', { userId: BOB, text: 'bob' });
    const exported = await t.bot.dataRequests.exportForUser(ALICE);
    expect(exported.cogs.reminder).toMatchObject({ scheduledJobs: [{ job: 'remind', payload: { userId: ALICE, text: 'alice' } }] });
    const deleted = await t.bot.dataRequests.deleteForUser(ALICE, 'user');
    expect(deleted.deleted).toContain('reminder');
    expect((await jobs.list()).map((j) => j.payload.text)).toEqual(['bob']);
    await clock.advance(MIN);
    await until(() => journal.runs.length === 1);
    expect(journal.runs.map((r) => r.text)).toEqual(['bob']);
  });

  it('GIVEN the cog unloads WHEN its job falls due THEN it waits in storage and fires once the cog is back', async () => {
    await jobs.schedule(clock.now() + MIN, 'remind', { userId: ALICE, text: 'later' });
    await t.bot.unloadCog('reminder');
    await clock.advance(2 * MIN);
    expect(journal.runs).toEqual([]);
    await t.bot.loadCog('reminder');
    await clock.advance(0);
    await until(() => journal.runs.length === 1);
  });
});

/** Waits (in real time, briefly) for storage writes the fired job started to settle. */
async function until(done: () => boolean | Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
