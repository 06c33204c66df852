/**
 * The audit log API on real drivers: entries kept per scope (a guild, or the bot), newest first, capped,
 * surviving a new driver on the same files, and bad input refused before anything is written.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Config } from '../../runtime/config/index.js';
import { CORE_NAMESPACE } from '../../runtime/context/core-settings.js';
import { JsonDriver } from '../../runtime/drivers/json/index.js';
import { MemoryDriver } from '../../runtime/drivers/memory.js';
import { AUDIT_LOG_LIMIT, AuditLog, formatAuditEntry, readAudit, recordAudit } from '../../runtime/permissions/audit-log.js';

const ACTOR = '111111111111111111';
const GUILD = '222222222222222222';
const OTHER_GUILD = '333333333333333333';
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function memoryLog(now = () => 1_800_000_000_000): AuditLog {
  const driver = new MemoryDriver();
  const config = Config.getConf({ ...CORE_NAMESPACE, driver });
  cleanups.push(async () => {
    Config.release(config);
    await driver.close();
  });
  return new AuditLog(() => config, now);
}

describe('audit log', () => {
  it('GIVEN changes in a guild and bot-wide WHEN read THEN each scope has only its own, newest first', async () => {
    let t = 1_800_000_000_000;
    const log = memoryLog(() => (t += 1000));
    await log.record({ actorId: ACTOR, guildId: GUILD, action: 'localblocklist.add', detail: 'blocked user 4' });
    await log.record({ actorId: ACTOR, action: 'blocklist.add', detail: 'blocked user 5 everywhere' });
    await log.record({ actorId: ACTOR, guildId: GUILD, action: 'ignore.channel', detail: 'ignored #general' });
    await log.record({ actorId: ACTOR, guildId: OTHER_GUILD, action: 'modrole.add', detail: 'added Mods' });

    const guild = await log.read({ guildId: GUILD });
    expect(guild.map((e) => e.action)).toEqual(['ignore.channel', 'localblocklist.add']);
    expect(guild[0]).toEqual({ at: 1_800_000_003_000, actorId: ACTOR, guildId: GUILD, action: 'ignore.channel', detail: 'ignored #general' });
    expect((await log.read({ guildId: null })).map((e) => e.detail)).toEqual(['blocked user 5 everywhere']);
    expect((await log.read({ guildId: GUILD, limit: 1 })).map((e) => e.action)).toEqual(['ignore.channel']);
    expect((await log.read({ guildId: GUILD, actionPrefix: 'localblocklist' })).map((e) => e.action)).toEqual(['localblocklist.add']);
  });

  it(`GIVEN more than ${AUDIT_LOG_LIMIT} entries THEN only the newest ${AUDIT_LOG_LIMIT} are kept`, async () => {
    const log = memoryLog();
    for (let i = 0; i < AUDIT_LOG_LIMIT + 3; i++) await log.record({ actorId: ACTOR, guildId: GUILD, action: 'x', detail: `change ${i}` });
    const all = await log.read({ guildId: GUILD });
    expect(all).toHaveLength(AUDIT_LOG_LIMIT);
    expect(all[0]!.detail).toBe(`change ${AUDIT_LOG_LIMIT + 2}`);
    expect(all.at(-1)!.detail).toBe('change 3');
  });

  it('GIVEN bad input THEN it is refused by name and nothing is written', async () => {
    const log = memoryLog();
    await expect(log.record({ actorId: 'alice', action: 'x', detail: 'd' })).rejects.toThrow(/actorId/);
    await expect(log.record({ actorId: ACTOR, guildId: 'here', action: 'x', detail: 'd' })).rejects.toThrow(/guildId "here"/);
    await expect(log.record({ actorId: ACTOR, action: 'has spaces', detail: 'd' })).rejects.toThrow(/action/);
    await expect(log.record({ actorId: ACTOR, action: 'x', detail: '  ' })).rejects.toThrow(/detail/);
    expect(await log.read({ guildId: null })).toEqual([]);
  });

  it('GIVEN the json driver WHEN a new driver opens the same folder THEN the entries are still there', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'cogsmith-audit-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const first = new JsonDriver({ path: folder });
    const config = Config.getConf({ ...CORE_NAMESPACE, driver: first });
    await recordAudit(config, { actorId: ACTOR, guildId: GUILD, action: 'allowlist.add', detail: 'allowed user 7' });
    Config.release(config);
    await first.close();

    const second = new JsonDriver({ path: folder });
    const again = Config.getConf({ ...CORE_NAMESPACE, driver: second });
    cleanups.push(async () => {
      Config.release(again);
      await second.close();
    });
    const entries = await readAudit(again, { guildId: GUILD });
    expect(entries.map((e) => e.detail)).toEqual(['allowed user 7']);
    expect(formatAuditEntry(entries[0]!)).toMatch(new RegExp(`^<t:\\d+:f> <@${ACTOR}> \`allowlist.add\`: allowed user 7$`));
  });
});
