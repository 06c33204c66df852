/**
 * Shared by the option tests: starts the real Bot with the `optionkit` fixture cog against the simulator,
 * runs a command by text or by slash and returns what the handler received, or the error reply.
 */
import { ChannelType, type APIMessage } from 'discord.js';
import type { GuildHandle, MemberHandle, UserHandle } from '../../runtime/testing/handles.js';
import type { SlashOptionValue } from '../../runtime/testing/interactions.js';
import { startBot, type Harness } from '../e2e/harness.js';
import { received, type Received } from './fixture/cogs/optionkit/handlers.js';
import { registry } from './fixture/generated/registry.js';

export interface OptionWorld {
  h: Harness;
  guild: GuildHandle;
  alice: MemberHandle;
  bob: MemberHandle;
  sam: MemberHandle;
  samantha: MemberHandle;
  outsider: UserHandle;
  /** A second guild of the bot (with `elsewhere`). */
  elsewhere?: GuildHandle;
}

/**
 * The fixture world: text, voice and category channels, two roles, members with clashing names, an outsider;
 * with `elsewhere`, a second guild of the bot (its own channel and role) that alice is not in.
 */
export async function startOptionWorld(options: { elsewhere?: boolean } = {}): Promise<OptionWorld> {
  const world = {} as OptionWorld;
  world.h = await startBot(registry, {
    world: (sim) => {
      world.guild = sim.createGuild({
        name: 'Options',
        channels: [{ name: 'general' }, { name: 'lounge', type: ChannelType.GuildVoice }, { name: 'Info', type: ChannelType.GuildCategory }],
        roles: [{ name: 'Mods' }, { name: 'Helpers' }, { name: 'Bob' }],
      });
      world.alice = sim.createMember(world.guild, { username: 'alice', nick: 'Ally' });
      world.bob = sim.createMember(world.guild, { username: 'bob' });
      world.sam = sim.createMember(world.guild, { username: 'sam', nick: 'Sam' });
      world.samantha = sim.createMember(world.guild, { username: 'samantha', nick: 'Sam' });
      world.outsider = sim.createUser({ username: 'outsider' });
      if (options.elsewhere) world.elsewhere = sim.createGuild({ name: 'Elsewhere', channels: [{ name: 'away' }], roles: [{ name: 'Outsiders' }] });
    },
  });
  return world;
}

/** A comparable picture of a handler value: discord.js objects as `Class:id`, attachments by name and size. */
export function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value && typeof value === 'object') {
    const ctor = (value as object).constructor?.name;
    if (ctor === 'Attachment') {
      const a = value as { name: string; size: number };
      return `Attachment:${a.name}:${a.size}`;
    }
    if (ctor && ctor !== 'Object' && 'id' in value) return `${ctor}:${(value as { id: string }).id}`;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  }
  return value;
}

/** Runs `!<line>` as alice and returns what the handler got (fails if the bot did not answer `ok`). */
export async function viaText(w: OptionWorld, line: string, files?: { filename: string; size?: number }[]): Promise<Received> {
  received.length = 0;
  await w.h.sim.say(w.guild.general, w.alice, files ? { content: `!${line}`, files } : `!${line}`);
  const reply = await w.h.sim.waitForMessage({ channelId: w.guild.general.id });
  if (reply.content !== 'ok') throw new Error(`!${line} was answered ${JSON.stringify(reply.content)}`);
  return received.at(-1)!;
}

/** Runs `/<command>` as alice and returns what the handler got. */
export async function viaSlash(w: OptionWorld, command: string, values: Record<string, SlashOptionValue>): Promise<Received> {
  received.length = 0;
  const interaction = await w.h.sim.runSlash(w.guild.general, w.alice, command, values);
  const reply = await w.h.sim.waitForInteractionResponse(interaction);
  if (reply.content !== 'ok') throw new Error(`/${command} was answered ${JSON.stringify(reply.content)}`);
  return received.at(-1)!;
}

/** Runs `!<line>` and returns the bot's reply (the handler must not have run). */
export async function textReply(w: OptionWorld, line: string, files?: { filename: string }[]): Promise<string> {
  received.length = 0;
  await w.h.sim.say(w.guild.general, w.alice, files ? { content: `!${line}`, files } : `!${line}`);
  const reply: APIMessage = await w.h.sim.waitForMessage({ channelId: w.guild.general.id });
  if (received.length > 0) throw new Error(`!${line} ran the handler with ${JSON.stringify(shape(received[0]!.options))}`);
  return reply.content;
}

/** Runs `/<command>` and returns the (ephemeral) reply; the handler must not have run. */
export async function slashReply(w: OptionWorld, command: string, values: Record<string, SlashOptionValue>): Promise<{ content: string; ephemeral: boolean }> {
  received.length = 0;
  const interaction = await w.h.sim.runSlash(w.guild.general, w.alice, command, values);
  const reply = await w.h.sim.waitForInteractionResponse(interaction);
  if (received.length > 0) throw new Error(`/${command} ran the handler with ${JSON.stringify(shape(received[0]!.options))}`);
  return { content: reply.content, ephemeral: reply.ephemeral };
}
