/**
 * Reads who or where a rule is about from what a user typed: a mention (`<@id>`, `<@&id>`, `<#id>`), a
 * bare id, in a server a name (a member, role, channel or category of it), or `everyone` (the whole server). A server's id is also its @everyone role's: `<@&serverId>` and
 * the bare id mean everyone there.
 *
 * Every id is looked up, so a rule is never stored about something it cannot match:
 * - server rules: a bare id is this server (everyone), one of its roles, channels or categories, or one of
 *   its members; else a Discord user only when Discord knows one (and it is not a bot);
 * - global rules: a server the bot is in (everyone in that server), a role, channel or category of one, or
 *   a Discord user (not a bot);
 * - `<@id>` is always a user (not a bot, not a server).
 * Bots are refused: the bot ignores their commands, so a rule about one would do nothing. Removing a rule
 * looks nothing up (`subjectIdOf`): whatever is stored can be removed by its id.
 */
import { ChannelType, type Client, type Guild } from 'discord.js';
import { codeSpan, type Rule, type RuleScope } from '../../runtime/permissions/rules.js';

const ID = /^\d{15,21}$/;
const EVERYONE = /^(everyone|@everyone|server|guild)$/i;
const MENTION = /^<(@!?|@&|#)(\d{15,21})>$/;

/** Where a subject is read: the scope of the rule, the server the command runs in (null in a DM), the client. */
export interface SubjectPlace {
  scope: 'server' | 'global';
  guild: Guild | null;
  client: Client;
}

type Subject = Rule['subject'];
type Parsed = Subject | { error: string };

const GLOBAL_EVERYONE = "A global rule cannot be about `everyone`: it would mean everyone everywhere. Give a server's id for everyone in that server, or set a global default (`permissions setdefaultglobalrule`).";
const BOT = (shown: string) => `${shown} is a bot: the bot ignores commands from bots, so a rule about it would do nothing.`;

function notASubject(raw: string, scope: SubjectPlace['scope']): { error: string } {
  return { error: `${codeSpan(raw)} is not a user, role, channel or category (${scope === 'server' ? 'a mention, an id or a name of this server' : 'a mention or an id'})${scope === 'server' ? ', nor `everyone`' : ", nor a server's id"}.` };
}

/** The subject `text` names, or a message saying why it names none. */
export async function parseSubject(text: string, place: SubjectPlace): Promise<Parsed> {
  const raw = text.trim();
  const { guild, scope } = place;
  if (EVERYONE.test(raw)) {
    if (scope === 'global') return { error: GLOBAL_EVERYONE };
    if (!guild) return { error: '`everyone` means a whole server: use it in a server.' };
    return { kind: 'guild', id: guild.id };
  }
  const mention = MENTION.exec(raw);
  if (mention) {
    const [, sigil, id] = mention as unknown as [string, string, string];
    if (sigil.startsWith('@') && sigil !== '@&') return userMention(id, place);
    if (sigil === '@&') return scope === 'server' ? serverRole(id, guild!) : globalRole(id, place);
    return scope === 'server' ? serverChannel(id, guild!) : globalChannel(id, place);
  }
  if (!ID.test(raw)) {
    // In a server, a name works too: a member, role, channel or category of this server.
    const named = scope === 'server' && guild ? byName(raw, guild) : undefined;
    if (named && 'error' in named) return named;
    return named ? serverId(named.id, guild!, place.client) : notASubject(raw, scope);
  }
  return scope === 'server' ? serverId(raw, guild!, place.client) : globalId(raw, place.client);
}

/**
 * What a name means in `guild`, as the text converters read names: a member (username, display name or
 * nickname), a role, a channel or a category — exact first, then ignoring case. Several things by one name
 * are refused (say which); none is `undefined`. Members are looked up among those the bot has seen.
 */
function byName(raw: string, guild: Guild): { id: string } | { error: string } | undefined {
  const name = raw.replace(/^[@#]/, '');
  if (name.length === 0) return undefined;
  const candidates: { id: string; kind: string; names: (string | null | undefined)[] }[] = [
    ...guild.members.cache.filter((m) => !m.user.bot).map((m) => ({ id: m.id, kind: 'member', names: [m.user.username, m.user.globalName, m.nickname, m.displayName] })),
    ...guild.roles.cache.filter((r) => r.id !== guild.id).map((r) => ({ id: r.id, kind: 'role', names: [r.name] })),
    ...guild.channels.cache.filter((c) => !c.isThread()).map((c) => ({ id: c.id, kind: c.type === ChannelType.GuildCategory ? 'category' : 'channel', names: [c.name] })),
  ];
  for (const same of [(a: string) => a === name, (a: string) => a.toLowerCase() === name.toLowerCase()]) {
    const found = candidates.filter((c) => c.names.some((n) => typeof n === 'string' && same(n)));
    const distinct = [...new Map(found.map((c) => [c.id, c])).values()];
    if (distinct.length === 1) return { id: distinct[0]!.id };
    if (distinct.length > 1) {
      const kinds = [...new Set(distinct.map((c) => c.kind))].join(', ');
      return { error: `${codeSpan(raw)} names ${distinct.length} things here (${kinds}): use a mention or an id.` };
    }
  }
  return undefined;
}

/**
 * The subject id a removal names, looked up nowhere: `everyone` (this server), a mention or a bare id, with
 * how to write it when no rule matches. A stored rule is removed by this id whatever kind it was stored as
 * (the role, channel or server may be gone, or it was stored before ids were looked up).
 */
export function subjectIdOf(text: string, place: Pick<SubjectPlace, 'scope' | 'guild'>): { id: string; words: string } | { error: string } {
  const raw = text.trim();
  const everyoneHere = { words: 'everyone in this server' };
  if (EVERYONE.test(raw)) {
    if (place.scope === 'global') return { error: GLOBAL_EVERYONE };
    if (!place.guild) return { error: '`everyone` means a whole server: use it in a server.' };
    return { id: place.guild.id, ...everyoneHere };
  }
  const mention = MENTION.exec(raw);
  const id = mention ? mention[2]! : ID.test(raw) ? raw : undefined;
  if (id === undefined) return notASubject(raw, place.scope);
  if (place.scope === 'server' && id === place.guild?.id) return { id, ...everyoneHere };
  if (!mention) return { id, words: `\`${id}\`` };
  const kind = mention[1] === '#' ? 'channel' : mention[1] === '@&' ? 'role' : 'user';
  return { id, words: `${kind} ${raw.replace('<@!', '<@')}` };
}

/** A Discord user Discord knows, or null. */
async function fetchUser(client: Client, id: string) {
  return client.users.cache.get(id) ?? (await client.users.fetch(id).catch(() => null));
}

/** How a server's id given as a user is corrected: in a command, or in rules YAML. */
const SERVER_AS_USER = {
  command: { here: '`everyone`', server: 'the id alone' },
  yaml: { here: '`everyone: true`', server: '`guild: \'<id>\'`' },
};

/** `<@id>` (or `user:` in rules YAML): a user, not a bot and not a server. */
async function userMention(id: string, place: SubjectPlace, shown = `<@${id}>`, words = SERVER_AS_USER.command): Promise<Parsed> {
  if (place.guild?.id === id) return { error: `${shown} is this server's id, not a user: write ${words.here} for everyone here.` };
  if (place.client.guilds.cache.has(id)) return { error: `${shown} is a server's id, not a user${place.scope === 'global' ? `: give ${words.server} for everyone in that server` : ''}.` };
  const user = await fetchUser(place.client, id);
  if (!user) return { error: `${shown} is not a Discord user.` };
  if (user.bot) return { error: BOT(shown) };
  return { kind: 'user', id };
}

/** In a server's rules: its id is everyone there; a role must be one of its own. */
async function serverRole(id: string, guild: Guild, shown = `<@&${id}>`): Promise<Parsed> {
  if (id === guild.id) return { kind: 'guild', id };
  const role = guild.roles.cache.get(id) ?? (await guild.roles.fetch(id).catch(() => null));
  return role ? { kind: 'role', id } : { error: `${shown} is not a role of this server.` };
}

/** A channel or category (a thread counts as its parent channel, so a rule about one would match nothing). */
function channelSubject(channel: { id: string; type: ChannelType; isThread(): boolean }, shown: string): Parsed {
  if (channel.isThread()) return { error: `${shown} is a thread: a thread counts as its parent channel, so name that channel.` };
  return { kind: channel.type === ChannelType.GuildCategory ? 'category' : 'channel', id: channel.id };
}

async function serverChannel(id: string, guild: Guild, shown = `<#${id}>`): Promise<Parsed> {
  const channel = guild.channels.cache.get(id) ?? (await guild.channels.fetch(id).catch(() => null));
  if (!channel) return { error: `${shown} is not a channel of this server.` };
  return channelSubject(channel, shown);
}

/** A bare id in a server's rules: this server, its role, channel, category or member; else a Discord user. */
async function serverId(id: string, guild: Guild, client: Client): Promise<Parsed> {
  const shown = `\`${id}\``;
  if (id === guild.id || guild.roles.cache.has(id)) return serverRole(id, guild);
  const channel = guild.channels.cache.get(id) ?? (await guild.channels.fetch(id).catch(() => null));
  if (channel) return channelSubject(channel, shown);
  const member = guild.members.cache.get(id) ?? (await guild.members.fetch(id).catch(() => null));
  const user = member?.user ?? (await fetchUser(client, id));
  if (!user) return { error: `${shown} is not a member, role, channel or category of this server, nor a Discord user.` };
  if (user.bot) return { error: BOT(shown) };
  return { kind: 'user', id };
}

/** In global rules: a server's id (its @everyone role) names everyone in that server; else a role of a server the bot is in. */
function globalRole(id: string, place: SubjectPlace, shown = `<@&${id}>`): Parsed {
  if (place.client.guilds.cache.has(id)) return { kind: 'guild', id };
  if (place.client.guilds.cache.some((g) => g.roles.cache.has(id))) return { kind: 'role', id };
  return { error: `${shown} is not a role of a server the bot is in.` };
}

/** A channel or category of a server the bot is in. */
async function guildChannel(id: string, client: Client) {
  const channel = client.channels.cache.get(id) ?? (await client.channels.fetch(id).catch(() => null));
  if (!channel || channel.isDMBased() || !client.guilds.cache.has(channel.guildId)) return null;
  return channel;
}

async function globalChannel(id: string, place: SubjectPlace, shown = `<#${id}>`): Promise<Parsed> {
  const channel = await guildChannel(id, place.client);
  return channel ? channelSubject(channel, shown) : { error: `${shown} is not a channel of a server the bot is in.` };
}

/** A bare id in global rules: a server the bot is in, a role, channel or category of one, or a Discord user. */
async function globalId(id: string, client: Client): Promise<Parsed> {
  const shown = `\`${id}\``;
  if (client.guilds.cache.has(id)) return { kind: 'guild', id };
  if (client.guilds.cache.some((g) => g.roles.cache.has(id))) return { kind: 'role', id };
  const channel = await guildChannel(id, client);
  if (channel) return channelSubject(channel, shown);
  const user = await fetchUser(client, id);
  if (!user) return { error: `${shown} is not a Discord user, nor a server the bot is in or a role, channel or category of one.` };
  if (user.bot) return { error: BOT(shown) };
  return { kind: 'user', id };
}

/**
 * A subject read from rules YAML (`user:`, `role:`, `channel:`, `category:`, `guild:`, `everyone: true`), its
 * kind given by its key, looked up as the commands look up a mention: a user exists and is not a bot; a role,
 * channel or category is this server's (server rules) or of a server the bot is in (global rules), and a
 * channel is not written as a category or the other way round; a `guild` is this server (server rules) or a
 * server the bot is in (global rules). A server's id given as a role means everyone there. Problems show the id
 * as `` `id` ``, as the other YAML problems do.
 */
export async function lookUpSubject(subject: Subject, place: SubjectPlace): Promise<Parsed> {
  const { id } = subject;
  const shown = `\`${id}\``;
  const { guild, scope } = place;
  if (scope === 'server' && !guild) return { error: 'Server rules are set in a server.' };
  switch (subject.kind) {
    case 'user':
      return userMention(id, scope === 'global' ? { ...place, guild: null } : place, shown, SERVER_AS_USER.yaml);
    case 'role':
      return scope === 'server' ? serverRole(id, guild!, shown) : globalRole(id, place, shown);
    case 'guild':
      if (scope === 'server') return id === guild!.id ? subject : { error: `${shown} is not this server.` };
      return place.client.guilds.cache.has(id) ? subject : { error: `${shown} is not a server the bot is in.` };
    case 'channel':
    case 'category': {
      const found = scope === 'server' ? await serverChannel(id, guild!, shown) : await globalChannel(id, place, shown);
      if ('error' in found || found.kind === subject.kind) return found;
      return { error: `${shown} is ${found.kind === 'category' ? 'a category: write `category`' : 'a channel, not a category: write `channel`'}.` };
    }
  }
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
