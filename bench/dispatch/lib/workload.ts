/**
 * The load: members say `!ping` across many channels with a bounded number of messages in flight, and each
 * waits for the bot's reply to that very message. Replies are matched by their message reference through one
 * listener on the simulator's events (sim.waitForMessage scans every stored message, too slow for 10k).
 */
import { performance } from 'node:perf_hooks';
import type { APIMessage } from 'discord-api-types/v10';
import type { ChannelHandle, GuildHandle, MemberHandle, Simulator } from '../../../runtime/testing/index.js';

/** The guild the workload runs in. */
export interface BenchWorld {
  guild: GuildHandle;
  channels: readonly ChannelHandle[];
  members: readonly MemberHandle[];
}

export interface WorkloadOptions {
  messages: number;
  /** At most this many messages wait for their reply at once. */
  inFlight: number;
  /** How long one message may wait for its reply before the run fails. */
  replyTimeoutMs: number;
  /** The text to send (or, given the message's number, the text of that message); the reply must start with `expectReply`. */
  command: string | ((i: number) => string);
  expectReply: string;
}

/** Builds a guild with `channels` text channels and `members` members (before any bot connects). */
export function buildWorld(sim: Simulator, counts: { channels: number; members: number }): BenchWorld {
  const names = Array.from({ length: counts.channels }, (_, i) => ({ name: `bench-${i}` }));
  const guild = sim.createGuild({ name: 'Dispatch bench', channels: names });
  const members = Array.from({ length: counts.members }, (_, i) => sim.createMember(guild, { username: `member${i}` }));
  return { guild, channels: guild.channels, members };
}

/** Runs the workload once; resolves with the wall time in ms, or rejects naming the message that got no (right) reply. */
export async function runWorkload(sim: Simulator, world: BenchWorld, options: WorkloadOptions): Promise<number> {
  const pending = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
  // A reply that somehow arrives before its waiter is registered is kept here.
  const early = new Map<string, APIMessage>();
  const botId = sim.botUser.id;
  const check = (reply: APIMessage): Error | null =>
    reply.content.startsWith(options.expectReply) ? null : new Error(`the bot answered ${JSON.stringify(reply.content)} where ${JSON.stringify(options.expectReply)}… was expected`);
  const onMessage = (message: APIMessage) => {
    if (message.author.id !== botId) return;
    const to = message.message_reference?.message_id;
    if (!to) return;
    const waiter = pending.get(to);
    if (!waiter) return void early.set(to, message);
    pending.delete(to);
    const problem = check(message);
    if (problem) waiter.reject(problem);
    else waiter.resolve();
  };
  sim.events.on('messageCreate', onMessage);

  const awaitReply = (said: APIMessage, channel: ChannelHandle): Promise<void> => {
    const already = early.get(said.id);
    if (already) {
      early.delete(said.id);
      const problem = check(already);
      return problem ? Promise.reject(problem) : Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(said.id);
        reject(new Error(`no reply to ${JSON.stringify(said.content)} (message ${said.id} in #${channel.name}) within ${options.replyTimeoutMs} ms`));
      }, options.replyTimeoutMs);
      pending.set(said.id, {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  };

  let next = 0;
  let failed: Error | null = null;
  const worker = async () => {
    while (failed === null && next < options.messages) {
      const i = next++;
      const channel = world.channels[i % world.channels.length]!;
      const member = world.members[i % world.members.length]!;
      const said = await sim.say(channel, member, typeof options.command === 'string' ? options.command : options.command(i));
      await awaitReply(said, channel);
    }
  };
  const began = performance.now();
  try {
    const workers = Array.from({ length: Math.min(options.inFlight, options.messages) }, () =>
      worker().catch((error: Error) => {
        failed ??= error;
      }),
    );
    await Promise.all(workers);
  } finally {
    sim.events.off('messageCreate', onMessage);
    for (const waiter of pending.values()) waiter.reject(new Error('the run was abandoned'));
  }
  if (failed) throw failed;
  return performance.now() - began;
}
