/** Shared by the faults-at-scale tests: waiting for a number of finished commands. */
import type { CommandCompletedInfo } from '../../runtime/commands/dispatcher.js';
import type { Bot } from '../../runtime/bot.js';
import { expect, vi } from 'vitest';

/** Collects every finished command of `bot`. */
export function completions(bot: Bot): CommandCompletedInfo[] {
  const done: CommandCompletedInfo[] = [];
  bot.on('commandCompleted', (info) => void done.push(info));
  return done;
}

/** Waits until `list` holds `count` items. */
export async function waitForCount(list: readonly unknown[], count: number, timeoutMs = 20_000): Promise<void> {
  await vi.waitFor(() => expect(list.length).toBeGreaterThanOrEqual(count), { timeout: timeoutMs, interval: 20 });
}
