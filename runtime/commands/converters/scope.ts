/** What a conversion may look at: the client and server for lookups, the invoker, the message's files. */
import type { Attachment, Client, Guild, User } from 'discord.js';
import type { Converter } from '../../cogs/module.js';

/** Where a conversion happens: lookups of users, members, channels and roles need these. */
export interface ConversionScope {
  client: Client;
  guild: Guild | null;
  /** Who invoked the command (custom converters receive it). */
  user?: User;
  channelId?: string | null;
  route?: 'text' | 'slash';
  /** Text route: the message's attachments, taken in order by attachment options. */
  attachments?: readonly Attachment[];
  /** The cog's custom converters by name. */
  converters?: Readonly<Record<string, Converter<unknown>>>;
}
