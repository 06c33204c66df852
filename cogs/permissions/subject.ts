/**
 * Reads who or where a rule is about from what a user typed: a mention (`<@id>`, `<@&id>`, `<#id>`), a
 * bare id (looked up as a role, a channel or category, else a user), or `everyone` (the whole server).
 */
import { ChannelType, type Guild } from 'discord.js';
import type { Rule } from '../../runtime/permissions/rules.js';

const ID = /^\d{15,21}$/;

/** The subject `text` names, or a message saying why it names none. `guild` is null at global scope. */
export async function parseSubject(text: string, guild: Guild | null): Promise<Rule['subject'] | { error: string }> {
  const raw = text.trim();
  if (/^(everyone|@everyone|server|guild)$/i.test(raw)) {
    if (!guild) return { error: '`everyone` means a whole server: use it in server rules.' };
    return { kind: 'guild', id: guild.id };
  }
  let m = /^<@!?(\d{15,21})>$/.exec(raw);
  if (m) return { kind: 'user', id: m[1]! };
  m = /^<@&(\d{15,21})>$/.exec(raw);
  if (m) return { kind: 'role', id: m[1]! };
  m = /^<#(\d{15,21})>$/.exec(raw);
  const id = m ? m[1]! : ID.test(raw) ? raw : null;
  if (id === null) return { error: `\`${raw.slice(0, 60).replace(/`/g, "'")}\` is not a user, role, channel or category (a mention or an id), nor \`everyone\`.` };
  if (guild) {
    if (guild.roles.cache.has(id)) return { kind: 'role', id };
    const channel = guild.channels.cache.get(id) ?? (await guild.channels.fetch(id).catch(() => null));
    if (channel) return { kind: channel.type === ChannelType.GuildCategory ? 'category' : 'channel', id };
    if (m) return { error: `<#${id}> is not a channel of this server.` };
  } else if (m) {
    return { kind: 'channel', id };
  }
  return { kind: 'user', id };
}

/** A subject in words for replies: "user <@1>", "role <@&2>", "everyone". */
export function subjectWords(subject: Rule['subject']): string {
  switch (subject.kind) {
    case 'user':
      return `user <@${subject.id}>`;
    case 'role':
      return `role <@&${subject.id}>`;
    case 'channel':
      return `channel <#${subject.id}>`;
    case 'category':
      return `category <#${subject.id}>`;
    case 'guild':
      return 'everyone in this server';
  }
}
