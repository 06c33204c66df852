/**
 * The sandbox session in-process: the real simulator, the real Bot and a small cog; what the chat prints
 * for embeds, reactions, ephemeral and deferred replies, and the chat commands that move the person around.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registry as generatedRegistry } from '../../generated/registry.js';
import { createInstanceConfig } from '../../runtime/instance/config.js';
import { createLogger } from '../../runtime/logging.js';
import { Sandbox, sandboxStorage } from '../../runtime/sandbox/session.js';
import { startSandbox } from './fixtures.js';

let sandbox: Sandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

async function start(journal: string[] = []) {
  const started = await startSandbox({ journal });
  sandbox = started.sandbox;
  return started;
}

describe('sandbox session', () => {
  it('GIVEN the sample guild WHEN it starts THEN the bot is ready in Sandbox with you, alice and bob', async () => {
    const { sandbox } = await start();
    expect(sandbox.bot.isReady).toBe(true);
    expect(sandbox.prompt).toBe('#general you> ');
    const d = sandbox.directory;
    expect(d.members.map((m) => m.username).sort()).toEqual(['alice', 'bob', 'cogsmith-bot', 'you']);
    expect(d.channels.map((c) => c.name)).toEqual(['general', 'random']);
    // The person at the keyboard owns the guild and is a bot owner (owner-only commands can be tried).
    expect(sandbox.sim.state.guild(sandbox.world.guild.id).ownerId).toBe(sandbox.world.you.id);
    expect(sandbox.bot.instance.owners).toContain(sandbox.world.you.id);
    expect(sandbox.welcome().join('\n')).toContain('Cogs loaded: showcase');
  });

  it('prints an embed reply readably', async () => {
    const { sandbox, printedLine, printed } = await start();
    await sandbox.handle('!card');
    await printedLine('    ┃ — showcase');
    const at = printed.indexOf('[#general] cogsmith-bot (reply to you): Your card:');
    expect(printed.slice(at, at + 5)).toEqual([
      '[#general] cogsmith-bot (reply to you): Your card:',
      '    ┃ Profile',
      '    ┃ A sandbox member',
      '    ┃ Level: 3',
      '    ┃ — showcase',
    ]);
  });

  it('prints the reaction the bot adds to your message', async () => {
    const { sandbox, printedLine } = await start();
    await sandbox.handle('!check');
    await printedLine('[#general] cogsmith-bot: ✅ (reaction on your message)');
  });

  it('marks an ephemeral slash reply, and shows a deferred one thinking then answered', async () => {
    const { sandbox, printedLine, printed } = await start();
    await sandbox.handle('/secret');
    await printedLine('[#general] cogsmith-bot (/secret by you, only you can see this): only for you');
    await sandbox.handle('/slow');
    await printedLine('[#general] cogsmith-bot (/slow by you): done thinking');
    expect(printed).toContain('[#general] cogsmith-bot (/slow by you): … is thinking');
  });

  it('switches channel and speaker, and answers mistakes with what would work', async () => {
    const { sandbox, printedLine, printed } = await start();
    expect(await sandbox.handle(':channel random')).toBe('continue');
    expect(await sandbox.handle(':as alice')).toBe('continue');
    expect(sandbox.prompt).toBe('#random alice> ');
    await sandbox.handle('!ping');
    await printedLine('[#random] cogsmith-bot (reply to you): Pong!');
    const said = sandbox.sim.messagesIn(sandbox.world.random).find((m) => m.content === '!ping');
    expect(said?.author.username).toBe('alice');

    await sandbox.handle(':channel nowhere');
    await sandbox.handle(':as cogsmith-bot');
    await sandbox.handle('/nope');
    await sandbox.handle(':dance');
    expect(printed.slice(-4)).toEqual([
      '» There is no channel "nowhere". Channels: #general, #random.',
      '» There is no member "cogsmith-bot" to speak as. Members: you, alice, bob.',
      '» The bot has no slash command /nope. Commands: /card, /check, /ping, /secret, /slow.',
      '» :dance is not a chat command; type :help for the list',
    ]);
    expect(await sandbox.handle(':quit')).toBe('quit');
  });

  it('settle() waits for the answer to what was just said', async () => {
    const { sandbox, printed } = await start();
    await sandbox.handle('!ping');
    await sandbox.settle({ timeoutMs: 20_000 });
    expect(printed).toContain('[#general] cogsmith-bot (reply to you): Pong!');
  });

  it('stop() runs each cog onUnload, then stops the simulator', async () => {
    const journal: string[] = [];
    const { sandbox: s } = await start(journal);
    await s.stop();
    sandbox = undefined;
    expect(journal).toEqual(['onUnload']);
    await expect(fetch(`${s.sim.apiUrl}/v10/gateway`)).rejects.toThrow();
  });
});

describe('sandboxStorage', () => {
  it('keeps sandbox data in its own folder, apart from the real bot data', () => {
    expect(sandboxStorage({ driver: 'json', path: '/srv/bot/data' })).toEqual({ driver: 'json', path: '/srv/bot/data/sandbox' });
    expect(sandboxStorage({ driver: 'postgres', path: '/srv/bot/data' })).toEqual({ driver: 'postgres', path: '/srv/bot/data/sandbox' });
    expect(sandboxStorage({ driver: 'memory', path: '/srv/bot/data' })).toEqual({ driver: 'memory', path: '/srv/bot/data' });
  });
});

describe('sandbox restarts', () => {
  it('GIVEN json storage WHEN the sandbox starts again THEN it is the same guild and people, and what the bot stored for them applies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cogsmith-sandbox-ids-'));
    try {
      const startOn = () =>
        Sandbox.start({
          instance: createInstanceConfig({ cogs: ['core'], storage: { driver: 'json', path: dir } }),
          registry: { core: generatedRegistry.core! },
          print: () => undefined,
          logger: createLogger('bot', { sink: () => undefined }),
        });
      const first = await startOn();
      const ids = [first.world.guild.id, first.world.you.id, first.world.alice.id, first.world.bob.id];
      await first.handle('!set serverprefix ?');
      await first.settle({ timeoutMs: 20_000 });
      await first.stop();
      expect(JSON.parse(readFileSync(join(dir, 'sandbox', 'sandbox-world.ids'), 'utf8'))).toEqual({ guild: ids[0], you: ids[1], alice: ids[2], bob: ids[3] });

      sandbox = await startOn();
      expect([sandbox.world.guild.id, sandbox.world.you.id, sandbox.world.alice.id, sandbox.world.bob.id]).toEqual(ids);
      expect(sandbox.bot.instance.owners).toContain(ids[1]);
      expect(await sandbox.bot.prefixes()!.forGuild(ids[0]!)).toEqual(['?']);
    } finally {
      await sandbox?.stop();
      sandbox = undefined;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
