/**
 * Channel options: a channel by mention, id or name, and the channel-kind check (`channelKinds`), which
 * the slash route runs too on the channel Discord resolved.
 */
import type { GuildBasedChannel, TextBasedChannel } from 'discord.js';
import type { ChannelKind, OptionSpec } from '../../contract/spec.js';
import { CHANNEL_KIND_TYPES, kindOf } from '../channel-kinds.js';
import { Identifiers, UserInputError, shown } from '../errors.js';
import { label } from './label.js';
import { idFrom, notFound, pickByName } from './lookup.js';
import type { ConversionScope } from './scope.js';

/** A channel by mention, id or name (names only inside a server). */
export async function convertChannel(option: OptionSpec, raw: string, scope: ConversionScope): Promise<GuildBasedChannel | TextBasedChannel> {
  const id = idFrom(raw, /^<#(\d{15,21})>$/);
  let channel: GuildBasedChannel | TextBasedChannel | null = null;
  if (id) {
    const found = scope.guild ? scope.guild.channels.cache.get(id) : scope.client.channels.cache.get(id);
    channel = (found as GuildBasedChannel | TextBasedChannel | undefined) ?? null;
  } else if (scope.guild) {
    channel = pickByName(option, raw, [...scope.guild.channels.cache.values()], (c) => [c.name], (c) => '#' + c.name);
  }
  if (!channel) throw notFound(Identifiers.ChannelNotFound, option, raw, scope.guild ? 'a channel of this server' : 'a channel', 'channel');
  return checkChannelKind(option, channel, raw);
}

/** Throws unless the channel is of one of the option's kinds. */
export function checkChannelKind<C extends GuildBasedChannel | TextBasedChannel>(option: OptionSpec, channel: C, raw: string): C {
  const kinds = option.channelKinds;
  if (!kinds || kinds.length === 0) return channel;
  if (kinds.some((k) => CHANNEL_KIND_TYPES[k].includes(channel.type))) return channel;
  const actual = kindOf(channel.type);
  throw new UserInputError(
    Identifiers.ChannelWrongKind,
    `${label(option)} must be a ${kinds.map(kindLabel).join(' or ')} channel; ${shown(raw)} is ${actual ? `a ${kindLabel(actual)} channel` : 'another kind of channel'}.`,
    { option: option.name, raw, kinds, actual },
  );
}

function kindLabel(kind: ChannelKind): string {
  return kind === 'dm' ? 'direct-message' : kind;
}
