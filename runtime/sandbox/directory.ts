/**
 * The sandbox's view of who and what is in its guild, by name: how typed names (`alice`, `@alice`,
 * `#random`, `@mods`, an id or a mention) become ids, and how mentions in the bot's messages become
 * names again. Plain data and pure functions, so the chat's parsing and rendering can be tested alone.
 */

export interface DirectoryMember {
  id: string;
  username: string;
  /** Guild nickname or global display name, if any. */
  displayName?: string;
  bot?: boolean;
}

export interface DirectoryChannel {
  id: string;
  name: string;
  /** True for a direct-message channel (`name` is then the other person's name). */
  dm?: boolean;
}

export interface DirectoryRole {
  id: string;
  name: string;
}

/** Everyone and everything the sandbox's person can name. */
export interface Directory {
  guildId: string;
  members: DirectoryMember[];
  channels: DirectoryChannel[];
  roles: DirectoryRole[];
}

const ID = /^\d{15,21}$/;

/** The id of a member given as a name, display name, `@name`, `<@id>`, `<@!id>` or id; undefined if none matches. */
export function resolveMember(directory: Directory, text: string): string | undefined {
  const mention = /^<@!?(\d{15,21})>$/.exec(text);
  const id = mention?.[1] ?? (ID.test(text) ? text : undefined);
  if (id !== undefined) return directory.members.find((m) => m.id === id)?.id;
  const name = text.replace(/^@/, '').toLowerCase();
  const byName = directory.members.find((m) => m.username.toLowerCase() === name);
  return (byName ?? directory.members.find((m) => m.displayName?.toLowerCase() === name))?.id;
}

/** The id of a guild channel given as `name`, `#name`, `<#id>` or id; undefined if none matches. */
export function resolveChannel(directory: Directory, text: string): string | undefined {
  const mention = /^<#(\d{15,21})>$/.exec(text);
  const id = mention?.[1] ?? (ID.test(text) ? text : undefined);
  const channels = directory.channels.filter((c) => !c.dm);
  if (id !== undefined) return channels.find((c) => c.id === id)?.id;
  const name = text.replace(/^#/, '').toLowerCase();
  return channels.find((c) => c.name.toLowerCase() === name)?.id;
}

/** The id of a role given as `name`, `@name`, `<@&id>` or id (`everyone` is @everyone); undefined if none matches. */
export function resolveRole(directory: Directory, text: string): string | undefined {
  const mention = /^<@&(\d{15,21})>$/.exec(text);
  const id = mention?.[1] ?? (ID.test(text) ? text : undefined);
  if (id !== undefined) return directory.roles.find((r) => r.id === id)?.id;
  const name = text.replace(/^@/, '').toLowerCase();
  if (name === 'everyone') return directory.guildId;
  return directory.roles.find((r) => r.name.toLowerCase() === name)?.id;
}

/** A member's shown name (display name, else username), or the id when unknown. */
export function memberName(directory: Directory, id: string): string {
  const member = directory.members.find((m) => m.id === id);
  return member ? (member.displayName ?? member.username) : id;
}

/** A channel's shown label: `#general`, or `DM with you`. */
export function channelLabel(directory: Directory, id: string): string {
  const channel = directory.channels.find((c) => c.id === id);
  if (!channel) return `#${id}`;
  return channel.dm ? `DM with ${channel.name}` : `#${channel.name}`;
}

/** Turns `<@id>`, `<@!id>`, `<#id>` and `<@&id>` in text into `@name`, `#name` and `@role`. */
export function mentionsToNames(directory: Directory, text: string): string {
  return text
    .replace(/<@!?(\d{15,21})>/g, (whole, id: string) => (directory.members.some((m) => m.id === id) ? `@${memberName(directory, id)}` : whole))
    .replace(/<#(\d{15,21})>/g, (whole, id: string) => {
      const channel = directory.channels.find((c) => c.id === id && !c.dm);
      return channel ? `#${channel.name}` : whole;
    })
    .replace(/<@&(\d{15,21})>/g, (whole, id: string) => {
      const role = directory.roles.find((r) => r.id === id);
      return role ? `@${role.name}` : whole;
    });
}

/**
 * Turns `@name` and `#name` typed by the person into mentions, as Discord's own client does when one picks
 * a name from its list. `@everyone` and `@here` stay as text (Discord sends them so); unknown names too.
 */
export function namesToMentions(directory: Directory, text: string): string {
  return text.replace(/(^|[\s(])([@#])([\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)*)/gu, (whole, lead: string, sigil: string, name: string) => {
    if (sigil === '#') {
      const id = resolveChannel(directory, name);
      return id ? `${lead}<#${id}>` : whole;
    }
    if (name === 'everyone' || name === 'here') return whole;
    const member = directory.members.find((m) => m.username.toLowerCase() === name.toLowerCase());
    if (member) return `${lead}<@${member.id}>`;
    const role = directory.roles.find((r) => r.name.toLowerCase() === name.toLowerCase() && r.id !== directory.guildId);
    return role ? `${lead}<@&${role.id}>` : whole;
  });
}
