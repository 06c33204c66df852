/**
 * The sandbox's sample guild: "Sandbox" with #general and #random, a `mods` role, the person at the
 * keyboard ("you", the guild owner, the application owner and a bot owner) and two more members, alice and
 * bob. Built before the bot connects, so the bot sees it all in its first GUILD_CREATE.
 */
import type { ChannelHandle, GuildHandle, MemberHandle } from '../testing/handles.js';
import type { Simulator } from '../testing/simulator.js';
import type { Directory, DirectoryChannel } from './directory.js';

export interface SandboxWorld {
  guild: GuildHandle;
  /** The person at the keyboard. */
  you: MemberHandle;
  alice: MemberHandle;
  bob: MemberHandle;
  general: ChannelHandle;
  random: ChannelHandle;
}

/** The username of the person at the keyboard; `Simulator.start({ ownerUsername: YOU })` makes them the app owner. */
export const YOU = 'you';

/** The ids that make the sample guild the same guild at every start (its stored settings and data then apply). */
export interface SandboxIds {
  guild: string;
  you: string;
  alice: string;
  bob: string;
}

/**
 * Builds the sample guild in a simulator started with `ownerUsername: YOU` (and `ownerId: ids.you` when
 * `ids` are given: the same guild and people as last time, so what was stored for them is theirs again).
 */
export function createSandboxWorld(sim: Simulator, ids?: SandboxIds): SandboxWorld {
  const guild = sim.createGuild({
    ...(ids ? { id: ids.guild } : {}),
    name: 'Sandbox',
    owner: sim.owner,
    channels: [
      { name: 'general', topic: 'Talk to the bot here' },
      { name: 'random', topic: 'Anything goes' },
    ],
    roles: [{ name: 'mods', mentionable: true, permissions: ['ManageMessages', 'KickMembers'] }],
    // Embed links and reactions, so replies look as they would on a typical server.
    botPermissions: ['EmbedLinks', 'AddReactions', 'AttachFiles', 'ReadMessageHistory'],
  });
  const you: MemberHandle = { kind: 'member', id: sim.owner.id, username: sim.owner.username, guildId: guild.id, mention: `<@${sim.owner.id}>` };
  sim.addRoles(you, ['mods']);
  const person = (username: string, id: string | undefined, globalName?: string) => {
    const user = id ? sim.state.addUser({ username, ...(globalName ? { globalName } : {}), id }).id : undefined;
    return sim.createMember(guild, { username, ...(globalName ? { globalName } : {}), ...(user ? { user } : {}) });
  };
  const alice = person('alice', ids?.alice, 'Alice');
  const bob = person('bob', ids?.bob);
  return { guild, you, alice, bob, general: guild.channel('general'), random: guild.channel('random') };
}

/** A directory of the guild as the simulator holds it now (members who joined later included). */
export function directoryOf(sim: Simulator, guildId: string): Directory {
  const guild = sim.state.guild(guildId);
  const members = [...guild.members.values()].map((m) => {
    const user = sim.state.user(m.userId);
    const displayName = m.nick ?? user.globalName ?? undefined;
    return { id: user.id, username: user.username, ...(displayName ? { displayName } : {}), ...(user.bot ? { bot: true } : {}) };
  });
  const channels: DirectoryChannel[] = [...guild.channels.values()].map((c) => ({ id: c.id, name: c.name }));
  // DMs between the bot and a member show as "DM with <name>".
  for (const channel of sim.state.channels.values()) {
    if (channel.guildId === null && channel.recipientId) {
      const other = channel.recipientId === sim.botUser.id ? null : sim.state.users.get(channel.recipientId);
      if (other) channels.push({ id: channel.id, name: other.username, dm: true });
    }
  }
  const roles = [...guild.roles.values()].filter((r) => r.id !== guild.id).map((r) => ({ id: r.id, name: r.name }));
  return { guildId: guild.id, members, channels, roles };
}
