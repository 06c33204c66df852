/**
 * Reads who or where a rule is about from what a user typed: a mention (`<@id>`, `<@&id>`, `<#id>`), a
 * bare id (looked up as a server, a role, a channel or category, else a user), or `everyone` (the whole
 * server). A server's id is also its @everyone role's: `<@&serverId>` and the bare id mean everyone there.
 */
import { ChannelType, type Client, type Guild } from 'discord.js';
import { codeSpan, type Rule, type RuleScope } from '../../runtime/permissions/rules.js';

const ID = /^\d{15,21}$/;

/** Where a subject is read: the scope of the rule, the server the command runs in (null in a DM), the client. */
export interface SubjectPlace {
  scope: 'server' | 'global';
  guild: Guild | null;
  client: Client;
}

type Subject = Rule['subject'];

/** The subject `text` names, or a message saying why it names none. */
export async function parseSubject(text: string, place: SubjectPlace): Promise<Subject | { error: string }> {
  const raw = text.trim();
  const { guild, scope } = place;
  if (/^(everyone|@everyone|server|guild)$/i.test(raw)) {
    if (scope === 'global') return { error: "A global rule cannot be about `everyone`: it would mean everyone everywhere. Give a server's id for everyone in that server, or set a global default (`permissions setdefaultglobalrule`)." };
    if (!guild) return { error: '`everyone` means a whole server: use it in a server.' };
    return { kind: 'guild', id: guild.id };
  }
  let m = /^<@!?(\d{15,21})>$/.exec(raw);
  if (m) return { kind: 'user', id: m[1]! };
  m = /^<@&(\d{15,21})>$/.exec(raw);
  if (m) return scope === 'server' ? serverRole(m[1]!, guild!) : globalRole(m[1]!, place);
  m = /^<#(\d{15,21})>$/.exec(raw);
  if (m) return scope === 'server' ? serverChannel(m[1]!, guild!) : globalChannel(m[1]!, place);
  if (!ID.test(raw)) return { error: `${codeSpan(raw)} is not a user, role, channel or category (a mention or an id)${scope === 'server' ? ', nor `everyone`' : ", nor a server's id"}.` };
  const id = raw;
  if (scope === 'server') {
    const here = guild!;
    if (id === here.id || here.roles.cache.has(id)) return serverRole(id, here);
    const channel = here.channels.cache.get(id) ?? (await here.channels.fetch(id).catch(() => null));
    if (channel) return { kind: channel.type === ChannelType.GuildCategory ? 'category' : 'channel', id };
    return { kind: 'user', id };
  }
  if (place.client.guilds.cache.has(id)) return { kind: 'guild', id };
  if (guild?.roles.cache.has(id) || place.client.guilds.cache.some((g) => g.roles.cache.has(id))) return { kind: 'role', id };
  const channel = place.client.channels.cache.get(id);
  if (channel) return { kind: channel.type === ChannelType.GuildCategory ? 'category' : 'channel', id };
  return { kind: 'user', id };
}

/** In a server's rules: its id is everyone there; a role must be one of its own. */
async function serverRole(id: string, guild: Guild): Promise<Subject | { error: string }> {
  if (id === guild.id) return { kind: 'guild', id };
  const role = guild.roles.cache.get(id) ?? (await guild.roles.fetch(id).catch(() => null));
  return role ? { kind: 'role', id } : { error: `<@&${id}> is not a role of this server.` };
}

async function serverChannel(id: string, guild: Guild): Promise<Subject | { error: string }> {
  const channel = guild.channels.cache.get(id) ?? (await guild.channels.fetch(id).catch(() => null));
  if (!channel) return { error: `<#${id}> is not a channel of this server.` };
  return { kind: channel.type === ChannelType.GuildCategory ? 'category' : 'channel', id };
}

/** In global rules: a server's id (its @everyone role) names everyone in that server; any other role is kept. */
function globalRole(id: string, place: SubjectPlace): Subject {
  return place.client.guilds.cache.has(id) ? { kind: 'guild', id } : { kind: 'role', id };
}

function globalChannel(id: string, place: SubjectPlace): Subject {
  const channel = place.client.channels.cache.get(id);
  return { kind: channel?.type === ChannelType.GuildCategory ? 'category' : 'channel', id };
}

/** A subject in words for replies: "user <@1>", "role <@&2>", "everyone in this server", "everyone in server `3`". */
export function subjectWords(subject: Subject, scope: RuleScope | 'server' | 'global' = 'server'): string {
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
      return scope === 'global' ? `everyone in server ${codeSpan(subject.id)}` : 'everyone in this server';
  }
}
